"""What a room's bundle adds for the event's merge (decisions 0050, 0051): results.json's ``event`` and, in the
city tier, ``event_tickets.csv``.

``event_tickets.csv`` tags each ballot of a shared round cast with an event-wide ticket: the tag is the same in
every room for the same ticket and round and another in every round (``core.event.ballot_tag``), so the merge
can count a ticket used in two rooms once, while the bundle still links none of one person's ballots of
different rounds. Ballots are numbered as in ``ballots.csv`` (sorted by content; equal ballots by their tag).
"""

from __future__ import annotations

from typing import Any

from cocity_workshop.bundle.tables import Column, DataFile, csv_bytes, schema
from cocity_workshop.core.actionlog import canonical_json
from cocity_workshop.core.event import ballot_tag
from cocity_workshop.core.model import Ballot, IdeaStatus
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.snapshot import WorkshopSnapshot

EVENT_TICKETS = "event_tickets.csv"
TICKET_COLUMNS = (
    Column("round_id", "integer", "The shared vote round's number", required=True),
    Column("ballot", "integer", "The ballot's number in ballots.csv", required=True),
    Column("ticket", "string", "The ticket's tag: the same in every room for one ticket and round", required=True),
)


def room_of_event(snapshot: WorkshopSnapshot) -> dict[str, Any]:
    """results.json's ``event`` of a room's bundle: the event and room it is, and what it shares."""
    assert snapshot.event is not None
    shared = [i for i in snapshot.ideas if i.shared]
    return {
        "event_id": snapshot.event.event_id,
        "room_id": snapshot.event.room_id,
        "room_name": snapshot.event.room_name,
        "participants": len(snapshot.participants),
        "shared_ideas": [i.id for i in shared],
        "hidden_shared_ideas": [i.id for i in shared if i.status is IdeaStatus.HIDDEN],
        "shared_rounds": [r.id for r in snapshot.rounds if r.shared],
    }


def numbered_ballots(ballots: list[Ballot], tags: dict[int, str]) -> list[tuple[Ballot, str]]:
    """A round's ballots in the order ``ballots.csv`` numbers them (by content), each with its ticket's tag
    (``tags``: participant id to tag; "" for none); equal ballots in the order of their tags."""

    def key(ballot: Ballot) -> tuple[str, str]:
        content = canonical_json({str(k): v for k, v in sorted(ballot.dots.items())})
        return content, tags.get(ballot.participant_id, "")

    return [(b, tags.get(b.participant_id, "")) for b in sorted(ballots, key=key)]


def event_tickets_file(snapshot: WorkshopSnapshot) -> DataFile | None:
    """event_tickets.csv (a room's city bundle, when phones joined with event-wide tickets), or ``None``."""
    if snapshot.event is None or not snapshot.event.is_room or not snapshot.ticket_keys:
        return None
    keys = dict(snapshot.ticket_keys)
    rows: list[tuple[object, ...]] = []
    for vote_round in counted_rounds(snapshot.rounds):
        if not vote_round.shared:
            continue
        tags = {pid: ballot_tag(key, vote_round.id) for pid, key in keys.items()}
        mine = [b for b in snapshot.ballots if b.round_id == vote_round.id]
        for number, (_ballot, tag) in enumerate(numbered_ballots(mine, tags), start=1):
            if tag:
                rows.append((vote_round.id, number, tag))
    return DataFile(
        "event-tickets",
        EVENT_TICKETS,
        csv_bytes(TICKET_COLUMNS, rows),
        "text/csv",
        "Ballots of the shared rounds cast with an event-wide ticket",
        schema(TICKET_COLUMNS, ["round_id", "ballot"]),
        description=(
            "Which ballots of the event's shared rounds came from an event-wide ticket, by a tag that is the same "
            "in every room for one ticket and round and another in every round, so that the event's merge counts "
            "a ticket used in two rooms once. The tag cannot be traced back to a ticket without the event's files."
        ),
    )
