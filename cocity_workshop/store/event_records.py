"""Reads and writes of the event a file belongs to, and of what the event shares (decision 0050).

Part of ``Records`` (a base class), on the same connection. A file saved before ``0010_event_rooms`` and opened
read-only (so not migrated) has no ``event`` table: it reads as a workshop of no event.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from cocity_workshop.core.event import EventInfo, EventRole, ticket_key


@dataclass(frozen=True)
class UsedTicket:
    """A ticket a phone just joined with: its number and whether it is one of the event's (decision 0051)."""

    ticket_id: int
    shared: bool


class EventRecords:
    """The event part of ``Records``."""

    conn: sqlite3.Connection
    _event_table: bool | None = None

    def _has_event_table(self) -> bool:
        if self._event_table is None:
            found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'event'")
            self._event_table = found.fetchone() is not None
        return self._event_table

    def event(self) -> EventInfo | None:
        """The event this file belongs to, or ``None`` for a workshop of its own."""
        if not self._has_event_table():
            return None
        row = self.conn.execute("SELECT event_id, role, room_id, room_name FROM event WHERE id = 1").fetchone()
        return None if row is None else EventInfo(str(row[0]), EventRole(row[1]), str(row[2]), str(row[3]))

    def set_event(self, info: EventInfo) -> None:
        """Make this file the event ``info`` names, or one room of it."""
        self.conn.execute(
            "INSERT INTO event (id, event_id, role, room_id, room_name) VALUES (1, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id, role = excluded.role, "
            "room_id = excluded.room_id, room_name = excluded.room_name",
            [info.event_id, info.role.value, info.room_id, info.room_name],
        )

    def share_everything(self) -> tuple[int, int]:
        """Mark every idea, round and ticket as the event's (in a room just made from the event file);
        returns how many ideas and rounds."""
        ideas = self.conn.execute("UPDATE ideas SET shared = 1").rowcount
        rounds = self.conn.execute("UPDATE vote_rounds SET shared = 1").rowcount
        self.conn.execute("UPDATE tickets SET shared = 1")
        return ideas, rounds

    def set_ticket_secret(self, secret: str) -> None:
        """The event's ticket secret (made with the event, copied into every room, never exported)."""
        self.conn.execute("UPDATE event SET ticket_secret = ? WHERE id = 1", [secret])

    def unused_tickets(self) -> int:
        """How many tickets no phone has joined with yet."""
        return int(self.conn.execute("SELECT COUNT(*) FROM tickets WHERE used_at_minute IS NULL").fetchone()[0])

    def event_ticket_keys(self) -> list[tuple[int, str]]:
        """(participant id, the pseudonym of the event-wide ticket they joined with) for every participant who
        joined a room with one: the same ticket has the same pseudonym in every room of the event."""
        if not self._has_event_table():
            return []
        columns = {str(r[1]) for r in self.conn.execute("PRAGMA table_info(participants)")}
        if "event_ticket" not in columns:  # a file from before 0011_event_tickets, opened read-only
            return []
        row = self.conn.execute("SELECT ticket_secret FROM event WHERE id = 1").fetchone()
        if row is None or not row[0]:
            return []
        found = self.conn.execute(
            "SELECT id, event_ticket FROM participants WHERE event_ticket IS NOT NULL ORDER BY id"
        ).fetchall()
        return [(int(pid), ticket_key(str(row[0]), int(ticket))) for pid, ticket in found]
