"""A hackathon's files in the bundle (#19): challenges, projects, the jury's criteria, its scores with jurors
by number only, the conflicts of interest, the jury's ranking per challenge and the awards.

Both tiers carry them (``verify`` recomputes the ranking from the scores); the city tier adds the jury's
comments for the teams (``jury_sheets.csv``), so the sheets can be checked against the digest the action log
recorded when judging closed. No team code, ticket or phone appears anywhere.
"""

from __future__ import annotations

from cocity_workshop.bundle.tables import Column, DataFile, ForeignKey, csv_bytes, schema
from cocity_workshop.core.hackathon import HackathonRecord
from cocity_workshop.core.jury import record_ranking

CHALLENGE_KEY = ForeignKey("challenge_id", "challenges", "challenge_id")
PROJECT_KEY = ForeignKey("project_id", "projects", "project_id")
CRITERION_KEY = ForeignKey("criterion_id", "jury-criteria", "criterion_id")

CHALLENGE_COLUMNS = (
    Column("challenge_id", "integer", "The challenge's number", required=True),
    Column("title", "string", "The challenge", required=True),
    Column("statement", "string", "What the teams were asked to solve"),
    Column("owner", "string", "Who set it (e.g. a city department)"),
)
PROJECT_COLUMNS = (
    Column("project_id", "integer", "The project's number", required=True),
    Column("team_id", "integer", "The team's number", required=True),
    Column("team", "string", "The team's name"),
    Column("challenge_id", "integer", "The challenge the team worked on", required=True),
    Column("members", "integer", "How many members the team had (no names are kept)"),
    Column("pitch_order", "integer", "The team's place in the pitch order, from 1"),
    Column("title", "string", "The project's title", required=True),
    Column("description", "string", "Its short description"),
    Column("link", "string", "A web address the team gave, if any"),
    Column("version", "integer", "How many times it was saved"),
)
CRITERION_COLUMNS = (
    Column("criterion_id", "integer", "The criterion's number", required=True),
    Column("name", "string", "What the jury scored", required=True),
    Column("description", "string", "What the criterion means"),
    Column("weight", "integer", "How much it counts (2 counts twice as much as 1)", required=True),
    Column("scale_min", "integer", "The lowest score", required=True),
    Column("scale_max", "integer", "The highest score", required=True),
)
SCORE_COLUMNS = (
    Column("juror", "integer", "The juror's number (jurors are known by number only)", required=True),
    Column("project_id", "integer", "The project scored", required=True),
    Column("criterion_id", "integer", "The criterion", required=True),
    Column("score", "integer", "The score, on the criterion's scale", required=True),
)
CONFLICT_COLUMNS = (
    Column("juror", "integer", "The juror's number", required=True),
    Column("team_id", "integer", "The team the juror declared a conflict of interest with", required=True),
)
RANKING_COLUMNS = (
    Column("challenge_id", "integer", "The challenge", required=True),
    Column("place", "integer", "Place by the jury's total (equal totals share a place; empty: not scored)"),
    Column("project_id", "integer", "The project", required=True),
    Column("total", "number", "The weighted mean of the criteria, on 0-100 (z-score: in standard deviations)"),
    Column("jurors", "integer", "How many jurors scored it"),
    Column("conflicts", "integer", "How many jurors declared a conflict of interest with its team"),
    Column("normalisation", "string", "none, min-max or z-score: how each juror's scores were made comparable"),
    Column("tie_criterion_id", "integer", "For a tie: the heaviest criterion on which the tied projects differ"),
)
AWARD_COLUMNS = (
    Column("award_id", "integer", "The award's number", required=True),
    Column("challenge_id", "integer", "The challenge it is for (empty: the whole hackathon)"),
    Column("project_id", "integer", "The project that won it", required=True),
    Column("title", "string", "The award", required=True),
    Column("reason", "string", "Why the facilitator gave it", required=True),
)
SHEET_COLUMNS = (
    Column("juror", "integer", "The juror's number", required=True),
    Column("project_id", "integer", "The project", required=True),
    Column("comment", "string", "The juror's comment for the team"),
)


def _csv(
    name: str,
    title: str,
    columns: tuple[Column, ...],
    rows: list[tuple[object, ...]],
    keys: tuple[str, ...],
    foreign: tuple[ForeignKey, ...],
    description: str,
) -> DataFile:
    path = name.replace("-", "_") + ".csv"
    return DataFile(
        name, path, csv_bytes(columns, rows), "text/csv", title, schema(columns, keys, foreign), description=description
    )


