"""Use cases: one event across many rooms (decision 0050): make a file an event, make a room file from it.

A room file is a checked copy of the event file (SQLite's backup API) with the event's id, its own room id,
new join and projector secrets and port, and every idea and round it got from the event marked shared. Its
action log goes on from the event's, so the room's fingerprint covers what the event prepared.
"""

from __future__ import annotations

import contextlib
import os
import random
import uuid
from pathlib import Path

from cocity_workshop.core import tokens
from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.core.event import EventInfo, EventRole
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.text import NAME_MAX, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import PORT_RANGE, SessionBase
from cocity_workshop.session.writer import Tx
from cocity_workshop.store import FileRefused, WorkshopFile


class EventUses(SessionBase):
    """The event this file belongs to, and the rooms made from an event file."""

    def event(self) -> EventInfo | None:
        """The event this file is (or is a room of), or ``None`` for a workshop of its own."""
        return self._records().event()

    def make_event(self) -> EventInfo:
        """Make this workshop file an event that rooms are made from (before anyone has joined it)."""

        def command(tx: Tx) -> EventInfo:
            if tx.records.event() is not None:
                raise RuleViolation("This file already belongs to an event.")
            if tx.records.participant_count():
                raise RuleViolation("People have already joined this workshop; start the event from a new file.")
            info = EventInfo(str(uuid.uuid4()), EventRole.EVENT)
            tx.records.set_event(info)
            tx.records.set_ticket_secret(tokens.new_secret())
            tx.log("event_created", {"event": info.event_id})
            tx.emit(EventKind.WORKSHOP_UPDATED, fields=["event"])
            return info

        return self._write(command)

    def create_event_tickets(self, count: int) -> list[str]:
        """Make ``count`` event-wide tickets in the event file and turn ticket mode on (decision 0051).

        Every room made afterwards accepts each of them once; a ticket used in two rooms is found by the merge
        and its ballot in a shared round counted once. The codes are typed on the phone (lowercase letters and
        digits); only their hashes are stored."""
        if not 1 <= count <= 1000:
            raise InvalidInput("Between 1 and 1000 tickets can be printed at once.")
        event = self.event()
        if event is None or event.role is not EventRole.EVENT:
            raise RuleViolation(
                "{path} is not an event file; make one with “cocity-workshop event new”.", path=str(self.path)
            )

        def command(tx: Tx) -> list[str]:
            codes = [tokens.new_ticket_code() for _ in range(count)]
            for code in codes:
                tx.records.insert_ticket(tokens.token_hash(code))
            tx.records.update_workshop({"ticket_mode": 1})
            tx.log("event_tickets_created", {"count": count})
            tx.emit(EventKind.JOINING_CHANGED)
            return codes

        return self._write(command)

    def make_room(self, name: str, destination: str | os.PathLike[str]) -> EventInfo:
        """Write a room file of this event at ``destination`` (which must not exist) and return its details.

        The room gets the event's agenda, groups, challenges, ideas and rounds (those two marked shared),
        its own room id, join and projector secrets and port; the event file itself is not changed.
        """
        name = required_text(name, max_length=NAME_MAX, what=_("The room's name"))
        event = self.event()
        if event is None or event.role is not EventRole.EVENT:
            raise RuleViolation(
                "{path} is not an event file; make one with “cocity-workshop event new”.", path=str(self.path)
            )
        if self._records().participant_count():
            raise RuleViolation("People have joined the event file itself; rooms are made from an event not yet run.")
        target = Path(destination)
        if target.exists():
            raise FileRefused("{path} already exists; choose another name.", path=str(target))
        self.save_copy(target)
        try:
            room = SessionBase(WorkshopFile.open(target))
            try:
                return room._write(lambda tx: _become_room(tx, event.event_id, name))
            finally:
                room.close()
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise


def _become_room(tx: Tx, event_id: str, name: str) -> EventInfo:
    """Turn a fresh copy of the event file into one room of it."""
    info = EventInfo(event_id, EventRole.ROOM, str(uuid.uuid4()), name)
    tx.records.set_event(info)
    ideas, rounds = tx.records.share_everything()
    tx.records.forget_cached()
    tx.records.update_workshop(
        {
            "join_secret": tokens.new_secret(),
            "projector_secret": tokens.new_secret(),
            "port": random.randint(*PORT_RANGE),
            "joining_open": 0,
        }
    )
    tx.log(
        "room_created",
        {"event": event_id, "room": info.room_id, "name": name, "shared_ideas": ideas, "shared_rounds": rounds},
    )
    tx.emit(EventKind.WORKSHOP_UPDATED, fields=["event"])
    return info
