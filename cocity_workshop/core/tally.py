"""Tallies, always derived from the stored ballots and paper dots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from cocity_workshop.core.disclosure import SMALL_GROUP_THRESHOLD, hidden_counts, is_small
from cocity_workshop.core.model import Ballot, PaperDots

__all__ = ["SMALL_GROUP_THRESHOLD"]  # also imported from here


@dataclass(frozen=True)
class IdeaTally:
    """The dots one idea received in one round."""

    idea_id: int
    phone_dots: int
    paper_dots: int

    @property
    def total(self) -> int:
        """Phone and paper dots together."""
        return self.phone_dots + self.paper_dots


@dataclass(frozen=True)
class GroupTally:
    """The dots one stakeholder group (or age band) gave in a round, or a note that they must not be shown.

    ``suppressed``: fewer than five voters; ``withheld``: enough voters, hidden so that a suppressed group's
    dots cannot be worked out from the round's dots from phones (``core.disclosure``).
    """

    group_id: int | None
    voters: int
    suppressed: bool
    dots: dict[int, int]  # idea id -> dots; empty when hidden
    withheld: bool = False

    @property
    def hidden(self) -> bool:
        """Whether neither the voters nor the dots may be published."""
        return self.suppressed or self.withheld


@dataclass(frozen=True)
class RoundTally:
    """The result of one vote round."""

    round_id: int
    ideas: tuple[IdeaTally, ...]  # ranked: most dots first, then idea id
    ballots: int
    groups: tuple[GroupTally, ...] = ()

    def by_idea(self) -> dict[int, IdeaTally]:
        """The tallies keyed by idea id."""
        return {t.idea_id: t for t in self.ideas}

    def ranks(self) -> list[int]:
        """Each idea's place, in the order of ``ideas`` (ties share a place: 1, 2, 2, 4)."""
        return competition_ranks([t.total for t in self.ideas])

    @property
    def total_dots(self) -> int:
        """All dots counted in the round."""
        return sum(t.total for t in self.ideas)


def ranking_key(idea_id: int, total: int) -> tuple[int, int]:
    """How ideas are ranked in a round: most dots first, then the older idea (the lower id)."""
    return (-total, idea_id)


