"""Use cases: the jury's criteria, jury tickets and jurors, judging opened and closed, score sheets and
conflicts of interest (decision 0047)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core import tokens
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import (
    ConflictOfInterest,
    Criterion,
    HackathonState,
    JudgingState,
    Juror,
    ScoreSheet,
)
from cocity_workshop.core.jury import JuryRanking, Normalisation, conflicts_digest, rank_challenge, sheets_digest
from cocity_workshop.core.request_keys import check_request_key
from cocity_workshop.core.text import NOTE_MAX, clean_text, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.jury_phone import ConflictCommand, ConflictReceipt, SheetCommand, SheetReceipt
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Command, Tx
from cocity_workshop.store import read_transaction

#: Most jury tickets printed at once.
MAX_JURY_TICKETS = 100
CRITERION_NAME_MAX = 60


@dataclass(frozen=True)
class JuryTicket:
    """A printed jury ticket: the juror's number and the one-time code (only its hash is stored)."""

    number: int
    code: str


@dataclass(frozen=True)
class JurorJoinResult:
    """A juror's phone admitted: the token goes to the phone, only its hash stays in the file."""

    token: str
    juror: Juror


def _criterion_or_raise(tx: Tx, criterion_id: int) -> Criterion:
    criterion = next((c for c in tx.records.criteria() if c.id == criterion_id), None)
    if criterion is None:
        raise NotFound("There is no criterion {id}.", id=criterion_id)
    return criterion


def _check_criteria_can_change(tx: Tx) -> None:
    if tx.records.hackathon_state().judging is not JudgingState.NOT_STARTED:
        raise RuleViolation("Judging has started: the criteria can no longer change.")


def _criterion_values(name: str, weight: int, scale_min: int, scale_max: int, description: str) -> dict[str, object]:
    rules.check_criterion(weight, scale_min, scale_max)
    return {
        "name": required_text(name, max_length=CRITERION_NAME_MAX, what=_("The criterion's name")),
        "weight": weight,
        "scale_min": scale_min,
        "scale_max": scale_max,
        "description": clean_text(description, max_length=NOTE_MAX, multiline=True),
    }


def _juror_numbers(tx: Tx) -> dict[int, int]:
    return {j.id: j.number for j in tx.records.jurors()}


