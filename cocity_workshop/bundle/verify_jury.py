"""``verify`` for a hackathon's bundle (#19): the jury's ranking recomputed from the published scores, as
ballots are recounted, and in the city tier the score sheets checked against the digest the action log
recorded when judging closed."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from cocity_workshop.bundle.tables import read_csv
from cocity_workshop.core.hackathon import ConflictOfInterest, Criterion, Project, ScoreSheet, Team
from cocity_workshop.core.jury import (
    Normalisation,
    ProjectResult,
    Tie,
    conflicts_digest,
    rank_challenge,
    sheets_digest,
)
from cocity_workshop.core.model import LogEntry
from cocity_workshop.i18n import _

#: The files the ranking is recomputed from, and the ranking itself.
JURY_FILES = ("jury_criteria.csv", "projects.csv", "jury_scores.csv", "jury_conflicts.csv", "jury_ranking.csv")

Add = Callable[[bool, str, str], None]


def _int(value: str) -> int:
    return int(value)


def _optional(value: str) -> int | None:
    return int(value) if value else None


def check_jury(add: Add, files: Mapping[str, bytes], listed: set[str], log: Sequence[LogEntry] | None) -> None:
    """Recompute each challenge's jury ranking from ``files`` (only files whose hashes matched) and report
    through ``add(ok, subject, message)``; ``log`` (city tier) also checks the sheets against it."""
    subject = _("jury")
    missing = [name for name in JURY_FILES if name in listed and name not in files]
    if missing:
        add(False, subject, _("cannot be checked ({file} missing or changed)").format(file=missing[0]))
        return
    criteria = [
        Criterion(_int(r["criterion_id"]), r["name"], _int(r["weight"]), _int(r["scale_min"]), _int(r["scale_max"]))
        for r in read_csv(files["jury_criteria.csv"])
    ]
    projects = [
        (Project(_int(r["project_id"]), _int(r["team_id"]), r["title"]), _int(r["challenge_id"]))
        for r in read_csv(files["projects.csv"])
    ]
    teams = [Team(p.team_id, "", challenge) for p, challenge in projects]
    scores: dict[tuple[int, int], dict[int, int]] = {}
    for row in read_csv(files["jury_scores.csv"]):
        scores.setdefault((_int(row["juror"]), _int(row["project_id"])), {})[_int(row["criterion_id"])] = _int(
            row["score"]
        )
    conflicts = [
        ConflictOfInterest(_int(r["juror"]), _int(r["team_id"])) for r in read_csv(files["jury_conflicts.csv"])
    ]
    comments = {
        (_int(r["juror"]), _int(r["project_id"])): r["comment"] for r in read_csv(files.get("jury_sheets.csv", b""))
    }
    sheets = [ScoreSheet(j, p, s, comments.get((j, p), "")) for (j, p), s in sorted(scores.items())]
    published: dict[int, list[dict[str, str]]] = {}
    for row in read_csv(files["jury_ranking.csv"]):
        published.setdefault(_int(row["challenge_id"]), []).append(row)
    for challenge, rows in sorted(published.items()):
        where = _("challenge {id}").format(id=challenge)
        normalisation = Normalisation(rows[0]["normalisation"] or "none")
        ranking = rank_challenge(
            challenge, teams, [p for p, _c in projects], criteria, sheets, conflicts, normalisation
        )
        problems = _ranking_problems(ranking.results, ranking.places(), ranking.ties, rows)
        for problem in problems:
            add(False, where, problem)
        if not problems:
            count = sum(1 for s in sheets for _c in s.scores if s.project_id in {r.project_id for r in ranking.results})
            add(
                True, where, _("the jury's ranking recomputed from {n} scores matches jury_ranking.csv").format(n=count)
            )
    if log is not None:
        _check_sealed(add, subject, sheets, conflicts, log, bool(comments) or not sheets)


def _ranking_problems(
    results: Sequence[ProjectResult],
    places: Sequence[int | None],
    ties: Sequence[Tie],
    rows: Sequence[Mapping[str, str]],
) -> list[str]:
    problems: list[str] = []
    by_project = {_int(r["project_id"]): r for r in rows}
    tie_of = {p: t.deciding_criterion for t in ties for p in t.project_ids}
    if sorted(by_project) != sorted(r.project_id for r in results):
        problems.append(_("the projects in jury_ranking.csv are not the challenge's projects"))
        return problems
    for result, place in zip(results, places, strict=True):
        row = by_project[result.project_id]
        total = Decimal(row["total"]) if row["total"] else None
        expected = result.total
        shown = (
            total.quantize(Decimal("0.01")) if total is not None else None,
            _optional(row["place"]),
            _int(row["jurors"]),
            _int(row["conflicts"]),
            _optional(row["tie_criterion_id"]),
        )
        wanted = (expected, place, result.jurors, result.conflicts, tie_of.get(result.project_id))
        if shown != wanted:
            problems.append(
                _(
                    "project {project}: the scores give total {total}, place {place}, but jury_ranking.csv says "
                    "{shown_total}, place {shown_place}"
                ).format(
                    project=result.project_id,
                    total=expected if expected is not None else "-",
                    place=place if place is not None else "-",
                    shown_total=row["total"] or "-",
                    shown_place=row["place"] or "-",
                )
            )
    return problems


def _check_sealed(
    add: Add,
    subject: str,
    sheets: Sequence[ScoreSheet],
    conflicts: Sequence[ConflictOfInterest],
    log: Sequence[LogEntry],
    with_comments: bool,
) -> None:
    """The sheets and conflicts against the last ``judging_closed`` entry (unless judging opened after it)."""
    closed: tuple[LogEntry, dict[str, object]] | None = None
    for entry in log:
        if entry.type == "judging_opened":
            closed = None
        elif entry.type == "judging_closed" and entry.payload:
            closed = (entry, json.loads(entry.payload))
    if closed is None:
        add(True, subject, _("judging was not closed when exported: the scores are not yet sealed in the action log"))
        return
    entry, payload = closed
    numbers = {j: j for j in {s.juror_id for s in sheets} | {c.juror_id for c in conflicts}}
    problems = []
    if with_comments and payload.get("sheets_digest") != sheets_digest(sheets, numbers):
        problems.append(
            _("the scores do not match the digest the action log recorded (entry {height})").format(height=entry.height)
        )
    if payload.get("conflicts_digest") != conflicts_digest(conflicts, numbers):
        problems.append(
            _("the conflicts of interest do not match the digest the action log recorded (entry {height})").format(
                height=entry.height
            )
        )
    for problem in problems:
        add(False, subject, problem)
    if not problems:
        add(
            True,
            subject,
            _("{n} score sheets match the digest the action log recorded when judging closed").format(n=len(sheets)),
        )
