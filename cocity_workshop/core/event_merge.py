"""The merge of an event's rooms (decision 0051): one rule for the merge that writes an event bundle and the
verifier that checks one.

Rooms come in any order and always give the same result: they are taken in the order of their names, then
room ids. A room's bundle must come from this event file: its action log goes on from one of the event's log
entries (the ``room_created`` entry's previous hash), so a bundle that only claims the event's id is refused. A
shared round is summed over the rooms that ran it (phone and paper dots per idea, ballots); a room's own
ideas and rounds stay that room's. Participation is added up cell by cell by ``core.disclosure``'s rule. The
event's fingerprint chains the event's definition and every room's fingerprint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cocity_workshop.core.actionlog import canonical_json, sha256_hex
from cocity_workshop.core.disclosure import combined_counts
from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.event import EventInfo, EventRole
from cocity_workshop.core.event_tickets import CountedOnce, TicketBallot, find_counted_once
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import competition_ranks, ranking_key

#: The first line of what the event's fingerprint is chained from (a stored format: never change it).
FINGERPRINT_FORMAT = "cocity-event/1"


class MergeRefused(DomainError):
    """A room's bundle cannot be merged into this event (another event's, a room twice, a changed bundle)."""

    code = "merge_refused"


@dataclass(frozen=True)
class SharedIdea:
    """An idea the event gave every room."""

    idea_id: int
    title: str
    description: str = ""
    theme: str = ""


@dataclass(frozen=True)
class SharedRound:
    """A vote round the event gave every room: the same ballot and rules in each."""

    round_id: int
    title: str
    idea_ids: tuple[int, ...]
    dots_per_participant: int
    max_per_idea: int

    def rules(self) -> tuple[str, tuple[int, ...], int, int]:
        """What a room's copy of the round must have the same of."""
        return (self.title, self.idea_ids, self.dots_per_participant, self.max_per_idea)


