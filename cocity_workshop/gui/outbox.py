"""The outbox as the app sees it: its state, "Sync now" as a background job, and automatic retries.

``OutboxWatcher`` lives as long as the facilitator window (the outbox is the user's, not one workshop's).
Everything that touches the outbox's files or the network runs through ``run_task``; the watcher's
signals arrive on the GUI thread. Retrying on its own: a timer asks every ``check_seconds`` whether a
delivery is due (``Outbox.has_pending(due_only=True)``) and, if so, runs an automatic sync; when Qt can
tell that the network came back (``QNetworkInformation``), it asks at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from cocity_workshop.gui.tasks import run_task
from cocity_workshop.i18n import _, ngettext
from cocity_workshop.session import WorkshopSession

#: How often the app asks whether a delivery is due while nobody presses "Sync now".
CHECK_SECONDS = 60


def _default_outbox() -> Any:
    from cocity_workshop.sync import Outbox  # imported off the GUI thread, when first needed

    return Outbox()


class LazyOutbox:
    """The outbox, made on first use from any thread.

    Background jobs hold this, never the watcher: if a job's thread dropped the last reference to a
    QObject, Qt would destroy it off the GUI thread and leave its timer registered there (a crash when
    the timer next fires, seen in the test suite a minute after a sync panel's test).
    """

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._outbox: Any = None
        self._lock = threading.Lock()

    def __call__(self) -> Any:
        with self._lock:
            if self._outbox is None:
                self._outbox = self._factory()
            return self._outbox


class OutboxWatcher(QObject):
    """Reads the outbox, runs syncs and exports for the city in the background, retries on its own."""

    #: The outbox's state: a list of ``BundleStatus``.
    status_changed = Signal(list)
    #: A job is going on (or stopped): the sync box enables its buttons from this.
    busy_changed = Signal(bool)
    #: How far the current job is: (fraction 0..1, what it is doing).
    progressed = Signal(float, str)
    #: A job finished or could not run: a sentence for the facilitator.
    reported = Signal(str)

    def __init__(
        self,
        outbox_factory: Callable[[], Any] = _default_outbox,
        *,
        check_seconds: float = CHECK_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        #: The outbox (made on first use, from any thread).
        self.outbox = LazyOutbox(outbox_factory)
        self.busy = False
        #: How many deliveries the last job made (a sync's progress bar reads full only when one arrived).
        self.last_delivered = 0
        self.statuses: list[Any] = []
        self._cancel = threading.Event()
        self.timer = QTimer(self)
        self.timer.setInterval(int(check_seconds * 1000))
        self.timer.timeout.connect(self.check_now)
        self.timer.start()
        self._network: Any = None
        self._follow_network()

    def _follow_network(self) -> None:
        """Check at once when the system says the network is back (where Qt has a backend for that)."""
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.loadDefaultBackend():
            return
        self._network = QNetworkInformation.instance()
        if self._network is not None:
            self._network.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site):
            self.check_now()

    # -- jobs ---------------------------------------------------------------------------------
    def _start(
        self,
        job: Callable[[Callable[[float, str], None]], Any],
        done: Callable[[Any], str],
        *,
        quiet: bool = False,
    ) -> bool:
        if self.busy:
            return False
        self.busy = True
        self.last_delivered = 0
        self._cancel.clear()
        self.busy_changed.emit(True)

        def finished(result: Any) -> None:
            message = done(result)
            self._finish(message)

        def failed(error: BaseException) -> None:
            self._finish("" if quiet else str(error) or type(error).__name__)

        run_task(job, finished, failed, lambda fraction, message: self.progressed.emit(fraction, message))
        return True

    def _finish(self, message: str) -> None:
        self.busy = False
        self.busy_changed.emit(False)
        if message:
            self.reported.emit(message)
        self.refresh()

    def refresh(self) -> None:
        """Read the outbox's state again (``status_changed`` follows)."""

        outbox = self.outbox

        def read() -> Any:
            return outbox().status()

        def shown(statuses: Any) -> None:
            self.statuses = list(statuses)
            self.status_changed.emit(self.statuses)

        run_task(read, shown, lambda error: self.reported.emit(str(error)))

    def sync_now(self) -> bool:
        """Deliver everything waiting, failed deliveries included ("Sync now"); False if a job is running."""
        cancel, outbox = self._cancel, self.outbox

        def job(progress: Callable[[float, str], None]) -> Any:
            def on_progress(step: Any) -> None:
                fraction = step.done / step.total if step.total else 0.0
                progress(
                    fraction,
                    _("Delivering {bundle} to {target}…").format(bundle=step.bundle_name, target=step.target),
                )

            return outbox().sync(progress=on_progress, cancel=cancel)

        return self._start(job, self._summary)

    def check_now(self) -> bool:
        """Deliver what is due, if anything (the timer and "network is back"); quiet when nothing happens."""
        cancel, outbox = self._cancel, self.outbox

        def job(progress: Callable[[float, str], None]) -> Any:
            if not outbox().has_pending(due_only=True):
                return None
            return outbox().sync(automatic=True, cancel=cancel)

        return self._start(job, lambda report: "" if report is None else self._summary(report), quiet=True)

    def export_for_city(
        self, session: WorkshopSession, language: str | None = None, decidim_format: Any = None
    ) -> bool:
        """Export this workshop's bundle for every tier the targets take and queue it in the outbox.

        ``decidim_format`` (a ``DecidimFormat``) is the Decidim locales and separator chosen in the Export panel.
        """

        outbox = self.outbox

        def job(progress: Callable[[float, str], None]) -> Any:
            progress(0.1, _("Exporting the data bundle…"))
            return outbox().export_and_enqueue(session, language=language, decidim_format=decidim_format)

        def done(queued: Any) -> str:
            targets = sorted({d.target for bundle in queued for d in bundle.deliveries})
            return ngettext(
                "Queued for {count} target: {targets}. Press Sync now to deliver it.",
                "Queued for {count} targets: {targets}. Press Sync now to deliver it.",
                len(targets),
            ).format(count=len(targets), targets=", ".join(targets))

        return self._start(job, done)

    def cancel(self) -> None:
        """Stop the running sync between two steps (what is unfinished stays pending)."""
        self._cancel.set()

    def _summary(self, report: Any) -> str:
        self.last_delivered = len(report.delivered)
        if report.cancelled:
            return _("Sync stopped; what was not finished stays pending.")
        if not report.results:
            return _("Nothing to deliver.")
        delivered = len(report.delivered)
        left = len(report.results) - delivered
        if not left:
            return ngettext("{count} delivery arrived.", "{count} deliveries arrived.", delivered).format(
                count=delivered
            )
        return ngettext(
            "{delivered} arrived, {count} did not: see the reason in the list.",
            "{delivered} arrived, {count} did not: see the reasons in the list.",
            left,
        ).format(delivered=delivered, count=left)
