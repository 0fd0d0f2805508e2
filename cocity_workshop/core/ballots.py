"""The rules of a dot-voting ballot."""

from __future__ import annotations

from collections.abc import Mapping

from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound


def check_round_accepts_ballots(vote_round: VoteRound) -> None:
    """Raise unless ``vote_round`` is open for voting."""
    if vote_round.state is not RoundState.OPEN:
        if vote_round.state is RoundState.DRAFT:
            raise RuleViolation("This vote round has not started yet.")
        raise RuleViolation("This vote round is closed; your earlier ballot still counts.")


def validate_allocation(vote_round: VoteRound, dots: Mapping[int, int]) -> dict[int, int]:
    """Check a participant's whole allocation against the round and return it without zero entries.

    The allocation may spend fewer dots than the budget (a participant may keep some), but never more,
    never more than the per-idea cap on one idea, and only on ideas that are on the ballot.
    """
    allocation: dict[int, int] = {}
    on_ballot = set(vote_round.idea_ids)
    for idea_id, count in dots.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise InvalidInput("Dots must be whole numbers of zero or more.")
        if count == 0:
            continue
        if idea_id not in on_ballot:
            raise RuleViolation("Idea {idea} is not on this ballot.", idea=idea_id)
        if count > vote_round.max_per_idea:
            raise RuleViolation(
                "This ballot gives {given} dots to one idea; the limit is {count} dot per idea.",
                plural="This ballot gives {given} dots to one idea; the limit is {count} dots per idea.",
                count=vote_round.max_per_idea,
                given=count,
            )
        allocation[idea_id] = count
    spent = sum(allocation.values())
    if spent > vote_round.dots_per_participant:
        raise RuleViolation(
            "This ballot spends {spent} dots; each participant has {count}.",
            plural="This ballot spends {spent} dots; each participant has {count}.",
            count=vote_round.dots_per_participant,
            spent=spent,
        )
    return allocation


def validate_round_settings(dots_per_participant: int, max_per_idea: int, idea_count: int) -> None:
    """Raise when a round's settings cannot make a sensible ballot."""
    if not 1 <= dots_per_participant <= 50:
        raise InvalidInput("Each participant needs between 1 and 50 dots.")
    if not 1 <= max_per_idea <= dots_per_participant:
        raise InvalidInput("The dots allowed per idea must be between 1 and the dots each participant has.")
    if idea_count < 1:
        raise InvalidInput("Put at least one idea on the ballot.")
