"""What every delivery target shares: the context it delivers in, and its interface."""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from cocity_workshop.i18n import N_
from cocity_workshop.sync.bundlefile import MANIFEST, BundleFile, BundleInfo
from cocity_workshop.sync.errors import DeliveryError, ProblemKind
from cocity_workshop.sync.settings import TargetSettings
from cocity_workshop.sync.state import Journal

#: ``(file path or "", bytes done, bytes total)`` while a file moves.
FileProgress = Callable[[str, int, int], None]


class Cancelled(Exception):
    """The run was asked to stop (the app is closing); the delivery stays pending and resumes later."""


@dataclass
class DeliveryContext:
    """One bundle going to one target: the bundle, the target's memory, progress and cancellation."""

    bundle: BundleInfo
    journal: Journal
    progress: FileProgress = lambda path, done, total: None
    cancel: threading.Event = field(default_factory=threading.Event)

    def check_cancel(self) -> None:
        """Stop here if the run was cancelled."""
        if self.cancel.is_set():
            raise Cancelled

    def files_manifest_last(self) -> list[BundleFile]:
        """The bundle's files, ``datapackage.json`` last (its arrival marks a complete copy)."""
        files = [f for f in self.bundle.files if f.path != MANIFEST]
        files.extend(f for f in self.bundle.files if f.path == MANIFEST)
        return files


class Target(ABC):
    """A place that receives bundles. ``deliver`` is idempotent and resumable; it returns where the copy is."""

    def __init__(self, settings: TargetSettings) -> None:
        self.settings = settings

    @property
    def name(self) -> str:
        """The target's name from the settings."""
        return self.settings.name

    @abstractmethod
    def describe(self) -> str:
        """Where this target delivers, for people (no secrets)."""

    @abstractmethod
    def deliver(self, context: DeliveryContext) -> str:
        """Deliver ``context.bundle`` completely and verified; return where it is now.

        Raises ``DeliveryError`` with a plain message when it cannot, ``Cancelled`` when asked to stop.
        Running it again after any interruption finishes the job without making a second copy.
        """

    @abstractmethod
    def check(self) -> str:
        """Try the settings without delivering anything; return what worked, in words for people.

        Reaches the place, logs in where there is a login and looks around, but sends no bundle and leaves
        nothing behind. Raises ``DeliveryError`` with the same plain message a delivery would show.
        Blocks on the network: run it off the GUI thread.
        """


def sha256_of(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


def conflict(path: str, where: str) -> DeliveryError:
    """The plain "someone changed the remote copy" problem."""
    return DeliveryError(
        ProblemKind.CONFLICT,
        N_(
            "Someone changed {file} at {where} since the app last delivered it; the app will not overwrite it. "
            "Move or delete that copy, then sync again."
        ),
        file=path,
        where=where,
    )


def verify_failed(path: str, where: str) -> DeliveryError:
    """The copy read back does not match the bundle."""
    return DeliveryError(
        ProblemKind.VERIFY,
        N_("The copy of {file} at {where} does not match the bundle (SHA-256); it will be sent again."),
        file=path,
        where=where,
    )


def too_large(path: str, where: str, size: int) -> DeliveryError:
    """A file is larger than the target takes."""
    return DeliveryError(
        ProblemKind.TOO_LARGE,
        N_("{file} ({size}) is too large for {where}."),
        file=path,
        where=where,
        size=human_size(size),
    )


def human_size(size: int) -> str:
    """``1.5 MB``, ``320 kB`` or ``12 B``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.0f} kB"
    return f"{size} B"
