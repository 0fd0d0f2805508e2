"""The vote rounds, the ballots (the hot path: raw SQL) and the paper dots: part of ``Records`` (its base
class), on the same connection."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from cocity_workshop.core.actionlog import canonical_counts
from cocity_workshop.core.model import Ballot, PaperDots, ResultsMode, RoundState, VoteRound
from cocity_workshop.store.row_access import Row, RowAccess


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


class VotingRecords(RowAccess):
    """Reads and writes of rounds, ballots and paper dots; the single writer caches rounds (see ``Records``)."""

    _cache_rounds: bool = False
    _rounds: dict[int, VoteRound]

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
