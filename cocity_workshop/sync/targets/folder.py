"""Delivery to a folder: a USB stick or a shared drive.

Each file goes to a temporary name, is flushed to disk (fsync), renamed into place and read back; its SHA-256
must match the bundle's. ``datapackage.json`` comes last, so a folder with it holds a complete copy. A file
that is already there with the right content is left alone; one the app wrote earlier is replaced; one
someone else changed is a conflict.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.bundlefile import CHUNK, MANIFEST
from cocity_workshop.sync.errors import DeliveryError, ProblemKind
from cocity_workshop.sync.state import fsync_dir
from cocity_workshop.sync.targets.base import DeliveryContext, Target, conflict, too_large, verify_failed

PART_SUFFIX = ".cocity-part"


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FolderTarget(Target):
    """A folder on this computer (``path`` in the settings); the bundle goes into ``<path>/<bundle name>/``
    (an event's bundle into ``<path>/<event>/<tier>/``)."""

    @property
    def base(self) -> Path:
        """The configured folder."""
        return Path(self.settings.text("path")).expanduser()

    def describe(self) -> str:
        return str(self.base)

    def _require_folder(self) -> Path:
        base = self.base
        if not base.is_dir():
            raise DeliveryError(
                ProblemKind.MISSING,
                N_("The folder {path} is not there: is the USB stick or the drive connected?"),
                path=str(base),
            )
        return base

    def check(self) -> str:
        """The folder is there and takes a file (a hidden one, written and removed at once)."""
        base = self._require_folder()
        try:
            with tempfile.NamedTemporaryFile(dir=base, prefix=".cocity-check-", suffix=PART_SUFFIX) as probe:
                probe.write(b"CoCity Workshop checks that it may write here.\n")
                probe.flush()
        except OSError as error:
            raise self._problem(error, base) from None
        return _("The folder {path} is there and the app may write to it.").format(path=base)

    def deliver(self, context: DeliveryContext) -> str:
        base = self._require_folder()
        bundle = context.bundle
        dest = base / bundle.folder
        try:
            dest.mkdir(parents=True, exist_ok=True)  # an event's bundle goes one level deeper
            found = self._survey(context, dest)
            self._update_marker(context, dest, found.get(MANIFEST))
            wanted = {f"{bundle.folder}/{f.path}" for f in bundle.files}
            for item in context.files_manifest_last():
                context.check_cancel()
                key = f"{bundle.folder}/{item.path}"
                if item.path == MANIFEST:
                    self._remove_stale(context, dest, wanted)
                if found.get(item.path) == item.sha256:
                    context.journal.set(key, {"sha256": item.sha256})
                    context.progress(item.path, item.size, item.size)
                    continue
                self._write_file(context, dest, item.path, item.sha256, item.size, key)
            self._remove_parts(dest)
        except OSError as error:
            raise self._problem(error, dest) from None
        return str(dest)

    def _survey(self, context: DeliveryContext, dest: Path) -> dict[str, str | None]:
        """What each file holds now (SHA-256, ``None`` when absent); a conflict before anything is written."""
        found: dict[str, str | None] = {}
        for item in context.bundle.files:
            final = dest / item.path
            current = file_sha256(final) if final.is_file() else None
            found[item.path] = current
            if current is not None and current != item.sha256:
                record = context.journal.get(f"{context.bundle.folder}/{item.path}")
                if record is None or record.get("sha256") != current:
                    raise conflict(item.path, str(dest))
        return found

    def _problem(self, error: OSError, dest: Path) -> DeliveryError:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return DeliveryError(
                ProblemKind.PERMISSION, N_("The app may not write to the folder {path}."), path=str(dest)
            )
        if error.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return DeliveryError(
                ProblemKind.TOO_LARGE, N_("There is not enough space in {path} for the bundle."), path=str(dest)
            )
        if error.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO):
            return DeliveryError(
                ProblemKind.MISSING,
                N_("The folder {path} went away while writing: is the USB stick or the drive connected?"),
                path=str(dest),
            )
        return DeliveryError(
            ProblemKind.SERVER, N_("Writing to {path} failed: {reason}"), path=str(dest), reason=error.strerror or ""
        )

    def _update_marker(self, context: DeliveryContext, dest: Path, current: str | None) -> None:
        """Before changing a complete copy, take its marker away, so the folder never looks complete while mixed."""
        if current is None or current == context.bundle.file(MANIFEST).sha256:
            return
        (dest / MANIFEST).unlink()
        fsync_dir(dest)
        context.journal.delete(f"{context.bundle.folder}/{MANIFEST}")

    def _write_file(self, context: DeliveryContext, dest: Path, path: str, sha256: str, size: int, key: str) -> None:
        """Write one file: temporary name, fsync, rename, read back."""
        final = dest / path
        final.parent.mkdir(parents=True, exist_ok=True)
        part = final.with_name(final.name + PART_SUFFIX)
        done = 0
        try:
            with part.open("wb") as handle:
                for chunk in context.bundle.chunks(path):
                    context.check_cancel()
                    handle.write(chunk)
                    done += len(chunk)
                    context.progress(path, done, size)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                part.unlink()
            if error.errno == errno.EFBIG:
                raise too_large(path, str(dest), size) from None
            raise
        os.replace(part, final)
        fsync_dir(final.parent)
        if file_sha256(final) != sha256:
            raise verify_failed(path, str(dest))
        context.journal.set(key, {"sha256": sha256})

    def _remove_stale(self, context: DeliveryContext, dest: Path, wanted: set[str]) -> None:
        """Remove files an earlier bundle of the same name put here that this bundle no longer has."""
        prefix = f"{context.bundle.folder}/"
        for key in context.journal.paths():
            if not key.startswith(prefix) or key in wanted:
                continue
            stale = dest / key[len(prefix) :]
            record = context.journal.get(key) or {}
            if stale.is_file() and file_sha256(stale) == record.get("sha256"):
                stale.unlink()
            context.journal.delete(key)

    def _remove_parts(self, dest: Path) -> None:
        """Remove temporary files an interrupted run left behind."""
        for part in dest.rglob("*" + PART_SUFFIX):
            with contextlib.suppress(OSError):
                part.unlink()
