"""Cycles are collected on the GUI thread only, so no QObject is ever freed by another thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.collector import GuiThreadCollector, collect_on_the_gui_thread


class _Sentinel:
    """Records the thread that frees it."""

    def __init__(self, freed_in: list[str]) -> None:
        self.freed_in = freed_in

    def __del__(self) -> None:
        self.freed_in.append(threading.current_thread().name)


class _Cyclic(QObject):
    """A parentless QObject in a reference cycle: only the cycle collector can free it."""

    def __init__(self, freed_in: list[str]) -> None:
        super().__init__()
        self.sentinel = _Sentinel(freed_in)
        self.me = self


def test_a_dropped_qobject_in_a_cycle_is_freed_on_the_gui_thread_while_a_worker_allocates(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """A worker allocating many cyclic objects (as drawing a report does) never collects the GUI's garbage."""
    collector = collect_on_the_gui_thread(qapp)
    assert collect_on_the_gui_thread(qapp) is collector
    assert not gc.isenabled()
    gc.collect()
    freed_in: list[str] = []
    _Cyclic(freed_in)  # dropped at once: garbage only the cycle collector can free

    def allocate() -> None:
        for _ in range(50_000):  # far past every generation's threshold
            cycle: list[object] = []
            cycle.append(cycle)

    worker = threading.Thread(target=allocate, name="report-worker")
    worker.start()
    worker.join(30)
    assert freed_in == []  # the worker did not collect it
    qtbot.waitUntil(lambda: freed_in != [], timeout=5000)  # the GUI thread's timer did
    assert freed_in == [threading.current_thread().name] == ["MainThread"]


def test_the_collector_follows_cpythons_thresholds(qapp: QApplication) -> None:
    """Nothing to do under the young generation's threshold; past it, the oldest generation that is due."""
    collector = collect_on_the_gui_thread(qapp)
    assert isinstance(collector, GuiThreadCollector)
    gc.collect()
    assert collector.collect_due() is None
    young = gc.get_threshold()[0]
    keep = [[] for _ in range(young + 10)]
    assert collector.collect_due() == 0
    del keep
