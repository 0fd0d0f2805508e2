"""The event merge: three rooms' verified city bundles give one event bundle, the same in any order; a bundle of
another event, a room twice or a changed bundle is refused in one line; verify checks the event and every room."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from bundle_files import read_bundle, rewrite_bundle
from event_rooms import EventRooms, make_event, run_rooms

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.bundle.event_merge import merge_event
from cocity_workshop.bundle.group_votes import NOT_STATED
from cocity_workshop.bundle.tables import read_csv
from cocity_workshop.core.event_merge import MergeRefused
from cocity_workshop.session import WorkshopSession


@pytest.fixture(scope="module")
def rooms(tmp_path_factory: pytest.TempPathFactory) -> EventRooms:
    """The event of three rooms (tests/event_rooms.py), run and exported once."""
    folder = tmp_path_factory.mktemp("event")
    return run_rooms(make_event(folder), folder)


@pytest.fixture(scope="module")
def merged(rooms: EventRooms, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three rooms merged."""
    target = tmp_path_factory.mktemp("merged") / "event.zip"
    with WorkshopSession.open(rooms.event, readonly=True) as event:
        return merge_event(event, list(rooms.bundles.values()), target).path


def _merge(rooms: EventRooms, bundles: list[Path], target: Path) -> Path:
    with WorkshopSession.open(rooms.event, readonly=True) as event:
        return merge_event(event, bundles, target).path


def _rows(bundle: Path, name: str) -> list[dict[str, str]]:
    return read_csv(read_bundle(bundle)[name])


def test_shared_rounds_are_summed_and_own_rounds_kept_per_room(merged: Path) -> None:
    """The shared round over every room: 36 ballots; Night bus 41, Tram stop 35 + 4 on paper, Bike lane 32;
    each room's own count beside it; Hall A's and Hall C's own rounds under their room only."""
    rows = _rows(merged, "results.csv")
    event = [(r["idea_title"], r["rank"], r["phone_dots"], r["paper_dots"]) for r in rows if r["room"] == ""]
    assert event == [("Night bus", "1", "41", "0"), ("Tram stop", "2", "35", "4"), ("Bike lane", "3", "32", "0")]
    shared_by_room = {(r["room_name"], r["idea_title"]): int(r["total_dots"]) for r in rows if r["shared"] == "true"}
    assert shared_by_room[("Hall A", "Bike lane")] == 22 and shared_by_room[("Hall C", "Tram stop")] == 20
    own = {(r["room_name"], r["round_title"]) for r in rows if r["shared"] == "false"}
    assert own == {("Hall A", "Hall A's own"), ("Hall C", "Hall C's own")}
    assert json.loads(read_bundle(merged)["event.json"])["shared_rounds"][0]["ballots_cast"] == 36


def test_ideas_participation_and_a_room_field_on_every_table(merged: Path) -> None:
    """Shared ideas once (Tram stop hidden in Hall C), each room's own ideas under it; participation added up
    by the small-cell rule; every table of the package has a room field."""
    ideas = _rows(merged, "ideas.csv")
    assert [(i["title"], i["hidden_in_rooms"]) for i in ideas if i["shared"] == "true"] == [
        ("Bike lane", ""),
        ("Night bus", ""),
        ("Tram stop", "Hall C"),
    ]
    assert {(i["room_name"], i["title"]) for i in ideas if i["shared"] == "false"} == {
        ("Hall A", "Bike parking"),
        ("Hall C", "Safer crossings"),
    }
    everyone = {(c["category"], c["name"]): c["people"] for c in _rows(merged, "participation.csv") if c["room"] == ""}
    groups = [(name, people) for (category, name), people in everyone.items() if category == "stakeholder_group"]
    assert groups[0][1] == "18"  # residents: 6 + 7 + 5, shown in every room
    assert all(people == "" for _name, people in groups[1:])  # each hidden in at least one room
    assert everyone[("age_band", NOT_STATED)] == "36"
    manifest = json.loads(read_bundle(merged)["datapackage.json"])
    tables = [r for r in manifest["resources"] if "schema" in r]
    assert len(tables) == 4 and all(r["schema"]["fields"][0]["name"] == "room" for r in tables)
    assert sorted(r["path"] for r in manifest["resources"] if r["path"].startswith("rooms/")) == sorted(
        f"rooms/{r['room']}.zip" for r in _rows(merged, "rooms.csv")
    )


def test_the_order_of_the_bundles_does_not_matter(rooms: EventRooms, merged: Path, tmp_path: Path) -> None:
    """Every order of the three rooms gives the same event bundle, byte for byte."""
    for number, order in enumerate(itertools.permutations(rooms.bundles.values())):
        again = _merge(rooms, list(order), tmp_path / f"order-{number}.zip")
        assert again.read_bytes() == merged.read_bytes(), order


