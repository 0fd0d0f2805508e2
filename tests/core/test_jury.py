"""The jury's ranking, against numbers worked out by hand: scores placed on 0-100 along their scale, a
weighted mean per project, the two normalisations per juror, conflicts and missing criteria, and ties
explained by the heaviest criterion that tells the tied projects apart."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from cocity_workshop.core.hackathon import ConflictOfInterest, Criterion, Project, ScoreSheet
from cocity_workshop.core.jury import (
    Normalisation,
    Tie,
    conflicts_digest,
    jury_ranking,
    normalised_scores,
    projects_digest,
    rounded,
    sheets_digest,
)

IMPACT = Criterion(1, "Impact", weight=3, scale_min=1, scale_max=5, position=0)
FEASIBILITY = Criterion(2, "Feasibility", weight=1, scale_min=0, scale_max=10, position=1)
CRITERIA = [IMPACT, FEASIBILITY]


def _sheet(juror: int, project: int, impact: int | None = None, feasibility: int | None = None) -> ScoreSheet:
    scores = {c: v for c, v in ((1, impact), (2, feasibility)) if v is not None}
    return ScoreSheet(juror, project, scores)


#: Three jurors, three projects of one challenge. Juror 2 declared a conflict with project 20 and left
#: Feasibility out for project 30; juror 1 did not score project 30.
SHEETS = [
    _sheet(1, 10, 5, 8),
    _sheet(2, 10, 3, 6),
    _sheet(1, 20, 4, 10),
    _sheet(3, 20, 4, 2),
    _sheet(2, 30, 2),
    _sheet(3, 30, 5, 5),
]


def test_weighted_mean_of_scores_placed_on_their_scales() -> None:
    """Worked by hand (Impact 1-5 weighs 3, Feasibility 0-10 weighs 1; a score at the bottom of its scale is 0,
    at the top 100):
    - 10: Impact (100 + 50) / 2 = 75, Feasibility (80 + 60) / 2 = 70; (3*75 + 70) / 4 = 73.75
    - 20: Impact (75 + 75) / 2 = 75, Feasibility (100 + 20) / 2 = 60; (3*75 + 60) / 4 = 71.25
    - 30: Impact (25 + 100) / 2 = 62.5, Feasibility 50 (juror 3 only); (3*62.5 + 50) / 4 = 59.375 -> 59.38
    """
    ranking = jury_ranking([10, 20, 30], CRITERIA, SHEETS, [(2, 20)])
    assert [(r.project_id, r.total) for r in ranking.results] == [
        (10, Decimal("73.75")),
        (20, Decimal("71.25")),
        (30, Decimal("59.38")),
    ]
    assert ranking.places() == [1, 2, 3] and ranking.ties == ()
    first = ranking.results[0]
    assert [(c.mean, c.scores) for c in first.criteria] == [(Fraction(4), 2), (Fraction(7), 2)]
    assert [c.value for c in first.criteria] == [75, 70]
    second = ranking.results[1]
    assert (second.jurors, second.conflicts) == (2, 1)
    third = ranking.results[2]
    assert [c.scores for c in third.criteria] == [2, 1] and third.missing_criteria == ()


def test_a_criterion_nobody_scored_is_left_out_and_an_unscored_project_comes_last_without_a_place() -> None:
    """Project 40 has Impact only (4 -> 75; its total is 75); project 50 has no scores and no place."""
    sheets = [_sheet(1, 40, 4)]
    ranking = jury_ranking([50, 40], CRITERIA, sheets)
    assert [(r.project_id, r.total) for r in ranking.results] == [(40, Decimal("75.00")), (50, None)]
    assert ranking.results[0].missing_criteria == (FEASIBILITY.id,)
    assert ranking.places() == [1, None]
    assert ranking.results[1].jurors == 0


def test_other_challenges_projects_are_not_ranked_but_count_for_a_jurors_normalisation() -> None:
    """Only the given projects are ranked; juror 1's score for project 99 (another challenge) still sets
    their lowest score for min-max: 10 gets (75 - 25) / (100 - 25) = 2/3 of 100 on Impact."""
    sheets = [_sheet(1, 10, 4), _sheet(1, 99, 2), _sheet(1, 11, 5)]
    ranking = jury_ranking([10, 11], [IMPACT], sheets, normalisation=Normalisation.MIN_MAX)
    assert [(r.project_id, r.total) for r in ranking.results] == [(11, Decimal("100.00")), (10, Decimal("66.67"))]


#: A lenient juror (1) and a harsh one (2), one criterion 1-5. Juror 1 has a conflict with project C (3).
LENIENT_AND_HARSH = [
    ScoreSheet(1, 1, {1: 5}),
    ScoreSheet(1, 2, {1: 4}),
    ScoreSheet(2, 1, {1: 3}),
    ScoreSheet(2, 2, {1: 1}),
    ScoreSheet(2, 3, {1: 3}),
]


def test_without_normalisation_the_project_only_the_harsh_juror_scored_falls_behind() -> None:
    """A: (100 + 50) / 2 = 75; B: (75 + 0) / 2 = 37.5; C: 50 (juror 2 only)."""
    ranking = jury_ranking([1, 2, 3], [IMPACT], LENIENT_AND_HARSH, [(1, 3)])
    assert [(r.project_id, r.total) for r in ranking.results] == [
        (1, Decimal("75.00")),
        (3, Decimal("50.00")),
        (2, Decimal("37.50")),
    ]


def test_min_max_stretches_each_jurors_scores_from_0_to_100_and_ties_share_a_place() -> None:
    """Juror 1 gave 0.75..1 of the scale: A 100, B 0. Juror 2 gave 0..0.5: A 100, B 0, C 100. So A and C tie at
    100 (the tie has no deciding criterion: there is one criterion), B is third with 0."""
    ranking = jury_ranking([1, 2, 3], [IMPACT], LENIENT_AND_HARSH, [(1, 3)], Normalisation.MIN_MAX)
    assert [(r.project_id, r.total) for r in ranking.results] == [
        (1, Decimal("100.00")),
        (3, Decimal("100.00")),
        (2, Decimal("0.00")),
    ]
    assert ranking.places() == [1, 1, 3]
    assert ranking.ties == (Tie((1, 3), Decimal("100.00"), None),)


def test_z_score_measures_each_score_in_its_jurors_standard_deviations() -> None:
    """Juror 1: scores at 1 and 0.75 of the scale, mean 0.875, deviation 0.125: A +1, B -1. Juror 2: 0.5, 0, 0.5,
    mean 1/3, deviation sqrt(1/18): A and C +sqrt(18)/6 = 0.7071, B -sqrt(18)/3 = -1.4142.
    A: (1 + 0.7071) / 2 = 0.85; C: 0.71; B: (-1 - 1.4142) / 2 = -1.21."""
    values = normalised_scores([IMPACT], LENIENT_AND_HARSH, Normalisation.Z_SCORE)
    assert values[(1, 1, 1)] == pytest.approx(1) and values[(1, 2, 1)] == pytest.approx(-1)
    assert values[(2, 3, 1)] == pytest.approx(math.sqrt(18) / 6)
    ranking = jury_ranking([1, 2, 3], [IMPACT], LENIENT_AND_HARSH, [(1, 3)], Normalisation.Z_SCORE)
    assert [(r.project_id, r.total) for r in ranking.results] == [
        (1, Decimal("0.85")),
        (3, Decimal("0.71")),
        (2, Decimal("-1.21")),
    ]


def test_a_juror_who_gave_every_project_the_same_score_says_nothing_about_their_order() -> None:
    """All equal: min-max puts each at 50, z-score at 0."""
    flat = [ScoreSheet(1, 1, {1: 4}), ScoreSheet(1, 2, {1: 4})]
    assert set(normalised_scores([IMPACT], flat, Normalisation.MIN_MAX).values()) == {50}
    assert set(normalised_scores([IMPACT], flat, Normalisation.Z_SCORE).values()) == {0}


def test_a_tie_is_explained_by_the_heaviest_criterion_on_which_the_projects_differ() -> None:
    """Impact 1-5 weighs 2, Fun 1-5 weighs 1. P: Impact 3 (50), Fun 5 (100): (100 + 100) / 3 = 66.67.
    Q: Impact 4 (75), Fun 3 (50): (150 + 50) / 3 = 66.67. They tie; Impact tells them apart (50 against 75).
    R and S score the same on everything: their tie has no deciding criterion."""
    impact, fun = Criterion(1, "Impact", 2, 1, 5, position=1), Criterion(2, "Fun", 1, 1, 5, position=0)
    sheets = [
        ScoreSheet(1, 1, {1: 3, 2: 5}),
        ScoreSheet(1, 2, {1: 4, 2: 3}),
        ScoreSheet(1, 3, {1: 2, 2: 2}),
        ScoreSheet(1, 4, {1: 2, 2: 2}),
    ]
    ranking = jury_ranking([4, 3, 2, 1], [fun, impact], sheets)
    assert [(r.project_id, r.total) for r in ranking.results][:2] == [(1, Decimal("66.67")), (2, Decimal("66.67"))]
    assert ranking.places() == [1, 1, 3, 3]
    assert ranking.ties == (Tie((1, 2), Decimal("66.67"), 1), Tie((3, 4), Decimal("25.00"), None))


def test_totals_are_rounded_half_away_from_zero_exactly() -> None:
    """59.375 is 59.38 and -0.125 is -0.13 (not banker's rounding, not binary float surprises)."""
    assert rounded(Fraction(59375, 1000)) == Decimal("59.38")
    assert rounded(Fraction(-1, 8)) == Decimal("-0.13")
    assert rounded(2.675) == Decimal("2.67")  # the float 2.675 is a little below 2.675


def test_digests_change_with_any_score_comment_conflict_or_project_field() -> None:
    """Each digest is over jurors by number and sorted lines: the order of rows does not matter, a change does."""
    numbers = {7: 1, 8: 2}
    sheets = [ScoreSheet(7, 10, {1: 4}, "ok"), ScoreSheet(8, 10, {1: 2})]
    digest = sheets_digest(sheets, numbers)
    assert sheets_digest(list(reversed(sheets)), numbers) == digest
    assert sheets_digest([ScoreSheet(7, 10, {1: 5}, "ok"), sheets[1]], numbers) != digest
    assert sheets_digest([ScoreSheet(7, 10, {1: 4}, "ok!"), sheets[1]], numbers) != digest
    assert sheets_digest(sheets, {7: 2, 8: 1}) != digest
    conflicts = [ConflictOfInterest(7, 3)]
    assert conflicts_digest(conflicts, numbers) != conflicts_digest([ConflictOfInterest(8, 3)], numbers)
    project = Project(1, 3, "Bike bus", "Ride together", "", 2)
    assert projects_digest([project]) != projects_digest([Project(1, 3, "Bike bus", "Ride together", "", 3)])
