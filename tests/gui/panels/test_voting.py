"""Voting panel and round dialog: ballot choice (all, top of the last round), buttons follow the round's state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import ResultsMode, RoundState
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.panels.voting import RoundDialog, VotingPanel
from cocity_workshop.session import WorkshopSession

from ..phones import phone_for


def test_long_list_then_short_list(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """After a revealed long list, the dialog ranks ideas by dots and "only the top" makes a short list."""
    ids = [controller.add_idea(t).id for t in ("A", "B", "C", "D")]
    panel = VotingPanel(controller)
    qtbot.addWidget(panel)
    assert not panel.open_button.isEnabled()
    first = controller.create_round("Long list", ids, 5, 3, ResultsMode.HIDDEN)
    assert panel.open_button.isEnabled() and not panel.reveal_button.isEnabled()
    panel.open_button.click()
    assert panel.close_button.isEnabled()
    controller.set_paper_dots(ids[2], 9)
    controller.set_paper_dots(ids[3], 4)
    panel.close_button.click()
    panel.reveal_button.click()
    assert controller.live.focus_round().state is RoundState.REVEALED and first.id == controller.live.focus_round_id
    assert panel.chart.bars()[0] == ("C", 0, 9)

    dialog = RoundDialog(controller)
    qtbot.addWidget(dialog)
    assert dialog.ideas_list.item(0).text() == "C" and dialog.ideas_list.item(1).text() == "D"
    dialog.top_spin.setValue(2)
    dialog._check_top(dialog.top_spin.value())
    assert dialog.chosen_ids() == [ids[2], ids[3]]
    dialog.title_edit.setText("Short list")
    dialog.results_combo.setCurrentIndex(1)
    second = dialog.create_round()
    assert second is not None and second.results_mode is ResultsMode.LIVE and second.idea_ids == (ids[2], ids[3])
    assert panel.tally_title.text() == "Short list: 0 ballots"
    panel.rounds_view.setCurrentIndex(controller.live.rounds_model.index(0, 0))
    assert controller.live.focus_round_id == first.id
    assert dialog.ideas_list.item(0).checkState() == Qt.CheckState.Checked


def test_the_panel_shows_how_many_of_the_room_voted(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """While the focused round is open and phones are served, "N of M have voted" follows the votes and the
    phones coming and going; nothing is said once the round closes or without the server."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0)
    panel = VotingPanel(controller, host)
    qtbot.addWidget(panel)
    ids = [controller.add_idea(t).id for t in ("A", "B")]
    vote = controller.create_round("Round", ids, 3, 2, ResultsMode.HIDDEN)
    controller.start_round(vote.id)
    assert panel.voted_label.isHidden()
    assert host.start()
    streams = []
    try:
        phones = [phone_for(host.join_url(), f"127.0.20.{n + 1}").join() for n in range(2)]
        streams = [phone.open_stream() for phone in phones]
        qtbot.waitUntil(lambda: panel.voted_label.text() == "0 of 2 have voted", timeout=5000)
        assert not panel.voted_label.isHidden()
        phones[1].vote(vote.id, {ids[0]: 1})
        qtbot.waitUntil(lambda: panel.voted_label.text() == "1 of 2 has voted", timeout=5000)
        controller.close_round(vote.id)
        qtbot.waitUntil(panel.voted_label.isHidden, timeout=5000)
    finally:
        for stream in streams:
            stream.close()
        host.stop()


def test_a_timed_round_counts_down_in_the_panel(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """The dialog gives a round 3 minutes that close it; open, the panel counts down as the room sees it, warns
    in the last minute, "+1 minute" gives a minute more, and the switch stops it closing by itself."""
    ids = [controller.add_idea(t).id for t in ("A", "B")]
    panel = VotingPanel(controller)
    qtbot.addWidget(panel)
    dialog = RoundDialog(controller)
    qtbot.addWidget(dialog)
    assert dialog.minutes_spin.text() == "no time limit" and not dialog.closes_check.isEnabled()
    dialog.minutes_spin.setValue(3)
    assert dialog.closes_check.isEnabled()
    dialog.closes_check.setChecked(True)
    timed = dialog.create_round()
    assert timed is not None and (timed.duration_seconds, timed.closes_itself) == (180, True)
    assert panel.clock_row.isHidden()
    opened = controller.start_round(timed.id)
    assert opened is not None and opened.opened_at is not None
    start = opened.opened_at
    controller.live.clock = lambda: start + 0.2
    panel.clock_row.tick()
    assert not panel.clock_row.isHidden() and panel.clock_row.clock_label.text() == "Voting ends in 3:00"
    assert panel.clock_row.closes_check.isChecked()
    controller.live.clock = lambda: start + 150
    panel.clock_row.tick()
    assert panel.clock_row.clock_label.text() == "Last minute! Voting ends in 0:30"
    assert panel.clock_row.clock_label.property("warning") is True
    panel.clock_row.more_button.click()
    assert session.vote_round(timed.id).duration_seconds == 240
    assert panel.clock_row.clock_label.text() == "Voting ends in 1:30"
    assert panel.clock_row.clock_label.property("warning") is False
    panel.clock_row.closes_check.setChecked(False)
    assert not session.vote_round(timed.id).closes_itself
    controller.live.clock = lambda: start + 241
    panel.clock_row.tick()
    assert panel.clock_row.clock_label.text() == "Time is up"
    assert session.vote_round(timed.id).state is RoundState.OPEN
    controller.close_round(timed.id)
    assert panel.clock_row.isHidden()
    untimed = controller.create_round("Untimed", ids, 3, 2, ResultsMode.HIDDEN)
    controller.start_round(untimed.id)
    assert panel.clock_row.clock_label.text() == "No time limit"
    assert not panel.clock_row.closes_check.isEnabled()
    assert controller.errors == []  # type: ignore[attr-defined]
