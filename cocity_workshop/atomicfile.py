"""Writing a file so that a crash or a full disk never leaves a half-written one under the real name.

The data goes to a temporary file in the same folder, is flushed to disk, then renamed over the target, and
the folder itself is synced so the rename survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, private: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` only if the block finishes without an error.

    ``private`` makes the file readable by its owner only (for files holding secrets).
    """
    target = Path(path)
    folder = target.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        if private and hasattr(os, "fchmod"):
            os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    fsync_folder(folder)


def write_atomically(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically and durably; returns the path."""
    with atomic_file(path, private=private) as out:
        out.write(data)
    return Path(path)
