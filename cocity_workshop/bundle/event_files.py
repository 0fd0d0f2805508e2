"""The event bundle's data files (decision 0051): the same merged result always gives the same bytes.

Every table has a ``room`` field (the room's id) and its ``room_name``; a row of the event as a whole (a shared
round summed over the rooms, a shared idea, participation added up) has both empty. Each room's own bundle
is in the package too, as ``rooms/<room id>.zip``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from cocity_workshop import __version__
from cocity_workshop.bundle.manifest import KEYWORDS, PROFILE, contributors, place, resource, slug, sources
from cocity_workshop.bundle.tables import Column, DataFile, csv_bytes, schema
from cocity_workshop.core.event_merge import EventResult, IdeaCount, RoomResult
from cocity_workshop.core.licences import data_licence
from cocity_workshop.core.model import Workshop
from cocity_workshop.core.tally import SMALL_GROUP_THRESHOLD, competition_ranks

_ID_NAMESPACE = uuid.UUID("2f0c7d1e-5b8a-4c4e-9a63-1d0e7c5b9f20")
EVENT_JSON = "event.json"

ROOM = Column("room", "string", "The room's id; empty for the event as a whole")
ROOM_NAME = Column("room_name", "string", "The room's name; empty for the event as a whole")
ROOMS_COLUMNS = (
    Column("room", "string", "The room's id", required=True),
    Column("room_name", "string", "The room's name"),
    Column("fingerprint", "string", "The room's fingerprint (the last hash of its action log)", required=True),
    Column("log_entries", "integer", "Entries in the room's action log"),
    Column("participants", "integer", "Phones that joined the room"),
    Column("bundle", "string", "The room's own bundle in this package"),
    Column("shared_rounds_run", "integer", "How many of the event's shared rounds the room ran"),
    Column("own_rounds", "integer", "Rounds the room added itself"),
    Column("own_ideas", "integer", "Ideas the room added itself and showed"),
    Column("hidden_shared_ideas", "integer", "Shared ideas the room hid"),
)
IDEA_COLUMNS = (
    ROOM,
    ROOM_NAME,
    Column("idea_id", "integer", "The idea's number in its room (a shared idea has the same number in every room)"),
    Column("shared", "boolean", "True for an idea the event gave every room"),
    Column("title", "string", "The idea as written"),
    Column("description", "string", "More detail, if any"),
    Column("theme", "string", "The theme it was filed under"),
    Column("origin", "string", "phone, floor or paper; empty for a shared idea"),
    Column("cluster", "string", "The cluster the room put it in"),
    Column("merged_duplicates", "integer", "How many duplicate ideas the room merged into it"),
    Column("photos", "integer", "How many photos are attached"),
    Column("hidden_in_rooms", "string", "The rooms that hid this shared idea, separated by ' | '"),
)
RESULT_COLUMNS = (
    ROOM,
    ROOM_NAME,
    Column("round_id", "integer", "The vote round's number (a shared round has the same number in every room)"),
    Column("round_title", "string", "The vote round's name"),
    Column("shared", "boolean", "True for a round the event gave every room"),
    Column("rank", "integer", "Place by total dots (ties share a place)"),
    Column("idea_id", "integer", "The idea's number"),
    Column("idea_title", "string", "The idea as written"),
    Column("phone_dots", "integer", "Dots from phones"),
    Column("paper_dots", "integer", "Dots counted on paper charts"),
    Column("total_dots", "integer", "Phone and paper dots together"),
)
PARTICIPATION_COLUMNS = (
    ROOM,
    ROOM_NAME,
    Column("category", "string", "stakeholder_group or age_band", required=True),
    Column("name", "string", "The group or age band ('' = did not say)"),
    Column(
        "people",
        "integer",
        f"How many took part; empty when not published (fewer than {SMALL_GROUP_THRESHOLD}, or for the event "
        "when any room did not publish its part)",
    ),
    Column("suppressed", "boolean", "True when the count is not published"),
)


def room_bundle_path(room: RoomResult) -> str:
    """Where a room's own bundle is in the event bundle."""
    return f"rooms/{room.room_id}.zip"


