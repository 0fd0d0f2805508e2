"""A lock next to the workshop file, so a second app instance cannot host the same workshop.

The lock is an operating-system lock on ``<file>.lock`` (released by the OS if the app crashes), and the
lock file says who holds it, so the second instance can tell the facilitator.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO, Any

from cocity_workshop.store.errors import FileLocked


def lock_path(path: Path) -> Path:
    """Where the lock of the workshop file ``path`` lives."""
    return path.with_name(path.name + ".lock")


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _holder_description(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


class FileLock:
    """Holds the lock of one workshop file until ``release``."""

    def __init__(self, workshop_path: Path) -> None:
        self.path = lock_path(workshop_path)
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise ``FileLocked`` saying who holds it."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        if not _try_lock(handle):
            handle.close()
            holder = _holder_description(self.path)
            raise FileLocked(
                "This workshop is already open in CoCity Workshop on {host} (user {user}, process {pid}, "
                "since {since}). Close it there first, or open a copy.",
                host=holder.get("host", "?"),
                user=holder.get("user", "?"),
                pid=holder.get("pid", "?"),
                since=holder.get("since", "?"),
            )
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "?"
        handle.seek(0)
        handle.truncate()
        json.dump(
            {
                "host": socket.gethostname(),
                "user": user,
                "pid": os.getpid(),
                "since": time.strftime("%Y-%m-%d %H:%M"),
            },
            handle,
        )
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Let go of the lock and remove the lock file."""
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        self._handle.close()  # closing the handle releases the OS lock
        self._handle = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._handle is not None
