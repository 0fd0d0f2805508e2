"""The bridge delivers writer-thread events on the GUI thread in batches; run_task calls back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cocity_workshop.core.events import EventKind
from cocity_workshop.gui.bridge import SessionBridge
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.session import WorkshopSession


def test_events_arrive_on_the_gui_thread_in_one_batch(session: WorkshopSession, qtbot: QtBot) -> None:
    """Many commits before the GUI thread wakes arrive as one batch, in order, on the GUI thread."""
    bridge = SessionBridge(session.subscribe)
    received: list[tuple[list[EventKind], bool]] = []
    bridge.events_arrived.connect(
        lambda events: received.append(
            ([e.kind for e in events], QThread.currentThread() is QApplication.instance().thread())
        )
    )
    for title in ("a", "b", "c"):
        session.add_idea(title)
    qtbot.waitUntil(lambda: bool(received))
    kinds, on_gui = received[0]
    assert on_gui
    assert kinds.count(EventKind.IDEA_ADDED) == 3
    bridge.detach()
    session.add_idea("d")
    qtbot.wait(50)
    assert sum(k.count(EventKind.IDEA_ADDED) for k, _ in received) == 3


def test_run_task_reports_result_error_and_progress(qtbot: QtBot) -> None:
    """The job runs off the GUI thread; its result, error and progress arrive on the GUI thread."""
    gui_thread = threading.current_thread()
    seen: dict[str, object] = {}

    def job(progress: object) -> str:
        seen["thread"] = threading.current_thread()
        progress(0.5, "half")  # type: ignore[operator]
        return "done"

    progress_calls: list[tuple[float, str]] = []
    with qtbot.waitCallback() as finished:
        run_task(job, finished, on_progress=lambda f, m: progress_calls.append((f, m)))
    assert finished.args == ["done"] and seen["thread"] is not gui_thread
    qtbot.waitUntil(lambda: progress_calls == [(0.5, "half")])

    def failing() -> None:
        raise ValueError("nope")

    with qtbot.waitCallback() as failed:
        run_task(failing, lambda _r: None, failed)
    assert isinstance(failed.args[0], ValueError)
