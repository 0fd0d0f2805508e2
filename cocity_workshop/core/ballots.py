"""The rules of a dot-voting ballot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from cocity_workshop.core.errors import DomainError, InvalidInput, RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.core.tally import resolve_merge


def check_round_accepts_ballots(vote_round: VoteRound, now: float | None = None) -> None:
    """Raise unless ``vote_round`` is open for voting (at ``now``: a round that closes itself takes no ballot
    after its countdown, even in the moment before the app's timer closed it)."""
    if vote_round.state is not RoundState.OPEN:
        if vote_round.state is RoundState.DRAFT:
            raise RuleViolation("This vote round has not started yet.")
        raise RuleViolation("This vote round is closed; your earlier ballot still counts.")
    if now is not None and vote_round.closes_itself:
        closes_at = vote_round.closes_at
        if closes_at is not None and now >= closes_at:
            raise RuleViolation("This vote round is closed; your earlier ballot still counts.")


class RoundRules(Protocol):
    """What a ballot is checked against: a ``VoteRound``, or a round's method as a bundle publishes it."""

    @property
    def idea_ids(self) -> Sequence[int]: ...
    @property
    def dots_per_participant(self) -> int: ...
    @property
    def max_per_idea(self) -> int: ...


@dataclass(frozen=True)
class PublishedRules:
    """A round's ballot rules read from a bundle's ``results.json``."""

    idea_ids: tuple[int, ...]
    dots_per_participant: int
    max_per_idea: int


@dataclass(frozen=True)
class BallotProblem:
    """A stored ballot that breaks its round's rules (the ballot's place in the list checked, from 1)."""

    round_id: int
    ballot: int
    error: DomainError

    @property
    def reason(self) -> str:
        """Why, in the current language."""
        return str(self.error)


def ballot_problems(round_id: int, rules: RoundRules, ballots: Iterable[Mapping[int, int]]) -> list[BallotProblem]:
    """Check stored ballots against their round's rules, as they were when cast: the one check that
    ``check``, the report and ``verify`` share (merges are the tally's business, ``tally.counted_dots``).
    """
    problems = []
    for number, dots in enumerate(ballots, start=1):
        try:
            validate_allocation(rules, dots)
        except DomainError as error:
            problems.append(BallotProblem(round_id, number, error))
    return problems


def validate_allocation(
    vote_round: RoundRules,
    dots: Mapping[int, int],
    *,
    merged_into: Mapping[int, int] | None = None,
    hidden: Mapping[int, str] | None = None,
    kept: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Check a participant's whole allocation against the round and return it without zero entries.

    The allocation may spend fewer dots than the budget (a participant may keep some), but never more,
    never more than the per-idea cap on one idea, and only on ideas that are on the ballot. Ideas merged
    into one (``merged_into``) share its cap. An idea taken off the board (``hidden``: id -> title, also
    when the idea it was merged into is hidden) takes no new dots: at most the ``kept`` dots this
    participant's stored ballot already gives it (decision 0020).
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
    _check_merges_and_hidden(vote_round, allocation, merged_into or {}, hidden or {}, kept or {})
    spent = sum(allocation.values())
    if spent > vote_round.dots_per_participant:
        raise RuleViolation(
            "This ballot spends {spent} dots; each participant has {count}.",
            plural="This ballot spends {spent} dots; each participant has {count}.",
            count=vote_round.dots_per_participant,
            spent=spent,
        )
    return allocation


def _check_merges_and_hidden(
    vote_round: RoundRules,
    allocation: Mapping[int, int],
    merged_into: Mapping[int, int],
    hidden: Mapping[int, str],
    kept: Mapping[int, int],
) -> None:
    per_target: dict[int, int] = {}
    for idea_id, count in allocation.items():
        target = resolve_merge(idea_id, merged_into)
        per_target[target] = per_target.get(target, 0) + count
        title = hidden.get(idea_id, hidden.get(target))
        if title is not None and count > kept.get(idea_id, 0):
            raise RuleViolation("\u201c{title}\u201d is no longer on the ballot: it takes no more dots.", title=title)
    for target, count in per_target.items():
        if count > vote_round.max_per_idea:
            raise RuleViolation(
                "This ballot gives {given} dots to idea {idea} and the ideas merged into it; "
                "the limit is {count} dot per idea.",
                plural="This ballot gives {given} dots to idea {idea} and the ideas merged into it; "
                "the limit is {count} dots per idea.",
                count=vote_round.max_per_idea,
                given=count,
                idea=target,
            )


def validate_round_settings(dots_per_participant: int, max_per_idea: int, idea_count: int) -> None:
    """Raise when a round's settings cannot make a sensible ballot."""
    if not 1 <= dots_per_participant <= 50:
        raise InvalidInput("Each participant needs between 1 and 50 dots.")
    if not 1 <= max_per_idea <= dots_per_participant:
        raise InvalidInput("The dots allowed per idea must be between 1 and the dots each participant has.")
    if idea_count < 1:
        raise InvalidInput("Put at least one idea on the ballot.")
