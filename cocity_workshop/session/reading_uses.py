"""Use cases that read the whole workshop: snapshot, counts, the action log and integrity checks."""

from __future__ import annotations

import time
from dataclasses import dataclass

from cocity_workshop.core.actionlog import ChainProblem, fingerprint, verify_chain
from cocity_workshop.core.ballots import BallotProblem, ballot_problems
from cocity_workshop.core.model import LogEntry
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.session.base import SessionBase
from cocity_workshop.store import read_transaction


@dataclass(frozen=True)
class Counts:
    """How much is in a workshop file."""

    participants: int
    ideas: int
    public_ideas: int
    pending_ideas: int
    clusters: int
    rounds: int
    ballots: int
    paper_dots: int
    actions: int
    photos: int
    log_entries: int


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``check``: SQLite's integrity check, the action log's chain and the ballots' rules."""

    storage_problems: tuple[str, ...]
    chain_problems: tuple[ChainProblem, ...]
    ballot_problems: tuple[BallotProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return not self.storage_problems and not self.chain_problems and not self.ballot_problems


class ReadingUses(SessionBase):
    """Whole-workshop reads."""

    def snapshot(self) -> WorkshopSnapshot:
        """Everything the report and the bundle need, read from one consistent state of the file."""
        with self._reading() as records, read_transaction(records.conn):
            return WorkshopSnapshot(
                workshop=records.workshop(),
                phases=tuple(records.phases()),
                groups=tuple(records.groups()),
                age_bands=tuple(records.age_bands()),
                participants=tuple(records.participants()),
                ideas=tuple(records.ideas()),
                clusters=tuple(records.clusters()),
                attachments=tuple(records.attachments()),
                rounds=tuple(records.vote_rounds()),
                ballots=tuple(records.ballots()),
                paper_dots=tuple(records.paper_dots()),
                actions=tuple(records.actions()),
                log=tuple(records.log_entries()),
                taken_at=time.time(),
                schema_version=records.schema_version(),
                kept_codes=records.kept_codes(),
                event=records.event(),
                ticket_keys=tuple(records.event_ticket_keys()),
                hackathon=records.hackathon_record(),
            )

    def counts(self) -> Counts:
        """How many participants, ideas, rounds, ballots... the file holds."""
        with self._reading() as records, read_transaction(records.conn):
            return Counts(**records.row_counts())

    def log_entries(self) -> list[LogEntry]:
        """The hash-chained action log."""
        return self._records().log_entries()

    def fingerprint(self) -> str:
        """The head hash of the action log: the workshop's fingerprint."""
        return fingerprint(self.log_entries())

    def schema_version(self) -> int:
        """The file's schema version."""
        return self._records().schema_version()

    def check(self) -> CheckResult:
        """Run SQLite's full integrity check, verify the action log's chain and check every stored ballot
        against its round's rules (the same check as the report's and ``verify``'s)."""
        records = self._records()
        storage, chain = tuple(records.integrity_check()), tuple(verify_chain(records.log_entries()))
        ballots = tuple(
            problem
            for vote_round in records.vote_rounds()
            for problem in ballot_problems(vote_round.id, vote_round, (b.dots for b in records.ballots(vote_round.id)))
        )
        return CheckResult(storage, chain, ballots)
