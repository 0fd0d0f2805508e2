"""The outbox's own file: ``outbox.json`` beside the queued bundles, changed under a lock, replaced atomically.

Two processes may share an outbox (the desktop app syncing in the background while the facilitator runs
``cocity-workshop sync``): every change re-reads the file under a short OS lock, applies itself and writes
a new file by rename, so no change is lost and a crash leaves the old or the new file, never half of one.
A second, long lock is held for a whole sync run, so two runs never deliver the same bundle at once.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cocity_workshop.atomicfile import fsync_folder, write_atomically
from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import OutboxError

VERSION = 1


def _lock(handle: IO[bytes], blocking: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def os_lock(path: Path, *, blocking: bool) -> Iterator[bool]:
    """Hold an OS lock on ``path`` (released by the OS if the process dies); yields whether it was taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        taken = _lock(handle, blocking)
        try:
            yield taken
        finally:
            if taken:
                _unlock(handle)


def empty_state() -> dict[str, Any]:
    """A new outbox: no bundles, no memory of remote copies."""
    return {"version": VERSION, "bundles": {}, "remote": {}}


class StateFile:
    """``outbox.json`` in ``directory``: read freely, changed only through ``change()``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / "outbox.json"
        self._lock_path = directory / "outbox.lock"

    def read(self) -> dict[str, Any]:
        """The current state (a fresh copy; changing it changes nothing on disk)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty_state()
        except ValueError:
            raise OutboxError(N_("The outbox file {path} is damaged."), path=str(self.path)) from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise OutboxError(N_("The outbox file {path} is from another version of the app."), path=str(self.path))
        data.setdefault("bundles", {})
        data.setdefault("remote", {})
        return data

    @contextlib.contextmanager
    def change(self) -> Iterator[dict[str, Any]]:
        """Re-read the state under the lock, let the caller change it, then write it atomically."""
        with os_lock(self._lock_path, blocking=True):
            data = self.read()
            yield data
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.path, text.encode("utf-8"))


fsync_dir = fsync_folder  # the outbox and the folder target make their renames durable the same way


class Journal:
    """What one target remembers about the copies it made (per remote path), kept in ``outbox.json``.

    A target writes here before and after each step, so a run that was killed knows, next time, which
    remote files are its own (and may be replaced) and which someone else changed (a conflict).
    """

    def __init__(self, state: StateFile, target: str) -> None:
        self._state = state
        self._target = target
        self._cache: dict[str, Any] = dict(state.read()["remote"].get(target, {}))

    def get(self, key: str) -> dict[str, Any] | None:
        """The record for ``key`` (a remote path), or ``None``."""
        value = self._cache.get(key)
        return dict(value) if isinstance(value, dict) else None

    def paths(self) -> list[str]:
        """Every remote path with a record."""
        return list(self._cache)

    def set(self, key: str, record: dict[str, Any]) -> None:
        """Remember ``record`` for ``key`` (written to disk before returning)."""
        self._cache[key] = dict(record)
        with self._state.change() as data:
            data["remote"].setdefault(self._target, {})[key] = dict(record)

    def delete(self, key: str) -> None:
        """Forget ``key``."""
        self._cache.pop(key, None)
        with self._state.change() as data:
            data["remote"].get(self._target, {}).pop(key, None)


def now() -> float:
    """The current time (seconds since the epoch)."""
    return time.time()
