"""Atomic writes: the target is either the old file or the whole new one, never a partial one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cocity_workshop.atomicfile import atomic_file, write_atomically


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """An error inside the block keeps the previous content and cleans up."""
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("disk pulled out")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_write_replaces_and_private_files_are_owner_only(tmp_path: Path) -> None:
    """A finished write replaces the target; ``private`` gives mode 0600."""
    target = write_atomically(tmp_path / "sync.toml", b"secret = 1\n", private=True)
    assert target.read_bytes() == b"secret = 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