@dataclass(frozen=True)
class EventDefinition:
    """What the event file says every room shares, as far as the merge needs it."""

    event_id: str
    title: str
    city: str
    date: str
    language: str
    licence: str
    ideas: tuple[SharedIdea, ...]
    rounds: tuple[SharedRound, ...]
    log_hashes: tuple[str, ...] = ()  # the event file's action log: a room's file was made after one of them

    @classmethod
    def from_snapshot(cls, snapshot: WorkshopSnapshot) -> EventDefinition:
        """The definition of the event file ``snapshot`` was taken of (refused for any other file)."""
        event = snapshot.event
        if event is None or event.role is not EventRole.EVENT:
            raise MergeRefused("Rooms are merged into the event's own file; this is not an event file.")
        workshop = snapshot.workshop
        return cls(
            event_id=event.event_id,
            title=workshop.title,
            city=workshop.city,
            date=workshop.date,
            language=workshop.language,
            licence=workshop.data_licence,
            ideas=tuple(
                SharedIdea(i.id, i.title, i.description, i.theme)
                for i in snapshot.ideas
                if i.status is not IdeaStatus.MERGED
            ),
            rounds=tuple(
                SharedRound(r.id, r.title, r.idea_ids, r.dots_per_participant, r.max_per_idea)
                for r in snapshot.rounds
                if not r.is_practice
            ),
            log_hashes=tuple(e.hash for e in snapshot.log),
        )

    def to_json(self) -> dict[str, Any]:
        """The definition as the event bundle's ``event.json`` carries it."""
        return {
            "event_id": self.event_id,
            "title": self.title,
            "city": self.city,
            "date": self.date,
            "language": self.language,
            "licence": self.licence,
            "ideas": [
                {"idea_id": i.idea_id, "title": i.title, "description": i.description, "theme": i.theme}
                for i in self.ideas
            ],
            "rounds": [
                {
                    "round_id": r.round_id,
                    "title": r.title,
                    "idea_ids": list(r.idea_ids),
                    "dots_per_participant": r.dots_per_participant,
                    "max_per_idea": r.max_per_idea,
                }
                for r in self.rounds
            ],
            "log_hashes": list(self.log_hashes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventDefinition:
        """Read ``to_json``'s output back."""
        return cls(
            event_id=str(data["event_id"]),
            title=str(data["title"]),
            city=str(data.get("city", "")),
            date=str(data.get("date", "")),
            language=str(data.get("language", "en")),
            licence=str(data["licence"]),
            ideas=tuple(
                SharedIdea(int(i["idea_id"]), str(i["title"]), str(i["description"]), str(i["theme"]))
                for i in data["ideas"]
            ),
            rounds=tuple(
                SharedRound(
                    int(r["round_id"]),
                    str(r["title"]),
                    tuple(int(n) for n in r["idea_ids"]),
                    int(r["dots_per_participant"]),
                    int(r["max_per_idea"]),
                )
                for r in data["rounds"]
            ),
            log_hashes=tuple(str(h) for h in data.get("log_hashes", [])),
        )

    def digest(self) -> str:
        """SHA-256 of the definition's canonical JSON (the start of the event's fingerprint)."""
        return sha256_hex(canonical_json(self.to_json()))


@dataclass(frozen=True)
class IdeaCount:
    """The dots one idea got in one round (of a room, or of the event)."""

    idea_id: int
    title: str
    phone_dots: int
    paper_dots: int

    @property
    def total(self) -> int:
        """Phone and paper dots together."""
        return self.phone_dots + self.paper_dots


@dataclass(frozen=True)
class RoomRound:
    """One counted round of a room, as its bundle published it."""

    round_id: int
    title: str
    state: str
    dots_per_participant: int
    max_per_idea: int
    idea_ids: tuple[int, ...]
    ballots: int
    counts: tuple[IdeaCount, ...]  # ranked
    ticket_ballots: tuple[TicketBallot, ...] = ()  # in a shared round: those cast with an event-wide ticket

    def rules(self) -> tuple[str, tuple[int, ...], int, int]:
        """What must equal the event's round for this to be that round."""
        return (self.title, self.idea_ids, self.dots_per_participant, self.max_per_idea)


@dataclass(frozen=True)
class RoomIdea:
    """One idea a room showed (a row of its ``ideas.csv``)."""

    idea_id: int
    title: str
    description: str
    theme: str
    origin: str
    cluster: str
    merged_duplicates: int
    photos: int


@dataclass(frozen=True)
class Cell:
    """People in one stakeholder group or age band; ``None`` when not published."""

    category: str
    name: str
    people: int | None


@dataclass(frozen=True)
class RoomResult:
    """What one room's verified bundle says, for the merge; ``source`` names the bundle in messages."""

    source: str
    room: EventInfo
    fingerprint: str
    log_entries: int
    created: str
    made_from: str  # the event's log hash the room's file was made after (room_created's previous hash)
    participants: int
    shared_idea_ids: tuple[int, ...]
    hidden_shared_ideas: tuple[int, ...]
    shared_round_ids: tuple[int, ...]
    rounds: tuple[RoomRound, ...]
    ideas: tuple[RoomIdea, ...]
    participation: tuple[Cell, ...]

    @property
    def room_id(self) -> str:
        """The room's id."""
        return self.room.room_id

    @property
    def name(self) -> str:
        """The room's name."""
        return self.room.room_name

    def own_rounds(self) -> list[RoomRound]:
        """The rounds this room added itself."""
        return [r for r in self.rounds if r.round_id not in self.shared_round_ids]

    def own_ideas(self) -> list[RoomIdea]:
        """The ideas this room added itself (and showed)."""
        return [i for i in self.ideas if i.idea_id not in self.shared_idea_ids]

    def shared_round(self, round_id: int) -> RoomRound | None:
        """This room's count of the event's round ``round_id``, if it ran it."""
        if round_id not in self.shared_round_ids:
            return None
        return next((r for r in self.rounds if r.round_id == round_id), None)


@dataclass(frozen=True)
class SharedTally:
    """A shared round summed over the rooms, with each room's own count beside it."""

    round: SharedRound
    ideas: tuple[IdeaCount, ...]  # ranked: most dots first, then the lower idea id
    ballots: int  # counted: the rooms' ballots but those of tickets counted in another room
    rooms: tuple[tuple[RoomResult, RoomRound | None], ...]  # every room, in the rooms' order; None: not run
    not_counted: int = 0  # ballots of a ticket already counted in another room

    def ranks(self) -> list[int]:
        """Each idea's place, in the order of ``ideas`` (ties share a place)."""
        return competition_ranks([c.total for c in self.ideas])

    @property
    def ran_in(self) -> int:
        """How many rooms ran the round."""
        return sum(1 for _room, counted in self.rooms if counted is not None)


@dataclass(frozen=True)
class EventResult:
    """The event's merged result."""

    definition: EventDefinition
    rooms: tuple[RoomResult, ...]  # in order of name, then room id
    shared: tuple[SharedTally, ...]  # the shared rounds at least one room ran, in the event's order
    participation: tuple[Cell, ...]  # the rooms' cells added up
    fingerprint: str
    counted_once: tuple[CountedOnce, ...] = ()  # tickets used in more than one room

    @property
    def participants(self) -> int:
        """Phones that joined a room, over every room (a ticket used in two rooms is two phones)."""
        return sum(r.participants for r in self.rooms)

    @property
    def created(self) -> str:
        """When the newest room bundle was written (so the event bundle is the same for the same rooms)."""
        return max((r.created for r in self.rooms), default="")

    def hidden_in(self, idea_id: int) -> list[RoomResult]:
        """The rooms that hid the shared idea ``idea_id``."""
        return [r for r in self.rooms if idea_id in r.hidden_shared_ideas]


def event_fingerprint(
    definition: EventDefinition, rooms: Iterable[tuple[str, str]], counted_once: Sequence[CountedOnce] = ()
) -> str:
    """The event's fingerprint: the definition's digest, then each (room id, room fingerprint) in room-id order,
    each step the SHA-256 of the step before and the next room; last, when a ticket was used in two rooms, the
    digest of the tickets counted once (so a changed adjustment changes the fingerprint too)."""
    head = sha256_hex(f"{FINGERPRINT_FORMAT}\n{definition.event_id}\n{definition.digest()}")
    for room_id, room_fingerprint in sorted(rooms):
        head = sha256_hex(f"{head}\n{room_id}\n{room_fingerprint}")
    if counted_once:
        digest = sha256_hex(canonical_json({"counted_once": [c.to_json() for c in counted_once]}))
        head = sha256_hex(f"{head}\ncounted-once\n{digest}")
    return head


def merge_rooms(
    definition: EventDefinition,
    rooms: Iterable[RoomResult],
    counted_once: Sequence[CountedOnce] | None = None,
    *,
    check_origin: bool = True,
) -> EventResult:
    """Merge the rooms' results into the event's; ``MergeRefused`` for a room that is not one of its own.

    ``counted_once``: the tickets used in more than one room, found from the rooms' tagged ballots unless given,
    and ``check_origin`` false: for checking a public event bundle, whose rooms' public bundles have no ballots
    and no action log (the city's event bundle has both)."""
    ordered = sorted(rooms, key=lambda r: (r.name, r.room_id, r.source))
    if not ordered:
        raise MergeRefused("There is no room's bundle to merge.")
    seen: dict[str, RoomResult] = {}
    for room in ordered:
        _check_room(definition, room, check_origin)
        first = seen.setdefault(room.room_id, room)
        if first is not room:
            raise MergeRefused(
                "{source} is the room “{name}” again: {other} is the same room.",
                source=room.source,
                name=room.name,
                other=first.source,
            )
    if counted_once is None:
        counted_once = find_counted_once(
            [(room.room_id, r.round_id, r.ticket_ballots) for room in ordered for r in room.rounds]
        )
    once = tuple(counted_once)
    shared = tuple(t for t in (_shared_tally(r, ordered, definition, once) for r in definition.rounds) if t.ran_in)
    tables = [{(c.category, c.name): c.people for c in room.participation} for room in ordered]
    participation = tuple(Cell(k[0], k[1], v) for k, v in combined_counts(tables).items())
    fingerprint = event_fingerprint(definition, ((r.room_id, r.fingerprint) for r in ordered), once)
    return EventResult(definition, tuple(ordered), shared, participation, fingerprint, once)


def _check_room(definition: EventDefinition, room: RoomResult, check_origin: bool) -> None:
    if room.room.event_id != definition.event_id:
        raise MergeRefused(
            "{source} is a room of another event, not of “{title}”.", source=room.source, title=definition.title
        )
    if check_origin and definition.log_hashes and room.made_from not in definition.log_hashes:
        raise MergeRefused(
            "{source} names this event, but its file was not made from this event file.", source=room.source
        )
    rounds = {r.round_id: r for r in definition.rounds}
    ideas = {i.idea_id for i in definition.ideas}
    for idea_id in room.shared_idea_ids:
        if idea_id not in ideas:
            raise MergeRefused(
                "{source}: idea {id} is marked shared, but the event has no such idea.", source=room.source, id=idea_id
            )
    for round_id in room.shared_round_ids:
        event_round = rounds.get(round_id)
        if event_round is None:
            raise MergeRefused(
                "{source}: round {id} is marked shared, but the event has no such round.",
                source=room.source,
                id=round_id,
            )
        counted = room.shared_round(round_id)
        if counted is not None and counted.rules() != event_round.rules():
            raise MergeRefused(
                "{source}: its round “{title}” is not the event's shared round (the ballot or the rules differ).",
                source=room.source,
                title=counted.title,
            )


def _shared_tally(
    shared: SharedRound, rooms: list[RoomResult], definition: EventDefinition, counted_once: Sequence[CountedOnce]
) -> SharedTally:
    titles = {i.idea_id: i.title for i in definition.ideas}
    phone: Counter[int] = Counter({i: 0 for i in shared.idea_ids})
    paper: Counter[int] = Counter({i: 0 for i in shared.idea_ids})
    ballots = 0
    per_room: list[tuple[RoomResult, RoomRound | None]] = []
    for room in rooms:
        counted = room.shared_round(shared.round_id)
        per_room.append((room, counted))
        if counted is None:
            continue
        ballots += counted.ballots
        for count in counted.counts:
            phone[count.idea_id] += count.phone_dots
            paper[count.idea_id] += count.paper_dots
    not_counted = 0
    for once in counted_once:
        if once.round_id == shared.round_id:
            not_counted += len(once.not_counted_in)
            for idea_id, dots in once.dots:
                phone[idea_id] -= dots
    ideas = sorted(
        (IdeaCount(i, titles.get(i, ""), phone[i], paper[i]) for i in phone),
        key=lambda c: ranking_key(c.idea_id, c.total),
    )
    return SharedTally(shared, tuple(ideas), ballots - not_counted, tuple(per_room), not_counted)
