"""Sync later: the outbox that delivers results bundles to the city (folder, WebDAV, CKAN, e-mail).

``Outbox`` is the whole API for the CLI and the desktop app; see its docstring. Target settings, secrets
included, come from ``sync.toml`` in the user's config folder (``cocity_workshop.sync.settings``); the app's
settings dialog checks them through ``cocity_workshop.sync.editing`` and writes them through
``cocity_workshop.sync.settings_writing``.
"""

from cocity_workshop.sync.bundlefile import BundleFile, BundleInfo, read_bundle
from cocity_workshop.sync.delivery_status import (
    DELIVERED,
    FAILED,
    PENDING,
    SUPERSEDED,
    BundleStatus,
    DeliveryStatus,
    SyncProgress,
    SyncReport,
)
from cocity_workshop.sync.errors import DeliveryError, OutboxError, ProblemKind, SettingsError
from cocity_workshop.sync.outbox import Outbox, RetryPolicy
from cocity_workshop.sync.settings import (
    SyncSettings,
    TargetSettings,
    default_outbox_dir,
    default_settings_path,
    load_settings,
    parse_settings,
    save_settings,
)

__all__ = [
    "DELIVERED",
    "FAILED",
    "PENDING",
    "SUPERSEDED",
    "BundleFile",
    "BundleInfo",
    "BundleStatus",
    "DeliveryError",
    "DeliveryStatus",
    "Outbox",
    "OutboxError",
    "ProblemKind",
    "RetryPolicy",
    "SettingsError",
    "SyncProgress",
    "SyncReport",
    "SyncSettings",
    "TargetSettings",
    "default_outbox_dir",
    "default_settings_path",
    "load_settings",
    "parse_settings",
    "read_bundle",
    "save_settings",
]