class JuryUses(SessionBase):
    """The jury: what it scores on, who is on it, and its scores."""

    # -- criteria ------------------------------------------------------------------------------
    def criteria(self) -> list[Criterion]:
        """The jury's criteria in order."""
        return self._records().criteria()

    def add_criterion(
        self, name: str, *, weight: int = 1, scale_min: int = 1, scale_max: int = 5, description: str = ""
    ) -> Criterion:
        """Add a criterion (before judging starts)."""
        values = _criterion_values(name, weight, scale_min, scale_max, description)

        def command(tx: Tx) -> Criterion:
            _check_criteria_can_change(tx)
            criterion_id = tx.records.insert_criterion(values)
            tx.log("criterion_added", {**_logged(values), "criterion": criterion_id})
            tx.emit(EventKind.JURY_CHANGED, criterion=criterion_id)
            return _criterion_or_raise(tx, criterion_id)

        return self._write(command)

    def update_criterion(
        self,
        criterion_id: int,
        *,
        name: str | None = None,
        weight: int | None = None,
        scale_min: int | None = None,
        scale_max: int | None = None,
        description: str | None = None,
    ) -> Criterion:
        """Change a criterion (before judging starts); returns it as it was before."""

        def command(tx: Tx) -> Criterion:
            before = _criterion_or_raise(tx, criterion_id)
            _check_criteria_can_change(tx)
            values = _criterion_values(
                before.name if name is None else name,
                before.weight if weight is None else weight,
                before.scale_min if scale_min is None else scale_min,
                before.scale_max if scale_max is None else scale_max,
                before.description if description is None else description,
            )
            tx.records.update_criterion(criterion_id, values)
            tx.log("criterion_updated", {**_logged(values), "criterion": criterion_id})
            tx.emit(EventKind.JURY_CHANGED, criterion=criterion_id)
            return before

        return self._write(command)

    def remove_criterion(self, criterion_id: int) -> Criterion:
        """Remove a criterion (before judging starts); returns it."""

        def command(tx: Tx) -> Criterion:
            criterion = _criterion_or_raise(tx, criterion_id)
            _check_criteria_can_change(tx)
            tx.records.delete_criterion(criterion_id)
            tx.log("criterion_removed", {"criterion": criterion_id})
            tx.emit(EventKind.JURY_CHANGED, criterion=criterion_id)
            return criterion

        return self._write(command)

    def restore_criterion(self, criterion: Criterion) -> Criterion:
        """Put a removed criterion back with its id at its place (undo of ``remove_criterion``)."""
        values = _criterion_values(
            criterion.name, criterion.weight, criterion.scale_min, criterion.scale_max, criterion.description
        )

        def command(tx: Tx) -> Criterion:
            _check_criteria_can_change(tx)
            put_back(tx, "jury_criteria", {"id": criterion.id, **values, "position": criterion.position})
            tx.log("criterion_restored", {"criterion": criterion.id})
            tx.emit(EventKind.JURY_CHANGED, criterion=criterion.id)
            return _criterion_or_raise(tx, criterion.id)

        return self._write(command)

    # -- jurors --------------------------------------------------------------------------------
    def jurors(self) -> list[Juror]:
        """Every juror by number."""
        return self._records().jurors()

    def create_jury_tickets(self, count: int) -> list[JuryTicket]:
        """Make ``count`` single-use jury tickets, numbered after the existing jurors (only hashes are stored)."""
        if type(count) is not int or not 1 <= count <= MAX_JURY_TICKETS:
            raise InvalidInput("Between 1 and {most} jury tickets can be printed at once.", most=MAX_JURY_TICKETS)

        def command(tx: Tx) -> list[JuryTicket]:
            first = tx.records.next_juror_number()
            tickets = [JuryTicket(first + n, tokens.new_secret()) for n in range(count)]
            for ticket in tickets:
                tx.records.insert_juror(ticket.number, tokens.token_hash(ticket.code))
            tx.log("jury_tickets_created", {"numbers": [t.number for t in tickets]})
            tx.emit(EventKind.JURY_CHANGED)
            return tickets

        return self._write(command)

    def replace_jury_ticket(self, number: int) -> JuryTicket:
        """A new ticket for juror ``number`` (their phone was lost): the old ticket and phone stop working,
        the juror's scores stay."""

        def command(tx: Tx) -> JuryTicket:
            juror = next((j for j in tx.records.jurors() if j.number == number), None)
            if juror is None:
                raise NotFound("There is no juror {number}.", number=number)
            ticket = JuryTicket(number, tokens.new_secret())
            tx.records.replace_jury_ticket(juror.id, tokens.token_hash(ticket.code))
            tx.log("jury_ticket_replaced", {"number": number})
            tx.emit(EventKind.JURY_CHANGED)
            return ticket

        return self._write(command)

    def join_jury(self, ticket: str) -> JurorJoinResult:
        """Admit a juror's phone with their jury ticket (once per ticket)."""
        return self._write(self.join_jury_command(ticket))

    def join_jury_command(self, ticket: str) -> Command[JurorJoinResult]:
        """The command ``join_jury`` runs, for the server to submit."""

        def command(tx: Tx) -> JurorJoinResult:
            token = tokens.new_token()
            minute = int(tx.now // 60)
            juror_id = (
                tx.records.use_jury_ticket(tokens.token_hash(ticket), tokens.token_hash(token), minute)
                if ticket
                else None
            )
            if juror_id is None:
                raise RuleViolation("This jury ticket is not valid or already used.")
            juror = next(j for j in tx.records.jurors() if j.id == juror_id)
            tx.emit(EventKind.JURY_CHANGED, juror=juror.number)
            return JurorJoinResult(token, juror)

        return command

    def juror_for_token(self, token: str) -> Juror | None:
        """The juror a phone's token belongs to, if any."""
        return self._records().juror_for_token(tokens.token_hash(token))

    # -- judging -------------------------------------------------------------------------------
    def open_judging(self) -> HackathonState:
        """Let jurors score (submissions must be closed and criteria set); returns the state before.

        Logs the criteria with their weights and scales, so the ranking's inputs are on the record.
        """

        def command(tx: Tx) -> HackathonState:
            before = tx.records.hackathon_state()
            if before.judging is JudgingState.OPEN:
                return before
            if before.submissions_open:
                raise RuleViolation("Close submissions before judging opens.")
            criteria = tx.records.criteria()
            if not criteria:
                raise RuleViolation("Add at least one criterion before judging opens.")
            tx.records.update_hackathon_state({"judging": JudgingState.OPEN.value})
            logged = [{"criterion": c.id, "weight": c.weight, "min": c.scale_min, "max": c.scale_max} for c in criteria]
            tx.log("judging_opened", {"criteria": logged})
            tx.emit(EventKind.JURY_CHANGED, judging=JudgingState.OPEN.value)
            return before

        return self._write(command)

    def close_judging(self) -> HackathonState:
        """Freeze the scores; the log records digests of every sheet and conflict. Returns the state before."""

        def command(tx: Tx) -> HackathonState:
            before = tx.records.hackathon_state()
            if before.judging is not JudgingState.OPEN:
                raise RuleViolation("Only open judging can be closed.")
            tx.records.update_hackathon_state({"judging": JudgingState.CLOSED.value})
            numbers = _juror_numbers(tx)
            sheets, conflicts = tx.records.sheets(), tx.records.conflicts()
            tx.log(
                "judging_closed",
                {
                    "sheets": len(sheets),
                    "sheets_digest": sheets_digest(sheets, numbers),
                    "conflicts": len(conflicts),
                    "conflicts_digest": conflicts_digest(conflicts, numbers),
                },
            )
            tx.emit(EventKind.JURY_CHANGED, judging=JudgingState.CLOSED.value)
            return before

        return self._write(command)

    # -- scores and conflicts ------------------------------------------------------------------
    def score_project(
        self,
        token: str,
        project_id: int,
        scores: Mapping[int, int],
        comment: str = "",
        idempotency_key: str | None = None,
    ) -> SheetReceipt:
        """Store a juror's whole sheet for a project (replacing an earlier one) while judging is open."""
        return self._write(self.score_command(token, project_id, scores, comment, idempotency_key))

    def score_command(
        self,
        token: str,
        project_id: int,
        scores: Mapping[int, int],
        comment: str = "",
        idempotency_key: str | None = None,
    ) -> SheetCommand:
        """The command ``score_project`` runs, for the server to submit."""
        return SheetCommand.checked(token, project_id, scores, comment, idempotency_key)

    def declare_conflict(
        self, token: str, team_id: int, conflicted: bool = True, idempotency_key: str | None = None
    ) -> ConflictReceipt:
        """A juror declares (or withdraws) a conflict of interest with a team; declaring removes their scores
        for its project. Possible until judging closes."""
        return self._write(self.conflict_command(token, team_id, conflicted, idempotency_key))

    def conflict_command(
        self, token: str, team_id: int, conflicted: bool = True, idempotency_key: str | None = None
    ) -> ConflictCommand:
        """The command ``declare_conflict`` runs, for the server to submit."""
        if idempotency_key is not None:
            check_request_key(idempotency_key)
        return ConflictCommand(token, team_id, bool(conflicted), idempotency_key)

    def my_sheets(self, token: str) -> list[ScoreSheet]:
        """The sheets this juror's phone has stored."""
        juror = self.juror_for_token(token)
        return self._records().sheets(juror_id=juror.id) if juror is not None else []

    def sheets(self, project_id: int | None = None) -> list[ScoreSheet]:
        """Score sheets (of one project, or all), by project then juror number."""
        return self._records().sheets(project_id)

    def conflicts(self) -> list[ConflictOfInterest]:
        """Every declared conflict of interest."""
        return self._records().conflicts()

    # -- results -------------------------------------------------------------------------------
    def jury_ranking(self, challenge_id: int, normalisation: Normalisation = Normalisation.NONE) -> JuryRanking:
        """The jury's ranking of one challenge's projects, from the scores as they are now (decision 0048)."""
        with self._reading() as records, read_transaction(records.conn):
            if records.challenge(challenge_id) is None:
                raise NotFound("There is no challenge {id}.", id=challenge_id)
            return rank_challenge(
                challenge_id,
                records.teams(challenge_id),
                records.projects(),
                records.criteria(),
                records.sheets(),
                records.conflicts(),
                Normalisation(normalisation),
            )

    def normalisation(self) -> Normalisation:
        """How the jurors' scores are made comparable in the results (chosen before judging)."""
        return Normalisation(self._records().normalisation())

    def set_normalisation(self, normalisation: Normalisation) -> Normalisation:
        """Choose how jurors' scores are made comparable, before judging opens; returns the choice before."""
        chosen = Normalisation(normalisation)

        def command(tx: Tx) -> Normalisation:
            before = Normalisation(tx.records.normalisation())
            if tx.records.hackathon_state().judging is not JudgingState.NOT_STARTED:
                raise RuleViolation("Judging has started: how scores are compared can no longer change.")
            tx.records.update_hackathon_state({"normalisation": chosen.value})
            tx.log("normalisation_set", {"normalisation": chosen.value})
            tx.emit(EventKind.JURY_CHANGED, normalisation=chosen.value)
            return before

        return self._write(command)


def _logged(values: Mapping[str, object]) -> dict[str, object]:
    """A criterion's values for the log: numbers as they are, texts as hashes."""
    return {k: sha256_hex(str(v)) if isinstance(v, str) else v for k, v in sorted(values.items())}
