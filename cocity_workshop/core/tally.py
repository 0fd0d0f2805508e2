"""Tallies, always derived from the stored ballots and paper dots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cocity_workshop.core.model import Ballot, PaperDots

#: Groups with fewer participants than this are never shown on their own.
SMALL_GROUP_THRESHOLD = 5


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
    """The dots one stakeholder group gave, or a note that the group is too small to show."""

    group_id: int | None
    voters: int
    suppressed: bool
    dots: dict[int, int]  # idea id -> dots; empty when suppressed


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
    ``participant_groups`` maps participants to their declared group for the per-group breakdown; a
    group with fewer than five voters in the round is suppressed.
    """
    merges = merged_into or {}
    phone: Counter[int] = Counter()
    group_dots: dict[int | None, Counter[int]] = {}
    group_voters: Counter[int | None] = Counter()
    ballot_count = 0
    for ballot in ballots:
        if ballot.round_id != round_id:
            continue
        ballot_count += 1
        group = (participant_groups or {}).get(ballot.participant_id)
        group_voters[group] += 1
        counter = group_dots.setdefault(group, Counter())
        for idea_id, dots in counted_dots(ballot.dots, merges, max_per_idea).items():
            phone[idea_id] += dots
            counter[idea_id] += dots
    tally = tally_from_totals(round_id, ballot_idea_ids, phone, ballot_count, paper, merges)
    if participant_groups is None:
        return tally
    groups = tuple(
        GroupTally(
            group_id=g,
            voters=group_voters[g],
            suppressed=group_voters[g] < SMALL_GROUP_THRESHOLD,
            dots={} if group_voters[g] < SMALL_GROUP_THRESHOLD else dict(group_dots[g]),
        )
        for g in sorted(group_dots, key=lambda g: (g is None, g or 0))
    )
    return RoundTally(round_id=round_id, ideas=tally.ideas, ballots=ballot_count, groups=groups)


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
        return 0 < self.count < SMALL_GROUP_THRESHOLD

    @property
    def hidden(self) -> bool:
        """Whether the number must not be published (too small, or withheld to protect a small one)."""
        return self.suppressed or self.withheld


def head_counts(keys: Iterable[int | None]) -> tuple[HeadCount, ...]:
    """Count participants per group (or age band), flagging counts that must not be published.

    Groups under five are suppressed. When exactly one group is suppressed, the smallest other group is
    withheld too, so the small one cannot be worked out by subtracting the others from the total.
    """
    counts = Counter(keys)
    ordered = sorted(counts, key=lambda k: (k is None, k or 0))
    small = [k for k in ordered if 0 < counts[k] < SMALL_GROUP_THRESHOLD]
    withheld: set[int | None] = set()
    if len(small) == 1:
        others = [k for k in ordered if counts[k] >= SMALL_GROUP_THRESHOLD]
        if others:
            withheld.add(min(others, key=lambda k: (counts[k], k is None, k or 0)))
    return tuple(HeadCount(k, counts[k], k in withheld) for k in ordered)