def test_a_late_room_is_merged_by_merging_again(rooms: EventRooms, merged: Path, tmp_path: Path) -> None:
    """Two rooms first, then all three: the second merge is the full one; the fingerprint changes with the rooms."""
    first = _merge(rooms, [rooms.bundles["Hall B"], rooms.bundles["Hall A"]], tmp_path / "two.zip")
    two, three = (json.loads(read_bundle(p)["datapackage.json"])["cocity"]["fingerprint"] for p in (first, merged))
    assert two != three and len(_rows(first, "rooms.csv")) == 2


def test_foreign_duplicate_tampered_and_public_bundles_are_refused(rooms: EventRooms, tmp_path: Path) -> None:
    """Each refusal is one line naming the bundle; nothing is written."""
    other = tmp_path / "other"
    other.mkdir()
    foreign = run_rooms(make_event(other), other).bundles["Hall B"]
    hall_a = rooms.bundles["Hall A"]
    results = json.loads(read_bundle(hall_a)["results.json"])
    results["vote_events"][0]["counts"][0]["phone_dots"] += 1
    tampered = rewrite_bundle(hall_a, tmp_path / "tampered.zip", {"results.json": json.dumps(results).encode()})
    with WorkshopSession.open(rooms.rooms["Hall B"], readonly=True) as room:
        public = export_bundle(room, tmp_path / "public.zip", tier="public").path
    cases = {
        "a room of another event": [hall_a, foreign],
        "is the room “Hall A” again": [hall_a, rooms.bundles["Hall B"], hall_a],
        "does not verify": [rooms.bundles["Hall B"], tampered],
        "is a public bundle": [hall_a, public],
    }
    for expected, bundles in cases.items():
        with pytest.raises(MergeRefused, match=expected) as refused:
            _merge(rooms, bundles, tmp_path / "event.zip")
        assert "\n" not in str(refused.value)
        assert not (tmp_path / "event.zip").exists()


def test_verify_checks_the_event_and_every_room_inside(merged: Path, tmp_path: Path) -> None:
    """The event bundle verifies, each room's own bundle with it; a changed room inside is caught even when the
    event's datapackage.json is fixed up to match, and so is a changed merged table."""
    report = verify_bundle(merged)
    assert report.ok, [f"{c.subject}: {c.message}" for c in report.problems]
    assert {c.subject for c in report.checks} >= {"room “Hall A”", "room “Hall B”", "room “Hall C”", "event"}
    files = read_bundle(merged)
    room_path = next(name for name in files if name.startswith("rooms/"))
    inner = tmp_path / "inner.zip"
    inner.write_bytes(files[room_path])
    changed_room = rewrite_bundle(inner, tmp_path / "inner-changed.zip", {"ideas.csv": b"idea_id,title\r\n1,X\r\n"})
    bad_room = rewrite_bundle(
        merged, tmp_path / "bad-room.zip", {room_path: changed_room.read_bytes()}, fix_manifest=True
    )
    problems = verify_bundle(bad_room).problems
    assert problems and all(p.subject.startswith("room “") for p in problems)
    results = files["results.csv"].replace(b",41,0,41", b",42,0,42")
    bad_table = rewrite_bundle(merged, tmp_path / "bad-table.zip", {"results.csv": results}, fix_manifest=True)
    assert [(p.subject, p.message) for p in verify_bundle(bad_table).problems] == [
        ("results.csv", "differs from the merge of the rooms' bundles")
    ]


def test_a_room_bundle_claiming_another_room_fails_verify(rooms: EventRooms, tmp_path: Path) -> None:
    """A room's bundle whose results.json names another room than its action log recorded does not verify."""
    hall_a = rooms.bundles["Hall A"]
    assert verify_bundle(hall_a).ok
    results = json.loads(read_bundle(hall_a)["results.json"])
    results["event"]["room_name"] = "Hall Z"
    data = (json.dumps(results, ensure_ascii=False, indent=2) + "\n").encode()
    claimed = rewrite_bundle(hall_a, tmp_path / "claimed.zip", {"results.json": data}, fix_manifest=True)
    assert [p.subject for p in verify_bundle(claimed).problems] == ["event"]


def test_a_room_of_a_copy_of_the_event_file_is_refused(rooms: EventRooms, tmp_path: Path) -> None:
    """A room made from a copy of the event file that was prepared further has the event's id, yet its log does
    not go on from the event's: refused."""
    copy = tmp_path / "copy.cocity"
    with WorkshopSession.open(rooms.event, readonly=True) as event:
        event.save_copy(copy)
    with WorkshopSession.open(copy) as event:
        event.add_idea("Late addition")
        event.make_room("Hall D", tmp_path / "hall-d.cocity")
    with WorkshopSession.open(tmp_path / "hall-d.cocity", readonly=True) as room:
        bundle = export_bundle(room, tmp_path / "hall-d-city.zip", tier="city").path
    with pytest.raises(MergeRefused, match="was not made from this event file"):
        _merge(rooms, [rooms.bundles["Hall A"], bundle], tmp_path / "event.zip")
