"""Every read and write of workshop data, on one connection.

The writer runs these inside its ``BEGIN IMMEDIATE`` transaction; readers run the read methods on
their own connections. Writes are plain parameterised SQL: sqlite-utils' table API opens and commits
transactions of its own, which would break the writer's group commit (see docs/decisions).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from cocity_workshop.core.actionlog import canonical_counts
from cocity_workshop.core.model import (
    Action,
    AgeBand,
    Attachment,
    Ballot,
    Cluster,
    GoOfficialItem,
    GoOfficialKind,
    Idea,
    IdeaOrigin,
    IdeaStatus,
    LogEntry,
    Milestone,
    MilestoneStatus,
    PaperDots,
    Participant,
    Phase,
    ResultsMode,
    RoundState,
    StakeholderGroup,
    Template,
    VoteRound,
    Workshop,
)
from cocity_workshop.core.privacy import DEFAULT_RETENTION_MONTHS, LegalBasis
from cocity_workshop.store.event_records import EventRecords
from cocity_workshop.store.hackathon_records import HackathonRecords
from cocity_workshop.store.migrations import LICENCE_BEFORE_0002, key_hash

Row = dict[str, Any]

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


def _idea_from_row(row: Row, attachments: Sequence[int] = (), pending: Sequence[int] = ()) -> Idea:
    return Idea(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        theme=row["theme"],
        origin=IdeaOrigin(row["origin"]),
        status=IdeaStatus(row["status"]),
        merged_into=row["merged_into"],
        cluster_id=row["cluster_id"],
        participant_id=row["participant_id"],
        created_at=row["created_at"],
        attachment_ids=tuple(attachments),
        pending_attachment_ids=tuple(pending),
        shared=bool(row.get("shared", 0)),  # no such column before 0010_event_rooms (opened read-only)
    )


def _round_from_row(row: Row, idea_ids: Sequence[int]) -> VoteRound:
    return VoteRound(
        id=row["id"],
        title=row["title"],
        idea_ids=tuple(idea_ids),
        dots_per_participant=row["dots_per_participant"],
        max_per_idea=row["max_per_idea"],
        results_mode=ResultsMode(row["results_mode"]),
        state=RoundState(row["state"]),
        is_practice=bool(row["is_practice"]),
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
        revealed_at=row["revealed_at"],
        # A file from before 0009_round_timer opened read-only (so not migrated) has no timer columns.
        duration_seconds=row.get("duration_seconds"),
        closes_itself=bool(row.get("closes_itself", 0)),
        shared=bool(row.get("shared", 0)),
    )


def _dots_from_json(text: str) -> dict[int, int]:
    return {int(k): int(v) for k, v in json.loads(text).items()}


def dots_to_json(dots: Mapping[int, int]) -> str:
    """The stored spelling of an allocation: its canonical JSON (idea ids as keys, sorted as text)."""
    return canonical_counts(dots)


class Records(HackathonRecords, EventRecords):
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

    # -- helpers -------------------------------------------------------------------------------
    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return list(self.db.query(sql, list(params)))

    def _one(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, table: str, values: Mapping[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
        return int(cursor.lastrowid or 0)

    def _update(self, table: str, key: str, key_value: Any, values: Mapping[str, Any]) -> int:
        if not values:
            return 0
        assignments = ", ".join(f"{column} = ?" for column in values)
        cursor = self.conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", [*values.values(), key_value])
        return cursor.rowcount

    def _next_position(self, table: str, where: str = "1", params: Iterable[Any] = ()) -> int:
        row = self.conn.execute(f"SELECT COALESCE(MAX(position), -1) + 1 FROM {table} WHERE {where}", list(params))
        return int(row.fetchone()[0])

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
    def insert_participant(self, token_hash: str, joined_minute: int) -> int:
        """Add an anonymous participant."""
        return self._insert("participants", {"token_hash": token_hash, "joined_minute": joined_minute})

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

    def use_ticket(self, code_hash: str, minute: int) -> bool:
        """Mark a ticket used; ``False`` when it does not exist or was used already."""
        cursor = self.conn.execute(
            "UPDATE tickets SET used_at_minute = ? WHERE code_hash = ? AND used_at_minute IS NULL",
            [minute, code_hash],
        )
        return cursor.rowcount == 1

    # -- ideas ---------------------------------------------------------------------------------
    def _has_pending_photos_column(self) -> bool:
        # A file saved before 0004_pending_photos and opened read-only (so not migrated) has no such column;
        # its photos were all shown.
        if self._pending_column is None:
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(attachments)")}
            self._pending_column = "pending" in columns
        return self._pending_column

    def _attachment_ids(
        self, idea_ids: Sequence[int] | None = None
    ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """Photo ids by idea: (shown, pending)."""
        shown: dict[int, list[int]] = {}
        pending: dict[int, list[int]] = {}
        flag = "pending" if self._has_pending_photos_column() else "0"
        if idea_ids is None:
            rows = self.conn.execute(f"SELECT idea_id, id, {flag} FROM attachments ORDER BY id")
        else:
            marks = ",".join("?" for _ in idea_ids)
            rows = self.conn.execute(
                f"SELECT idea_id, id, {flag} FROM attachments WHERE idea_id IN ({marks}) ORDER BY id", list(idea_ids)
            )
        for idea_id, attachment_id, waits in rows:
            (pending if waits else shown).setdefault(idea_id, []).append(attachment_id)
        return shown, pending

    def ideas(self, statuses: Iterable[IdeaStatus] | None = None) -> list[Idea]:
        """Ideas, oldest first, optionally only those with the given statuses."""
        if statuses is None:
            rows = self._rows("SELECT * FROM ideas ORDER BY id")
        else:
            wanted = [s.value for s in statuses]
            marks = ",".join("?" for _ in wanted)
            rows = self._rows(f"SELECT * FROM ideas WHERE status IN ({marks}) ORDER BY id", wanted)
        shown, pending = self._attachment_ids()
        return [_idea_from_row(r, shown.get(r["id"], ()), pending.get(r["id"], ())) for r in rows]

    def idea(self, idea_id: int) -> Idea | None:
        """One idea, or ``None``."""
        row = self._one("SELECT * FROM ideas WHERE id = ?", [idea_id])
        if row is None:
            return None
        shown, pending = self._attachment_ids([idea_id])
        return _idea_from_row(row, shown.get(idea_id, ()), pending.get(idea_id, ()))

    def insert_idea(self, values: Mapping[str, Any]) -> int:
        """Add an idea."""
        return self._insert("ideas", values)

    def idea_count_from(self, participant_id: int) -> int:
        """How many ideas this participant's phone sent (merged, hidden and pending ones too)."""
        row = self.conn.execute("SELECT COUNT(*) FROM ideas WHERE participant_id = ?", [participant_id]).fetchone()
        return int(row[0])

    def update_idea(self, idea_id: int, values: Mapping[str, Any]) -> None:
        """Change columns of one idea."""
        self._update("ideas", "id", idea_id, values)

    def idea_ids_with_status(self, status: IdeaStatus) -> set[int]:
        """The ids of every idea with ``status`` (one small query, for live views)."""
        return {int(r[0]) for r in self.conn.execute("SELECT id FROM ideas WHERE status = ?", [status.value])}

    def off_board_ideas(self, idea_ids: Iterable[int]) -> list[tuple[int, str, int | None, str]]:
        """``(id, status, merged_into, title)`` of those of ``idea_ids`` that are not simply visible."""
        ids = [int(i) for i in idea_ids]
        if not ids:
            return []
        marks = ",".join("?" for _ in ids)
        rows = self.conn.execute(
            f"SELECT id, status, merged_into, title FROM ideas WHERE id IN ({marks}) AND status != 'visible'", ids
        )
        return [(int(i), str(s), None if m is None else int(m), str(t)) for i, s, m, t in rows]

    def merged_into_map(self) -> dict[int, int]:
        """Every merged idea and the idea it was merged into."""
        rows = self.conn.execute("SELECT id, merged_into FROM ideas WHERE merged_into IS NOT NULL")
        return {int(a): int(b) for a, b in rows}

    def insert_attachment(
        self, idea_id: int, mime: str, width: int, height: int, data: bytes, *, pending: bool = False
    ) -> int:
        """Store a photo of an idea (``pending``: it waits for the facilitator's approval)."""
        values = {"idea_id": idea_id, "mime": mime, "width": width, "height": height, "data": data}
        return self._insert("attachments", {**values, "pending": int(pending)})

    def set_attachments_pending(self, attachment_ids: Sequence[int], pending: bool) -> None:
        """Approve photos (``pending`` false) or make them wait again (undo)."""
        marks = ",".join("?" for _ in attachment_ids)
        self.conn.execute(f"UPDATE attachments SET pending = ? WHERE id IN ({marks})", [int(pending), *attachment_ids])

    def delete_attachment(self, attachment_id: int) -> bool:
        """Remove a photo (its bytes are overwritten: the file has ``secure_delete`` on)."""
        return self.conn.execute("DELETE FROM attachments WHERE id = ?", [attachment_id]).rowcount == 1

    def attachments(self, *, include_pending: bool = False) -> list[Attachment]:
        """Metadata of every photo the room may see (no image data); with ``include_pending``, waiting ones too."""
        flag = "pending" if self._has_pending_photos_column() else "0"
        where = "" if include_pending else f" WHERE {flag} = 0"
        rows = self._rows(
            f"SELECT id, idea_id, mime, width, height, length(data) AS size, {flag} AS pending FROM attachments"
            f"{where} ORDER BY id"
        )
        return [Attachment(**{**r, "pending": bool(r["pending"])}) for r in rows]

    def delete_codes(self) -> tuple[int, int]:
        """Forget every code that let a phone in: participants' token hashes (replaced by a value no token
        hashes to; the anonymous participant rows and their ballots stay), ticket codes, and the join and
        projector secrets. Returns (participants, tickets) affected."""
        participants = self.conn.execute("UPDATE participants SET token_hash = 'deleted:' || id").rowcount
        tickets = self.conn.execute("DELETE FROM tickets").rowcount
        self.conn.execute("UPDATE workshop SET join_secret = '', projector_secret = '', joining_open = 0")
        self._participant_ids.clear()
        return participants, tickets

    def attachment_data(self, attachment_id: int) -> tuple[str, bytes] | None:
        """The MIME type and bytes of one photo."""
        row = self.conn.execute("SELECT mime, data FROM attachments WHERE id = ?", [attachment_id]).fetchone()
        return (str(row[0]), bytes(row[1])) if row else None

    # -- clusters ------------------------------------------------------------------------------
    def clusters(self) -> list[Cluster]:
        """Clusters in order."""
        return [Cluster(**r) for r in self._rows("SELECT * FROM clusters ORDER BY position, id")]

    def insert_cluster(self, name: str) -> int:
        """Add a cluster at the end."""
        return self._insert("clusters", {"name": name, "position": self._next_position("clusters")})

    # -- vote rounds ---------------------------------------------------------------------------
    def _round_idea_ids(self, round_id: int) -> list[int]:
        rows = self.conn.execute("SELECT idea_id FROM round_ideas WHERE round_id = ? ORDER BY position", [round_id])
        return [int(r[0]) for r in rows]

    def vote_round(self, round_id: int) -> VoteRound | None:
        """One round with its ballot list (cached on this connection until a round is written)."""
        cached = self._rounds.get(round_id)
        if cached is not None:
            return cached
        row = self._one("SELECT * FROM vote_rounds WHERE id = ?", [round_id])
        if row is None:
            return None
        vote_round = _round_from_row(row, self._round_idea_ids(round_id))
        if self._cache_rounds:
            self._rounds[round_id] = vote_round
        return vote_round

    def vote_rounds(self) -> list[VoteRound]:
        """Every round, oldest first."""
        return [
            _round_from_row(r, self._round_idea_ids(r["id"]))
            for r in self._rows("SELECT * FROM vote_rounds ORDER BY id")
        ]

    def insert_round(self, values: Mapping[str, Any], idea_ids: Sequence[int]) -> int:
        """Add a round and its ballot list."""
        self._rounds.clear()
        round_id = self._insert("vote_rounds", values)
        self.set_round_ideas(round_id, idea_ids)
        return round_id

    def set_round_ideas(self, round_id: int, idea_ids: Sequence[int]) -> None:
        """Replace the ideas on a round's ballot."""
        self._rounds.clear()
        self.conn.execute("DELETE FROM round_ideas WHERE round_id = ?", [round_id])
        self.conn.executemany(
            "INSERT INTO round_ideas (round_id, idea_id, position) VALUES (?, ?, ?)",
            [(round_id, idea_id, i) for i, idea_id in enumerate(idea_ids)],
        )

    def update_round(self, round_id: int, values: Mapping[str, Any]) -> None:
        """Change columns of one round."""
        self._rounds.clear()
        self._update("vote_rounds", "id", round_id, values)

    def rounds_with_idea(self, idea_id: int) -> list[int]:
        """The rounds whose ballot lists ``idea_id``."""
        return [int(r[0]) for r in self.conn.execute("SELECT round_id FROM round_ideas WHERE idea_id = ?", [idea_id])]

    # -- ballots (hot path: raw SQL) -----------------------------------------------------------
    def upsert_ballot(self, round_id: int, participant_id: int, dots: Mapping[int, int]) -> int:
        """Store a participant's whole allocation, replacing an earlier one; returns its version."""
        row = self.conn.execute(
            "INSERT INTO ballots (round_id, participant_id, dots, spent) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (round_id, participant_id) DO UPDATE SET dots = excluded.dots, "
            "spent = excluded.spent, version = version + 1 RETURNING version",
            [round_id, participant_id, dots_to_json(dots), sum(dots.values())],
        ).fetchone()
        return int(row[0])

    def withdraw_ballot(self, round_id: int, participant_id: int) -> bool:
        """Remove a participant's ballot (they took back every dot); says whether there was one to remove."""
        row = self.conn.execute(
            "DELETE FROM ballots WHERE round_id = ? AND participant_id = ? RETURNING spent", [round_id, participant_id]
        ).fetchone()
        return row is not None and int(row[0]) > 0

    def ballot(self, round_id: int, participant_id: int) -> Ballot | None:
        """One participant's ballot in one round (an empty one, left by older versions, is no ballot)."""
        row = self.conn.execute(
            "SELECT dots, version FROM ballots WHERE round_id = ? AND participant_id = ? AND spent > 0",
            [round_id, participant_id],
        ).fetchone()
        return Ballot(round_id, participant_id, _dots_from_json(row[0]), int(row[1])) if row else None

    def ballots(self, round_id: int | None = None) -> list[Ballot]:
        """Every ballot (of one round, or all), in participant order; empty ones (withdrawn) are not ballots."""
        sql = "SELECT round_id, participant_id, dots, version FROM ballots WHERE spent > 0"
        params: list[Any] = []
        if round_id is not None:
            sql += " AND round_id = ?"
            params.append(round_id)
        rows = self.conn.execute(sql + " ORDER BY round_id, participant_id", params)
        return [Ballot(int(r), int(p), _dots_from_json(d), int(v)) for r, p, d, v in rows]

    def voters(self, round_id: int) -> set[int]:
        """The participants with a ballot in a round (one small query: the projector's "N of M" per change)."""
        rows = self.conn.execute("SELECT participant_id FROM ballots WHERE round_id = ? AND spent > 0", [round_id])
        return {int(r[0]) for r in rows}

    def phone_dot_totals(self, round_id: int) -> tuple[dict[int, int], int]:
        """The dots per idea summed over a round's ballots, and how many ballots: one query, for live tallies."""
        totals = {
            int(idea): int(dots)
            for idea, dots in self.conn.execute(
                "SELECT j.key, SUM(j.value) FROM ballots AS b, json_each(b.dots) AS j "
                "WHERE b.round_id = ? GROUP BY j.key",
                [round_id],
            )
        }
        count = self.conn.execute(
            "SELECT COUNT(*) FROM ballots WHERE round_id = ? AND spent > 0", [round_id]
        ).fetchone()[0]
        return totals, int(count)

    # -- paper dots ----------------------------------------------------------------------------
    def paper_dots(self, round_id: int | None = None) -> list[PaperDots]:
        """Paper dots entered for a round (or all rounds)."""
        if round_id is None:
            return [PaperDots(**r) for r in self._rows("SELECT * FROM paper_dots ORDER BY round_id, idea_id")]
        return [
            PaperDots(**r)
            for r in self._rows("SELECT * FROM paper_dots WHERE round_id = ? ORDER BY idea_id", [round_id])
        ]

    def set_paper_dots(self, round_id: int, idea_id: int, count: int, note: str) -> None:
        """Record the paper dots an idea got in a round (replacing an earlier count)."""
        self.conn.execute(
            "INSERT INTO paper_dots (round_id, idea_id, count, note) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (round_id, idea_id) DO UPDATE SET count = excluded.count, note = excluded.note",
            [round_id, idea_id, count, note],
        )

    def delete_paper_dots(self, round_id: int, idea_id: int) -> int:
        """Remove an idea's paper dots from a round."""
        return self.conn.execute(
            "DELETE FROM paper_dots WHERE round_id = ? AND idea_id = ?", [round_id, idea_id]
        ).rowcount

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
