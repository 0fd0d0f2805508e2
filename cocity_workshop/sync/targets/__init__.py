"""The delivery targets: a folder, WebDAV, a CKAN portal, e-mail."""

from __future__ import annotations

from cocity_workshop.sync.settings import TargetSettings
from cocity_workshop.sync.targets.base import Cancelled, DeliveryContext, Target
from cocity_workshop.sync.targets.ckan import CkanTarget
from cocity_workshop.sync.targets.email import EmailTarget
from cocity_workshop.sync.targets.folder import FolderTarget
from cocity_workshop.sync.targets.webdav import WebDavTarget

TARGET_CLASSES: dict[str, type[Target]] = {
    "folder": FolderTarget,
    "webdav": WebDavTarget,
    "ckan": CkanTarget,
    "email": EmailTarget,
}


def make_target(settings: TargetSettings) -> Target:
    """The target that ``settings`` describe."""
    return TARGET_CLASSES[settings.type](settings)


__all__ = ["TARGET_CLASSES", "Cancelled", "DeliveryContext", "Target", "make_target"]
