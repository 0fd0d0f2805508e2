"""Hackathon rules: team codes people can read out, criteria with sane weights and scales, scores on their
scale, links that are web addresses, and which state lets jurors score and teams edit."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.core.hackathon import (
    TEAM_CODE_ALPHABET,
    TEAM_CODE_LENGTH,
    Criterion,
    HackathonState,
    JudgingState,
    check_criterion,
    check_judging_open,
    check_members,
    check_scores,
    check_submissions_open,
    clean_link,
    new_team_code,
    normalise_team_code,
)


def test_team_codes_avoid_characters_people_confuse_and_typing_is_forgiving() -> None:
    """Codes are 6 of an alphabet without 0/O/1/I/L; lower case, spaces and dashes typed still find them."""
    codes = {new_team_code() for _ in range(200)}
    assert len(codes) > 190
    assert all(len(c) == TEAM_CODE_LENGTH and set(c) <= set(TEAM_CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(TEAM_CODE_ALPHABET)
    assert normalise_team_code(" ab3-d ef ") == "AB3DEF"


@pytest.mark.parametrize("members", [0, 51, -1, 2.0, True, "3"])
def test_members_is_a_whole_number_from_1_to_50(members: object) -> None:
    """A head count, not a guess: zero, fractions, booleans and text are refused."""
    with pytest.raises(InvalidInput, match="members"):
        check_members(members)
    assert check_members(1) == 1 and check_members(50) == 50


@pytest.mark.parametrize(
    ("weight", "low", "high"),
    [(0, 1, 5), (101, 1, 5), (1.5, 1, 5), (True, 1, 5), (1, 5, 5), (1, 6, 5), (1, -1, 5), (1, 0, 101)],
)
def test_criteria_have_whole_positive_weights_and_rising_scales(weight: object, low: object, high: object) -> None:
    """A weight of 1 to 100 and a scale from one whole number up to a higher one, within 0..100."""
    with pytest.raises(InvalidInput):
        check_criterion(weight, low, high)


def test_scores_are_whole_numbers_on_their_criterions_scale() -> None:
    """Each score must be for a known criterion and lie on its scale, ends included."""
    criteria = [Criterion(1, "Impact", 2, 1, 5), Criterion(2, "Fun", 1, 0, 10)]
    assert check_scores(criteria, {1: 1, 2: 10}) == {1: 1, 2: 10}
    assert check_scores(criteria, {}) == {}
    for bad in ({1: 0}, {1: 6}, {2: 11}, {1: 4.0}, {1: True}, {3: 2}):
        with pytest.raises(InvalidInput):
            check_scores(criteria, bad)


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "http://a b.org", "www.example.org", "h" * 400]
)
def test_a_projects_link_is_one_web_address(link: str) -> None:
    """Only http(s) addresses without spaces: a link is opened by people, never run."""
    with pytest.raises(InvalidInput, match="link"):
        clean_link(link)


def test_an_empty_link_is_no_link_and_a_web_address_is_kept() -> None:
    """Spaces around are trimmed; HTTPS in capitals is still a web address."""
    assert clean_link("  ") == ""
    assert clean_link(" HTTPS://example.org/a?b=1 ") == "HTTPS://example.org/a?b=1"


def test_jurors_score_only_while_judging_is_open_and_teams_edit_only_while_submissions_are() -> None:
    """Before judging and after it closes, scoring is refused with a reason; likewise closed submissions."""
    check_judging_open(HackathonState(judging=JudgingState.OPEN))
    with pytest.raises(RuleViolation, match="not started"):
        check_judging_open(HackathonState())
    with pytest.raises(RuleViolation, match="final"):
        check_judging_open(HackathonState(judging=JudgingState.CLOSED))
    check_submissions_open(HackathonState(submissions_open=True))
    with pytest.raises(RuleViolation, match="Submissions are closed"):
        check_submissions_open(HackathonState())
