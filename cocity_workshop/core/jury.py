"""The jury's record and result: the digests the action log keeps of projects, score sheets and conflicts of
interest (decision 0047), and the jury's ranking of a challenge's projects (decision 0048)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cocity_workshop.core.actionlog import canonical_counts, sha256_hex
from cocity_workshop.core.hackathon import (
    ConflictOfInterest,
    Criterion,
    HackathonRecord,
    Project,
    ScoreSheet,
    Team,
)
from cocity_workshop.i18n import N_


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


# -- the jury's ranking (decision 0048) --------------------------------------------------------
class Normalisation(StrEnum):
    """How each juror's scores are made comparable before they are averaged."""

    NONE = "none"  # every score as it is, placed on 0-100 along its criterion's scale
    Z_SCORE = "z-score"  # a score's distance from the juror's own mean, in the juror's standard deviations
    MIN_MAX = "min-max"  # stretched so the juror's lowest score is 0 and their highest 100


NORMALISATION_LABELS = {
    Normalisation.NONE: N_("scores as given"),
    Normalisation.Z_SCORE: N_("standardised per juror (z-score)"),
    Normalisation.MIN_MAX: N_("stretched per juror (min-max)"),
}

Number = Fraction | float
#: Totals and criterion values are compared and shown to this many decimal places.
PLACES = 2


def rounded(value: Number) -> Decimal:
    """``value`` to ``PLACES`` decimal places, halves away from zero (72.125 -> 72.13), exactly."""
    exact = Fraction(value) * 10**PLACES
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return Decimal(whole if exact >= 0 else -whole).scaleb(-PLACES)


@dataclass(frozen=True)
class CriterionResult:
    """One project's result on one criterion."""

    criterion_id: int
    #: How many jurors scored it.
    scores: int
    #: The mean of the scores as given, on the criterion's own scale (``None`` if nobody scored it).
    mean: Fraction | None
    #: What enters the project's total: the mean of the jurors' normalised scores.
    value: Number | None


@dataclass(frozen=True)
class ProjectResult:
    """One project's place in the jury's ranking and what it rests on."""

    project_id: int
    #: The weighted mean of its criterion values, rounded (``None``: no juror scored it).
    total: Decimal | None
    criteria: tuple[CriterionResult, ...]
    #: Jurors with at least one score for it.
    jurors: int
    #: Jurors who declared a conflict of interest with its team (they did not score it).
    conflicts: int

    @property
    def missing_criteria(self) -> tuple[int, ...]:
        """Criteria nobody scored for this project: left out of its total, the other weights count for them."""
        return tuple(c.criterion_id for c in self.criteria if not c.scores)


@dataclass(frozen=True)
class Tie:
    """Projects that share a place: equal totals to ``PLACES`` decimals."""

    project_ids: tuple[int, ...]
    total: Decimal
    #: The first criterion, heaviest first, on which their values differ (``None``: equal on every one). The
    #: ranking does not break the tie: the facilitator's award decision does, with its reason.
    deciding_criterion: int | None


@dataclass(frozen=True)
class JuryRanking:
    """The jury's ranking of one challenge's projects: scored ones by total (ties share a place, lower
    project id first), then the ones no juror scored."""

    normalisation: Normalisation
    results: tuple[ProjectResult, ...]
    ties: tuple[Tie, ...]

    def places(self) -> list[int | None]:
        """Each result's place, as ``results`` are ordered (1, 2, 2, 4; ``None`` for unscored projects)."""
        places: list[int | None] = []
        for index, result in enumerate(self.results):
            if result.total is None:
                places.append(None)
            elif index and result.total == self.results[index - 1].total:
                places.append(places[-1])
            else:
                places.append(index + 1)
        return places


def _positions(criteria: Mapping[int, Criterion], sheets: Iterable[ScoreSheet]) -> dict[tuple[int, int, int], Fraction]:
    """Every score placed on 0..1 along its criterion's scale, by (juror, project, criterion)."""
    placed = {}
    for sheet in sheets:
        for criterion_id, value in sheet.scores.items():
            c = criteria.get(criterion_id)
            if c is not None:
                placed[(sheet.juror_id, sheet.project_id, criterion_id)] = Fraction(
                    value - c.scale_min, c.scale_max - c.scale_min
                )
    return placed


def normalised_scores(
    criteria: Iterable[Criterion], sheets: Iterable[ScoreSheet], normalisation: Normalisation
) -> dict[tuple[int, int, int], Number]:
    """Every score as it enters the ranking, by (juror, project, criterion).

    Each score is first placed along its criterion's scale (the lowest end 0, the highest 1), so criteria
    with different scales can be compared. Then: ``NONE`` gives 100 times that; ``MIN_MAX`` stretches each
    juror's scores so their lowest is 0 and their highest 100 (all equal: 50); ``Z_SCORE`` gives each score's
    distance from the juror's mean in the juror's standard deviations (population; all equal: 0). A juror's
    mean, spread, lowest and highest are taken over everything they scored, in every challenge.
    """
    placed = _positions({c.id: c for c in criteria}, sheets)
    if normalisation is Normalisation.NONE:
        return {key: 100 * p for key, p in placed.items()}
    by_juror: dict[int, list[Fraction]] = {}
    for (juror, _project, _criterion), p in placed.items():
        by_juror.setdefault(juror, []).append(p)
    result: dict[tuple[int, int, int], Number] = {}
    for key, p in placed.items():
        own = by_juror[key[0]]
        if normalisation is Normalisation.MIN_MAX:
            low, high = min(own), max(own)
            result[key] = Fraction(50) if high == low else 100 * (p - low) / (high - low)
        else:
            mean = sum(own, Fraction(0)) / len(own)
            variance = sum(((x - mean) ** 2 for x in own), Fraction(0)) / len(own)
            result[key] = 0.0 if variance == 0 else float(p - mean) / math.sqrt(variance)
    return result


