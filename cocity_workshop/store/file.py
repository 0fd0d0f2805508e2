"""Opening, checking, creating, copying and closing a workshop file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from cocity_workshop.store.errors import FileRefused, StorageError
from cocity_workshop.store.lock import FileLock
from cocity_workshop.store.migrations import APPLICATION_ID, migrations, schema_version

SQLITE_MAGIC = b"SQLite format 3\x00"
EXTENSION = ".cocity"


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def _configure_writer(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA secure_delete=ON")


def inspect_file(path: Path) -> None:
    """Refuse, with one clear message, any file we must not open; never modifies the file.

    Checks, in order: the file exists, is an SQLite database, is a CoCity workshop, is not from a newer
    version, and passes SQLite's quick integrity check.
    """
    if not path.exists():
        raise FileRefused("There is no file at {path}.", path=str(path))
    if not path.is_file():
        raise FileRefused("{path} is a folder, not a workshop file.", path=str(path))
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise FileRefused("{path} cannot be read: {reason}", path=str(path), reason=error.strerror) from error
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise FileRefused("{path} is not a CoCity workshop file.", path=str(path))
    try:
        conn = _connect(path, readonly=True)
    except sqlite3.Error as error:
        raise FileRefused("{path} cannot be opened: {reason}", path=str(path), reason=str(error)) from error
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise FileRefused("{path} is an SQLite database but not a CoCity workshop file.", path=str(path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema_version():
            raise FileRefused(
                "{path} was saved by a newer version of CoCity Workshop. Please update the app to open it.",
                path=str(path),
            )
        result = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in result] != ["ok"]:
            raise FileRefused(
                "{path} is damaged and cannot be opened safely. Open your last copy instead.", path=str(path)
            )
    except sqlite3.DatabaseError as error:
        raise FileRefused(
            "{path} is damaged and cannot be opened safely. Open your last copy instead.", path=str(path)
        ) from error
    finally:
        conn.close()


class WorkshopFile:
    """One open workshop file: its lock, its single write connection, and read connections on demand."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: FileLock | None) -> None:
        self.path = path
        self.write_conn = conn
        self._lock = lock
        self.readonly = lock is None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> WorkshopFile:
        """Open an existing workshop file (after checking it), migrating an older one.

        ``readonly`` opens without the lock and without writing, e.g. to inspect a file another
        instance is hosting.
        """
        file_path = Path(path)
        inspect_file(file_path)
        if readonly:
            return cls(file_path, _connect(file_path, readonly=True), None)
        lock = FileLock(file_path)
        lock.acquire()
        try:
            conn = _connect(file_path, readonly=False)
            _configure_writer(conn)
            _migrate(conn)
        except sqlite3.Error as error:
            lock.release()
            raise StorageError("The workshop file cannot be written: {reason}", reason=str(error)) from error
        except BaseException:
            lock.release()
            raise
        return cls(file_path, conn, lock)

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> WorkshopFile:
        """Create a new, empty workshop file at ``path`` (which must not exist yet)."""
        file_path = Path(path)
        if file_path.exists():
            raise FileRefused("{path} already exists; choose another name.", path=str(file_path))
        if not file_path.parent.is_dir():
            raise FileRefused("The folder {path} does not exist.", path=str(file_path.parent))
        lock = FileLock(file_path)
        lock.acquire()
        try:
            sqlite3.connect(file_path).close()
            conn = _connect(file_path, readonly=False)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            _configure_writer(conn)
            _migrate(conn)
        except BaseException as error:
            lock.release()
            with contextlib.suppress(OSError):
                file_path.unlink()
            if isinstance(error, sqlite3.Error):
                raise StorageError("The workshop file cannot be created: {reason}", reason=str(error)) from error
            raise
        return cls(file_path, conn, lock)

    def reader(self) -> sqlite3.Connection:
        """A new read-only connection (WAL lets it read while the writer writes)."""
        return _connect(self.path, readonly=True)

    def database(self, conn: sqlite3.Connection | None = None) -> Database:
        """sqlite-utils over ``conn`` (the write connection by default), for schema and reads."""
        return Database(conn or self.write_conn)

    def save_copy(self, destination: str | os.PathLike[str]) -> Path:
        """Write a consistent, self-contained copy with SQLite's backup API, then check it.

        The copy is written to a temporary name beside the destination, checked, and renamed, so a
        failure never leaves a half-written copy behind.
        """
        target = Path(destination)
        temporary = target.with_name(f".{target.name}.partial")
        with contextlib.suppress(OSError):
            temporary.unlink()
        try:
            source = self.reader()  # a fresh read snapshot; the writer carries on meanwhile
            dest = sqlite3.connect(temporary, isolation_level=None)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                ok = dest.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dest.close()
                source.close()
            if ok != "ok":
                raise StorageError("The copy could not be verified; it was not saved.")
            with open(temporary, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise StorageError("The copy could not be saved: {reason}", reason=str(error)) from error
        return target

    def close(self) -> None:
        """Checkpoint, leave one self-contained file (no -wal/-shm), and release the lock."""
        try:
            if not self.readonly:
                with contextlib.suppress(sqlite3.Error):
                    self.write_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    self.write_conn.execute("PRAGMA journal_mode=DELETE")
            self.write_conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply pending migrations and record the schema version.

    The version is checked even when nothing was pending: each migration commits on its own, so a crash
    after the last one and before this pragma would otherwise leave the older version number for good.
    """
    db = Database(conn)
    if migrations.pending(db):
        migrations.apply(db)
    if conn.execute("PRAGMA user_version").fetchone()[0] < schema_version():
        conn.execute(f"PRAGMA user_version={schema_version()}")
