"""Event-wide tickets at the merge (decision 0051): a ticket used in more than one room is counted once.

A room's city bundle tags each ballot of a shared round cast with an event-wide ticket (the same tag in every
room for one ticket and round). When a tag turns up in several rooms, the ballot of the first of those rooms in
the event's order of rooms (by name, then room id) is counted and the others' are not: the laptops' clocks of
rooms run offline cannot be compared, and a bundle records no time for a ballot, so "the first use" cannot be
known; the order of the rooms is fixed and stated in the report. The rooms' own tallies stay as each room
counted them; only the event's sum leaves the other ballots out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TicketBallot:
    """A ballot of a shared round cast with an event-wide ticket: its tag and its dots (idea id, dots)."""

    tag: str
    dots: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class CountedOnce:
    """A ticket used in more than one room for a shared round: counted in ``counted_in`` only."""

    round_id: int
    counted_in: str  # the room id whose ballot counts
    not_counted_in: tuple[str, ...]  # the rooms whose ballot with the same ticket does not
    dots: tuple[tuple[int, int], ...]  # the dots left out of the event's sum (idea id, dots), by idea id

    def to_json(self) -> dict[str, Any]:
        """As ``event.json`` lists it (no tag: the rooms' bundles hold those)."""
        return {
            "round_id": self.round_id,
            "counted_in": self.counted_in,
            "not_counted_in": list(self.not_counted_in),
            "dots_not_counted": [{"idea_id": i, "dots": d} for i, d in self.dots],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CountedOnce:
        """Read ``to_json``'s output back."""
        return cls(
            round_id=int(data["round_id"]),
            counted_in=str(data["counted_in"]),
            not_counted_in=tuple(str(r) for r in data["not_counted_in"]),
            dots=tuple((int(d["idea_id"]), int(d["dots"])) for d in data["dots_not_counted"]),
        )


def find_counted_once(rooms: Sequence[tuple[str, int, Iterable[TicketBallot]]]) -> tuple[CountedOnce, ...]:
    """The tickets used in more than one room; ``rooms``: (room id, round id, its ticket ballots) with the rooms
    already in the event's order. Sorted by round, then the first room, then the rooms left out."""
    seen: dict[tuple[int, str], list[tuple[str, TicketBallot]]] = {}
    for room_id, round_id, ballots in rooms:
        for ballot in ballots:
            seen.setdefault((round_id, ballot.tag), []).append((room_id, ballot))
    found: list[CountedOnce] = []
    for (round_id, _tag), uses in seen.items():
        if len({room for room, _ballot in uses}) < 2:
            continue
        left_out = uses[1:]
        dots: Counter[int] = Counter()
        for _room, ballot in left_out:
            dots.update(dict(ballot.dots))
        found.append(
            CountedOnce(round_id, uses[0][0], tuple(room for room, _b in left_out), tuple(sorted(dots.items())))
        )
    return tuple(sorted(found, key=lambda c: (c.round_id, c.counted_in, c.not_counted_in, c.dots)))
