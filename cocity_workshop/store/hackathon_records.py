"""Reads and writes of a hackathon's data: challenges, teams, projects, the jury (decision 0047).

Part of ``Records`` (its base class), on the same connection. A file saved before ``0006_hackathon`` and
opened read-only (so not migrated) has none of these tables: it reads as a workshop without a hackathon.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from cocity_workshop.core.hackathon import (
    Award,
    Challenge,
    ConflictOfInterest,
    Criterion,
    HackathonRecord,
    HackathonState,
    JudgingState,
    Juror,
    PitchState,
    Project,
    ScoreSheet,
    Team,
    TeamOrigin,
)

_CHALLENGE = "id, title, statement, owner, position"
_TEAM = "id, name, challenge_id, members, code, origin, position, created_at"
_PROJECT = "id, team_id, title, description, link, version, updated_at"
_CRITERION = "id, name, weight, scale_min, scale_max, description, position"


def _team(row: tuple[Any, ...]) -> Team:
    team_id, name, challenge_id, members, code, origin, position, created_at = row
    return Team(team_id, name, challenge_id, members, code, TeamOrigin(origin), position, created_at)


class HackathonRecords:
    """The hackathon part of ``Records``."""

    conn: sqlite3.Connection
    _hackathon_tables: bool | None = None

    # -- helpers -------------------------------------------------------------------------------
    def _has_hackathon(self) -> bool:
        if self._hackathon_tables is None:
            found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hackathon'")
            self._hackathon_tables = found.fetchone() is not None
        return self._hackathon_tables

    def _select(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        if not self._has_hackathon():
            return []
        return list(self.conn.execute(sql, list(params)))

    def _add(self, table: str, values: Mapping[str, Any]) -> int:
        columns, marks = ", ".join(values), ", ".join("?" for _ in values)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values()))
        return int(cursor.lastrowid or 0)

    def _change(self, table: str, row_id: int, values: Mapping[str, Any]) -> int:
        if not values:
            return 0
        assignments = ", ".join(f"{column} = ?" for column in values)
        sql = f"UPDATE {table} SET {assignments} WHERE id = ?"
        return self.conn.execute(sql, [*values.values(), row_id]).rowcount

    def _end_position(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COALESCE(MAX(position), -1) + 1 FROM {table}").fetchone()[0])

    # -- submissions and judging ---------------------------------------------------------------
    def hackathon_state(self) -> HackathonState:
        """Whether submissions are open and where judging is."""
        rows = self._select("SELECT submissions_open, judging FROM hackathon WHERE id = 1")
        if not rows:
            return HackathonState()
        return HackathonState(bool(rows[0][0]), JudgingState(rows[0][1]))

    def update_hackathon_state(self, values: Mapping[str, Any]) -> None:
        """Change ``submissions_open``, ``judging`` or the pitch (``pitch_team_id``, ``pitch_started_at``,
        ``pitch_seconds``)."""
        self._change("hackathon", 1, values)

    def pitch(self) -> PitchState:
        """The team pitching now, since when, and how long a pitch lasts (none before ``0012_pitches``)."""
        if not self._has_hackathon():
            return PitchState()
        columns = {row[1] for row in self.conn.execute("PRAGMA table_info(hackathon)")}
        if "pitch_seconds" not in columns:  # a file opened read-only before the migration
            return PitchState()
        row = self.conn.execute("SELECT pitch_team_id, pitch_started_at, pitch_seconds FROM hackathon").fetchone()
        return PitchState(row[0], row[1], int(row[2]))

    def _has_column(self, column: str) -> bool:
        return column in {row[1] for row in self.conn.execute("PRAGMA table_info(hackathon)")}

    def normalisation(self) -> str:
        """How jurors' scores are made comparable (``core.jury.Normalisation``; 'none' before ``0013_awards``)."""
        if not self._has_hackathon() or not self._has_column("normalisation"):
            return "none"
        return str(self.conn.execute("SELECT normalisation FROM hackathon").fetchone()[0])

    # -- awards --------------------------------------------------------------------------------
    def awards(self) -> list[Award]:
        """Every award in the order given."""
        if not self._has_hackathon() or not self._has_column("normalisation"):  # both came with 0013_awards
            return []
        rows = self.conn.execute(
            "SELECT id, project_id, title, reason, challenge_id, position FROM awards ORDER BY position, id"
        )
        return [Award(*row) for row in rows]

    def insert_award(self, project_id: int, title: str, reason: str, challenge_id: int | None) -> int:
        """Add an award at the end."""
        values = {"project_id": project_id, "title": title, "reason": reason, "challenge_id": challenge_id}
        return self._add("awards", {**values, "position": self._end_position("awards")})

    def delete_award(self, award_id: int) -> bool:
        """Remove an award."""
        return self.conn.execute("DELETE FROM awards WHERE id = ?", [award_id]).rowcount == 1

    def juror_numbers(self) -> dict[int, int]:
        """Juror id -> number (what the report and the bundle name jurors by)."""
        return {j.id: j.number for j in self.jurors()}

    def hackathon_record(self) -> HackathonRecord | None:
        """The hackathon for a snapshot (``None`` for a workshop without challenges); no codes or tokens."""
        challenges = self.challenges()
        if not challenges:
            return None
        teams = tuple(replace(t, code=None) for t in self.teams())
        return HackathonRecord(
            self.hackathon_state(),
            self.normalisation(),
            tuple(challenges),
            teams,
            tuple(self.projects()),
            tuple(self.criteria()),
            self.juror_numbers(),
            tuple(self.sheets()),
            tuple(self.conflicts()),
            tuple(self.awards()),
        )

    def set_team_order(self, team_ids: Iterable[int]) -> None:
        """Put the teams in this order (the pitch order)."""
        self.conn.executemany(
            "UPDATE teams SET position = ? WHERE id = ?", [(n, team_id) for n, team_id in enumerate(team_ids)]
        )

    # -- challenges ----------------------------------------------------------------------------
    def challenges(self) -> list[Challenge]:
        """The hackathon's challenges in order."""
        return [Challenge(*r) for r in self._select(f"SELECT {_CHALLENGE} FROM challenges ORDER BY position, id")]

    def challenge(self, challenge_id: int) -> Challenge | None:
        """One challenge, or ``None``."""
        rows = self._select(f"SELECT {_CHALLENGE} FROM challenges WHERE id = ?", [challenge_id])
        return Challenge(*rows[0]) if rows else None

    def insert_challenge(self, title: str, statement: str, owner: str) -> int:
        """Add a challenge at the end."""
        values = {"title": title, "statement": statement, "owner": owner, "position": self._end_position("challenges")}
        return self._add("challenges", values)

    def update_challenge(self, challenge_id: int, values: Mapping[str, Any]) -> None:
        """Change a challenge's title, statement or owner."""
        self._change("challenges", challenge_id, values)

    def delete_challenge(self, challenge_id: int) -> bool:
        """Remove a challenge (the schema refuses one that teams work on)."""
        return self.conn.execute("DELETE FROM challenges WHERE id = ?", [challenge_id]).rowcount == 1

    # -- teams ---------------------------------------------------------------------------------
    def teams(self, challenge_id: int | None = None) -> list[Team]:
        """Teams in registration order (of one challenge, or all)."""
        where, params = ("WHERE challenge_id = ? ", [challenge_id]) if challenge_id is not None else ("", [])
        return [_team(r) for r in self._select(f"SELECT {_TEAM} FROM teams {where}ORDER BY position, id", params)]

    def team(self, team_id: int) -> Team | None:
        """One team, or ``None``."""
        rows = self._select(f"SELECT {_TEAM} FROM teams WHERE id = ?", [team_id])
        return _team(rows[0]) if rows else None

    def team_count(self) -> int:
        """How many teams registered (all challenges)."""
        return int(self.conn.execute("SELECT COUNT(*) FROM teams").fetchone()[0])

    def team_by_code(self, code: str) -> Team | None:
        """The team with this code, if any."""
        rows = self._select(f"SELECT {_TEAM} FROM teams WHERE code = ?", [code])
        return _team(rows[0]) if rows else None

    def insert_team(self, values: Mapping[str, Any]) -> int:
        """Add a team at the end of the registration (and pitch) order."""
        return self._add("teams", {**values, "position": self._end_position("teams")})

    def update_team(self, team_id: int, values: Mapping[str, Any]) -> None:
        """Change a team's name, challenge or members' count."""
        self._change("teams", team_id, values)

    def delete_team(self, team_id: int) -> bool:
        """Remove a team with its phones, project and conflicts (the schema refuses one with scores)."""
        return self.conn.execute("DELETE FROM teams WHERE id = ?", [team_id]).rowcount == 1

    def team_of_participant(self, participant_id: int) -> int | None:
        """The team a participant's phone belongs to, if any."""
        rows = self._select("SELECT team_id FROM team_phones WHERE participant_id = ?", [participant_id])
        return int(rows[0][0]) if rows else None

    def add_team_phone(self, team_id: int, participant_id: int) -> None:
        """Let a participant's phone edit a team's project."""
        self.conn.execute("INSERT INTO team_phones (participant_id, team_id) VALUES (?, ?)", [participant_id, team_id])

    def team_phone_count(self, team_id: int) -> int:
        """How many phones belong to a team."""
        return int(self.conn.execute("SELECT COUNT(*) FROM team_phones WHERE team_id = ?", [team_id]).fetchone()[0])

    # -- projects ------------------------------------------------------------------------------
    def projects(self) -> list[Project]:
        """Every team's project, in the teams' order."""
        sql = f"SELECT {', '.join('p.' + c for c in _PROJECT.split(', '))} FROM projects AS p "
        sql += "JOIN teams AS t ON t.id = p.team_id ORDER BY t.position, t.id"
        return [Project(*r) for r in self._select(sql)]

    def project(self, project_id: int) -> Project | None:
        """One project, or ``None``."""
        rows = self._select(f"SELECT {_PROJECT} FROM projects WHERE id = ?", [project_id])
        return Project(*rows[0]) if rows else None

    def project_of_team(self, team_id: int) -> Project | None:
        """A team's project, if it has one yet."""
        rows = self._select(f"SELECT {_PROJECT} FROM projects WHERE team_id = ?", [team_id])
        return Project(*rows[0]) if rows else None

    def save_project(self, team_id: int, values: Mapping[str, Any], now: float) -> int:
        """Store a team's whole project (title, description, link), replacing the earlier one; returns its id."""
        row = self.conn.execute(
            "INSERT INTO projects (team_id, title, description, link, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (team_id) DO UPDATE SET title = excluded.title, description = excluded.description, "
            "link = excluded.link, updated_at = excluded.updated_at, version = version + 1 RETURNING id",
            [team_id, values["title"], values["description"], values["link"], now],
        ).fetchone()
        return int(row[0])

    # -- criteria ------------------------------------------------------------------------------
    def criteria(self) -> list[Criterion]:
        """The jury's criteria in order."""
        return [Criterion(*r) for r in self._select(f"SELECT {_CRITERION} FROM jury_criteria ORDER BY position, id")]

    def insert_criterion(self, values: Mapping[str, Any]) -> int:
        """Add a criterion at the end."""
        return self._add("jury_criteria", {**values, "position": self._end_position("jury_criteria")})

    def update_criterion(self, criterion_id: int, values: Mapping[str, Any]) -> None:
        """Change a criterion's name, description, weight or scale."""
        self._change("jury_criteria", criterion_id, values)

    def delete_criterion(self, criterion_id: int) -> bool:
        """Remove a criterion (the schema refuses one with scores)."""
        return self.conn.execute("DELETE FROM jury_criteria WHERE id = ?", [criterion_id]).rowcount == 1

    # -- jurors --------------------------------------------------------------------------------
    def jurors(self) -> list[Juror]:
        """Every juror by number."""
        rows = self._select("SELECT id, number, token_hash IS NOT NULL FROM jurors ORDER BY number")
        return [Juror(int(i), int(n), bool(j)) for i, n, j in rows]

    def next_juror_number(self) -> int:
        """The number the next jury ticket gets."""
        return int(self.conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM jurors").fetchone()[0])

    def insert_juror(self, number: int, ticket_hash: str) -> int:
        """Add a juror whose ticket has not been used yet."""
        return self._add("jurors", {"number": number, "ticket_hash": ticket_hash})

    def use_jury_ticket(self, ticket_hash: str, token_hash: str, minute: int) -> int | None:
        """Give the juror holding an unused ticket a phone's token; their id, or ``None`` for no such ticket."""
        row = self.conn.execute(
            "UPDATE jurors SET token_hash = ?, joined_minute = ? WHERE ticket_hash = ? AND token_hash IS NULL "
            "RETURNING id",
            [token_hash, minute, ticket_hash],
        ).fetchone()
        return int(row[0]) if row else None

    def replace_jury_ticket(self, juror_id: int, ticket_hash: str) -> bool:
        """Give a juror a new ticket; the phone that used the old one can no longer score."""
        cursor = self.conn.execute(
            "UPDATE jurors SET ticket_hash = ?, token_hash = NULL, joined_minute = NULL WHERE id = ?",
            [ticket_hash, juror_id],
        )
        return cursor.rowcount == 1

    def juror_for_token(self, token_hash: str) -> Juror | None:
        """The juror whose phone has this token hash, if any."""
        rows = self._select("SELECT id, number FROM jurors WHERE token_hash = ?", [token_hash])
        return Juror(int(rows[0][0]), int(rows[0][1]), True) if rows else None

    def delete_hackathon_codes(self) -> tuple[int, int]:
        """Forget jury tickets, jurors' phone tokens and team codes (Finish); returns (jurors, teams) affected."""
        if not self._has_hackathon():
            return 0, 0
        jurors = self.conn.execute(
            "UPDATE jurors SET ticket_hash = NULL, token_hash = NULL "
            "WHERE ticket_hash IS NOT NULL OR token_hash IS NOT NULL"
        ).rowcount
        teams = self.conn.execute("UPDATE teams SET code = NULL WHERE code IS NOT NULL").rowcount
        return jurors, teams

    # -- score sheets and conflicts ------------------------------------------------------------
    def sheets(self, project_id: int | None = None, juror_id: int | None = None) -> list[ScoreSheet]:
        """Score sheets (of one project and/or one juror, or all), by project then juror number."""
        where, params = [], []
        for column, value in (("s.project_id", project_id), ("s.juror_id", juror_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = "SELECT s.id, s.juror_id, s.project_id, s.comment, s.version FROM jury_sheets AS s "
        sql += "JOIN jurors AS j ON j.id = s.juror_id "
        sql += ("WHERE " + " AND ".join(where) + " " if where else "") + "ORDER BY s.project_id, j.number"
        sheets = self._select(sql, params)
        scores: dict[int, dict[int, int]] = {}
        if sheets:
            ids = [s[0] for s in sheets]
            marks = ",".join("?" for _ in ids)
            for sheet_id, criterion_id, value in self.conn.execute(
                f"SELECT sheet_id, criterion_id, value FROM jury_scores WHERE sheet_id IN ({marks})", ids
            ):
                scores.setdefault(int(sheet_id), {})[int(criterion_id)] = int(value)
        return [ScoreSheet(j, p, scores.get(i, {}), c, v) for i, j, p, c, v in sheets]

    def sheet(self, juror_id: int, project_id: int) -> ScoreSheet | None:
        """One juror's sheet for one project."""
        found = self.sheets(project_id, juror_id)
        return found[0] if found else None

    def save_sheet(self, juror_id: int, project_id: int, scores: Mapping[int, int], comment: str) -> int:
        """Store a juror's whole sheet for a project, replacing the earlier one; returns its version."""
        sheet_id, version = self.conn.execute(
            "INSERT INTO jury_sheets (juror_id, project_id, comment) VALUES (?, ?, ?) "
            "ON CONFLICT (juror_id, project_id) DO UPDATE SET comment = excluded.comment, version = version + 1 "
            "RETURNING id, version",
            [juror_id, project_id, comment],
        ).fetchone()
        self.conn.execute("DELETE FROM jury_scores WHERE sheet_id = ?", [sheet_id])
        self.conn.executemany(
            "INSERT INTO jury_scores (sheet_id, criterion_id, value) VALUES (?, ?, ?)",
            [(sheet_id, criterion_id, value) for criterion_id, value in sorted(scores.items())],
        )
        return int(version)

    def delete_sheet(self, juror_id: int, project_id: int) -> bool:
        """Remove a juror's sheet for a project; says whether there was one."""
        cursor = self.conn.execute(
            "DELETE FROM jury_sheets WHERE juror_id = ? AND project_id = ?", [juror_id, project_id]
        )
        return cursor.rowcount == 1

    def conflicts(self) -> list[ConflictOfInterest]:
        """Every declared conflict of interest."""
        return [ConflictOfInterest(j, t) for j, t in self._select("SELECT juror_id, team_id FROM jury_conflicts")]

    def set_conflict(self, juror_id: int, team_id: int, conflicted: bool) -> bool:
        """Mark or clear a juror's conflict of interest with a team; says whether anything changed."""
        if conflicted:
            sql = "INSERT OR IGNORE INTO jury_conflicts (juror_id, team_id) VALUES (?, ?)"
        else:
            sql = "DELETE FROM jury_conflicts WHERE juror_id = ? AND team_id = ?"
        return self.conn.execute(sql, [juror_id, team_id]).rowcount == 1
