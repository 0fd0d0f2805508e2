"""Every read and write of workshop data, on one connection.

The writer runs these inside its ``BEGIN IMMEDIATE`` transaction; readers run the read methods on
their own connections. Writes are plain parameterised SQL: sqlite-utils' table API opens and commits
transactions of its own, which would break the writer's group commit (see docs/decisions).

``Records`` is put together by area: ideas, photos and clusters in ``idea_records.py``, rounds, ballots and
paper dots in ``voting_records.py``, the hackathon's tables in ``hackathon_records.py``, the event's in
``event_records.py``, the helpers they share in ``row_access.py``; the workshop, agenda, people, actions, log
and whole-file checks here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from cocity_workshop.core.model import (
    Action,
    AgeBand,
    GoOfficialItem,
    GoOfficialKind,
    IdeaStatus,
    LogEntry,
    Milestone,
    MilestoneStatus,
    Participant,
    Phase,
    StakeholderGroup,
    Template,
    VoteRound,
    Workshop,
)
from cocity_workshop.core.privacy import DEFAULT_RETENTION_MONTHS, LegalBasis
from cocity_workshop.store.event_records import EventRecords, UsedTicket
from cocity_workshop.store.hackathon_records import HackathonRecords
from cocity_workshop.store.idea_records import IdeaRecords
from cocity_workshop.store.migrations import LICENCE_BEFORE_0002, key_hash
from cocity_workshop.store.row_access import Row
from cocity_workshop.store.voting_records import VotingRecords

WORKSHOP_FIELDS = (
    "title",
    "city",
    "venue",
    "date",
    "organisers",
    "challenge",
    "guiding_questions",
    "language",
    "template",
    "youth_mode",
    "themes",
    "data_licence",
)
_JSON_LIST_FIELDS = {"organisers", "guiding_questions", "themes"}
_ROW_COUNTS = """SELECT
    (SELECT COUNT(*) FROM participants) AS participants,
    (SELECT COUNT(*) FROM ideas WHERE status != :merged) AS ideas,
    (SELECT COUNT(*) FROM ideas WHERE status = :visible) AS public_ideas,
    (SELECT COUNT(*) FROM ideas WHERE status = :pending) AS pending_ideas,
    (SELECT COUNT(*) FROM clusters) AS clusters,
    (SELECT COUNT(*) FROM vote_rounds) AS rounds,
    (SELECT COUNT(*) FROM ballots WHERE spent > 0) AS ballots,
    (SELECT COUNT(*) FROM paper_dots) AS paper_dots,
    (SELECT COUNT(*) FROM actions) AS actions,
    (SELECT COUNT(*) FROM attachments) AS photos,
    (SELECT COUNT(*) FROM action_log) AS log_entries"""


def _workshop_from_row(row: Row) -> Workshop:
    return Workshop(
        title=row["title"],
        city=row["city"],
        venue=row["venue"],
        date=row["date"],
        organisers=tuple(json.loads(row["organisers"])),
        challenge=row["challenge"],
        guiding_questions=tuple(json.loads(row["guiding_questions"])),
        language=row["language"],
        template=Template(row["template"]),
        youth_mode=bool(row["youth_mode"]),
        themes=tuple(json.loads(row["themes"])),
        # A file saved before 0002_data_licence and opened read-only (so not migrated) has no such column.
        data_licence=row.get("data_licence", LICENCE_BEFORE_0002),
        # Nor one saved before 0007_data_protection these.
        controller=row.get("controller", ""),
        privacy_contact=row.get("privacy_contact", ""),
        legal_basis=LegalBasis(row.get("legal_basis", LegalBasis.PUBLIC_TASK.value)),
        retention_months=row.get("retention_months", DEFAULT_RETENTION_MONTHS),
        web_page=row.get("web_page", ""),  # nor one saved before 0008_web_page
    )


def _phase_from_row(row: Row) -> Phase:
    return Phase(**row)


class Records(IdeaRecords, VotingRecords, HackathonRecords, EventRecords):
    """Reads and writes of workshop data on one SQLite connection."""

    def __init__(self, conn: sqlite3.Connection, *, cache_rounds: bool = False) -> None:
        """``cache_rounds`` is for the single writer only: it sees every write, so it can cache rows.

        It caches rounds (any round write clears them) and participants' ids by token hash (participants
        are never deleted or re-keyed; a rollback clears the cache, since a rolled-back id can be reused).
        """
        self.conn = conn
        self.db = Database(conn)
        self._cache_rounds = cache_rounds
        self._rounds: dict[int, VoteRound] = {}
        self._participant_ids: dict[str, int] = {}
        self._pending_column: bool | None = None

    def forget_cached(self) -> None:
        """Drop cached rows (after a rollback, or when another connection may have written)."""
        self._rounds.clear()
        self._participant_ids.clear()

    # -- workshop ------------------------------------------------------------------------------
    def insert_workshop(self, values: Mapping[str, Any]) -> None:
        """Write the single workshop row."""
        stored = {k: json.dumps(list(v)) if k in _JSON_LIST_FIELDS else v for k, v in values.items()}
        self._insert("workshop", {"id": 1, **stored})

    def workshop(self) -> Workshop:
        """The workshop's details."""
        row = self._one("SELECT * FROM workshop WHERE id = 1")
        assert row is not None, "a workshop file always has its workshop row"
        return _workshop_from_row(row)

    def workshop_settings(self) -> Row:
        """The workshop row's hosting settings: secrets, port, joining."""
        row = self._one(
            "SELECT join_secret, projector_secret, port, joining_open, headcount_cap, ticket_mode, "
            "created_at, ended_at, shared_device FROM workshop WHERE id = 1"
        )
        assert row is not None
        # A file saved before 0005_shared_device and opened read-only (so not migrated) has no such column.
        row.setdefault("shared_device", 0)
        return row

    def update_workshop(self, values: Mapping[str, Any]) -> None:
        """Change workshop columns (lists are stored as JSON)."""
        stored = {k: json.dumps(list(v)) if k in _JSON_LIST_FIELDS else v for k, v in values.items()}
        self._update("workshop", "id", 1, stored)

    # -- agenda --------------------------------------------------------------------------------
    def phases(self) -> list[Phase]:
        """The agenda in order."""
        return [_phase_from_row(r) for r in self._rows("SELECT * FROM phases ORDER BY position, id")]

    def phase(self, phase_id: int) -> Phase | None:
        """One phase, or ``None``."""
        row = self._one("SELECT * FROM phases WHERE id = ?", [phase_id])
        return _phase_from_row(row) if row else None

    def insert_phase(self, title: str, planned_minutes: int, position: int | None = None) -> int:
        """Add a phase at ``position`` (the end by default), shifting later phases."""
        if position is None:
            position = self._next_position("phases")
        else:
            self.conn.execute("UPDATE phases SET position = position + 1 WHERE position >= ?", [position])
        return self._insert("phases", {"title": title, "planned_minutes": planned_minutes, "position": position})

    def save_phase(self, phase: Phase) -> None:
        """Store every field of ``phase``."""
        values = {k: getattr(phase, k) for k in Phase.__dataclass_fields__ if k != "id"}
        self._update("phases", "id", phase.id, values)

    def delete_phase(self, phase_id: int) -> None:
        """Remove a phase and close the gap in positions."""
        self.conn.execute("DELETE FROM phases WHERE id = ?", [phase_id])
        self.renumber("phases")

    def reorder(self, table: str, ids_in_order: Sequence[int]) -> None:
        """Give the rows of ``table`` the positions of ``ids_in_order``."""
        for position, row_id in enumerate(ids_in_order):
            self.conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [position, row_id])

    def renumber(self, table: str) -> None:
        """Make positions 0..n-1 again after a removal."""
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} ORDER BY position, id")]
        self.reorder(table, ids)

    def put_back(self, table: str, values: Mapping[str, Any]) -> bool:
        """Insert a removed row again with its own id (``values["id"]``) and, if the table is ordered, at its
        old ``position`` among the rows left; False (nothing written) if that id has been taken since."""
        if self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", [values["id"]]).fetchone() is not None:
            return False
        if "position" not in values:
            self._insert(table, values)
            return True
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} ORDER BY position, id")]
        place = self.conn.execute(f"SELECT COUNT(*) FROM {table} WHERE position < ?", [values["position"]])
        ids.insert(int(place.fetchone()[0]), values["id"])
        self._insert(table, values)
        self.reorder(table, ids)
        return True

    # -- groups and age bands -----------------------------------------------------------------
    def groups(self) -> list[StakeholderGroup]:
        """The stakeholder groups the facilitator counts."""
        return [StakeholderGroup(**r) for r in self._rows("SELECT * FROM stakeholder_groups ORDER BY position, id")]

    def age_bands(self) -> list[AgeBand]:
        """The age bands the facilitator counts."""
        return [AgeBand(**r) for r in self._rows("SELECT * FROM age_bands ORDER BY position, id")]

    def insert_group(self, name: str) -> int:
        """Add a stakeholder group at the end."""
        return self._insert("stakeholder_groups", {"name": name, "position": self._next_position("stakeholder_groups")})

    def insert_age_band(self, label: str) -> int:
        """Add an age band at the end."""
        return self._insert("age_bands", {"label": label, "position": self._next_position("age_bands")})

    def rename(self, table: str, column: str, row_id: int, value: str) -> int:
        """Change one name-like column of one row; returns the rows changed."""
        return self._update(table, "id", row_id, {column: value})

    def delete(self, table: str, row_id: int) -> int:
        """Delete one row by id; returns the rows deleted."""
        self._rounds.clear()
        return self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id]).rowcount

    # -- participants --------------------------------------------------------------------------
    def insert_participant(self, token_hash: str, joined_minute: int, event_ticket: int | None = None) -> int:
        """Add an anonymous participant (``event_ticket``: the event-wide ticket they joined with, if any)."""
        values: dict[str, Any] = {"token_hash": token_hash, "joined_minute": joined_minute}
        if event_ticket is not None:
            values["event_ticket"] = event_ticket
        return self._insert("participants", values)

    def participant_id(self, token_hash: str) -> int | None:
        """The participant with this token hash, if any (hot path: raw SQL, cached in the writer)."""
        cached = self._participant_ids.get(token_hash)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT id FROM participants WHERE token_hash = ?", [token_hash]).fetchone()
        if row is None:
            return None
        if self._cache_rounds:
            self._participant_ids[token_hash] = int(row[0])
        return int(row[0])

    def participant(self, participant_id: int) -> Participant | None:
        """One participant."""
        row = self._one(
            "SELECT id, group_id, age_band_id, joined_minute FROM participants WHERE id = ?", [participant_id]
        )
        return Participant(**row) if row else None

    def participant_count(self) -> int:
        """How many phones joined."""
        return int(self.conn.execute("SELECT COUNT(*) FROM participants").fetchone()[0])

    def kept_codes(self) -> int:
        """How many participants' join codes (token hashes) are still in the file (Finish deletes them)."""
        row = self.conn.execute("SELECT count(*) FROM participants WHERE token_hash NOT LIKE 'deleted:%'").fetchone()
        return int(row[0])

    def participants(self) -> list[Participant]:
        """Everyone who joined, oldest first."""
        return [
            Participant(**r)
            for r in self._rows("SELECT id, group_id, age_band_id, joined_minute FROM participants ORDER BY id")
        ]

    def update_participant(self, participant_id: int, group_id: int | None, age_band_id: int | None) -> None:
        """Store what a participant declared about themselves."""
        self._update("participants", "id", participant_id, {"group_id": group_id, "age_band_id": age_band_id})

    def insert_ticket(self, code_hash: str) -> int:
        """Add a printed single-use ticket."""
        return self._insert("tickets", {"code_hash": code_hash})

    def use_ticket(self, code_hash: str, minute: int) -> UsedTicket | None:
        """Mark a ticket used; ``None`` when it does not exist or was used already."""
        row = self.conn.execute(
            "SELECT id, shared FROM tickets WHERE code_hash = ? AND used_at_minute IS NULL", [code_hash]
        ).fetchone()
        if row is None:
            return None
        self.conn.execute("UPDATE tickets SET used_at_minute = ? WHERE id = ?", [minute, row[0]])
        return UsedTicket(int(row[0]), bool(row[1]))

    def delete_codes(self) -> tuple[int, int]:
        """Forget every code that let a phone in: participants' token hashes (replaced by a value no token
        hashes to; the anonymous participant rows and their ballots stay), ticket codes, and the join and
        projector secrets. Returns (participants, tickets) affected."""
        participants = self.conn.execute("UPDATE participants SET token_hash = 'deleted:' || id").rowcount
        tickets = self.conn.execute("DELETE FROM tickets").rowcount
        self.conn.execute("UPDATE workshop SET join_secret = '', projector_secret = '', joining_open = 0")
        self._participant_ids.clear()
        return participants, tickets

    # -- actions -------------------------------------------------------------------------------
    def actions(self) -> list[Action]:
        """The action plan with milestones and go-official items."""
        milestones: dict[int, list[Milestone]] = {}
        for r in self._rows("SELECT * FROM milestones ORDER BY due_date = '', due_date, id"):
            milestones.setdefault(r["action_id"], []).append(
                Milestone(r["id"], r["action_id"], r["title"], r["due_date"], MilestoneStatus(r["status"]))
            )
        items: dict[int, list[GoOfficialItem]] = {}
        for r in self._rows("SELECT * FROM go_official ORDER BY id"):
            items.setdefault(r["action_id"], []).append(
                GoOfficialItem(r["id"], r["action_id"], GoOfficialKind(r["kind"]), r["text"], bool(r["done"]))
            )
        return [
            Action(
                id=r["id"],
                title=r["title"],
                idea_id=r["idea_id"],
                owner=r["owner"],
                department=r["department"],
                next_step=r["next_step"],
                position=r["position"],
                milestones=tuple(milestones.get(r["id"], ())),
                go_official=tuple(items.get(r["id"], ())),
            )
            for r in self._rows("SELECT * FROM actions ORDER BY position, id")
        ]

    def insert_action(self, values: Mapping[str, Any]) -> int:
        """Add an action at the end of the plan."""
        return self._insert("actions", {**values, "position": self._next_position("actions")})

    def update_row(self, table: str, row_id: int, values: Mapping[str, Any]) -> int:
        """Change columns of one row of ``table`` by id."""
        return self._update(table, "id", row_id, values)

    def insert_row(self, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row into ``table``."""
        return self._insert(table, values)

    # -- action log ----------------------------------------------------------------------------
    def log_entries(self) -> list[LogEntry]:
        """The whole action log, in order."""
        return [
            LogEntry(
                height=r["height"],
                prev_hash=r["prev_hash"],
                type=r["type"],
                payload_hash=r["payload_hash"],
                hash=r["hash"],
                at=r["at"],
                payload=r["payload"],
            )
            for r in self._rows("SELECT * FROM action_log ORDER BY height")
        ]

    def log_head(self) -> LogEntry | None:
        """The latest log entry."""
        row = self._one("SELECT * FROM action_log ORDER BY height DESC LIMIT 1")
        if row is None:
            return None
        return LogEntry(**{k: row[k] for k in ("height", "prev_hash", "type", "payload_hash", "hash", "at", "payload")})

    def append_log(self, entry: LogEntry) -> None:
        """Add an entry to the action log."""
        self._insert(
            "action_log",
            {
                "height": entry.height,
                "prev_hash": entry.prev_hash,
                "type": entry.type,
                "payload": entry.payload,
                "payload_hash": entry.payload_hash,
                "hash": entry.hash,
                "at": entry.at,
            },
        )

    # -- idempotency ---------------------------------------------------------------------------
    def idempotent_response(self, key: str, participant_id: int | None) -> tuple[str, str] | None:
        """The request hash and stored response of this participant's earlier request with this key.

        A key belongs to the participant who first used it: another participant's request with the same key
        is a new request, never answered with someone else's receipt.
        """
        row = self.conn.execute(
            "SELECT request_hash, response FROM idempotency WHERE key_hash = ? AND key = ? AND participant_id IS ?",
            [key_hash(key), key, participant_id],
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def remember_response(self, key: str, participant_id: int | None, request_hash: str, response: str) -> None:
        """Keep the answer to a request so a retry gets the same answer (once per key: check it first)."""
        self.conn.execute(
            "INSERT INTO idempotency (key_hash, key, participant_id, request_hash, response) VALUES (?, ?, ?, ?, ?)",
            [key_hash(key), key, participant_id, request_hash, response],
        )

    # -- a full disk ---------------------------------------------------------------------------
    def make_room(self) -> None:
        """Fold the write-ahead log into the file and cut it to nothing (outside a transaction): on a full
        disk this gives back what the log held, up to ``wal_autocheckpoint`` pages (about 4 MB)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def space_needed(self) -> int:
        """Bytes to free so writing can go on: room for the log to grow to its checkpoint size again."""
        page_size = int(self.conn.execute("PRAGMA page_size").fetchone()[0])
        log_pages = int(self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        return page_size * (max(log_pages, 0) + 256)  # 256 pages of headroom for the file itself

    # -- whole-file checks ---------------------------------------------------------------------
    def row_counts(self) -> dict[str, int]:
        """How much the file holds, by the names of the session's ``Counts``: ideas not merged, visible and
        pending ideas, ballots with dots spent, and every row of the other tables."""
        merged, visible, pending = IdeaStatus.MERGED.value, IdeaStatus.VISIBLE.value, IdeaStatus.PENDING.value
        cursor = self.conn.execute(_ROW_COUNTS, {"merged": merged, "visible": visible, "pending": pending})
        return dict(zip((column[0] for column in cursor.description), cursor.fetchone(), strict=True))

    def integrity_check(self) -> list[str]:
        """SQLite's full integrity check plus foreign keys; an empty list means all is well."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return problems

    def schema_version(self) -> int:
        """``PRAGMA user_version`` of the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])
