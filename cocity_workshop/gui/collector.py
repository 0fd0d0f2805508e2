"""Python's cycle collector runs on the GUI thread only.

Left automatic, a collection runs in whichever thread happens to allocate when a threshold is crossed:
the writer, the participant server, a report being drawn in the background. If that collection frees a
QObject of the GUI thread (a dropped dialog, a watcher in a reference cycle), Qt destroys it on the wrong
thread and cannot stop its timers; they stay registered and crash the app when they next fire. (Seen in
the test suite: an outbox watcher freed while a worker drew a PDF; its one-minute timer fired a minute
later into freed memory.) So the automatic collector is switched off and a timer on the GUI thread
collects with the same thresholds CPython would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts: often, so a young collection stays small while the
#: server allocates fast (measured with benchmarks/gui_under_load.py: no longer pauses than automatic collection).
CHECK_MS = 100


class GuiThreadCollector(QObject):
    """Turns automatic collection off and collects on the GUI thread when CPython would have."""

    def __init__(self, parent: QObject, check_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()
        self.destroyed.connect(gc.enable)

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold; the generation, or None."""
        counts = gc.get_count()
        if counts[0] < self._thresholds[0]:
            return None
        generation = 0
        for older in (1, 2):
            if counts[older] >= self._thresholds[older]:
                generation = older
        gc.collect(generation)
        return generation


def collect_on_the_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once for ``app`` (the ``QApplication``); the installed one if already there."""
    existing = app.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(app)
