"""Tallies are always a recomputation of ballots and paper dots; merges carry dots over."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from cocity_workshop.core.model import Ballot, PaperDots
from cocity_workshop.core.tally import (
    SMALL_GROUP_THRESHOLD,
    competition_ranks,
    head_counts,
    ranking_key,
    resolve_merge,
    tally_round,
)

IDEAS = list(range(1, 7))
ballot_lists = st.lists(st.dictionaries(st.sampled_from(IDEAS), st.integers(1, 3), max_size=4), max_size=25)
paper_lists = st.dictionaries(st.sampled_from(IDEAS), st.integers(1, 20), max_size=6)
merge_maps = st.dictionaries(st.sampled_from(IDEAS), st.sampled_from(IDEAS), max_size=3).map(
    lambda m: {k: v for k, v in m.items() if k != v}
)


def _ballots(allocations: list[dict[int, int]]) -> list[Ballot]:
    return [Ballot(round_id=1, participant_id=i, dots=d) for i, d in enumerate(allocations)]


@given(ballot_lists, paper_lists)
def test_tally_equals_a_plain_recount(allocations: list[dict[int, int]], paper: dict[int, int]) -> None:
    """Phone dots, paper dots and ballot count equal a naive recount."""
    tally = tally_round(
        1, IDEAS, _ballots(allocations), [PaperDots(i, 1, k, v) for i, (k, v) in enumerate(paper.items())]
    )
    expected_phone: Counter[int] = Counter()
    for allocation in allocations:
        expected_phone.update(allocation)
    by_idea = tally.by_idea()
    assert tally.ballots == len(allocations)
    for idea in IDEAS:
        assert by_idea[idea].phone_dots == expected_phone[idea]
        assert by_idea[idea].paper_dots == paper.get(idea, 0)
    totals = [t.total for t in tally.ideas]
    assert totals == sorted(totals, reverse=True)


@given(ballot_lists, paper_lists, merge_maps)
def test_merging_never_loses_dots(
    allocations: list[dict[int, int]], paper: dict[int, int], merges: dict[int, int]
) -> None:
    """Whatever is merged into what, the round's total dots stay the same and merged ideas hold none."""
    ballots = _ballots(allocations)
    sheets = [PaperDots(i, 1, k, v) for i, (k, v) in enumerate(paper.items())]
    plain = tally_round(1, IDEAS, ballots, sheets)
    merged = tally_round(1, IDEAS, ballots, sheets, merged_into=merges)
    assert merged.total_dots == plain.total_dots
    for idea in merged.by_idea():
        assert resolve_merge(idea, merges) == idea


def test_merge_chains_and_cycles_resolve() -> None:
    """A chain of merges ends at the last idea; a cycle does not loop forever."""
    assert resolve_merge(1, {1: 2, 2: 3}) == 3
    assert resolve_merge(1, {1: 2, 2: 1}) in (1, 2)


def test_small_groups_are_suppressed() -> None:
    """A group with fewer than five voters is reported without its dots; so is the smallest other group."""
    ballots = [Ballot(1, p, {1: 1, 2: p % 2}) for p in range(17)]
    groups = {p: (10 if p < 5 else 20 if p < 8 else 30) for p in range(17)}  # 5, 3 and 9 voters
    tally = tally_round(1, [1, 2], ballots, participant_groups=groups)
    by_group = {g.group_id: g for g in tally.groups}
    assert by_group[20].suppressed and by_group[20].dots == {} and by_group[20].voters == 3
    assert by_group[10].withheld and by_group[10].hidden and by_group[10].dots == {}
    assert not by_group[30].hidden and by_group[30].dots == {1: 9, 2: 4}


def test_head_counts_flag_small_counts() -> None:
    """Counts under the threshold are flagged; with two small groups nothing else needs hiding."""
    counts = {c.key: c for c in head_counts([1] * SMALL_GROUP_THRESHOLD + [2] * 2 + [None])}
    assert not counts[1].hidden
    assert counts[2].suppressed and counts[None].suppressed


def test_a_lone_small_group_cannot_be_worked_out_from_the_total() -> None:
    """With exactly one small group, the smallest other group is withheld too (secondary suppression)."""
    counts = {c.key: c for c in head_counts([1] * 13 + [2] * 6 + [3] * 7 + [4] * 4)}
    assert counts[4].suppressed
    assert counts[2].withheld and counts[2].hidden and not counts[2].suppressed
    assert not counts[1].hidden and not counts[3].hidden
    published = sum(c.count for c in counts.values() if not c.hidden)
    assert 30 - published == 6 + 4, "the total minus what is published must not single out the small group"


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    """Competition ranking: 1, 2, 2, 4 (the report, the bundle, its check and the GUI all show this)."""
    assert competition_ranks([9, 5, 5, 1]) == [1, 2, 2, 4]
    assert competition_ranks([3, 3, 3]) == [1, 1, 1]
    assert competition_ranks([]) == []


def test_a_tally_ranks_by_dots_then_by_the_older_idea() -> None:
    """Equal totals keep the lower idea id first, and ``ranks`` follows the tally's order."""
    tally = tally_round(1, [4, 2, 7], [], [PaperDots(1, 1, 7, 3), PaperDots(2, 1, 4, 1), PaperDots(3, 1, 2, 1)])
    assert [t.idea_id for t in tally.ideas] == [7, 2, 4]
    assert tally.ranks() == [1, 2, 2]
    assert sorted([(4, 1), (7, 3), (2, 1)], key=lambda pair: ranking_key(*pair)) == [(7, 3), (2, 1), (4, 1)]
