"""The jury's record: the digests the action log keeps of projects, score sheets and conflicts of interest,
so a bundle's anonymous jury data can be checked against the log (decision 0047)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cocity_workshop.core.actionlog import canonical_counts, sha256_hex
from cocity_workshop.core.hackathon import ConflictOfInterest, Project, ScoreSheet


def sheet_line(juror_number: int, sheet: ScoreSheet) -> str:
    """One sheet as the digest spells it: juror number, project, scores by criterion, the comment's hash."""
    return f"{juror_number}:{sheet.project_id}:{canonical_counts(sheet.scores)}:{sha256_hex(sheet.comment)}"


def sheets_digest(sheets: Iterable[ScoreSheet], juror_numbers: Mapping[int, int]) -> str:
    """A hash over every score sheet in sorted order, jurors by number (never by id or phone)."""
    return sha256_hex("\n".join(sorted(sheet_line(juror_numbers[s.juror_id], s) for s in sheets)))


def conflicts_digest(conflicts: Iterable[ConflictOfInterest], juror_numbers: Mapping[int, int]) -> str:
    """A hash over every declared conflict of interest (juror number and team) in sorted order."""
    return sha256_hex("\n".join(sorted(f"{juror_numbers[c.juror_id]}:{c.team_id}" for c in conflicts)))


def projects_digest(projects: Iterable[Project]) -> str:
    """A hash over every project as submitted: team, version and the hashes of title, description and link."""
    lines = (
        f"{p.team_id}:{p.version}:{sha256_hex(p.title)}:{sha256_hex(p.description)}:{sha256_hex(p.link)}"
        for p in projects
    )
    return sha256_hex("\n".join(sorted(lines)))
