"""Where a group shown placed an idea far from the room; hidden groups and "did not say" never count."""

from __future__ import annotations

from cocity_workshop.core.group_votes import DIFFERENCE_MIN, group_places, largest_difference
from cocity_workshop.core.model import PaperDots
from cocity_workshop.core.tally import GroupTally, RoundTally, tally_round

IDEAS = [1, 2, 3, 4, 5, 6, 7]


def _room() -> RoundTally:
    """Room ranking 1, 2, ..., 7 (paper dots 70, 60, ... 10)."""
    return tally_round(1, IDEAS, [], [PaperDots(i, 1, i, 80 - 10 * i) for i in IDEAS])


def _group(group_id: int | None, dots: dict[int, int], *, suppressed: bool = False) -> GroupTally:
    return GroupTally(group_id, voters=9, suppressed=suppressed, dots={} if suppressed else dots)


def test_group_places_share_a_place_and_put_ideas_without_dots_last() -> None:
    places = group_places(_room(), _group(1, {3: 5, 5: 5, 1: 2}))
    assert places[3] == places[5] == 1 and places[1] == 3
    assert {places[i] for i in (2, 4, 6, 7)} == {4}


def test_a_group_that_put_the_rooms_sixth_idea_first_is_named() -> None:
    """Group 2 gave the room's 6th idea most of its dots: 1st for it, 6th for the room."""
    groups = [_group(1, {1: 9, 2: 8, 3: 7}), _group(2, {6: 9, 1: 5, 2: 4})]
    found = largest_difference(_room(), groups)
    assert found is not None
    assert (found.group_id, found.idea_id, found.group_place, found.room_place) == (2, 6, 1, 6)
    assert found.distance == 5 and found.group_dots == 9


def test_an_idea_the_group_gave_nothing_counts_from_the_last_place() -> None:
    """The room's first idea with no dots from a group: the group put it last (after the 3 it gave dots to)."""
    found = largest_difference(_room(), [_group(1, {2: 9, 3: 8, 4: 7})])
    assert found is not None and (found.idea_id, found.group_place, found.room_place, found.group_dots) == (1, 4, 1, 0)


def test_hidden_groups_and_did_not_say_are_never_named() -> None:
    groups = [_group(1, {7: 9}, suppressed=True), _group(None, {7: 9}), _group(3, {1: 9, 2: 8, 3: 7})]
    assert largest_difference(_room(), groups) is None


def test_small_differences_are_not_worth_a_sentence() -> None:
    """A group that swapped the room's 1st and 3rd ideas is within the threshold."""
    assert DIFFERENCE_MIN == 3
    assert largest_difference(_room(), [_group(1, {3: 9, 2: 8, 1: 7, 4: 6, 5: 5})]) is None
