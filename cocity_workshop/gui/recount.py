"""``TallyRecounter``: the live tally of the focus round, recounted in a pool thread as phones vote.

While a room votes, the writer commits ballots hundreds of times a second. Waking the GUI thread for each
commit, only to start a count in the background, costs a wait for the interpreter lock each time (the
participant server's threads hold it most of the time). So the recount starts right from the writer's
commit callback: the writer only hands a job to the pool (a few microseconds), the pool thread counts and
makes the rows, and the GUI thread is woken once, with the finished rows. One count runs at a time;
ballots committed meanwhile are taken by the next count, which starts as soon as this one is done.

Finished counts wait in a one-place mailbox: when the GUI thread is slower than the counting (it shares
the interpreter lock with a busy server), a newer count replaces the one not yet shown instead of queuing
behind it, so the window never works through a backlog of stale tallies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.gui.models.tally import tally_rows
from cocity_workshop.gui.tasks import submit
from cocity_workshop.session import WorkshopSession

Count = tuple[int | None, int, list[Any]]


class TallyRecounter(QObject):
    """Counts ``round_id``'s ballots off the GUI thread after each commit that recorded a vote in it.

    Listeners added with ``on_counted`` are called on the GUI thread (the object lives there) with
    ``(round_id, ballots, rows)`` of the newest finished count. They are plain calls, not a Qt signal:
    PySide6 lets go of the interpreter lock while emitting, and a busy server then keeps it for a while.
    """

    _ready = Signal()

    def __init__(self, session: WorkshopSession, titles: Callable[[], Mapping[int, str]]) -> None:
        super().__init__()
        self._session = session
        self._titles = titles
        #: The round to follow (set on the GUI thread, read by the writer and the pool: one attribute).
        self.round_id: int | None = None
        self._lock = threading.Lock()  # held only for a few assignments (writer, pool and GUI threads)
        self._running = False
        self._again = False
        #: The newest finished count not yet shown, with when it started (``time.perf_counter``).
        self._mailbox: tuple[Count, float] | None = None
        #: When the count shown last started (how old the shown tally can be; for measurements).
        self.shown_count_started = 0.0
        self._listeners: list[Callable[[int | None, int, list[Any]], None]] = []
        self._ready.connect(self._deliver)
        self._unsubscribe: Callable[[], None] | None = session.subscribe(self._on_commit)

    def _on_commit(self, events: list[Event]) -> None:
        """On the writer thread, after a COMMIT: start a count if a vote in the followed round is among them."""
        round_id = self.round_id
        if round_id is not None and any(
            e.kind is EventKind.VOTE_RECORDED and e.data.get("round") == round_id for e in events
        ):
            self.request()

    def request(self) -> None:
        """Count again soon (any thread)."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running, self._again = True, False
        submit(self._count_until_current)

    def _count_until_current(self) -> None:
        """In a pool thread: count, hand the rows over, and count again while new votes came in meanwhile."""
        while True:
            round_id = self.round_id
            started = time.perf_counter()
            try:
                if round_id is not None and not self._session.closed:
                    self._post(tally_rows(self._session.tally(round_id), self._titles()), started)
            except Exception:  # the workshop was closed under the count: nothing to show
                pass
            with self._lock:
                if not self._again or self._unsubscribe is None:
                    self._running = False
                    return
                self._again = False

    def on_counted(self, listener: Callable[[int | None, int, list[Any]], None]) -> None:
        """Call ``listener(round_id, ballots, rows)`` on the GUI thread with each newest count."""
        self._listeners.append(listener)

    def _post(self, count: Count, started: float) -> None:
        """Leave ``count`` in the mailbox; wake the GUI thread unless a wake-up is already on its way."""
        with self._lock:
            waiting = self._mailbox is not None
            self._mailbox = (count, started)
        if not waiting:
            self._ready.emit()

    def _deliver(self) -> None:
        """On the GUI thread: show the newest count."""
        with self._lock:
            item, self._mailbox = self._mailbox, None
        if item is not None:
            count, self.shown_count_started = item
            for listener in list(self._listeners):
                listener(*count)

    def detach(self) -> None:
        """Stop following the session; a count still on its way is not shown."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._listeners.clear()
