"""Read what a room's verified bundle says into the merge's terms (``core.event_merge.RoomResult``)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from cocity_workshop.bundle.manifest import MANIFEST
from cocity_workshop.bundle.room_files import EVENT_TICKETS
from cocity_workshop.bundle.tables import FORMULA_STARTERS, read_csv
from cocity_workshop.bundle.verify_room import ROOM_CREATED
from cocity_workshop.core.event import EventInfo, EventRole
from cocity_workshop.core.event_merge import Cell, IdeaCount, MergeRefused, RoomIdea, RoomResult, RoomRound
from cocity_workshop.core.event_tickets import TicketBallot


def zip_contents(data: bytes) -> dict[str, bytes]:
    """The files of a ZIP held in memory, by name (``zipfile.BadZipFile`` if it is not one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def bundle_tier(files: Mapping[str, bytes]) -> str:
    """The tier a bundle's ``datapackage.json`` states ("city" or "public"; "" when it says none)."""
    return str(json.loads(files[MANIFEST]).get("cocity", {}).get("tier", ""))


def room_result(source: str, files: Mapping[str, bytes], tier: str = "city") -> RoomResult:
    """The room a bundle's files (already verified) hold; ``MergeRefused`` when they are not a room's bundle of
    ``tier`` (the merge itself needs each room's city bundle; a public event bundle holds the public ones)."""
    manifest = json.loads(files[MANIFEST])
    cocity = manifest.get("cocity", {})
    if cocity.get("kind") == "event":
        raise MergeRefused("{source} is an event's bundle; merge the rooms' own bundles.", source=source)
    if cocity.get("tier") != tier:
        raise MergeRefused(
            "{source} is a public bundle; the merge needs each room's city bundle (export --tier city).", source=source
        )
    results = json.loads(files["results.json"])
    claim = results.get("event")
    if not isinstance(claim, dict):
        raise MergeRefused("{source} is not the bundle of a room of an event.", source=source)
    tickets = ticket_ballots(files)
    return RoomResult(
        source=source,
        room=EventInfo(str(claim["event_id"]), EventRole.ROOM, str(claim["room_id"]), str(claim["room_name"])),
        fingerprint=str(cocity["fingerprint"]),
        log_entries=int(cocity.get("log_entries", 0)),
        created=str(manifest.get("created", "")),
        made_from=_made_from(files),
        participants=int(claim.get("participants", 0)),
        shared_idea_ids=tuple(int(i) for i in claim["shared_ideas"]),
        hidden_shared_ideas=tuple(int(i) for i in claim["hidden_shared_ideas"]),
        shared_round_ids=tuple(int(i) for i in claim["shared_rounds"]),
        rounds=tuple(_round(event, tickets) for event in results.get("vote_events", [])),
        ideas=tuple(_idea(row) for row in read_csv(files["ideas.csv"]) if row.get("status", "visible") == "visible"),
        participation=tuple(_cell(row) for row in read_csv(files["participation.csv"])),
    )


def _made_from(files: Mapping[str, bytes]) -> str:
    """The previous hash of the action log's last ``room_created`` entry: the event's entry the room was made
    after (empty when the log has none; verify has refused such a bundle already)."""
    made = [row["prev_hash"] for row in read_csv(files.get("actionlog.csv", b"")) if row["type"] == ROOM_CREATED]
    return made[-1] if made else ""


def ticket_ballots(files: Mapping[str, bytes]) -> dict[int, tuple[TicketBallot, ...]]:
    """The ballots of shared rounds cast with an event-wide ticket, by round: event_tickets.csv's tags with the
    dots of the same ballot in ballots.csv (none in a public bundle or a room without event tickets)."""
    if EVENT_TICKETS not in files or "ballots.csv" not in files:
        return {}
    dots: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for row in read_csv(files["ballots.csv"]):
        dots.setdefault((int(row["round_id"]), int(row["ballot"])), []).append((int(row["idea_id"]), int(row["dots"])))
    found: dict[int, list[TicketBallot]] = {}
    for row in read_csv(files[EVENT_TICKETS]):
        key = (int(row["round_id"]), int(row["ballot"]))
        found.setdefault(key[0], []).append(TicketBallot(row["ticket"], tuple(sorted(dots.get(key, [])))))
    return {round_id: tuple(ballots) for round_id, ballots in found.items()}


def _round(event: Mapping[str, Any], tickets: Mapping[int, tuple[TicketBallot, ...]]) -> RoomRound:
    method = event["method"]
    return RoomRound(
        round_id=int(event["identifier"]),
        title=str(event["motion"]["text"]),
        state=str(event["state"]),
        dots_per_participant=int(method["dots_per_participant"]),
        max_per_idea=int(method["max_per_idea"]),
        idea_ids=tuple(int(i) for i in event["ballot_idea_ids"]),
        ballots=int(event["ballots_cast"]),
        counts=tuple(
            IdeaCount(int(c["idea_id"]), str(c["option_title"]), int(c["phone_dots"]), int(c["paper_dots"]))
            for c in event["counts"]
        ),
        ticket_ballots=tickets.get(int(event["identifier"]), ()),
    )


def _idea(row: Mapping[str, str]) -> RoomIdea:
    return RoomIdea(
        idea_id=int(row["idea_id"]),
        title=_text(row["title"]),
        description=_text(row["description"]),
        theme=_text(row["theme"]),
        origin=row["origin"],
        cluster=_text(row["cluster"]),
        merged_duplicates=int(row["merged_duplicates"] or 0),
        photos=int(row["photos"] or 0),
    )


def _cell(row: Mapping[str, str]) -> Cell:
    people = row["people"]
    return Cell(row["category"], _text(row["name"]), int(people) if people and row["suppressed"] != "true" else None)


def _text(cell: str) -> str:
    """A text cell as it was before the CSV neutralised a leading formula character ("+ trees" for the report;
    the event's CSV neutralises it again). A text that itself began with an apostrophe and a formula character
    loses the apostrophe: the CSV spelled both the same."""
    rest = cell[1:]
    if cell.startswith("'") and (rest.startswith(FORMULA_STARTERS) or rest.lstrip(" ").startswith(FORMULA_STARTERS)):
        return rest
    return cell
