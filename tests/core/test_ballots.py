"""Ballot rules: budget, per-idea cap, ideas on the ballot, round state."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocity_workshop.core.ballots import check_round_accepts_ballots, validate_allocation, validate_round_settings
from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound

ROUND = VoteRound(id=1, title="R", idea_ids=(1, 2, 3, 4), dots_per_participant=5, max_per_idea=3, state=RoundState.OPEN)

allocations = st.dictionaries(st.integers(0, 6), st.integers(0, 7), max_size=6)


@given(allocations)
def test_accepted_allocations_respect_budget_cap_and_ballot(dots: dict[int, int]) -> None:
    """Whatever is accepted stays within the budget and cap and names only ideas on the ballot."""
    try:
        accepted = validate_allocation(ROUND, dots)
    except (RuleViolation, InvalidInput):
        over_budget = sum(dots.values()) > ROUND.dots_per_participant
        over_cap = any(v > ROUND.max_per_idea for v in dots.values())
        off_ballot = any(k not in ROUND.idea_ids and v > 0 for k, v in dots.items())
        assert over_budget or over_cap or off_ballot
        return
    assert sum(accepted.values()) <= ROUND.dots_per_participant
    assert all(0 < v <= ROUND.max_per_idea for v in accepted.values())
    assert set(accepted) <= set(ROUND.idea_ids)
    assert accepted == {k: v for k, v in dots.items() if v}


def test_over_budget_message_names_spent_and_budget() -> None:
    """The facilitator-readable message says how many dots were spent and how many each has."""
    with pytest.raises(RuleViolation) as caught:
        validate_allocation(ROUND, {1: 3, 2: 2, 3: 1})
    assert str(caught.value) == "This ballot spends 6 dots; each participant has 5."


def test_over_budget_message_in_czech_uses_the_right_plural() -> None:
    """Czech has three plural forms; the message picks the one for the budget."""
    three = VoteRound(id=1, title="R", idea_ids=(1, 2), dots_per_participant=3, max_per_idea=2, state=RoundState.OPEN)
    with pytest.raises(RuleViolation) as caught:
        validate_allocation(three, {1: 2, 2: 2})
    assert caught.value.message("cs") == "V tomto hlasu je teček: 4; každý účastník má 3 tečky."


def test_cap_and_foreign_idea_and_negative_are_refused() -> None:
    """Over the cap, an idea not on the ballot and negative dots are each refused."""
    with pytest.raises(RuleViolation, match="limit is 3 dots per idea"):
        validate_allocation(ROUND, {1: 4})
    with pytest.raises(RuleViolation, match="not on this ballot"):
        validate_allocation(ROUND, {9: 1})
    with pytest.raises(InvalidInput):
        validate_allocation(ROUND, {1: -1})
    with pytest.raises(InvalidInput):
        validate_allocation(ROUND, {1: True})  # type: ignore[dict-item]


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.CLOSED, RoundState.REVEALED])
def test_only_open_rounds_take_ballots(state: RoundState) -> None:
    """Draft, closed and revealed rounds refuse ballots."""
    with pytest.raises(RuleViolation):
        check_round_accepts_ballots(VoteRound(id=1, title="R", idea_ids=(1,), state=state))


def test_round_settings_are_checked() -> None:
    """Impossible settings are refused with a clear error."""
    validate_round_settings(5, 3, 2)
    for dots, cap, ideas in [(0, 1, 1), (5, 6, 1), (5, 0, 1), (5, 3, 0), (51, 1, 1)]:
        with pytest.raises(InvalidInput):
            validate_round_settings(dots, cap, ideas)