def hackathon_files(record: HackathonRecord, *, city: bool) -> list[DataFile]:
    """The hackathon's files, in a fixed order (``city``: with the jury's comments)."""
    numbers = record.juror_numbers
    order = {t.id: n for n, t in enumerate(record.teams, start=1)}
    teams = {t.id: t for t in record.teams}
    files = [
        _csv(
            "challenges",
            "Hackathon challenges",
            CHALLENGE_COLUMNS,
            [(c.id, c.title, c.statement, c.owner) for c in record.challenges],
            ("challenge_id",),
            (),
            "The problems the hackathon's teams worked on, and who set each.",
        ),
        _csv(
            "projects",
            "Teams and their projects",
            PROJECT_COLUMNS,
            [
                (
                    p.id,
                    p.team_id,
                    teams[p.team_id].name,
                    teams[p.team_id].challenge_id,
                    teams[p.team_id].members,
                    order[p.team_id],
                    p.title,
                    p.description,
                    p.link,
                    p.version,
                )
                for p in record.projects
            ],
            ("project_id",),
            (CHALLENGE_KEY,),
            "One row per team's project, as submitted: the team (by name and head count, no names of people), "
            "its challenge and place in the pitch order.",
        ),
        _csv(
            "jury-criteria",
            "The jury's criteria",
            CRITERION_COLUMNS,
            [(c.id, c.name, c.description, c.weight, c.scale_min, c.scale_max) for c in record.criteria],
            ("criterion_id",),
            (),
            "What the jury scored every project on, with each criterion's weight and scale.",
        ),
        _csv(
            "jury-scores",
            "The jury's scores, jurors by number",
            SCORE_COLUMNS,
            sorted(
                (numbers[s.juror_id], s.project_id, criterion, value)
                for s in record.sheets
                for criterion, value in s.scores.items()
            ),
            ("juror", "project_id", "criterion_id"),
            (PROJECT_KEY, CRITERION_KEY),
            "Every score a juror gave a project on a criterion. Jurors are known only by the number on their "
            "jury ticket. The jury's ranking (jury_ranking.csv) can be recomputed from these scores.",
        ),
        _csv(
            "jury-conflicts",
            "Conflicts of interest the jurors declared",
            CONFLICT_COLUMNS,
            sorted((numbers[c.juror_id], c.team_id) for c in record.conflicts),
            ("juror", "team_id"),
            (),
            "A juror who declared a conflict of interest with a team did not score its project.",
        ),
        _csv(
            "jury-ranking",
            "The jury's ranking per challenge",
            RANKING_COLUMNS,
            _ranking_rows(record),
            ("challenge_id", "project_id"),
            (CHALLENGE_KEY, PROJECT_KEY),
            "Each challenge's projects by the jury's weighted mean: every score placed on 0-100 along its "
            "criterion's scale, averaged per criterion over the jurors who scored it (a conflict of interest or a "
            "left-out score is not counted as zero), then weighted by the criteria's weights.",
        ),
        _csv(
            "awards",
            "Awards and their reasons",
            AWARD_COLUMNS,
            [(a.id, a.challenge_id, a.project_id, a.title, a.reason) for a in record.awards],
            ("award_id",),
            (CHALLENGE_KEY, PROJECT_KEY),
            "The facilitator's award decisions, each with its reason.",
        ),
    ]
    if city:
        sheets = sorted((numbers[s.juror_id], s.project_id, s.comment) for s in record.sheets)
        files.append(
            _csv(
                "jury-sheets",
                "The jury's comments for the teams",
                SHEET_COLUMNS,
                list(sheets),
                ("juror", "project_id"),
                (PROJECT_KEY,),
                "One row per juror and project scored, with the juror's comment for the team (city tier only).",
            )
        )
    return files


def _ranking_rows(record: HackathonRecord) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for challenge in record.challenges:
        ranking = record_ranking(record, challenge.id)
        tie_of = {p: t.deciding_criterion for t in ranking.ties for p in t.project_ids}
        for place, result in zip(ranking.places(), ranking.results, strict=True):
            total = None if result.total is None else float(result.total)
            rows.append(
                (
                    challenge.id,
                    place,
                    result.project_id,
                    total,
                    result.jurors,
                    result.conflicts,
                    ranking.normalisation.value,
                    tie_of.get(result.project_id),
                )
            )
    return rows
