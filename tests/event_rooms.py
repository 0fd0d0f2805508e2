"""An event of three rooms, run and exported, for the merge, verify and event-report tests.

The event shares three ideas and one round (3 dots, at most 2 per idea). Each room votes on it in its own
way; Hall A and Hall C also add an idea and a round of their own, Hall A counts paper dots, Hall C hides
a shared idea after voting. Participation: Hall A 6 residents and 5 from business (the residents vote in
Hall A's own round too); Hall B 7 residents, 2 from business (fewer than 5: hidden) and 6 who did not say;
Hall C 5 and 5. Nobody says their age band.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cocity_workshop.bundle import export_bundle
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.session import WorkshopSession

SHARED_IDEAS = ("Bike lane", "Night bus", "Tram stop")


@dataclass(frozen=True)
class EventRooms:
    """The event file and each room's file and city bundle, by room name."""

    event: Path
    rooms: dict[str, Path]
    bundles: dict[str, Path]


def make_event(folder: Path) -> Path:
    """The event file: three shared ideas on one shared round."""
    path = folder / "event.cocity"
    with WorkshopSession.create(path, title="Mobility week", city="Plzeň", date="2026-05-04") as event:
        event.make_event()
        ideas = [event.add_idea(title) for title in SHARED_IDEAS]
        event.create_round("Shortlist", [i.id for i in ideas], dots_per_participant=3, max_per_idea=2)
    return path


def _vote(room: WorkshopSession, people: list[tuple[int | None, dict[int, int]]], round_id: int) -> list[str]:
    """Each person joins, says their group (or not) and votes; their tokens."""
    room.set_joining(open=True)
    room.start_round(round_id)
    tokens = []
    for group, dots in people:
        token = room.join().token
        if group is not None:
            room.set_profile(token, group, None)
        room.cast_ballot(token, round_id, dots)
        tokens.append(token)
    room.close_round(round_id)
    return tokens


def run_rooms(event: Path, folder: Path) -> EventRooms:
    """Make, run and export the three rooms."""
    rooms: dict[str, Path] = {}
    for name in ("Hall A", "Hall B", "Hall C"):
        rooms[name] = folder / f"{name.lower().replace(' ', '-')}.cocity"
        with WorkshopSession.open(event, readonly=True) as opened:
            opened.make_room(name, rooms[name])
    with WorkshopSession.open(rooms["Hall A"]) as room:
        shared = room.rounds()[0]
        bike, bus, tram = shared.idea_ids
        residents, business = (g.id for g in room.groups()[:2])
        voters = _vote(room, [(residents, {bike: 2, bus: 1})] * 6 + [(business, {bike: 2, bus: 1})] * 5, shared.id)
        room.set_paper_dots(shared.id, tram, 4)
        own = room.add_idea("Bike parking")
        local = room.create_round("Hall A's own", [own.id, bike], dots_per_participant=2, max_per_idea=2)
        room.start_round(local.id)
        for token in voters[:6]:  # the residents vote again
            room.cast_ballot(token, local.id, {own.id: 2})
        room.close_round(local.id)
    with WorkshopSession.open(rooms["Hall B"]) as room:
        shared = room.rounds()[0]
        bike, bus, tram = shared.idea_ids
        residents, business = (g.id for g in room.groups()[:2])
        people = [(residents, {bus: 2, tram: 1})] * 7 + [(business, {bus: 2, tram: 1})] * 2
        _vote(room, people + [(None, {bus: 2, tram: 1})] * 6, shared.id)
    with WorkshopSession.open(rooms["Hall C"]) as room:
        shared = room.rounds()[0]
        bike, bus, tram = shared.idea_ids
        residents, business = (g.id for g in room.groups()[:2])
        _vote(room, [(residents, {bike: 1, tram: 2})] * 5 + [(business, {bike: 1, tram: 2})] * 5, shared.id)
        room.reveal_round(shared.id)
        room.set_idea_status(tram, IdeaStatus.HIDDEN)
        own = room.add_idea("Safer crossings")
        local = room.create_round("Hall C's own", [own.id], dots_per_participant=1, max_per_idea=1)
        room.start_round(local.id)
    bundles = {}
    for name, path in rooms.items():
        with WorkshopSession.open(path, readonly=True) as room:
            target = folder / f"{path.stem}-city-bundle.zip"
            bundles[name] = export_bundle(room, target, tier="city").path
    return EventRooms(event, rooms, bundles)
