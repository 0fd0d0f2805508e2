"""Use cases: the personal-data check before every export, and the facilitator's verdict on each finding.

Every verdict is an action-log entry with the text's hash (never the text): a confirmation holds while the
text stays the same, a redaction and a hiding change what leaves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cocity_workshop.core import moderation, personal_data
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import HackathonState, JudgingState
from cocity_workshop.core.model import IdeaStatus, Workshop
from cocity_workshop.core.personal_data import Finding, Subject
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.writer import Tx


class PrivacyUses(SessionBase):
    """Findings of likely personal data in what an export carries, and what the facilitator does with them."""

    # Use cases of the other mixins of ``WorkshopSession`` that these build on.
    snapshot: Callable[[], WorkshopSnapshot]
    workshop: Callable[[], Workshop]
    update_workshop: Callable[..., Any]
    update_idea: Callable[..., Any]
    set_idea_status: Callable[[int, IdeaStatus], IdeaStatus]
    rename_cluster: Callable[[int, str], str]
    update_round: Callable[..., Any]
    update_action: Callable[..., Any]
    update_milestone: Callable[..., Any]
    update_go_official: Callable[..., Any]
    rename_group: Callable[[int, str], str]
    rename_age_band: Callable[[int, str], str]
    open_round: Callable[[], Any]
    close_round: Callable[[int], Any]
    end_phase: Callable[[], Any]
    current_phase: Callable[[], Any]
    hackathon_state: Callable[[], HackathonState]
    close_judging: Callable[[], Any]
    set_submissions: Callable[[bool], Any]

    def personal_data_findings(self) -> list[Finding]:
        """Likely personal data in every text the report and the bundle would carry, not yet confirmed."""
        return personal_data.findings(self.snapshot())

    def confirm_personal_data(self, findings: Sequence[Finding], *, by: str = "facilitator") -> None:
        """Record that these texts may leave as they are (``by``: who decided, e.g. "command line")."""

        def command(tx: Tx) -> None:
            for finding in findings:
                tx.log(personal_data.CONFIRMED, finding.log_payload(by))

        if findings:
            self._write(command)

    def hide_personal_data(self, finding: Finding) -> None:
        """Take the idea holding the finding off the wall, and so out of every export."""
        if not finding.can_hide:
            raise RuleViolation("Only an idea can be hidden; redact or confirm this text.")
        self.set_idea_status(finding.subject_id, IdeaStatus.HIDDEN)
        self._log_verdict(personal_data.HIDDEN, finding)

    def redact_personal_data(self, finding: Finding) -> None:
        """Replace what looks like personal data in the text with "[…]" (an edit, in the log like any)."""
        new = finding.redacted()
        subject, key, field = finding.subject, finding.subject_id, finding.field
        if subject is Subject.WORKSHOP:
            self._redact_workshop_field(field, new)
        elif subject is Subject.IDEA:
            self.update_idea(key, **{field: new})
        elif subject is Subject.CLUSTER:
            self.rename_cluster(key, new)
        elif subject is Subject.ROUND:
            self.update_round(key, title=new)
        elif subject is Subject.ACTION:
            self.update_action(key, **{field: new})
        elif subject is Subject.MILESTONE:
            self.update_milestone(key, title=new)
        elif subject is Subject.GO_OFFICIAL:
            self.update_go_official(key, text=new)
        elif subject is Subject.GROUP:
            self.rename_group(key, new)
        else:
            self.rename_age_band(key, new)
        self._log_verdict(personal_data.REDACTED, finding)

    def _redact_workshop_field(self, field: str, new: str) -> None:
        name, _slash, position = field.partition("/")
        if not position:
            self.update_workshop(**{name: new})
            return
        values = list(getattr(self.workshop(), name))
        values[int(position)] = new
        self.update_workshop(**{name: tuple(values)})

    def finish_workshop(self) -> tuple[int, int]:
        """Finish the workshop: close joining and any open round, end the running phase, then delete every
        participant's token hash, the ticket codes and the join and projector secrets (the anonymous
        ballots and the log's chain stay, so the results can still be verified). A hackathon's submissions
        and judging close too, and its jury tickets, jurors' phone tokens and team codes are deleted.
        Logged; returns (participants, tickets) whose codes were deleted."""
        open_round = self.open_round()
        if open_round is not None:
            self.close_round(open_round.id)
        if self.current_phase() is not None:
            self.end_phase()
        hackathon = self.hackathon_state()
        if hackathon.judging is JudgingState.OPEN:
            self.close_judging()
        if hackathon.submissions_open:
            self.set_submissions(False)

        def command(tx: Tx) -> tuple[int, int]:
            participants, tickets = tx.records.delete_codes()
            jurors, teams = tx.records.delete_hackathon_codes()
            if jurors or teams:
                tx.log("hackathon_codes_deleted", {"jurors": jurors, "teams": teams})
            tx.log(moderation.FINISHED, {"participants": participants, "tickets": tickets})
            tx.emit(EventKind.JOINING_CHANGED)
            tx.emit(EventKind.WORKSHOP_UPDATED, fields=["finished"])
            return participants, tickets

        return self._write(command)

    def _log_verdict(self, entry_type: str, finding: Finding) -> None:
        self._write(lambda tx: tx.log(entry_type, finding.log_payload("facilitator")))
