"""Run-the-room panel: countdown, joining and cap, the server's address and QR, the practice round."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost, capacity_advice
from cocity_workshop.gui.panels.room import RoomPanel
from cocity_workshop.session import WorkshopSession

from ..phones import phone_for


def test_phase_controls_and_joining(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """Start, pause and extend move the countdown; the cap and the joined count follow the session."""
    panel = RoomPanel(controller, ServerHost(session, "127.0.0.1", 0))
    qtbot.addWidget(panel)
    assert panel.phase_label.text().startswith("Next: ")
    panel.next_button.click()
    assert panel.phase_label.text() == session.current_phase().title
    assert panel.countdown_label.text().count(":") == 1
    panel.pause_button.click()
    assert panel.countdown_label.text().endswith("(paused)") and panel.pause_button.text() == "Resume"
    panel.open_check.click()
    panel.cap_spin.setValue(2)
    panel.cap_spin.editingFinished.emit()
    session.join()
    controller.live.flush()
    assert panel.joined_label.text() == "1 of 2 joined"
    assert session.joining().headcount_cap == 2


def test_server_address_qr_and_self_check(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Starting the server shows where phones go and a QR code; the self-check reports back."""
    host = ServerHost(session, "127.0.0.1", 0)
    panel = RoomPanel(controller, host)
    qtbot.addWidget(panel)
    panel.toggle_server()
    try:
        assert host.running and panel.qr.has_code
        assert host.short_url() in panel.address_label.text()
        qtbot.waitUntil(lambda: host.last_check is not None, timeout=5000)
        ok, problems = host.last_check
        # On 127.0.0.1 phones cannot reach the laptop: the check must say so, with advice.
        assert not ok and problems
        assert "Guest Wi-Fi" in panel.advice_label.text()
    finally:
        panel.toggle_server()
    assert not host.running and not panel.qr.has_code