def _mean(values: Sequence[Number]) -> Number | None:
    if not values:
        return None
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0)) / len(values)
    return math.fsum(float(v) for v in values) / len(values)


def jury_ranking(
    project_ids: Iterable[int],
    criteria: Sequence[Criterion],
    sheets: Sequence[ScoreSheet],
    conflicts: Iterable[tuple[int, int]] = (),
    normalisation: Normalisation = Normalisation.NONE,
) -> JuryRanking:
    """Rank ``project_ids`` (one challenge's) by the jury's weighted mean.

    ``sheets`` are all the hackathon's sheets (a juror's normalisation looks at all their scores);
    ``conflicts`` are (juror, project) pairs. A project's value on a criterion is the mean over the jurors who
    scored it (a juror with a conflict, or who left it out, is not counted: the others' mean stands for the
    jury); its total is the weighted mean of its criterion values over the criteria scored for it.
    """
    values = normalised_scores(criteria, sheets, normalisation)
    by_id = {c.id: c for c in criteria}
    conflicted: dict[int, set[int]] = {}
    for juror, project in conflicts:
        conflicted.setdefault(project, set()).add(juror)
    results = [
        _project_result(p, criteria, sheets, values, len(conflicted.get(p, ()))) for p in dict.fromkeys(project_ids)
    ]
    scored = sorted((r for r in results if r.total is not None), key=lambda r: (-(r.total or 0), r.project_id))
    unscored = sorted((r for r in results if r.total is None), key=lambda r: r.project_id)
    ties = []
    for total in sorted({r.total for r in scored if r.total is not None}, reverse=True):
        tied = [r for r in scored if r.total == total]
        if len(tied) > 1:
            ties.append(Tie(tuple(r.project_id for r in tied), total, _deciding_criterion(tied, by_id)))
    return JuryRanking(normalisation, tuple(scored + unscored), tuple(ties))


def _project_result(
    project_id: int,
    criteria: Sequence[Criterion],
    sheets: Sequence[ScoreSheet],
    values: Mapping[tuple[int, int, int], Number],
    conflicts: int,
) -> ProjectResult:
    own = [s for s in sheets if s.project_id == project_id]
    results = []
    for c in criteria:
        given = [s.scores[c.id] for s in own if c.id in s.scores]
        entered = [values[(s.juror_id, project_id, c.id)] for s in own if c.id in s.scores]
        raw = Fraction(sum(given), len(given)) if given else None
        results.append(CriterionResult(c.id, len(given), raw, _mean(entered)))
    weighted = [(by.weight, r.value) for by, r in zip(criteria, results, strict=True) if r.value is not None]
    total: Decimal | None = None
    if weighted:
        weights = sum(w for w, _ in weighted)
        if all(isinstance(v, Fraction) for _, v in weighted):
            total = rounded(sum((w * Fraction(v) for w, v in weighted), Fraction(0)) / weights)
        else:
            total = rounded(math.fsum(w * float(v) for w, v in weighted) / weights)
    jurors = sum(1 for s in own if s.scores)
    return ProjectResult(project_id, total, tuple(results), jurors, conflicts)


def _deciding_criterion(tied: Sequence[ProjectResult], criteria: Mapping[int, Criterion]) -> int | None:
    order = sorted(criteria.values(), key=lambda c: (-c.weight, c.position, c.id))
    for criterion in order:
        shown = set()
        for result in tied:
            value = next(r.value for r in result.criteria if r.criterion_id == criterion.id)
            shown.add(None if value is None else rounded(value))
        if len(shown) > 1:
            return criterion.id
    return None


def rank_challenge(
    challenge_id: int,
    teams: Iterable[Team],
    projects: Iterable[Project],
    criteria: Sequence[Criterion],
    sheets: Sequence[ScoreSheet],
    conflicts: Iterable[ConflictOfInterest],
    normalisation: Normalisation = Normalisation.NONE,
) -> JuryRanking:
    """The ranking of one challenge's projects (its teams' projects, in the teams' order), with the jurors'
    conflicts of interest with its teams; the one computation the session, the report, the bundle and
    ``verify`` share."""
    project_of_team = {p.team_id: p.id for p in projects}
    ranked = [project_of_team[t.id] for t in teams if t.challenge_id == challenge_id and t.id in project_of_team]
    pairs = [(c.juror_id, project_of_team[c.team_id]) for c in conflicts if c.team_id in project_of_team]
    return jury_ranking(ranked, criteria, sheets, pairs, Normalisation(normalisation))


def record_ranking(record: HackathonRecord, challenge_id: int) -> JuryRanking:
    """A snapshot's ranking of one challenge, with the normalisation the organiser chose."""
    return rank_challenge(
        challenge_id,
        record.teams,
        record.projects,
        record.criteria,
        record.sheets,
        record.conflicts,
        Normalisation(record.normalisation),
    )