def competition_ranks(totals: Sequence[int]) -> list[int]:
    """Places for totals already in ranking order; equal totals share a place (1, 2, 2, 4)."""
    ranks: list[int] = []
    for index, total in enumerate(totals):
        if index and total == totals[index - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(index + 1)
    return ranks


def resolve_merge(idea_id: int, merged_into: Mapping[int, int]) -> int:
    """Follow merges to the idea that finally holds ``idea_id``'s dots (cycles are stopped)."""
    seen = {idea_id}
    while idea_id in merged_into:
        idea_id = merged_into[idea_id]
        if idea_id in seen:
            break
        seen.add(idea_id)
    return idea_id


def counted_dots(dots: Mapping[int, int], merged_into: Mapping[int, int], max_per_idea: int | None) -> dict[int, int]:
    """What one ballot gives each idea once merges are followed: the dots of ideas merged into one are
    added, and never more than ``max_per_idea`` (a ballot cast before the merge may hold more; decision 0020).
    """
    counted: dict[int, int] = {}
    for idea_id, count in dots.items():
        target = resolve_merge(idea_id, merged_into)
        counted[target] = counted.get(target, 0) + count
    if max_per_idea is not None:
        counted = {k: min(v, max_per_idea) for k, v in counted.items()}
    return counted


def tally_round(
    round_id: int,
    ballot_idea_ids: Iterable[int],
    ballots: Iterable[Ballot],
    paper: Iterable[PaperDots] = (),
    merged_into: Mapping[int, int] | None = None,
    participant_groups: Mapping[int, int | None] | None = None,
    max_per_idea: int | None = None,
) -> RoundTally:
    """Count a round from its ballots and paper dots.

    ``merged_into`` maps a merged idea to the idea it was merged into: its dots count for that idea, and
    with ``max_per_idea`` one ballot gives the merged idea at most that many (``counted_dots``).
    ``participant_groups`` maps participants to their declared group for the per-group breakdown
    (``group_breakdown``).
    """
    merges = merged_into or {}
    mine = [b for b in ballots if b.round_id == round_id]
    phone: Counter[int] = Counter()
    for ballot in mine:
        phone.update(counted_dots(ballot.dots, merges, max_per_idea))
    tally = tally_from_totals(round_id, ballot_idea_ids, phone, len(mine), paper, merges)
    if participant_groups is None:
        return tally
    groups = group_breakdown(round_id, mine, participant_groups, merges, max_per_idea)
    return RoundTally(round_id=round_id, ideas=tally.ideas, ballots=len(mine), groups=groups)


def group_breakdown(
    round_id: int,
    ballots: Iterable[Ballot],
    keys: Mapping[int, int | None],
    merged_into: Mapping[int, int] | None = None,
    max_per_idea: int | None = None,
    also_hidden: AbstractSet[int | None] = frozenset(),
) -> tuple[GroupTally, ...]:
    """A round's phone dots per group: ``keys`` maps each participant to a group or age band (``None`` = did
    not say). Groups come in id order, "did not say" last; the hidden ones carry no dots (``core.disclosure``;
    ``also_hidden``: groups hidden in a table read with this one, ``hidden_across``).
    """
    merges = merged_into or {}
    group_dots: dict[int | None, Counter[int]] = {}
    voters: Counter[int | None] = Counter()
    for ballot in ballots:
        if ballot.round_id != round_id:
            continue
        key = keys.get(ballot.participant_id)
        voters[key] += 1
        group_dots.setdefault(key, Counter()).update(counted_dots(ballot.dots, merges, max_per_idea))
    ordered = sorted(voters, key=lambda k: (k is None, k or 0))
    hidden = hidden_counts({k: voters[k] for k in ordered}, also=also_hidden)
    return tuple(
        GroupTally(
            group_id=k,
            voters=voters[k],
            suppressed=is_small(voters[k]),
            dots={} if k in hidden else dict(group_dots[k]),
            withheld=k in hidden.withheld,
        )
        for k in ordered
    )


def tally_from_totals(
    round_id: int,
    ballot_idea_ids: Iterable[int],
    phone_dots: Mapping[int, int],
    ballot_count: int,
    paper: Iterable[PaperDots] = (),
    merged_into: Mapping[int, int] | None = None,
) -> RoundTally:
    """Rank a round from phone dots already summed per idea (as the ballots hold them) and paper dots."""
    merges = merged_into or {}
    phone: Counter[int] = Counter()
    for idea_id, dots in phone_dots.items():
        phone[resolve_merge(idea_id, merges)] += dots
    paper_count: Counter[int] = Counter()
    for sheet in paper:
        if sheet.round_id == round_id:
            paper_count[resolve_merge(sheet.idea_id, merges)] += sheet.count
    ideas = {resolve_merge(i, merges) for i in ballot_idea_ids} | set(phone) | set(paper_count)
    ranked = sorted(
        (IdeaTally(i, phone[i], paper_count[i]) for i in ideas),
        key=lambda t: ranking_key(t.idea_id, t.total),
    )
    return RoundTally(round_id=round_id, ideas=tuple(ranked), ballots=ballot_count)


@dataclass(frozen=True)
class HeadCount:
    """How many took part in one category, or that it is too small to say.

    ``withheld`` marks a count that is large enough but hidden anyway, because with the total it would
    reveal the one small group (secondary suppression).
    """

    key: int | None
    count: int
    withheld: bool = False

    @property
    def suppressed(self) -> bool:
        """Whether the count is shown only as "fewer than 5"."""
        return is_small(self.count)

    @property
    def hidden(self) -> bool:
        """Whether the number must not be published (too small, or withheld to protect a small one)."""
        return self.suppressed or self.withheld


def head_counts(
    keys: Iterable[int | None], also_hidden: AbstractSet[int | None] = frozenset()
) -> tuple[HeadCount, ...]:
    """Count participants per group (or age band), flagging counts that must not be published.

    Groups under five are suppressed; when exactly one is, the smallest other group is withheld too; so are
    ``also_hidden``, the groups hidden in a table read with this one (``core.disclosure``).
    """
    counts = Counter(keys)
    ordered = sorted(counts, key=lambda k: (k is None, k or 0))
    hidden = hidden_counts({k: counts[k] for k in ordered}, also=also_hidden)
    return tuple(HeadCount(k, counts[k], k in hidden.withheld) for k in ordered)
