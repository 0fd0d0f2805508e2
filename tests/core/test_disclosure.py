"""The small-cell rule: counts under five hidden, and one more when a lone small one could be worked out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cocity_workshop.core.disclosure import (
    SMALL_GROUP_THRESHOLD,
    combined_counts,
    hidden_across,
    hidden_counts,
    is_small,
)
from cocity_workshop.core.model import Ballot
from cocity_workshop.core.tally import group_breakdown


def test_zero_is_not_small_and_five_is_shown() -> None:
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert SMALL_GROUP_THRESHOLD == 5


def test_a_lone_small_count_takes_the_smallest_other_with_it() -> None:
    """One group of 4: the group of 6 (the smallest other) is withheld; ties go to the earlier key."""
    hidden = hidden_counts({"a": 13, "b": 6, "c": 7, "d": 4})
    assert hidden.small == {"d"} and hidden.withheld == {"b"}
    assert hidden_counts({"a": 6, "b": 6, "c": 2}).withheld == {"a"}


def test_two_small_counts_need_no_more_hiding() -> None:
    hidden = hidden_counts({"a": 9, "b": 2, "c": 3})
    assert hidden.small == {"b", "c"} and not hidden.withheld


@given(st.dictionaries(st.integers(0, 8), st.integers(1, 20), min_size=1, max_size=8))
def test_no_small_count_is_the_total_minus_what_is_shown(counts: dict[int, int]) -> None:
    """The total minus the counts shown is never one small count on its own (unless it is the whole table)."""
    hidden = hidden_counts(counts)
    unshown = [k for k in counts if k in hidden]
    assert all(k in hidden for k in counts if is_small(counts[k]))
    if len(unshown) == 1 and len(counts) > 1:
        assert not is_small(counts[unshown[0]])


def test_tables_read_together_hide_the_same_groups() -> None:
    """Participants per group (nothing small) and a round's voters (youth 4): both hide youth and traders."""
    participants, voters = {"res": 10, "tra": 7, "you": 6}, {"res": 10, "tra": 7, "you": 4}
    assert not hidden_counts(participants).small and not hidden_counts(participants).withheld
    assert hidden_across([participants, voters]) == {"tra", "you"}
    shown_there = hidden_counts(participants, also=hidden_across([participants, voters]))
    assert shown_there.small == frozenset() and shown_there.withheld == {"tra", "you"}


def test_a_table_left_with_one_hidden_group_hides_another() -> None:
    """In a second round the youth club did not vote: hiding the traders alone there would show them as the
    total minus the residents, so the residents are hidden too, and then in every table."""
    tables = [{"res": 10, "tra": 7, "you": 6}, {"res": 10, "tra": 7, "you": 4}, {"res": 9, "tra": 6}]
    assert hidden_across(tables) == {"res", "tra", "you"}


@given(st.lists(st.dictionaries(st.integers(0, 5), st.integers(0, 12), min_size=1, max_size=6), max_size=5))
def test_no_table_of_a_set_hides_a_lone_count(tables: list[dict[int, int]]) -> None:
    """Across tables read together, every small count is hidden, a key hidden in one is hidden wherever it is
    counted, and no table hides a single count while showing others."""
    hidden = hidden_across(tables)
    for table in tables:
        counted = [k for k, n in table.items() if n > 0]
        assert all(k in hidden for k in counted if is_small(table[k]))
        unshown = [k for k in counted if k in hidden]
        assert len(unshown) != 1 or len(counted) == 1
        assert unshown == [k for k in counted if k in hidden_counts(table, also=hidden)]


def _room(sizes: dict[int, int]) -> tuple[list[Ballot], dict[int, int | None]]:
    """Ballots of a room: the group of 4 (key 4) gives idea 20 two dots, everyone else gives idea 30 one."""
    ballots, keys = [], {}
    for group, size in sizes.items():
        for _ in range(size):
            participant = len(ballots) + 1
            keys[participant] = group
            ballots.append(Ballot(1, participant, {10: 1, 20: 2} if group == 4 else {10: 2, 30: 1}))
    return ballots, keys


def _published(ballots: list[Ballot], keys: dict[int, int | None]) -> object:
    """All a reader learns: the room's dots and ballots, and the voters and dots of each group shown."""
    room: dict[int, int] = {}
    for ballot in ballots:
        for idea, dots in ballot.dots.items():
            room[idea] = room.get(idea, 0) + dots
    shown = [(g.group_id, g.voters, g.dots) for g in group_breakdown(1, ballots, keys) if not g.hidden]
    return room, len(ballots), shown


def test_a_group_of_four_cannot_be_worked_out_from_the_totals() -> None:
    """A room where the group of 4 voted otherwise publishes exactly the same numbers, so its dots are not known."""
    ballots, keys = _room({1: 13, 2: 6, 3: 7, 4: 4})
    groups = {g.group_id: g for g in group_breakdown(1, ballots, keys)}
    assert groups[4].suppressed and groups[4].dots == {} and groups[2].withheld and groups[2].dots == {}
    assert not groups[1].hidden and not groups[3].hidden
    # The same room, except that one of the four said they were in group 2: the group of 4 is now 3 people
    # with other dots, yet a reader sees the same tables.
    moved = dict(keys)
    moved[next(p for p, g in keys.items() if g == 4)] = 2
    assert _published(ballots, moved) == _published(ballots, keys)


def test_combined_counts_show_a_sum_only_when_every_part_was_shown() -> None:
    """Rooms' tables added up: a cell any room hid (or that is under five there) stays hidden in the sum; a cell a
    room does not have counts as zero; keys keep the order first seen."""
    hall_a = {"residents": 6, "business": 5, "youth": None}
    hall_b = {"residents": 7, "business": None, "did not say": 6}
    hall_c = {"residents": 5, "business": 5, "youth": 3}
    combined = combined_counts([hall_a, hall_b, hall_c])
    assert combined == {"residents": 18, "business": None, "youth": None, "did not say": 6}
    assert list(combined) == ["residents", "business", "youth", "did not say"]
    assert combined_counts([{"youth": 0}, {"youth": 5}]) == {"youth": 5}


@given(st.lists(st.dictionaries(st.sampled_from("abcd"), st.none() | st.integers(0, 40), max_size=4), max_size=4))
def test_a_combined_cell_is_shown_only_as_the_sum_of_shown_parts(tables: list[dict[str, int | None]]) -> None:
    """Whatever the tables, a shown sum is the sum of parts each shown (zero or five and more)."""
    for key, total in combined_counts(tables).items():
        parts = [t[key] for t in tables if key in t]
        if total is not None:
            assert all(p is not None and not is_small(p) for p in parts) and total == sum(p or 0 for p in parts)
        else:
            assert any(p is None or is_small(p) for p in parts)
