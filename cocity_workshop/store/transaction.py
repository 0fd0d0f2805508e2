"""Transaction control for the single writer: BEGIN IMMEDIATE, savepoints per command, COMMIT."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from cocity_workshop.store.errors import StorageError


def storage_error(error: BaseException) -> StorageError:
    """A facilitator-readable error for a failed write (disk full, read-only medium, I/O error)."""
    text = str(error).lower()
    if "full" in text:
        return StorageError("The disk is full: the last changes were not saved. Free some space to carry on.")
    if "readonly" in text or "read-only" in text:
        return StorageError("The workshop file cannot be written (read-only medium or permissions).")
    return StorageError("The workshop file could not be written: {reason}", reason=str(error))


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` (or the SQLite error behind it) is SQLite's "database or disk is full"."""
    for candidate in (error, error.__cause__):
        if (
            isinstance(candidate, sqlite3.Error)
            and getattr(candidate, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL
        ):
            return True
        if isinstance(candidate, sqlite3.Error) and "full" in str(candidate).lower():
            return True
    return False


def disk_full_error(needed_bytes: int) -> StorageError:
    """The refusal a facilitator reads when the disk stays full after the log was cut to nothing."""
    return StorageError(
        "The disk is full: the last changes were not saved. Free at least {size} MB on the drive that holds "
        "the workshop file; saving resumes by itself as soon as there is room.",
        size=max(1, -(-needed_bytes // 1_000_000)),
    )


class WriteTransaction:
    """Runs a group of commands in one transaction, each inside its own savepoint."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def begin(self) -> None:
        """Start the group's transaction, taking the write lock now."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise storage_error(error) from error

    @property
    def active(self) -> bool:
        """Whether the group's transaction is still open (SQLite ends it by itself on some errors, e.g. a full disk)."""
        return self.conn.in_transaction

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo only this command's changes if it raises."""
        self.conn.execute("SAVEPOINT command")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK TO command")
                self.conn.execute("RELEASE command")
            raise
        self.conn.execute("RELEASE command")

    def commit(self) -> None:
        """Make the group durable; on failure everything is rolled back and ``StorageError`` raised."""
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self.rollback()
            raise storage_error(error) from error

    def rollback(self) -> None:
        """Abandon the group's changes."""
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")


def is_storage_failure(error: BaseException) -> bool:
    """Whether ``error`` is SQLite failing to read or write (as opposed to a bug or a rule)."""
    return isinstance(error, sqlite3.Error)


@contextlib.contextmanager
def read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Read several things from one consistent state of the file."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("COMMIT")