def _count_rows(
    room: RoomResult | None, round_id: int, title: str, shared: bool, counts: Sequence[IdeaCount]
) -> list[tuple[object, ...]]:
    room_id, name = (room.room_id, room.name) if room is not None else ("", "")
    ranks = competition_ranks([c.total for c in counts])
    return [
        (room_id, name, round_id, title, shared, rank, c.idea_id, c.title, c.phone_dots, c.paper_dots, c.total)
        for rank, c in zip(ranks, counts, strict=True)
    ]


def results_file(result: EventResult) -> DataFile:
    """results.csv: each shared round summed over the rooms, then each room's count of it; each room's own rounds."""
    rows: list[tuple[object, ...]] = []
    for tally in result.shared:
        shared = tally.round
        rows += _count_rows(None, shared.round_id, shared.title, True, tally.ideas)
        for room, counted in tally.rooms:
            if counted is not None:
                rows += _count_rows(room, shared.round_id, shared.title, True, counted.counts)
    for room in result.rooms:
        for own in room.own_rounds():
            rows += _count_rows(room, own.round_id, own.title, False, own.counts)
    return DataFile(
        "results",
        "results.csv",
        csv_bytes(RESULT_COLUMNS, rows),
        "text/csv",
        "Vote results: shared rounds over every room and in each, each room's own rounds",
        schema(RESULT_COLUMNS, ["room", "round_id", "idea_id"]),
    )


def ideas_file(result: EventResult) -> DataFile:
    """ideas.csv: the shared ideas once (with the rooms that hid them), then each room's own ideas."""
    rows: list[tuple[object, ...]] = []
    for idea in result.definition.ideas:
        hidden = " | ".join(r.name for r in result.hidden_in(idea.idea_id))
        rows.append(("", "", idea.idea_id, True, idea.title, idea.description, idea.theme, "", "", 0, 0, hidden))
    for room in result.rooms:
        for i in room.own_ideas():
            own = (room.room_id, room.name, i.idea_id, False, i.title, i.description, i.theme, i.origin)
            rows.append((*own, i.cluster, i.merged_duplicates, i.photos, ""))
    return DataFile(
        "ideas",
        "ideas.csv",
        csv_bytes(IDEA_COLUMNS, rows),
        "text/csv",
        "Ideas: the shared ones, then each room's own",
        schema(IDEA_COLUMNS, ["room", "idea_id"]),
    )


def participation_file(result: EventResult) -> DataFile:
    """participation.csv: people per group and age band over every room (core.disclosure), then in each room."""
    rows: list[tuple[object, ...]] = [
        ("", "", c.category, c.name, c.people, c.people is None) for c in result.participation
    ]
    for room in result.rooms:
        rows += [(room.room_id, room.name, c.category, c.name, c.people, c.people is None) for c in room.participation]
    return DataFile(
        "participation",
        "participation.csv",
        csv_bytes(PARTICIPATION_COLUMNS, rows),
        "text/csv",
        "Participation by stakeholder group and age band, over every room and in each",
        schema(PARTICIPATION_COLUMNS),
    )


def rooms_file(result: EventResult) -> DataFile:
    """rooms.csv: every room merged, with its fingerprint and its own bundle."""
    rows = [
        (
            room.room_id,
            room.name,
            room.fingerprint,
            room.log_entries,
            room.participants,
            room_bundle_path(room),
            sum(1 for t in result.shared if room.shared_round(t.round.round_id) is not None),
            len(room.own_rounds()),
            len(room.own_ideas()),
            len(room.hidden_shared_ideas),
        )
        for room in result.rooms
    ]
    return DataFile(
        "rooms",
        "rooms.csv",
        csv_bytes(ROOMS_COLUMNS, rows),
        "text/csv",
        "The rooms merged",
        schema(ROOMS_COLUMNS, ["room"]),
    )


