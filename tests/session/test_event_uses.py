"""One event, many rooms: an event file, room files made from it with their own ids and secrets, and shared
ideas and rounds a room may run and hide but never change."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.core.actionlog import verify_chain
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.event import EventRole
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.session import FileRefused, WorkshopSession


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    """An event with two shared ideas on one shared round, and a stakeholder group of its own."""
    path = tmp_path / "event.cocity"
    with WorkshopSession.create(path, title="Mobility week") as event:
        event.make_event()
        event.add_group("Cyclists")
        ideas = [event.add_idea("Bike lane"), event.add_idea("Night bus")]
        event.create_round("Shortlist", [i.id for i in ideas], dots_per_participant=3, max_per_idea=2)
    return path


def _room(event_path: Path, name: str) -> Path:
    target = event_path.with_name(name.lower().replace(" ", "-") + ".cocity")
    with WorkshopSession.open(event_path, readonly=True) as event:
        event.make_room(name, target)
    return target


def test_a_room_carries_the_event_its_own_id_and_secrets(event_path: Path) -> None:
    """Two rooms: the event's id, each its own room id, join and projector secrets; shared parts marked."""
    hall_a, hall_b = _room(event_path, "Hall A"), _room(event_path, "Hall B")
    with WorkshopSession.open(event_path, readonly=True) as event:
        info, settings = event.event(), event.hosting()
        assert info is not None and info.role is EventRole.EVENT and info.room_id == ""
        assert not any(i.shared for i in event.ideas())  # the event file itself is unchanged
    rooms = []
    for path, name in ((hall_a, "Hall A"), (hall_b, "Hall B")):
        with WorkshopSession.open(path) as room:
            found = room.event()
            assert found is not None and found.is_room and found.room_name == name
            assert found.event_id == info.event_id
            assert [i.title for i in room.ideas() if i.shared] == ["Bike lane", "Night bus"]
            assert [r.shared for r in room.rounds()] == [True]
            assert [g.name for g in room.groups()][-1] == "Cyclists"
            assert not verify_chain(room.log_entries())
            assert room.log_entries()[-1].type == "room_created"
            rooms.append((found.room_id, room.hosting()))
    (id_a, room_a), (id_b, room_b) = rooms
    assert id_a != id_b
    for key in ("join_secret", "projector_secret"):
        assert len({settings[key], room_a[key], room_b[key]}) == 3


def test_a_room_hides_a_shared_idea_but_cannot_change_it(event_path: Path) -> None:
    """Hiding and showing again work; editing, merging away, deleting, a photo or pending are refused."""
    with WorkshopSession.open(_room(event_path, "Hall B")) as room:
        shared = next(i for i in room.ideas() if i.title == "Bike lane")
        own = room.add_idea("Bike parking")
        assert not own.shared
        assert room.set_idea_status(shared.id, IdeaStatus.HIDDEN) is IdeaStatus.VISIBLE
        assert room.set_idea_status(shared.id, IdeaStatus.VISIBLE) is IdeaStatus.HIDDEN
        refused = [
            lambda: room.update_idea(shared.id, title="Bike highway"),
            lambda: room.merge_ideas(shared.id, own.id),
            lambda: room.delete_idea(shared.id),
            lambda: room.set_idea_status(shared.id, IdeaStatus.PENDING),
            lambda: room.add_photo(shared.id, "image/png", b"\x89PNG", 1, 1),
        ]
        for attempt in refused:
            with pytest.raises(RuleViolation, match="shared by every room"):
                attempt()
        assert room.idea(shared.id).title == "Bike lane"
        room.merge_ideas(own.id, shared.id)  # the room's own duplicate may join the shared idea
        room.update_idea(own.id, title="Bike racks")  # and its own ideas stay its own to change


def test_a_room_runs_a_shared_round_but_cannot_change_it(event_path: Path) -> None:
    """The shared round opens, takes ballots and closes; changing or deleting it is refused; own rounds are free."""
    with WorkshopSession.open(_room(event_path, "Hall B")) as room:
        shared = room.rounds()[0]
        for attempt in (
            lambda: room.update_round(shared.id, title="Other"),
            lambda: room.update_round(shared.id, dots_per_participant=9),
            lambda: room.delete_round(shared.id),
        ):
            with pytest.raises(RuleViolation, match="shared by every room"):
                attempt()
        room.set_joining(open=True)
        token = room.join().token
        room.start_round(shared.id)
        room.cast_ballot(token, shared.id, {shared.idea_ids[0]: 2})
        room.close_round(shared.id)
        assert room.tally(shared.id).by_idea()[shared.idea_ids[0]].phone_dots == 2
        own = room.create_round("Our own", list(shared.idea_ids))
        assert not own.shared
        room.update_round(own.id, title="Ours")
        room.delete_round(own.id)


def test_rooms_are_made_only_from_an_unrun_event_file(tmp_path: Path, event_path: Path) -> None:
    """A plain workshop, a room, an event people joined, or an existing target: refused, nothing written."""
    plain = tmp_path / "plain.cocity"
    with WorkshopSession.create(plain, title="Plain") as workshop:
        with pytest.raises(RuleViolation, match="not an event file"):
            workshop.make_room("Hall A", tmp_path / "a.cocity")
        workshop.set_joining(open=True)
        workshop.join()
        with pytest.raises(RuleViolation, match="already joined"):
            workshop.make_event()
    room = _room(event_path, "Hall A")
    with WorkshopSession.open(room, readonly=True) as opened, pytest.raises(RuleViolation, match="not an event file"):
        opened.make_room("Hall C", tmp_path / "c.cocity")
    with WorkshopSession.open(event_path, readonly=True) as event, pytest.raises(FileRefused, match="already exists"):
        event.make_room("Hall A again", room)
    with WorkshopSession.open(event_path) as event:
        with pytest.raises(RuleViolation, match="already belongs"):
            event.make_event()
        event.set_joining(open=True)
        event.join()
        with pytest.raises(RuleViolation, match="joined the event file"):
            event.make_room("Hall D", tmp_path / "d.cocity")
    assert sorted(p.name for p in tmp_path.glob("*.cocity")) == ["event.cocity", "hall-a.cocity", "plain.cocity"]
