"""Use cases: a hackathon's awards, each recorded with its reason (#19, decision 0049). The texts are logged
as hashes, as the facilitator's other texts are."""

from __future__ import annotations

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import NotFound
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import Award
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Tx


class AwardUses(SessionBase):
    """The facilitator's award decisions."""

    def awards(self) -> list[Award]:
        """Every award in the order given."""
        return self._records().awards()

    def add_award(self, project_id: int, title: str, reason: str, challenge_id: int | None = None) -> Award:
        """Record an award for a project with its reason (logged with hashes of the texts)."""
        title, reason = rules.clean_award(title, reason)

        def command(tx: Tx) -> Award:
            if tx.records.project(project_id) is None:
                raise NotFound("There is no project {id}.", id=project_id)
            if challenge_id is not None and tx.records.challenge(challenge_id) is None:
                raise NotFound("There is no challenge {id}.", id=challenge_id)
            award_id = tx.records.insert_award(project_id, title, reason, challenge_id)
            logged = {"title": sha256_hex(title), "reason": sha256_hex(reason)}
            tx.log("award_given", {"award": award_id, "project": project_id, "challenge": challenge_id, **logged})
            tx.emit(EventKind.JURY_CHANGED, award=award_id)
            return next(a for a in tx.records.awards() if a.id == award_id)

        return self._write(command)

    def remove_award(self, award_id: int) -> Award:
        """Take an award back; returns it (for undo)."""

        def command(tx: Tx) -> Award:
            award = next((a for a in tx.records.awards() if a.id == award_id), None)
            if award is None:
                raise NotFound("There is no award {id}.", id=award_id)
            tx.records.delete_award(award_id)
            tx.log("award_removed", {"award": award_id})
            tx.emit(EventKind.JURY_CHANGED, award=award_id)
            return award

        return self._write(command)

    def restore_award(self, award: Award) -> Award:
        """Put a removed award back with its id at its place (undo of ``remove_award``)."""
        title, reason = rules.clean_award(award.title, award.reason)
        values = {"id": award.id, "project_id": award.project_id, "challenge_id": award.challenge_id}

        def command(tx: Tx) -> Award:
            put_back(tx, "awards", {**values, "title": title, "reason": reason, "position": award.position})
            tx.log("award_restored", {"award": award.id})
            tx.emit(EventKind.JURY_CHANGED, award=award.id)
            return next(a for a in tx.records.awards() if a.id == award.id)

        return self._write(command)
