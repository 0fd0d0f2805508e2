"""The facilitator window: create, open, refuse clearly, recent files, save a copy, undo from the menu, close."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Template
from cocity_workshop.core.moderation import finished_at
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.settings import SERVER_IN_OWN_PROCESS, AppSettings
from cocity_workshop.session import WorkshopSession


def test_create_open_recent_and_close(window: FacilitatorWindow, tmp_path: Path) -> None:
    """A new workshop shows the panels, becomes recent, and closing returns to the start screen."""
    path = tmp_path / "new.cocity"
    assert window.create_workshop(path, "Parks for Brno", Template.LIVING_LAB, "cs")
    assert window.stack.currentWidget() is window.tabs and window.tabs.count() == 6
    assert "Parks for Brno" in window.windowTitle()
    assert [p.name for p in AppSettings().recent_files()] == ["new.cocity"]
    assert window.close_workshop() and window.stack.currentWidget() is window.start_screen
    assert window.start_screen.recent_list.count() == 1
    assert window.open_path(path) and window.controller is not None
    assert window.controller.live.workshop.language == "cs"


def test_refused_files_get_one_clear_message(window: FacilitatorWindow, tmp_path: Path) -> None:
    """A foreign SQLite file and a file held by another instance are refused with a message, no traceback."""
    foreign = tmp_path / "foreign.cocity"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert not window.open_path(foreign)
    assert window.last_error and "Traceback" not in window.last_error
    assert window.stack.currentWidget() is window.start_screen

    held = tmp_path / "held.cocity"
    other = WorkshopSession.create(held, title="Elsewhere")
    try:
        assert not window.open_path(held)
        assert window.last_error and window.controller is None
    finally:
        other.close()
    assert window.open_path(held)


def test_menu_undo_and_save_copy(window: FacilitatorWindow, tmp_path: Path, qtbot: QtBot) -> None:
    """Edit > Undo names the edit and undoes it; Save a Copy writes a workshop that opens."""
    window.create_workshop(tmp_path / "w.cocity", "Copy me", Template.HACKATHON, "en")
    controller = window.controller
    assert controller is not None
    controller.add_idea("Open data portal")
    assert window.menus.undo_action.isEnabled() and window.menus.undo_action.text() == "&Undo Add idea"
    window.menus.undo_action.trigger()
    assert controller.live.ideas_model.rowCount() == 0 and window.menus.redo_action.isEnabled()
    window.menus.redo_action.trigger()
    copy = window.save_copy(tmp_path / "copy.cocity")
    assert copy is not None
    with WorkshopSession.open(copy, readonly=True) as reopened:
        assert [i.title for i in reopened.ideas()] == ["Open data portal"]


def test_window_layout_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    """The window's size comes back in the next run."""
    first = FacilitatorWindow(AppSettings(), ask=False)
    qtbot.addWidget(first)
    first.resize(700, 500)
    first.show()
    first.close()
    second = FacilitatorWindow(AppSettings(), ask=False)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_demo_opens_in_the_background(
    window: FacilitatorWindow, qtbot: QtBot, monkeypatch: object, tmp_path: Path
) -> None:
    """The demo is built off the GUI thread and opened when ready."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # type: ignore[attr-defined]
    window.start_screen.demo_en_button.click()
    qtbot.waitUntil(lambda: window.controller is not None, timeout=30_000)
    assert window.controller.live.ideas_model.rowCount() > 30
    shutil.rmtree(tmp_path / "data", ignore_errors=True)


def test_finish_the_workshop_from_the_room_menu(window: FacilitatorWindow, tmp_path: Path) -> None:
    """Room > Finish the Workshop deletes the phones' codes and says so in the status bar."""
    assert window.create_workshop(tmp_path / "f.cocity", "Finish", Template.CO_DESIGN, "en")
    assert window.controller is not None
    session = window.controller.session
    session.set_joining(open=True)
    token = session.join().token
    window.menus.finish_action.trigger()
    assert finished_at(session.log_entries()) is not None and session.participant_id_for_token(token) is None
    assert "the codes of 1 phones" in window.statusBar().currentMessage()


def test_room_menu_runs_the_phase_operations(window: FacilitatorWindow, tmp_path: Path) -> None:
    """Room > Start Next Phase, Add a Minute and Pause or Resume act on the open workshop's running phase."""
    next_phase, pause, add_minute = window.menus.room_actions[:3]
    assert window.create_workshop(tmp_path / "r.cocity", "Room", Template.CO_DESIGN, "en")
    assert window.controller is not None
    session = window.controller.session
    next_phase.trigger()
    running = session.current_phase()
    assert running is not None and running.id == session.phases()[0].id
    add_minute.trigger()
    assert session.current_phase().extra_seconds == 60  # type: ignore[union-attr]
    pause.trigger()
    assert session.current_phase().paused_at is not None  # type: ignore[union-attr]
    assert window.menus.undo_action.text() == "&Undo Extend countdown"


def test_the_setting_says_where_the_participant_server_runs(window: FacilitatorWindow, tmp_path: Path) -> None:
    """``server/own_process`` in the settings puts the participant server in a process of its own."""
    window.create_workshop(tmp_path / "thread.cocity", "In a thread", Template.CO_DESIGN, "en")
    assert window.host is not None and window.host.own_process is SERVER_IN_OWN_PROCESS
    window.close_workshop()
    for stored, expected in (("true", True), ("false", False)):
        window.settings.set_value("server/own_process", stored)
        window.create_workshop(tmp_path / f"{stored}.cocity", "Where", Template.CO_DESIGN, "en")
        assert window.host is not None and window.host.own_process is expected
        window.close_workshop()
