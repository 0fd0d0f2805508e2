"""The bridge from the session's writer thread to the GUI thread.

The session calls subscribers on its writer thread after each commit. The bridge only queues the
events there; one queued signal per burst wakes the GUI thread, which takes everything queued so far.
Under a flood of ballots the GUI handles one batch per wake-up instead of one signal per vote.
"""

from __future__ import annotations

import collections
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cocity_workshop.core.events import Event, EventKind


class SessionBridge(QObject):
    """Re-emits the session's events on the GUI thread as ``events_arrived(list[Event])``."""

    events_arrived = Signal(object)
    #: ``flush()`` delivered everything queued: listeners that wait for a quiet moment catch up now.
    flushed = Signal()
    _wake = Signal()

    def __init__(
        self,
        subscribe: Callable[[Callable[[list[Event]], None]], Callable[[], None]],
        skip: frozenset[EventKind] = frozenset(),
    ) -> None:
        super().__init__()
        #: Kinds of events the GUI thread is not woken for (someone else follows them on the writer thread).
        self._skip = skip
        # No lock: a lock the writer holds would make the GUI thread give up the interpreter lock and
        # queue for it again. ``deque.append``/``popleft`` are atomic, and the order below loses no wake-up.
        self._pending: collections.deque[list[Event]] = collections.deque()
        self._woken = False
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = subscribe(self._on_writer_thread)

    def _on_writer_thread(self, events: list[Event]) -> None:
        if self._skip:
            events = [e for e in events if e.kind not in self._skip]
            if not events:
                return
        self._pending.append(events)  # first queue, then look: a wake-up being delivered now takes it along
        if not self._woken:
            self._woken = True
            self._wake.emit()

    @Slot()
    def _deliver(self) -> None:
        self._woken = False  # first allow a new wake-up, then take what is queued
        events: list[Event] = []
        pending = self._pending
        while pending:
            events.extend(pending.popleft())
        if events:
            self.events_arrived.emit(events)

    def flush(self) -> None:
        """Deliver whatever has been queued now, then ``flushed`` (after the facilitator's own actions)."""
        self._deliver()
        self.flushed.emit()

    def detach(self) -> None:
        """Stop listening to the session."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
