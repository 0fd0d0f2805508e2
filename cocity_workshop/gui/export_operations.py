"""``ExportOperations``: the facilitator's operations around an export, a base of ``WorkshopController``.

The personal-data decisions before an export (each recorded in the action log, none undoable: they are the
facilitator's answer to the check, decision 0011), the jobs that write the report and the bundle, and the
queueing of the bundle for the city's targets. Split out of ``controller.py`` by area (decision 0030).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.personal_data import Finding, Verdict, finding_place
from cocity_workshop.gui.undo import Operations

if TYPE_CHECKING:
    from cocity_workshop.gui.outbox import OutboxWatcher

R = TypeVar("R")
#: A slow job's progress callback: (fraction done, message).
Progress = Callable[[float, str], None]


class ExportOperations(Operations):
    """What the Export panel asks of the open workshop."""

    def settle_personal_data(self, verdicts: Sequence[tuple[Finding, Verdict]]) -> list[str]:
        """Redact, hide or let leave each finding (each recorded in the action log); the refusals, as sentences."""
        problems = []
        for finding, verdict in verdicts:
            try:
                if verdict is Verdict.REDACT:
                    self.session.redact_personal_data(finding)
                elif verdict is Verdict.HIDE:
                    self.session.hide_personal_data(finding)
            except DomainError as error:
                problems.append(f"{finding_place(finding)}: {error}")
        try:
            self.session.confirm_personal_data([finding for finding, verdict in verdicts if verdict is Verdict.CONFIRM])
        except DomainError as error:
            problems.append(str(error))
        self.live.flush()
        return problems

    def export_job(self, export: Callable[..., R], path: str, **options: object) -> Callable[[Progress], R]:
        """A job that runs ``export`` (the report's writer or the bundle's exporter) on this workshop."""
        session = self.session
        return lambda progress: export(session, path, progress=progress, **options)

    def export_for_city(self, outbox: OutboxWatcher, language: str, decidim_format: object) -> bool:
        """Queue this workshop's bundle in the outbox for the city's targets (in the background)."""
        return outbox.export_for_city(self.session, language, decidim_format)
