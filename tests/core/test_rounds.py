"""Which rounds count, which one phones see, and which one ranks ideas: one answer for every layer."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.core.rounds import (
    counted_rounds,
    deciding_round,
    is_due,
    last_revealed_round,
    open_round,
    seconds_left,
    shown_round,
    validate_duration,
)


def _round(round_id: int, state: RoundState, *, practice: bool = False, opened_at: float | None = None) -> VoteRound:
    return VoteRound(
        id=round_id, title=f"r{round_id}", idea_ids=(1, 2), state=state, is_practice=practice, opened_at=opened_at
    )


def test_counted_rounds_leave_out_practice_and_rounds_never_opened() -> None:
    """Practice rounds and drafts are not published; open, closed and revealed rounds are, oldest first."""
    rounds = [
        _round(1, RoundState.REVEALED, practice=True),
        _round(2, RoundState.DRAFT),
        _round(3, RoundState.CLOSED),
        _round(4, RoundState.OPEN),
        _round(5, RoundState.REVEALED),
    ]
    assert [r.id for r in counted_rounds(rounds)] == [3, 4, 5]
    assert counted_rounds([]) == []


def test_open_round_is_the_one_in_the_open_state() -> None:
    assert open_round([_round(1, RoundState.CLOSED), _round(2, RoundState.OPEN)]) == _round(2, RoundState.OPEN)
    assert open_round([_round(1, RoundState.CLOSED), _round(2, RoundState.DRAFT)]) is None


def test_shown_round_is_the_open_one_even_when_another_opened_later() -> None:
    rounds = [_round(1, RoundState.OPEN, opened_at=10.0), _round(2, RoundState.CLOSED, opened_at=20.0)]
    assert shown_round(rounds) == rounds[0]


def test_shown_round_without_an_open_one_is_the_last_opened_not_the_last_created() -> None:
    """A round reopened later is shown over a newer round that ran before it; drafts never are."""
    rounds = [
        _round(1, RoundState.REVEALED, opened_at=30.0),
        _round(2, RoundState.CLOSED, opened_at=20.0),
        _round(3, RoundState.DRAFT),
    ]
    assert shown_round(rounds) == rounds[0]
    assert shown_round(iter(rounds)) == rounds[0]  # any iterable, read once
    assert shown_round([_round(1, RoundState.DRAFT)]) is None


def test_shown_round_breaks_an_opening_time_tie_by_the_newer_round() -> None:
    rounds = [_round(1, RoundState.CLOSED, opened_at=5.0), _round(2, RoundState.CLOSED, opened_at=5.0)]
    assert shown_round(rounds) == rounds[1]


def test_last_revealed_round_skips_practice_and_unrevealed_rounds() -> None:
    rounds = [
        _round(1, RoundState.REVEALED),
        _round(2, RoundState.REVEALED),
        _round(3, RoundState.CLOSED),
        _round(4, RoundState.REVEALED, practice=True),
    ]
    assert last_revealed_round(rounds) == rounds[1]
    assert last_revealed_round(rounds[2:]) is None


def test_deciding_round_is_the_newest_counted_round() -> None:
    """The report leads with the round opened last, leaving out practice rounds and drafts."""
    rounds = [
        _round(1, RoundState.REVEALED, opened_at=30.0),
        _round(2, RoundState.CLOSED, opened_at=50.0),
        _round(3, RoundState.REVEALED, practice=True, opened_at=90.0),
        _round(4, RoundState.DRAFT),
    ]
    assert deciding_round(rounds) == rounds[1]
    assert deciding_round(rounds[2:]) is None


def test_a_rounds_countdown_runs_only_while_it_is_open() -> None:
    """An open round with 90 s has 30 s left at 60 s and 0 at and after 90 s; it is due then only if it closes
    itself; a draft or closed round, or one without a time limit, has no countdown."""
    timed = VoteRound(1, "r", (1,), state=RoundState.OPEN, opened_at=100.0, duration_seconds=90, closes_itself=True)
    assert timed.closes_at == 190.0
    assert seconds_left(timed, 160.0) == 30.0 and seconds_left(timed, 200.0) == 0.0
    assert not is_due(timed, 189.9) and is_due(timed, 190.0)
    soft = VoteRound(2, "r", (1,), state=RoundState.OPEN, opened_at=100.0, duration_seconds=90)
    assert not is_due(soft, 500.0) and seconds_left(soft, 500.0) == 0.0
    for other in (
        VoteRound(3, "r", (1,), state=RoundState.CLOSED, opened_at=100.0, duration_seconds=90, closes_itself=True),
        VoteRound(4, "r", (1,), state=RoundState.OPEN, opened_at=100.0),
    ):
        assert other.closes_at is None and seconds_left(other, 150.0) is None and not is_due(other, 1e12)


def test_a_time_limit_is_checked() -> None:
    """1 s to 24 h; closing by itself needs a time limit."""
    validate_duration(None, False)
    validate_duration(1, True)
    validate_duration(24 * 3600, False)
    for seconds, closes in ((None, True), (0, False), (24 * 3600 + 1, False), (-5, True)):
        with pytest.raises(RuleViolation):
            validate_duration(seconds, closes)
