"""The live tally is recounted off the GUI thread; a GUI thread that falls behind sees only the newest count."""

from __future__ import annotations

import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.gui.recount import TallyRecounter
from cocity_workshop.session import WorkshopSession


def _live_round(session: WorkshopSession) -> tuple[int, list[int]]:
    session.set_joining(open=True)
    ideas = [session.add_idea(f"Idea {n}").id for n in range(3)]
    vote_round = session.create_round(
        "Live", ideas, dots_per_participant=3, max_per_idea=3, results_mode=ResultsMode.LIVE
    )
    session.start_round(vote_round.id)
    return vote_round.id, ideas


def _vote(session: WorkshopSession, round_id: int, idea: int) -> None:
    token = session.join().token
    session.submit(session.ballot_command(token, round_id, {idea: 1})).result()


def test_a_vote_in_the_followed_round_is_counted_and_shown_on_the_gui_thread(
    session: WorkshopSession, qtbot: QtBot
) -> None:
    round_id, ideas = _live_round(session)
    recounter = TallyRecounter(session, lambda: {i: f"Idea {i}" for i in ideas})
    recounter.round_id = round_id
    shown: list[tuple[int, bool]] = []
    recounter.on_counted(
        lambda _round, ballots, _rows: shown.append(
            (ballots, QThread.currentThread() is QApplication.instance().thread())
        )
    )
    _vote(session, round_id, ideas[0])
    qtbot.waitUntil(lambda: bool(shown) and shown[-1][0] == 1)
    assert all(on_gui for _ballots, on_gui in shown)
    recounter.detach()


def test_counts_finished_while_the_gui_thread_is_busy_are_shown_once_newest_only(
    session: WorkshopSession, qtbot: QtBot
) -> None:
    round_id, ideas = _live_round(session)
    recounter = TallyRecounter(session, lambda: {})
    recounter.round_id = round_id
    shown: list[int] = []
    recounter.on_counted(lambda _round, ballots, _rows: shown.append(ballots))
    for n in range(6):  # the GUI thread handles no events meanwhile: each count lands in the mailbox
        _vote(session, round_id, ideas[n % 3])
        deadline = time.monotonic() + 5
        while recounter._running and time.monotonic() < deadline:  # the pool thread's count
            time.sleep(0.005)
    qtbot.waitUntil(lambda: bool(shown))
    qtbot.wait(50)
    assert shown == [6]
    recounter.detach()


def test_after_detach_no_count_reaches_the_listeners(session: WorkshopSession, qtbot: QtBot) -> None:
    """Closing a workshop detaches the recounter: a count already in the mailbox is dropped, not shown."""
    round_id, ideas = _live_round(session)
    recounter = TallyRecounter(session, lambda: {})
    recounter.round_id = round_id
    shown: list[int] = []
    recounter.on_counted(lambda _round, ballots, _rows: shown.append(ballots))
    _vote(session, round_id, ideas[0])
    deadline = time.monotonic() + 5
    while recounter._running and time.monotonic() < deadline:  # the count lands in the mailbox, not yet shown
        time.sleep(0.005)
    recounter.detach()
    qtbot.wait(50)
    assert shown == []
