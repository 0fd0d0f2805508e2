"""Event-wide tickets: printed once in the event file, accepted once in every room; a ticket used in two rooms is
found by the merge and its ballot in a shared round counted once, in the first of those rooms by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bundle_files import read_bundle

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.bundle.event_merge import merge_event
from cocity_workshop.bundle.tables import read_csv
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.session import WorkshopSession


def _typed(code: str) -> str:
    """A code as someone types it from the card: capitals, groups of four with spaces."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).upper()


def test_a_ticket_used_in_two_rooms_is_counted_once(tmp_path: Path) -> None:
    """Ticket 2 votes in Hall A, Hall B and Hall C: the event counts Hall A's ballot only and says so; each room's
    own tally keeps its ballot; the other tickets count wherever they were used."""
    event = tmp_path / "event.cocity"
    with WorkshopSession.create(event, title="Tickets week") as prepared:
        prepared.make_event()
        bike, bus = (prepared.add_idea(t) for t in ("Bike lane", "Night bus"))
        prepared.create_round("Shortlist", [bike.id, bus.id], dots_per_participant=2, max_per_idea=2)
        codes = prepared.create_event_tickets(6)
    uses = {"Hall A": [0, 1, 2], "Hall B": [2, 3], "Hall C": [4, 2]}
    votes = {"Hall A": {bike.id: 2}, "Hall B": {bus.id: 2}, "Hall C": {bike.id: 1, bus.id: 1}}
    bundles = []
    for name, tickets in uses.items():
        path = tmp_path / f"{name}.cocity"
        with WorkshopSession.open(event, readonly=True) as opened:
            opened.make_room(name, path)
        with WorkshopSession.open(path) as room:
            shared = room.rounds()[0]
            room.set_joining(open=True)
            room.start_round(shared.id)
            for index in tickets:
                room.cast_ballot(room.join(_typed(codes[index])).token, shared.id, votes[name])
            with pytest.raises(RuleViolation, match="ticket"):
                room.join(codes[tickets[0]])  # single-use within a room, as any ticket
            room.close_round(shared.id)
            bundles.append(export_bundle(room, tmp_path / f"{name}-city.zip", tier="city").path)
    with WorkshopSession.open(event, readonly=True) as opened:
        merged = merge_event(opened, list(reversed(bundles)), tmp_path / "event.zip")
    assert verify_bundle(merged.path).ok
    result = merged.result
    (once,) = result.counted_once
    names = {r.room_id: r.name for r in result.rooms}
    assert names[once.counted_in] == "Hall A" and [names[r] for r in once.not_counted_in] == ["Hall B", "Hall C"]
    assert dict(once.dots) == {bike.id: 1, bus.id: 3}
    (tally,) = result.shared
    assert (tally.ballots, tally.not_counted) == (5, 2)
    assert {c.idea_id: c.phone_dots for c in tally.ideas} == {bike.id: 7, bus.id: 3}  # 6+1, 2+1: A, A, A, B, C
    rows = read_csv(read_bundle(merged.path)["results.csv"])
    by_room = {(r["room_name"], r["idea_title"]): int(r["phone_dots"]) for r in rows}
    assert by_room[("Hall B", "Night bus")] == 4 and by_room[("", "Night bus")] == 3  # Hall B's own tally kept
    document = json.loads(read_bundle(merged.path)["event.json"])
    assert document["shared_rounds"][0]["ballots_not_counted"] == 2 and len(document["counted_once"]) == 1


def test_a_rooms_own_tickets_are_not_event_tickets(tmp_path: Path) -> None:
    """Tickets a room prints for itself leave no tag in its bundle; event tickets need an event file."""
    event = tmp_path / "event.cocity"
    with WorkshopSession.create(event, title="Own tickets") as prepared:
        prepared.make_event()
        idea = prepared.add_idea("Bike lane")
        prepared.create_round("Shortlist", [idea.id], dots_per_participant=1, max_per_idea=1)
        prepared.make_room("Hall A", tmp_path / "a.cocity")
    with WorkshopSession.open(tmp_path / "a.cocity") as room:
        with pytest.raises(RuleViolation, match="not an event file"):
            room.create_event_tickets(3)
        code = room.create_tickets(1)[0]
        room.set_joining(open=True)
        shared = room.rounds()[0]
        room.start_round(shared.id)
        room.cast_ballot(room.join(code).token, shared.id, {idea.id: 1})
        room.close_round(shared.id)
        files = read_bundle(export_bundle(room, tmp_path / "a-city.zip", tier="city").path)
    assert "event_tickets.csv" not in files
