"""The workshop file: refusals leave files untouched, a second instance is refused, close leaves one file."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cocity_workshop.store import FileLocked, FileRefused, WorkshopFile
from cocity_workshop.store.migrations import APPLICATION_ID, schema_version


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _closed_workshop(path: Path) -> Path:
    file = WorkshopFile.create(path)
    file.write_conn.execute(
        "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
        "VALUES (1, 'T', 'a', 'b', 8400, 0)"
    )
    for i in range(200):
        file.write_conn.execute(
            "INSERT INTO ideas (title, origin, status, created_at) VALUES (?, 'paper', 'visible', 0)", [f"idea {i}" * 5]
        )
    file.close()
    return path


def _refused(path: Path, match: str) -> None:
    before = _digest(path)
    with pytest.raises(FileRefused, match=match):
        WorkshopFile.open(path)
    assert _digest(path) == before, "a refused file must not be modified"
    assert not path.with_name(path.name + "-wal").exists()


def test_new_file_has_our_id_version_and_pragmas(tmp_path: Path) -> None:
    """A new file carries the application id and schema version, and runs WAL with full sync."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    conn = file.write_conn
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    file.close()


def test_close_leaves_one_self_contained_file(tmp_path: Path) -> None:
    """After closing there is no -wal, -shm or lock file beside the workshop."""
    path = _closed_workshop(tmp_path / "w.cocity")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.cocity"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT COUNT(*) FROM ideas").fetchone()[0] == 200


def test_not_sqlite_is_refused(tmp_path: Path) -> None:
    """A text file renamed to .cocity is refused."""
    path = tmp_path / "notes.cocity"
    path.write_text("hello " * 100)
    _refused(path, "not a CoCity workshop file")


def test_foreign_sqlite_is_refused(tmp_path: Path) -> None:
    """Another application's SQLite database is refused and left alone."""
    path = tmp_path / "other.cocity"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    _refused(path, "SQLite database but not a CoCity workshop")


def test_newer_version_is_refused(tmp_path: Path) -> None:
    """A file written by a newer version asks for an update."""
    path = _closed_workshop(tmp_path / "w.cocity")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version={schema_version() + 1}")
    _refused(path, "newer version")


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    """A file cut short (a failed copy) is reported as damaged."""
    path = _closed_workshop(tmp_path / "w.cocity")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "damaged")


def test_bit_flipped_file_is_refused(tmp_path: Path) -> None:
    """A flipped bit in a b-tree page header is caught by the quick check."""
    path = _closed_workshop(tmp_path / "w.cocity")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ideas'").fetchone()[0]
    offset = (root - 1) * page_size + 3  # number of cells on the table's root page
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_missing_file_and_existing_target(tmp_path: Path) -> None:
    """Opening nothing and creating over an existing file are refused."""
    with pytest.raises(FileRefused, match="There is no file"):
        WorkshopFile.open(tmp_path / "nothing.cocity")
    path = _closed_workshop(tmp_path / "w.cocity")
    with pytest.raises(FileRefused, match="already exists"):
        WorkshopFile.create(path)


def test_second_process_is_refused_with_who_holds_the_lock(tmp_path: Path) -> None:
    """While one instance holds the file, another process is told who has it open."""
    path = _closed_workshop(tmp_path / "w.cocity")
    holder = WorkshopFile.open(path)
    try:
        code = (
            "import sys\n"
            "from cocity_workshop.store import WorkshopFile, FileLocked\n"
            "try:\n    WorkshopFile.open(sys.argv[1])\n"
            "except FileLocked as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 3, result.stderr
        assert "already open" in result.stdout and "process" in result.stdout
        with pytest.raises(FileLocked):
            WorkshopFile.open(path)
        readonly = WorkshopFile.open(path, readonly=True)
        readonly.close()
    finally:
        holder.close()
    WorkshopFile.open(path).close()  # free again once the holder closed


def test_save_copy_is_a_checked_standalone_file(tmp_path: Path) -> None:
    """Save a copy while open: the copy opens on its own with the same data."""
    path = _closed_workshop(tmp_path / "w.cocity")
    file = WorkshopFile.open(path)
    file.write_conn.execute("INSERT INTO clusters (name, position) VALUES ('after', 0)")
    copy = file.save_copy(tmp_path / "copy.cocity")
    file.close()
    assert not (tmp_path / ".copy.cocity.partial").exists()
    reopened = WorkshopFile.open(copy)
    assert reopened.write_conn.execute("SELECT name FROM clusters").fetchall() == [("after",)]
    reopened.close()


def test_open_records_the_version_an_interrupted_upgrade_left_behind(tmp_path: Path) -> None:
    """Every migration applied but the old user_version (a crash before the pragma): opening sets it."""
    path = _closed_workshop(tmp_path / "w.cocity")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version={schema_version() - 1}")
    WorkshopFile.open(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
