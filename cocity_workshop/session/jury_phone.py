"""What jurors' phones do: score a project criterion by criterion (a sheet sent again replaces the earlier
one) and declare conflicts of interest, through the single writer and safe to retry (decision 0047).

Like ballots, sheets are not logged one by one: closing judging logs a digest of every sheet and conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core import tokens
from cocity_workshop.core.actionlog import canonical_json, sha256_hex
from cocity_workshop.core.errors import NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import COMMENT_MAX, ConflictOfInterest, JudgingState
from cocity_workshop.core.request_keys import check_request_key
from cocity_workshop.core.text import clean_text
from cocity_workshop.session.replays import stored_answer
from cocity_workshop.session.team_phone import team_or_raise
from cocity_workshop.session.writer import Tx


def juror_id_or_raise(tx: Tx, token: str) -> int:
    """The juror whose phone holds ``token``, or ``NotFound``."""
    juror = tx.records.juror_for_token(tokens.token_hash(token))
    if juror is None:
        raise NotFound("This phone is not on the jury. Join with your jury ticket.")
    return juror.id


@dataclass(frozen=True)
class SheetReceipt:
    """What a juror's phone is told: the sheet as stored (version 0: withdrawn, nothing left on it)."""

    project_id: int
    scores: dict[int, int]
    comment: str
    version: int

    def to_json(self) -> str:
        """The receipt as stored for replays and sent to the phone."""
        scores = {str(k): v for k, v in self.scores.items()}
        return canonical_json(
            {"comment": self.comment, "project_id": self.project_id, "scores": scores, "version": self.version}
        )

    @classmethod
    def from_json(cls, text: str) -> SheetReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        scores = {int(k): int(v) for k, v in data["scores"].items()}
        return cls(int(data["project_id"]), scores, str(data["comment"]), int(data["version"]))


@dataclass(frozen=True)
class SheetCommand:
    """Store one juror's whole sheet for one project inside the writer's transaction."""

    token: str
    project_id: int
    scores: dict[int, int]
    comment: str = ""
    idempotency_key: str | None = None

    @classmethod
    def checked(
        cls, token: str, project_id: int, scores: Mapping[int, int], comment: str, idempotency_key: str | None
    ) -> SheetCommand:
        """The command with its comment cleaned and its request key checked (scores are checked against the
        criteria in the transaction)."""
        if idempotency_key is not None:
            check_request_key(idempotency_key)
        return cls(
            token,
            project_id,
            dict(scores),
            clean_text(comment, max_length=COMMENT_MAX, multiline=True),
            idempotency_key,
        )

    def __call__(self, tx: Tx) -> SheetReceipt:
        juror_id = juror_id_or_raise(tx, self.token)  # first: a key is only this juror's
        key = f"jury:{self.idempotency_key}" if self.idempotency_key else None
        request_hash = ""
        if key is not None:
            spelled = {str(k): v for k, v in self.scores.items()}
            request = {"comment": self.comment, "project": self.project_id, "scores": spelled}
            request_hash = sha256_hex(canonical_json(request))
            stored = stored_answer(tx, key, juror_id, request_hash)
            if stored is not None:
                return SheetReceipt.from_json(stored)
        rules.check_judging_open(tx.records.hackathon_state())
        project = tx.records.project(self.project_id)
        if project is None:
            raise NotFound("There is no project {id}.", id=self.project_id)
        if ConflictOfInterest(juror_id, project.team_id) in tx.records.conflicts():
            raise RuleViolation("You declared a conflict of interest with this team, so you do not score its project.")
        scores = rules.check_scores(tx.records.criteria(), self.scores)
        if scores or self.comment:
            version = tx.records.save_sheet(juror_id, self.project_id, scores, self.comment)
        else:  # every score taken back and no comment: the sheet is withdrawn, not a sheet of nothing
            version = 0
            tx.records.delete_sheet(juror_id, self.project_id)
        receipt = SheetReceipt(self.project_id, scores, self.comment, version)
        if key is not None:
            tx.records.remember_response(key, juror_id, request_hash, receipt.to_json())
        tx.emit(EventKind.SCORE_RECORDED, project=self.project_id)
        return receipt


@dataclass(frozen=True)
class ConflictReceipt:
    """What a juror's phone is told after declaring (or withdrawing) a conflict of interest."""

    team_id: int
    conflicted: bool
    #: Whether the juror's earlier scores for the team's project were removed with the declaration.
    scores_removed: bool

    def to_json(self) -> str:
        """The receipt as stored for replays."""
        fields = {"conflicted": self.conflicted, "scores_removed": self.scores_removed, "team_id": self.team_id}
        return canonical_json(fields)

    @classmethod
    def from_json(cls, text: str) -> ConflictReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        return cls(int(data["team_id"]), bool(data["conflicted"]), bool(data["scores_removed"]))


@dataclass(frozen=True)
class ConflictCommand:
    """Declare or withdraw a juror's conflict of interest with a team, until judging closes."""

    token: str
    team_id: int
    conflicted: bool = True
    idempotency_key: str | None = None

    def __call__(self, tx: Tx) -> ConflictReceipt:
        juror_id = juror_id_or_raise(tx, self.token)
        key = f"jury-conflict:{self.idempotency_key}" if self.idempotency_key else None
        request_hash = sha256_hex(canonical_json({"conflicted": self.conflicted, "team": self.team_id}))
        if key is not None:
            stored = stored_answer(tx, key, juror_id, request_hash)
            if stored is not None:
                return ConflictReceipt.from_json(stored)
        if tx.records.hackathon_state().judging is JudgingState.CLOSED:
            raise RuleViolation("Judging is closed; the scores are final.")
        team_or_raise(tx, self.team_id)
        tx.records.set_conflict(juror_id, self.team_id, self.conflicted)
        project = tx.records.project_of_team(self.team_id) if self.conflicted else None
        removed = project is not None and tx.records.delete_sheet(juror_id, project.id)
        receipt = ConflictReceipt(self.team_id, self.conflicted, removed)
        if key is not None:
            tx.records.remember_response(key, juror_id, request_hash, receipt.to_json())
        tx.emit(EventKind.JURY_CHANGED, team=self.team_id)
        if project is not None and removed:
            tx.emit(EventKind.SCORE_RECORDED, project=project.id)
        return receipt