def event_json_file(result: EventResult) -> DataFile:
    """event.json: the event's definition, its fingerprint, the rooms and the shared rounds' tallies."""
    document: dict[str, Any] = {
        "format": "cocity-workshop-event/1",
        "event": result.definition.to_json(),
        "fingerprint": result.fingerprint,
        "rooms": [
            {
                "room_id": r.room_id,
                "room_name": r.name,
                "fingerprint": r.fingerprint,
                "bundle": room_bundle_path(r),
                "hidden_shared_ideas": list(r.hidden_shared_ideas),
            }
            for r in result.rooms
        ],
        "shared_rounds": [
            {
                "round_id": t.round.round_id,
                "ballots_cast": t.ballots,
                "ballots_not_counted": t.not_counted,
                "counts": [
                    {"idea_id": c.idea_id, "rank": rank, "phone_dots": c.phone_dots, "paper_dots": c.paper_dots}
                    for rank, c in zip(t.ranks(), t.ideas, strict=True)
                ],
                "rooms": [{"room_id": r.room_id, "ballots_cast": None if c is None else c.ballots} for r, c in t.rooms],
            }
            for t in result.shared
        ],
        "counted_once": [c.to_json() for c in result.counted_once],
    }
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return DataFile("event-json", EVENT_JSON, data, "application/json", "The event, its rooms and shared rounds")


def event_data_files(result: EventResult) -> list[DataFile]:
    """Every data file of the event bundle but the rooms' bundles, the report and datapackage.json."""
    return [
        event_json_file(result),
        rooms_file(result),
        results_file(result),
        ideas_file(result),
        participation_file(result),
    ]


def room_files(result: EventResult, bundles: dict[str, bytes]) -> list[DataFile]:
    """Each room's own bundle (``bundles``: room id to the ZIP's bytes), in the rooms' order."""
    return [
        DataFile(
            f"room-{room.room_id}",
            room_bundle_path(room),
            bundles[room.room_id],
            "application/zip",
            f"The bundle of the room {room.name}",
            description=(
                f"The results bundle of the room \u201c{room.name}\u201d as the room exported it (its own "
                f"datapackage.json, report and data files); fingerprint {room.fingerprint}."
            ),
        )
        for room in result.rooms
    ]


def event_version(result: EventResult) -> str:
    """The event bundle's version, ``1.R.E``: R the rooms merged, E their action logs' entries together (a room
    merged late, or a room's later bundle, gives a greater version)."""
    return f"1.{len(result.rooms)}.{sum(r.log_entries for r in result.rooms)}"


def event_manifest(
    result: EventResult, files: Sequence[DataFile], tier: str = "city", workshop: Workshop | None = None
) -> bytes:
    """The event bundle's datapackage.json (``kind`` event, ``tier``, the chained fingerprint); ``workshop``:
    the event file's details (its challenge, page, organisers, themes), when at hand."""
    definition = result.definition
    licence = data_licence(definition.licence)
    name = "-".join(p for p in ("cocity-event", slug(definition.date), slug(definition.title) or "event", tier) if p)
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": name,
        "id": "urn:uuid:" + str(uuid.uuid5(_ID_NAMESPACE, f"{result.fingerprint}/{tier}")),
        "title": f"{definition.title}: results of every room",
        "description": workshop.challenge if workshop is not None else "",
    }
    if workshop is not None and workshop.web_page:
        descriptor["homepage"] = workshop.web_page
    descriptor.update(
        {
            "created": result.created,
            "version": event_version(result),
            "keywords": list(
                dict.fromkeys(
                    k for k in (*KEYWORDS, "event", definition.city, *(workshop.themes if workshop else ())) if k
                )
            ),
            "licenses": [{"name": licence.open_definition_id, "path": licence.url, "title": licence.title}],
        }
    )
    if workshop is not None:
        descriptor["sources"] = sources(workshop)
        descriptor["contributors"] = contributors(workshop)
    descriptor["cocity"] = {
        "kind": "event",
        "tier": tier,
        "event_id": definition.event_id,
        "fingerprint": result.fingerprint,
        "rooms": [{"room_id": r.room_id, "room_name": r.name, "fingerprint": r.fingerprint} for r in result.rooms],
        "language": definition.language,
        "place": place(workshop) if workshop is not None else definition.city,
        "date": definition.date,
        "app_version": __version__,
    }
    descriptor["resources"] = [resource(f) for f in files]
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