def test_the_panel_shows_refused_joins_with_advice(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """A fourth join from one address is refused; the panel counts it by reason with one line of advice."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0)
    panel = RoomPanel(controller, host)
    qtbot.addWidget(panel)
    panel.toggle_server()
    try:
        assert panel.refusals_timer.isActive() and "Refused" not in panel.refusals_label.text()
        for _n in range(3):
            phone_for(host.join_url()).join()
        refused = phone_for(host.join_url())
        assert refused._request("POST", refused.join_path + "join")[0] == 429
        qtbot.waitUntil(lambda: "Refused so far:" in panel.refusals_label.text(), timeout=5000)
        assert "1 × Phones share one address: turn on shared-device mode" in panel.refusals_label.text()
    finally:
        panel.toggle_server()
    assert not panel.refusals_timer.isActive() and panel.refusals_label.text() == ""


def test_the_panel_shows_phones_connected_now(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Beside the joined total the panel counts the phones holding their live stream; one leaves, it drops."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0)
    panel = RoomPanel(controller, host)
    qtbot.addWidget(panel)
    assert panel.connected_label.text() == ""
    panel.toggle_server()
    streams = []
    try:
        assert panel.connected_label.text() == "0 phones connected now"
        phones = [phone_for(host.join_url(), f"127.0.17.{n + 1}").join() for n in range(3)]
        streams = [phone.open_stream() for phone in phones]
        qtbot.waitUntil(lambda: panel.connected_label.text() == "3 phones connected now", timeout=5000)
        qtbot.waitUntil(lambda: panel.joined_label.text() == "3 phones joined", timeout=5000)
        streams[0].close()
        qtbot.waitUntil(lambda: panel.connected_label.text() == "2 phones connected now", timeout=5000)
        assert panel.joined_label.text() == "3 phones joined"
    finally:
        for stream in streams:
            stream.close()
        panel.toggle_server()
    assert panel.connected_label.text() == "" and host.connected == 0


def test_shared_device_checkbox(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """The checkbox turns shared-device mode on in the file; undo turns it off again."""
    panel = RoomPanel(controller, ServerHost(session, "127.0.0.1", 0))
    qtbot.addWidget(panel)
    assert not panel.shared_check.isChecked()
    panel.shared_check.click()
    assert session.joining().shared_device is True
    qtbot.waitUntil(panel.shared_check.isChecked, timeout=2000)
    controller.undo_stack.undo()
    assert session.joining().shared_device is False
    qtbot.waitUntil(lambda: not panel.shared_check.isChecked(), timeout=2000)


def test_capacity_advice() -> None:
    """Hotspot and router limits are named; larger rooms get a warning."""
    assert len(capacity_advice(8)) == 1 and "Windows mobile hotspot admits 8" in capacity_advice(8)[0]
    assert "hotspot" in capacity_advice(25)[1]
    assert "consumer router" in capacity_advice(120)[1]


def test_practice_round_toggle(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """One button starts a practice round and ends it again, leaving nothing behind."""
    panel = RoomPanel(controller, ServerHost(session))
    qtbot.addWidget(panel)
    panel.practice_button.click()
    assert session.open_round() is not None and panel.practice_button.text() == "End the practice round"
    panel.practice_button.click()
    assert session.rounds() == [] and session.ideas() == []


def test_facilitator_chooses_the_network_address(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """The address list offers this computer's addresses; choosing one moves the running server there."""
    host = ServerHost(session, "localhost", 0)
    panel = RoomPanel(controller, host)
    qtbot.addWidget(panel)
    combo = panel.address_combo
    qtbot.waitUntil(lambda: combo.findData("127.0.0.1") >= 0, timeout=10_000)
    assert combo.itemText(0) == "Automatic" and combo.currentData() == "localhost"
    assert combo.itemText(combo.findData("127.0.0.1")) == "127.0.0.1 (this laptop only)"
    session.set_joining(open=True)
    controller.live.flush()
    panel.toggle_server()
    try:
        assert host.address == "localhost" and "//localhost:" in host.join_url()
        chosen: list[str] = []
        panel.address_chosen.connect(chosen.append)
        combo.setCurrentIndex(combo.findData("127.0.0.1"))
        combo.activated.emit(combo.currentIndex())
        assert chosen == ["127.0.0.1"] and host.running and host.address == "127.0.0.1"
        assert "//127.0.0.1:" in host.join_url() and "127.0.0.1" in panel.address_label.text()
        phone = phone_for(host.join_url()).join()  # a phone reaches the server at the new address
        assert phone.token
    finally:
        panel.toggle_server()


def test_a_server_process_that_dies_is_started_again_and_the_panel_says_so(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """The participant server's own process killed: the app starts it again and says so, and a phone
    carries on; killed again within the minute, it stays stopped and the panel says how to go on."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0, own_process=True)
    panel = RoomPanel(controller, host)
    qtbot.addWidget(panel)
    panel.toggle_server()
    try:
        first = host.server
        assert host.running and first is not None and "stopped" not in panel.address_label.text()
        phone = phone_for(host.join_url()).join()
        first.kill()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: host.server not in (None, first), timeout=60_000)
        assert "stopped unexpectedly and was started again" in panel.address_label.text()
        phone.port = phone_for(host.join_url()).port  # a free port in tests; the workshop's own in the app
        assert phone.submit_idea("After the restart") > 0  # the phone's token still holds
        host.server.kill()  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: not host.running, timeout=20_000)
        assert "stopped unexpectedly (exit code" in panel.address_label.text()
        assert panel.server_button.text() == "Start the participant server" and not panel.qr.has_code
    finally:
        if host.running:
            panel.toggle_server()


def test_double_click_start_asks_first(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double-clicked phase starts only after a Yes that names it and the phase it ends."""
    panel = RoomPanel(controller, ServerHost(session, "127.0.0.1", 0))
    qtbot.addWidget(panel)
    panel.next_button.click()
    first = session.current_phase()
    assert first is not None
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.start_phase_asked(2)
    target = controller.live.phases_model.row_at(2)
    assert asked and target.title in asked[0] and first.title in asked[0]
    assert session.current_phase() == first  # No: the room stays where it is
    answer = QMessageBox.StandardButton.Yes
    panel.start_phase_asked(2)
    assert session.current_phase().id == target.id
    asked.clear()
    panel.start_phase_asked(2)  # the running phase itself: nothing to ask, nothing done
    assert not asked and session.current_phase().id == target.id
