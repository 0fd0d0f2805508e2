"""A vote round's countdown: the writer closes a round that closes itself at zero (not a phone, not a
browser), a ballot after zero is refused even before that, more time moves the moment, and a file opened
after the moment passed closes the round at once. The clock is simulated: nothing here waits for real time
beyond the writer's next look at it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.session import WorkshopSession

START = 1_800_000_000.0


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(workshop_path: Path, clock: Clock) -> Iterator[WorkshopSession]:
    """A workshop on the simulated clock, joining open."""
    opened = WorkshopSession.create(workshop_path, title="Timed", clock=clock)
    opened.set_joining(open=True)
    yield opened
    opened.close()


def _round(session: WorkshopSession, seconds: int | None, closes_itself: bool) -> VoteRound:
    ideas = [session.add_idea(f"Idea {n}").id for n in range(2)]
    return session.create_round("Timed round", ideas, duration_seconds=seconds, closes_itself=closes_itself)


def _state_soon(session: WorkshopSession, round_id: int, state: RoundState) -> VoteRound:
    """The round once it reached ``state``: the writer looks at its clock at least once a second."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = session.vote_round(round_id)
        if found.state is state:
            return found
        time.sleep(0.02)
    raise AssertionError(f"round {round_id} is {session.vote_round(round_id).state}, not {state}")


def _last_close(session: WorkshopSession) -> dict[str, object]:
    entry = [e for e in session.log_entries() if e.type == "round_closed"][-1]
    return dict(json.loads(entry.payload))


def test_a_round_that_closes_itself_is_closed_by_the_writer_at_zero(timed: WorkshopSession, clock: Clock) -> None:
    """Opened with 90 s: still open at 89 s; at 90 s the writer closes it, and the log says the timer did."""
    vote = _round(timed, 90, closes_itself=True)
    opened = timed.start_round(vote.id)
    assert opened.closes_at == START + 90 and opened.duration_seconds == 90 and opened.closes_itself
    clock.now = START + 89
    timed.add_idea("a write: the writer looks at its timers again")
    time.sleep(0.1)
    assert timed.vote_round(vote.id).state is RoundState.OPEN
    clock.now = START + 90
    closed = _state_soon(timed, vote.id, RoundState.CLOSED)
    assert closed.closed_at == START + 90
    assert _last_close(timed)["by_timer"] is True


def test_a_ballot_after_zero_is_refused_before_the_timer_closed_the_round(timed: WorkshopSession, clock: Clock) -> None:
    """The moment is the rule, not the timer's run: a ballot that reaches the writer at zero is refused."""
    vote = _round(timed, 60, closes_itself=True)
    timed.start_round(vote.id)
    phone = timed.join().token
    assert timed.cast_ballot(phone, vote.id, {vote.idea_ids[0]: 1}).spent == 1
    clock.now = START + 60
    with pytest.raises(RuleViolation, match="closed"):
        timed.cast_ballot(phone, vote.id, {vote.idea_ids[0]: 2})
    _state_soon(timed, vote.id, RoundState.CLOSED)
    assert timed.tally(vote.id).ballots == 1


def test_more_time_moves_the_moment_and_the_old_one_does_nothing(timed: WorkshopSession, clock: Clock) -> None:
    """A minute more at 50 s of 60: open at 61 s (the first close finds it not due), closed at 120 s."""
    vote = _round(timed, 60, closes_itself=True)
    timed.start_round(vote.id)
    clock.now = START + 50
    assert timed.add_round_time(vote.id, 60).closes_at == START + 120
    clock.now = START + 61
    timed.add_idea("poke")
    time.sleep(1.2)  # past the writer's longest wait: the first moment has been looked at
    assert timed.vote_round(vote.id).state is RoundState.OPEN
    clock.now = START + 120
    _state_soon(timed, vote.id, RoundState.CLOSED)


def test_without_closing_itself_the_round_stays_open_and_more_time_counts_from_now(
    timed: WorkshopSession, clock: Clock
) -> None:
    """A countdown that does not close: at zero the round stays open; a minute more then is a minute from now.
    A round without a countdown gets one from "+1 minute"."""
    vote = _round(timed, 30, closes_itself=False)
    timed.start_round(vote.id)
    clock.now = START + 45
    timed.add_idea("poke")
    time.sleep(0.1)
    assert timed.vote_round(vote.id).state is RoundState.OPEN
    assert timed.add_round_time(vote.id, 60).closes_at == START + 105
    timed.close_round(vote.id)
    untimed = _round(timed, None, closes_itself=False)
    timed.start_round(untimed.id)
    clock.now = START + 200
    assert timed.add_round_time(untimed.id, 60).closes_at == START + 260


def test_a_round_closed_by_its_timer_reopens_with_a_fresh_countdown(timed: WorkshopSession, clock: Clock) -> None:
    """Reopened after the timer closed it, the round counts its whole time again from the new opening."""
    vote = _round(timed, 30, closes_itself=True)
    timed.start_round(vote.id)
    clock.now = START + 30
    _state_soon(timed, vote.id, RoundState.CLOSED)
    clock.now = START + 100
    assert timed.start_round(vote.id).closes_at == START + 130
    clock.now = START + 130
    _state_soon(timed, vote.id, RoundState.CLOSED)


def test_a_file_opened_after_the_moment_closes_the_round_at_once(workshop_path: Path, clock: Clock) -> None:
    """The app was closed while the countdown ran out: opening the file closes the round (read-only does not)."""
    session = WorkshopSession.create(workshop_path, title="Timed", clock=clock)
    vote = _round(session, 60, closes_itself=True)
    session.start_round(vote.id)
    session.close()
    clock.now = START + 3600
    with WorkshopSession.open(workshop_path, readonly=True) as readonly:
        assert readonly.vote_round(vote.id).state is RoundState.OPEN
    with WorkshopSession.open(workshop_path, clock=clock) as reopened:
        assert _state_soon(reopened, vote.id, RoundState.CLOSED).closed_at == START + 3600


def test_the_timer_is_checked(timed: WorkshopSession) -> None:
    """Closing by itself needs a countdown; a countdown is 1 s to 24 h; a revealed round's time is settled."""
    with pytest.raises(RuleViolation):
        _round(timed, None, closes_itself=True)
    with pytest.raises(RuleViolation):
        _round(timed, 0, closes_itself=False)
    with pytest.raises(RuleViolation):
        _round(timed, 24 * 3600 + 1, closes_itself=False)
    vote = _round(timed, 60, closes_itself=False)
    with pytest.raises(RuleViolation):
        timed.add_round_time(vote.id, 60)  # not open
    before = timed.set_round_timer(vote.id, 120, closes_itself=True)
    assert (before.duration_seconds, before.closes_itself) == (60, False)
    assert timed.vote_round(vote.id).duration_seconds == 120
    timed.start_round(vote.id)
    timed.close_round(vote.id)
    timed.reveal_round(vote.id)
    with pytest.raises(RuleViolation):
        timed.set_round_timer(vote.id, None)
