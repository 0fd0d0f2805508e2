"""The bridge from the session's writer thread to the GUI thread.

The session calls subscribers on its writer thread after each commit. The bridge only queues the
events there; one queued signal per burst wakes the GUI thread, which takes everything queued so far.
Under a flood of ballots the GUI handles one batch per wake-up instead of one signal per vote.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cocity_workshop.core.events import Event


class SessionBridge(QObject):
    """Re-emits the session's events on the GUI thread as ``events_arrived(list[Event])``."""

    events_arrived = Signal(object)
    #: ``flush()`` delivered everything queued: listeners that wait for a quiet moment catch up now.
    flushed = Signal()
    _wake = Signal()

    def __init__(self, subscribe: Callable[[Callable[[list[Event]], None]], Callable[[], None]]) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._pending: list[Event] = []
        self._woken = False
        #: When the oldest event of the batch waiting for the GUI thread was committed (perf_counter).
        self.pending_since: float | None = None
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe: Callable[[], None] | None = subscribe(self._on_writer_thread)

    def _on_writer_thread(self, events: list[Event]) -> None:
        with self._lock:
            self._pending.extend(events)
            if self._woken:
                return
            self._woken = True
            self.pending_since = time.perf_counter()
        self._wake.emit()

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            events, self._pending = self._pending, []
            self._woken = False
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
