"""The single writer: one thread, one connection, group commit.

Callers submit commands; the writer takes every command waiting in its queue, runs them in one
``BEGIN IMMEDIATE ... COMMIT`` (each in its own savepoint, so a refused command changes nothing), and
only then answers each caller with its own result or error. Many concurrent ballots share one fsync.
Events are published after the commit, in commit order. A command can also be scheduled for a moment
(a round that closes itself at the end of its countdown): the writer runs it then, with the next group.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cocity_workshop.core.actionlog import make_entry
from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.store import (
    Records,
    StorageError,
    WriteTransaction,
    disk_full_error,
    is_disk_full,
    is_storage_failure,
    storage_error,
)

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Most commands committed together (bounds one transaction's length under a flood).
MAX_BATCH = 1000
#: While a scheduled command waits, the writer looks at the clock at least this often (seconds), so a clock
#: that jumps (a laptop waking from sleep) or a simulated one never leaves it waiting past the moment.
TIMER_CHECK_SECONDS = 1.0


@dataclass
class Tx:
    """What a command sees while it runs: the records, the time, and where to put events and log entries."""

    records: Records
    now: float
    events: list[tuple[EventKind, dict[str, Any]]] = field(default_factory=list)

    def emit(self, kind: EventKind, **data: Any) -> None:
        """Publish ``kind`` after the commit (dropped if the command or the commit fails)."""
        self.events.append((kind, data))

    def log(self, entry_type: str, payload: Mapping[str, Any]) -> None:
        """Append a facilitator action to the hash-chained log."""
        entry = make_entry(self.records.log_head(), entry_type, payload, self.now)
        self.records.append_log(entry)
        self.emit(EventKind.LOG_APPENDED, height=entry.height, hash=entry.hash)


Command = Callable[[Tx], T]


#: Called on the writer thread right after the commit: ``(result, None)`` or ``(None, error)``.
Handoff = Callable[[Any, BaseException | None], None]


class _Callback:
    """Stands in for a ``Future`` when the caller asked to be called back instead.

    A ``concurrent.futures.Future`` makes a lock and a condition and wakes waiters when it resolves; a
    server that hands each answer to its event loop anyway does not need any of that on its hot path.
    """

    __slots__ = ("_done", "_handoff")

    def __init__(self, handoff: Handoff) -> None:
        self._handoff = handoff
        self._done = False

    def set_running_or_notify_cancel(self) -> bool:
        return True

    def done(self) -> bool:
        return self._done

    def set_result(self, result: Any) -> None:
        self._answer(result, None)

    def set_exception(self, error: BaseException) -> None:
        self._answer(None, error)

    def _answer(self, result: Any, error: BaseException | None) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._handoff(result, error)
        except Exception:  # a caller's mistake must not stop the writer
            log.exception("writer: a commit callback failed")


@dataclass
class _Job(Generic[T]):
    command: Command[T]
    future: Future[T] | _Callback


_STOP = object()
#: Put in the queue to make the writer look at its scheduled commands again (one was added).
_WAKE = object()


def _log_scheduled_failure(_result: Any, error: BaseException | None) -> None:
    if error is not None and not isinstance(error, DomainError):
        log.error("writer: a scheduled command failed", exc_info=error)


class Writer:
    """Owns the write connection; runs submitted commands with group commit."""

    def __init__(
        self,
        records: Records,
        publish: Callable[[list[Event]], None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._records = records
        self._transaction = WriteTransaction(records.conn)
        self._publish = publish
        self._clock = clock
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._timers: list[tuple[float, int, Command[Any]]] = []  # a heap of (when, order, command)
        self._timers_lock = threading.Lock()
        self._timer_order = itertools.count()
        self._seq = 0
        self._thread = threading.Thread(target=self._run, name="cocity-writer", daemon=True)
        self._stopped = threading.Event()
        self._thread.start()

    def submit(self, command: Command[T]) -> Future[T]:
        """Queue ``command``; the future resolves after its transaction committed (or with its error)."""
        future: Future[T] = Future()
        if self._stopped.is_set():
            future.set_exception(StorageError("The workshop is closed."))
            return future
        self._queue.put(_Job(command, future))
        return future

    def submit_then(self, command: Command[Any], handoff: Handoff) -> None:
        """Queue ``command``; ``handoff`` is called on the writer thread after its commit (or with its error).

        The light path for callers that pass the answer on themselves (the participant server). The
        handoff must be quick and must not block: the next group waits for it.
        """
        callback = _Callback(handoff)
        if self._stopped.is_set():
            callback.set_exception(StorageError("The workshop is closed."))
            return
        self._queue.put(_Job(command, callback))

    def run(self, command: Command[T]) -> T:
        """Submit ``command`` and wait for its result."""
        return self.submit(command).result()

    def schedule(self, when: float, command: Command[Any]) -> None:
        """Run ``command`` at ``when`` (on this writer's clock) or soon after, in the next group then.

        Nobody waits for it: a refusal (``DomainError``) is its way of doing nothing, other errors are logged.
        The command must check that it is still due when it runs; scheduled commands are dropped on ``stop``.
        """
        if self._stopped.is_set():
            return
        with self._timers_lock:
            heapq.heappush(self._timers, (when, next(self._timer_order), command))
        self._queue.put(_WAKE)

    def _due_timers(self) -> tuple[list[_Job[Any]], float | None]:
        """The scheduled commands due now as jobs, and how long to wait for the next one (``None``: none)."""
        now = self._clock()
        due: list[_Job[Any]] = []
        with self._timers_lock:
            while self._timers and self._timers[0][0] <= now:
                _when, _order, command = heapq.heappop(self._timers)
                due.append(_Job(command, _Callback(_log_scheduled_failure)))
            wait = min(TIMER_CHECK_SECONDS, max(0.0, self._timers[0][0] - now)) if self._timers else None
        return due, wait

    def stop(self) -> None:
        """Finish the queued commands, then stop the thread."""
        if not self._stopped.is_set():
            self._stopped.set()
            self._queue.put(_STOP)
            self._thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch, wait = self._due_timers()  # first: a round that closed itself takes no ballot queued after
            try:
                item = self._queue.get_nowait() if batch else self._queue.get(timeout=wait)
            except queue.Empty:
                item = None
            while item is not None:
                if item is _STOP:
                    stopping = True
                elif item is not _WAKE:
                    batch.append(item)
                if len(batch) >= MAX_BATCH:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._commit(batch)

    def _commit(self, batch: list[_Job[Any]]) -> None:
        batch = [job for job in batch if job.future.set_running_or_notify_cancel()]
        if not batch:
            return
        attempt = self._attempt(batch)
        if attempt is _FULL:
            # The write-ahead log may hold megabytes the file no longer needs: fold it into the file, cut it
            # to nothing and try the same group once more (decision 0022). Nothing was acknowledged yet.
            self._records.make_room()
            attempt = self._attempt(batch)
            if attempt is _FULL:
                error = disk_full_error(self._records.space_needed())
                log.warning("writer: the disk is full; a group of %d commands was refused", len(batch))
                for job in batch:
                    job.future.set_exception(error)
                return
        if isinstance(attempt, StorageError):
            for job in batch:
                job.future.set_exception(attempt)
            return
        assert isinstance(attempt, list)
        events: list[Event] = []
        for _job, ok, _value, raw_events in attempt:
            if ok:
                for kind, data in raw_events:
                    self._seq += 1
                    events.append(Event(kind, data, self._seq))
        # Published before anyone is answered: a phone that reads right after its answer must find the
        # change already announced (the participant server rebuilds its live state from these events).
        if events:
            self._publish(events)
        for job, ok, value, _events in attempt:
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)

    def _attempt(self, batch: list[_Job[Any]]) -> list[_Outcome] | StorageError | object:
        """Run the group in one transaction: its outcomes once committed, ``_FULL`` when the disk was full
        (everything rolled back), or the ``StorageError`` that stopped it."""
        outcomes: list[_Outcome] = []
        try:
            self._transaction.begin()
        except StorageError as error:
            return _FULL if is_disk_full(error) else error
        now = self._clock()
        for job in batch:
            tx = Tx(self._records, now)
            try:
                with self._transaction.savepoint():
                    result = job.command(tx)
            except DomainError as error:
                self._records.forget_cached()
                outcomes.append((job, False, error, []))
            except Exception as error:
                self._records.forget_cached()
                if is_disk_full(error):  # the whole group is tried again after making room, or refused
                    self._transaction.rollback()
                    return _FULL
                failure = storage_error(error) if is_storage_failure(error) else error
                outcomes.append((job, False, failure, []))
                if not self._transaction.active:
                    # SQLite rolled the whole group back: earlier commands are lost too.
                    outcomes = [(j, False, failure if ok else value, []) for j, ok, value, _ in outcomes]
                    try:
                        self._transaction.begin()
                    except StorageError as begin_error:
                        return begin_error
            else:
                outcomes.append((job, True, result, tx.events))
        try:
            self._transaction.commit()
        except StorageError as error:
            self._records.forget_cached()
            return _FULL if is_disk_full(error) else error
        return outcomes


_Outcome = tuple[_Job[Any], bool, Any, list[tuple[EventKind, dict[str, Any]]]]
#: What ``_attempt`` answers when the disk was full.
_FULL = object()


def _fail_all(batch: list[_Job[Any]], outcomes: list[tuple[_Job[Any], bool, Any, Any]], error: Exception) -> None:
    """Answer every job of a batch that cannot be committed: finished ones with their outcome's error."""
    answered = {id(job) for job, *_ in outcomes}
    for job, _ok, _value, _events in outcomes:
        job.future.set_exception(error)
    for job in batch:
        if id(job) not in answered and not job.future.done() and job.future.set_running_or_notify_cancel():
            job.future.set_exception(error)
