"""The projector window: visible ideas only, the tally only once public, the pause screen, joined count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import IdeaOrigin, IdeaStatus, ResultsMode
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.projector import ProjectorView, ProjectorWindow
from cocity_workshop.i18n import _
from cocity_workshop.session import WorkshopSession

from .phones import phone_for


def test_projector_never_shows_pending_or_hidden(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Pending, hidden and merged ideas stay off the wall whatever order things happen in."""
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    session.update_workshop(youth_mode=True)
    session.set_joining(open=True)
    token = session.join().token
    pending = session.add_idea("From a phone", origin=IdeaOrigin.PHONE, token=token)
    shown = controller.add_idea("From the floor")
    hidden = controller.add_idea("Hide me")
    controller.set_idea_status([hidden.id], IdeaStatus.HIDDEN)
    controller.live.flush()
    assert projector.wall_titles() == ["From the floor"]
    assert projector.joined_label.text() == "1 joined"
    controller.set_idea_status([pending.id], IdeaStatus.VISIBLE)
    controller.merge_ideas([pending.id], shown.id)
    assert projector.wall_titles() == ["From the floor"]
    assert not projector.qr.has_code and projector.qr.text() == "Waiting for the server…"


def test_tally_appears_after_reveal_or_live(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """A hidden-results round shows "Vote now" while open, the wall once closed, the tally once revealed; a live
    round shows its tally while open."""
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    ids = [controller.add_idea(t).id for t in ("A", "B")]
    hidden = controller.create_round("Hidden", ids, 3, 2, ResultsMode.HIDDEN)
    controller.start_round(hidden.id)
    assert projector.current_view() is ProjectorView.VOTE  # "Vote now": nothing of the tally
    assert projector.vote_page.round_label.text() == "Hidden"
    assert projector.vote_page.count_label.text() == "0 have voted"  # no server: no one is connected
    controller.close_round(hidden.id)
    assert projector.current_view() is ProjectorView.WALL
    controller.reveal_round(hidden.id)
    assert projector.current_view() is ProjectorView.TALLY and projector.tally_title.text() == "Hidden"
    live = controller.create_round("Live", ids, 3, 2, ResultsMode.LIVE)
    assert projector.current_view() is ProjectorView.WALL
    controller.start_round(live.id)
    assert projector.current_view() is ProjectorView.TALLY


def test_a_hidden_idea_leaves_the_projectors_tally(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """An idea hidden during a live round is no longer drawn on the projector's chart (the facilitator's keeps it)."""
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    ids = [controller.add_idea(t).id for t in ("Keep", "Hide")]
    live = controller.create_round("Live", ids, 3, 2, ResultsMode.LIVE)
    controller.start_round(live.id)
    session.set_joining(open=True)
    session.cast_ballot(session.join().token, live.id, {ids[0]: 1, ids[1]: 2})
    controller.live.flush()
    qtbot.waitUntil(lambda: len(projector.chart.bars()) == 2)
    controller.set_idea_status([ids[1]], IdeaStatus.HIDDEN)
    controller.live.flush()
    qtbot.waitUntil(lambda: [b[0] for b in projector.chart.bars()] == ["Keep"])
    assert len(controller.live.tally_model.rows) == 2


def test_pause_screen_and_countdown(controller: WorkshopController, qtbot: QtBot, session: WorkshopSession) -> None:
    """A paused phase shows the pause screen; the countdown shows the running phase."""
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    phase = controller.start_next_phase()
    assert projector.phase_label.text() == phase.title
    assert projector.countdown_label.text().endswith(":00") or ":" in projector.countdown_label.text()
    controller.toggle_pause()
    assert projector.current_view() is ProjectorView.PAUSE
    controller.toggle_pause()
    assert projector.current_view() is ProjectorView.WALL


def test_projector_speaks_the_workshops_language(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """An Arabic workshop's projector window is Arabic and right to left while the app stays English."""
    controller.update_workshop(language="ar")
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    assert projector.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert projector.pause_label.text() != "Pause" and any(
        "\u0600" <= c <= "\u06ff" for c in projector.pause_label.text()
    )
    assert any("\u0600" <= c <= "\u06ff" for c in projector.qr.text())
    assert controller.live.workshop.language == "ar" and _("Pause") == "Pause"
    controller.update_workshop(language="en")
    assert projector.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_projector_shows_phones_connected_now(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Under the joined count the window shows the phones connected now, while the server runs."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0)
    projector = ProjectorWindow(controller, host)
    qtbot.addWidget(projector)
    assert projector.connected_label.text() == ""
    assert host.start()
    try:
        phones = [phone_for(host.join_url(), f"127.0.18.{n + 1}").join() for n in range(2)]
        streams = [phone.open_stream() for phone in phones]
        qtbot.waitUntil(lambda: projector.connected_label.text() == "2 connected now", timeout=5000)
        qtbot.waitUntil(lambda: projector.joined_label.text() == "2 joined", timeout=5000)
        for stream in streams:
            stream.close()
        qtbot.waitUntil(lambda: projector.connected_label.text() == "0 connected now", timeout=5000)
    finally:
        host.stop()
    assert projector.connected_label.text() == ""


def test_vote_now_counts_the_room(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """While a hidden round is open the window says how many of the phones connected have voted, live; with
    live results the count goes above the chart."""
    session.set_joining(open=True)
    host = ServerHost(session, "127.0.0.1", 0)
    projector = ProjectorWindow(controller, host)
    qtbot.addWidget(projector)
    ids = [controller.add_idea(t).id for t in ("A", "B")]
    hidden = controller.create_round("Which first?", ids, 3, 2, ResultsMode.HIDDEN)
    assert host.start()
    streams = []
    try:
        phones = [phone_for(host.join_url(), f"127.0.19.{n + 1}").join() for n in range(3)]
        streams = [phone.open_stream() for phone in phones]
        controller.start_round(hidden.id)
        count = projector.vote_page.count_label
        qtbot.waitUntil(lambda: count.text() == "0 of 3 have voted", timeout=5000)
        assert projector.current_view() is ProjectorView.VOTE
        for phone in phones[:2]:
            phone.vote(hidden.id, {ids[0]: 1})
        qtbot.waitUntil(lambda: count.text() == "2 of 3 have voted", timeout=5000)
        streams[2].close()
        qtbot.waitUntil(lambda: count.text() == "2 of 2 have voted", timeout=5000)
        controller.close_round(hidden.id)
        live = controller.create_round("Live", ids, 3, 2, ResultsMode.LIVE)
        controller.start_round(live.id)
        phones[0].vote(live.id, {ids[1]: 2})
        qtbot.waitUntil(lambda: projector.tally_title.text() == "Live · 1 of 2 has voted", timeout=5000)
        assert projector.current_view() is ProjectorView.TALLY
    finally:
        for stream in streams:
            stream.close()
        host.stop()


def test_vote_now_counts_down_and_the_app_closes_the_round(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """ "Vote now" shows the round's countdown, on the warning colour in its last minute; a round that closes
    itself is closed by the app at zero and the window goes back to the wall, with nobody clicking."""
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    ids = [controller.add_idea(t).id for t in ("A", "B")]
    vote = controller.create_round("Timed", ids, 3, 2, ResultsMode.HIDDEN, duration_seconds=90, closes_itself=True)
    assert vote is not None
    opened = controller.start_round(vote.id)
    assert opened is not None and opened.opened_at is not None
    clock = projector.vote_page.clock_label
    real = controller.live.clock
    controller.live.clock = lambda: opened.opened_at + 0.5  # type: ignore[operator]
    projector.show_round_clock()
    assert not clock.isHidden() and clock.text() == "Voting ends in 1:30"
    assert clock.property("warning") is False
    controller.live.clock = lambda: opened.opened_at + 45  # type: ignore[operator]
    projector.show_round_clock()
    assert clock.text() == "Last minute! Voting ends in 0:45" and clock.property("warning") is True
    controller.live.clock = real
    assert projector.current_view() is ProjectorView.VOTE
    ran = int(real() - opened.opened_at) + 1
    session.set_round_timer(vote.id, ran, closes_itself=True)  # about a second from now, on the real clock
    qtbot.waitUntil(lambda: projector.current_view() is ProjectorView.WALL, timeout=5000)
    assert session.vote_round(vote.id).closed_at is not None
