"""What each kind of sync target is configured with: one declaration for the reader, editor, form and targets.

A setting (``Setting``) means the same thing in every kind that has it: its value type, whether it is a
secret, whether spaces around it are a slip. A kind (``TargetKind``) says which settings it needs, which it
may have (both in the order ``sync.toml`` shows them), the order its form asks for them, the tiers it takes
and its network timeout when the file does not set one.

To add a kind or a setting: declare it here (and its label in the GUI's ``FIELD_TEXTS``); a value check
beyond the type goes in ``editing._value_problem``. ``tests/sync/test_sync_schema.py`` checks that the
reader, the editor and the form agree with this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: How a setting's value is kept in the file.
ValueType = Literal["text", "integer", "number", "flag", "choice"]

#: The bundle tiers a target can receive.
TIERS = ("public", "city")
#: What a target's name may be (it is also its table's key in the file).
TARGET_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: The longest network timeout a target may set, in seconds.
MAX_TIMEOUT = 3600
#: The keys every target's table may have besides its kind's settings.
COMMON_KEYS = ("type", "tier", "enabled")


@dataclass(frozen=True)
class Setting:
    """One setting a target can have.

    ``secret`` values are shown as "***", never logged, never stored outside the settings file;
    ``strip`` says whether spaces around a typed value are dropped (not for typed passwords).
    """

    key: str
    type: ValueType = "text"
    secret: bool = False
    strip: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetKind:
    """One kind of target: its settings (file order), its form's order, its tiers and its default timeout."""

    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    form: tuple[str, ...]
    tiers: tuple[str, ...] = TIERS
    default_tier: str = "city"
    timeout: int | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every setting of this kind, required ones first, in the order the file shows them."""
        return self.required + self.optional


SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("path"),
        Setting("url"),
        Setting("username"),
        Setting("app_password", secret=True),
        Setting("api_token", secret=True),
        Setting("password", secret=True, strip=False),
        Setting("organization"),
        Setting("dataset_prefix"),
        Setting("programme_group"),
        Setting("private", type="flag"),
        Setting("host"),
        Setting("security", type="choice", choices=("starttls", "ssl")),
        Setting("port", type="integer"),
        Setting("sender"),
        Setting("to"),
        Setting("ca_file"),
        Setting("timeout", type="number"),
    )
}

KINDS: dict[str, TargetKind] = {
    kind.name: kind
    for kind in (
        TargetKind("folder", required=("path",), optional=(), form=("path",)),
        TargetKind(
            "webdav",
            required=("url", "username"),
            optional=("app_password", "ca_file", "timeout"),
            form=("url", "username", "app_password", "ca_file", "timeout"),
            timeout=30,
        ),
        TargetKind(
            "ckan",
            required=("url", "api_token", "organization"),
            optional=("ca_file", "private", "dataset_prefix", "programme_group", "timeout"),
            form=(
                "url",
                "api_token",
                "organization",
                "dataset_prefix",
                "programme_group",
                "private",
                "ca_file",
                "timeout",
            ),
            tiers=("public",),
            default_tier="public",
            timeout=60,
        ),
        TargetKind(
            "email",
            required=("host", "sender", "to"),
            optional=("port", "security", "username", "password", "ca_file", "timeout"),
            form=("host", "security", "port", "username", "password", "sender", "to", "ca_file", "timeout"),
            timeout=60,
        ),
    )
}

TARGET_TYPES = tuple(KINDS)
SECRET_KEYS = frozenset(key for key, setting in SETTINGS.items() if setting.secret)


def target_kind(kind: str) -> TargetKind:
    """The declaration of the kind of target called ``kind`` (``KeyError`` when there is none)."""
    return KINDS[kind]


def keys_of_type(value_type: ValueType) -> frozenset[str]:
    """The settings whose values are of ``value_type``."""
    return frozenset(key for key, setting in SETTINGS.items() if setting.type == value_type)


def default_timeout(kind: str) -> float:
    """The network timeout, in seconds, of a target of type ``kind`` whose table sets none."""
    timeout = KINDS[kind].timeout
    if timeout is None:
        raise ValueError(f"a {kind} target makes no network connection")
    return float(timeout)
