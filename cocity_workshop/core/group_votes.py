"""How each stakeholder group (or age band) voted in a round, and where one ranked an idea far from the room.

The report and the bundle publish the same breakdown (``core.tally.group_breakdown``, with the small-cell rule
of ``core.disclosure``); this module says which idea a group shown placed furthest from the room's ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cocity_workshop.core.tally import GroupTally, RoundTally, competition_ranks, ranking_key

#: Ideas considered for "where a group differs": the top of the room's ranking and of each group's.
DIFFERENCE_TOP = 5
#: A group's place for an idea must be at least this many places from the room's to be worth a sentence.
DIFFERENCE_MIN = 3


class Breakdown(StrEnum):
    """What participants are grouped by (the values are the bundle's ``category`` column)."""

    GROUP = "stakeholder_group"
    AGE_BAND = "age_band"


@dataclass(frozen=True)
class GroupDifference:
    """One group's place for one idea against the room's (places as the ranking gives them: ties share)."""

    group_id: int
    idea_id: int
    group_place: int
    room_place: int
    group_dots: int

    @property
    def distance(self) -> int:
        """How many places apart the group and the room put the idea."""
        return abs(self.group_place - self.room_place)


def group_places(tally: RoundTally, group: GroupTally) -> dict[int, int]:
    """Each of the round's ideas' place by the group's own dots (ideas it gave nothing share the last place)."""
    ranked = sorted(tally.ideas, key=lambda t: ranking_key(t.idea_id, group.dots.get(t.idea_id, 0)))
    places = competition_ranks([group.dots.get(t.idea_id, 0) for t in ranked])
    return {t.idea_id: place for t, place in zip(ranked, places, strict=True)}


def largest_difference(tally: RoundTally, groups: Sequence[GroupTally]) -> GroupDifference | None:
    """The idea a shown group placed furthest from the room, among the room's and each group's top ideas.

    Groups that are hidden, or whose members did not say (``group_id`` None), are left out. ``None`` when no
    group placed any such idea ``DIFFERENCE_MIN`` or more places from the room. Ties go to the idea higher in
    the room's ranking, then to the group listed first.
    """
    room = dict(zip((t.idea_id for t in tally.ideas), tally.ranks(), strict=True))
    room_top = [t.idea_id for t in tally.ideas[:DIFFERENCE_TOP]]
    best: tuple[tuple[int, int, int], GroupDifference] | None = None
    for order, group in enumerate(groups):
        if group.hidden or group.group_id is None or not group.dots:
            continue
        places = group_places(tally, group)
        own_top = [i for i, place in places.items() if place <= DIFFERENCE_TOP and group.dots.get(i, 0) > 0]
        for idea_id in dict.fromkeys([*room_top, *own_top]):
            found = GroupDifference(group.group_id, idea_id, places[idea_id], room[idea_id], group.dots.get(idea_id, 0))
            key = (-found.distance, min(found.room_place, found.group_place), order)
            if found.distance >= DIFFERENCE_MIN and (best is None or key < best[0]):
                best = (key, found)
    return best[1] if best else None
