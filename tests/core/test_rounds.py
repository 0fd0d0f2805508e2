"""Which rounds count, which one phones see, and which one ranks ideas: one answer for every layer."""

from __future__ import annotations

from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.core.rounds import counted_rounds, deciding_round, last_revealed_round, open_round, shown_round


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
