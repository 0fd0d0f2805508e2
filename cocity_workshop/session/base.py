"""The open workshop: file, writer, readers and event subscribers, shared by the use-case mixins."""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self, TypeVar

from cocity_workshop.core.events import Event
from cocity_workshop.session.readers import Readers
from cocity_workshop.session.writer import Command, Writer
from cocity_workshop.store import FileRefused, Records, WorkshopFile

T = TypeVar("T")
Subscriber = Callable[[list[Event]], None]

#: Ports chosen for workshops (stable per workshop, so printed QR codes survive a restart).
PORT_RANGE = (8300, 8999)


log = logging.getLogger(__name__)


class SessionBase:
    """Holds one open workshop file; the use cases live in the mixins of ``WorkshopSession``."""

    def __init__(self, file: WorkshopFile, clock: Callable[[], float] = time.time) -> None:
        self._file = file
        self._subscribers: list[Subscriber] = []
        self._subscribers_lock = threading.Lock()
        self._readers = Readers(file.reader)
        self._closed = False
        self._writer: Writer | None = None
        if not file.readonly:
            self._writer = Writer(Records(file.write_conn, cache_rounds=True), self._publish, clock)

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        """Where the workshop file is."""
        return self._file.path

    @property
    def readonly(self) -> bool:
        """Whether this session only reads (the file is hosted elsewhere, or opened for inspection)."""
        return self._file.readonly

    @property
    def closed(self) -> bool:
        """Whether ``close`` has been called."""
        return self._closed

    def close(self) -> None:
        """Finish pending writes, checkpoint, leave one self-contained file and release the lock."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            self._writer.stop()
        self._readers.close()
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_copy(self, destination: str | os.PathLike[str]) -> Path:
        """Write a checked, self-contained copy of the workshop (SQLite's backup API) of everything committed."""
        return self._file.save_copy(destination)

    # -- events --------------------------------------------------------------------------------
    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with each batch of events after its commit (on the writer thread).

        Subscribers must return quickly (hand the events to their own thread or loop). Returns a
        function that unsubscribes.
        """
        with self._subscribers_lock:
            self._subscribers.append(subscriber)

        def unsubscribe() -> None:
            with self._subscribers_lock, contextlib.suppress(ValueError):
                self._subscribers.remove(subscriber)

        return unsubscribe

    def _publish(self, events: list[Event]) -> None:
        with self._subscribers_lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(events)
            except Exception:  # one listener's fault must not stop the writer or the answers after it
                log.exception("a change listener failed")

    # -- reading and writing -------------------------------------------------------------------
    def _records(self) -> Records:
        """This thread's read connection (opened on first use); each call is safe against ``close``."""
        return self._readers.records()

    def _reading(self) -> contextlib.AbstractContextManager[Records]:
        """This thread's records for several reads in a row (``close`` waits for the block to end)."""
        return self._readers.hold()

    def _write(self, command: Command[T]) -> T:
        """Run ``command`` through the writer and wait for its commit."""
        return self._writer_or_raise().run(command)

    def _writer_or_raise(self) -> Writer:
        if self._writer is None:
            raise FileRefused("This workshop is open read-only; changes cannot be saved.")
        return self._writer
