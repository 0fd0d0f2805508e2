"""Read connections, one per thread, that ``close`` can shut without pulling one out from under a reader.

Closing an SQLite connection while another thread is in the middle of a query on it crashes the process.
So every read takes its connection's lock, and ``close`` takes each lock before closing the connection: a
read that is running finishes first, and a read that comes later gets a clear "closed" error instead.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from typing import Any, cast

from cocity_workshop.store import Records, StorageError


class ReaderSlot:
    """One thread's read connection and the lock that guards it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.records = Records(conn)
        self.lock = threading.RLock()
        self.closed = False

    @contextlib.contextmanager
    def hold(self) -> Iterator[Records]:
        """Keep the connection open (and to this caller) for the whole block."""
        with self.lock:
            if self.closed:
                raise StorageError("The workshop is closed.")
            yield self.records

    def close(self) -> None:
        """Wait for a running read, then close the connection."""
        with self.lock:
            self.closed = True
            with contextlib.suppress(sqlite3.Error):
                self.records.conn.close()


class GuardedRecords:
    """``Records`` whose every call holds the slot's lock (each call returns finished lists, never cursors)."""

    def __init__(self, slot: ReaderSlot) -> None:
        self._slot = slot

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._slot.records, name)
        if not callable(attribute):
            return attribute

        def guarded(*args: Any, **kwargs: Any) -> Any:
            with self._slot.hold():
                return attribute(*args, **kwargs)

        return guarded


class Readers:
    """Hands each thread its own guarded read connection; closes them all safely."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._local = threading.local()
        self._slots: list[ReaderSlot] = []
        self._lock = threading.Lock()
        self._closed = False

    def _slot(self) -> ReaderSlot:
        slot: ReaderSlot | None = getattr(self._local, "slot", None)
        if slot is None:
            with self._lock:
                if self._closed:
                    raise StorageError("The workshop is closed.")
                slot = ReaderSlot(self._connect())
                self._slots.append(slot)
            self._local.slot = slot
        return slot

    def records(self) -> Records:
        """This thread's records, each call guarded against ``close``."""
        return cast(Records, GuardedRecords(self._slot()))

    def hold(self) -> contextlib.AbstractContextManager[Records]:
        """This thread's records for a block of several reads (one consistent transaction, say)."""
        return self._slot().hold()

    def close(self) -> None:
        """Close every thread's connection, each after its running read (if any) finished."""
        with self._lock:
            self._closed = True
            slots, self._slots = self._slots, []
        for slot in slots:
            slot.close()
