"""Hackathons: challenges, teams and their projects, the jury's criteria, anonymous jurors and their score
sheets, as plain values, and the rules every layer checks them by (decision 0047)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.core.text import DESCRIPTION_MAX, TITLE_MAX, clean_text, required_text
from cocity_workshop.i18n import N_, _

#: Team codes use letters and digits nobody confuses when reading them aloud or off a phone (no 0/O, 1/I/L).
TEAM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TEAM_CODE_LENGTH = 6
#: The most members a team can declare (a bound against typing slips, not a rule of hackathons).
MEMBERS_MAX = 50
#: A criterion's weight is a whole number from 1 to this (2 counts twice as much as 1).
WEIGHT_MAX = 100
#: Scales run between whole numbers from 0 to this.
SCALE_LIMIT = 100
LINK_MAX = 300
TEAM_NAME_MAX = 60
COMMENT_MAX = 1000


class JudgingState(StrEnum):
    """The jury's work: not started -> open (jurors score) -> closed (scores frozen; can be opened again)."""

    NOT_STARTED = "not-started"
    OPEN = "open"
    CLOSED = "closed"


class TeamOrigin(StrEnum):
    """Who registered a team."""

    PHONE = "phone"
    FACILITATOR = "facilitator"


JUDGING_STATE_LABELS = {
    JudgingState.NOT_STARTED: N_("not started"),
    JudgingState.OPEN: N_("scoring open"),
    JudgingState.CLOSED: N_("scores final"),
}


@dataclass(frozen=True)
class Challenge:
    """A problem the hackathon's teams work on, set by its owner (e.g. a city department)."""

    id: int
    title: str
    statement: str = ""
    owner: str = ""
    position: int = 0


@dataclass(frozen=True)
class Team:
    """A team working on one challenge: a name and a head count, no names of people."""

    id: int
    name: str
    challenge_id: int
    members: int = 1
    #: What the team's members type to join it on their phones (``None`` once Finish deleted the codes).
    code: str | None = None
    origin: TeamOrigin = TeamOrigin.FACILITATOR
    position: int = 0  # registration order, the default pitch order
    created_at: float = 0.0


@dataclass(frozen=True)
class Project:
    """What a team made: a title, a short description and an optional link (one project per team)."""

    id: int
    team_id: int
    title: str
    description: str = ""
    link: str = ""
    version: int = 1
    updated_at: float = 0.0


@dataclass(frozen=True)
class Criterion:
    """One thing the jury scores every project on, with its weight and scale."""

    id: int
    name: str
    weight: int = 1
    scale_min: int = 1
    scale_max: int = 5
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class Juror:
    """A member of the jury, known only by the number on their jury ticket."""

    id: int
    number: int
    #: Whether a phone has used this juror's ticket (the juror can score from it).
    joined: bool = False


@dataclass(frozen=True)
class ScoreSheet:
    """One juror's scores for one project, criterion by criterion, with an optional comment for the team.

    Like a ballot it is state, not increments: sending a sheet again replaces the earlier one.
    """

    juror_id: int
    project_id: int
    scores: dict[int, int] = field(default_factory=dict)  # criterion id -> value on its scale
    comment: str = ""
    version: int = 1


@dataclass(frozen=True)
class ConflictOfInterest:
    """A juror's declaration that they must not judge a team (they do not score its project)."""

    juror_id: int
    team_id: int


@dataclass(frozen=True)
class HackathonState:
    """Whether teams can register and edit their projects, and where the jury's work is."""

    submissions_open: bool = False
    judging: JudgingState = JudgingState.NOT_STARTED


@dataclass(frozen=True)
class Award:
    """A prize the facilitator gives a project (the jury's prize, the people's choice...), with the reason."""

    id: int
    project_id: int
    title: str
    reason: str
    challenge_id: int | None = None  # the challenge it is for (``None``: the whole hackathon)
    position: int = 0


@dataclass(frozen=True)
class HackathonRecord:
    """A hackathon in a snapshot (``WorkshopSnapshot.hackathon``): everything the report and the bundle show,
    without team codes, tickets or phones' tokens; jurors only by number (``juror_numbers``)."""

    state: HackathonState
    normalisation: str  # a ``core.jury.Normalisation`` value, chosen before judging
    challenges: tuple[Challenge, ...]
    teams: tuple[Team, ...]
    projects: tuple[Project, ...]
    criteria: tuple[Criterion, ...]
    juror_numbers: Mapping[int, int]  # juror id -> number
    sheets: tuple[ScoreSheet, ...]
    conflicts: tuple[ConflictOfInterest, ...]
    awards: tuple[Award, ...] = ()

    def project_of_team(self, team_id: int) -> Project | None:
        """A team's project, if it has one."""
        return next((p for p in self.projects if p.team_id == team_id), None)

    def team_of_project(self, project_id: int) -> Team | None:
        """The team whose project this is."""
        team_id = next((p.team_id for p in self.projects if p.id == project_id), None)
        return next((t for t in self.teams if t.id == team_id), None)


AWARD_TITLE_MAX = 80
REASON_MAX = 1000


def clean_award(title: str, reason: str) -> tuple[str, str]:
    """An award's title and reason as stored: both required (an award is recorded with why it was given)."""
    return (
        required_text(title, max_length=AWARD_TITLE_MAX, what=_("The award's name")),
        required_text(reason, max_length=REASON_MAX, what=_("The reason for the award"), multiline=True),
    )


#: A pitch lasts between half a minute and half an hour.
PITCH_SECONDS_MIN = 30
PITCH_SECONDS_MAX = 1800


@dataclass(frozen=True)
class PitchState:
    """Which team pitches now (``None``: nobody), since when, and how long each pitch may last."""

    team_id: int | None = None
    started_at: float | None = None
    seconds: int = 300

    def remaining(self, now: float) -> float | None:
        """Seconds left of the pitch now running (below zero once over time), or ``None``."""
        if self.team_id is None or self.started_at is None:
            return None
        return self.seconds - (now - self.started_at)


# -- rules --------------------------------------------------------------------------------------
def new_team_code() -> str:
    """A fresh team code (6 characters of ``TEAM_CODE_ALPHABET``, about 30 bits)."""
    return "".join(secrets.choice(TEAM_CODE_ALPHABET) for _ in range(TEAM_CODE_LENGTH))


def normalise_team_code(text: str) -> str:
    """A typed team code as stored: capitals, spaces and dashes dropped (so "abc-def" finds "ABCDEF")."""
    if not isinstance(text, str):
        raise InvalidInput("Text was expected.")
    return "".join(ch for ch in text.upper() if ch not in " -\t")[:20]


def check_members(members: object) -> int:
    """``members`` when it is a whole number from 1 to ``MEMBERS_MAX``."""
    if type(members) is not int or not 1 <= members <= MEMBERS_MAX:
        raise InvalidInput("A team has between 1 and {most} members.", most=MEMBERS_MAX)
    return members


def clean_link(text: str) -> str:
    """A project's link as stored: empty, or one web address starting with http:// or https://."""
    link = clean_text(text, max_length=LINK_MAX + 1)
    if not link:
        return ""
    if len(link) > LINK_MAX or any(ch.isspace() for ch in link) or not link.lower().startswith(("http://", "https://")):
        raise InvalidInput("The link must be one web address starting with http:// or https://.")
    return link


def clean_team_name(name: str) -> str:
    """A team's name as stored: one line, not empty, at most ``TEAM_NAME_MAX`` characters."""
    return required_text(name, max_length=TEAM_NAME_MAX, what=_("The team's name"))


def clean_project(title: str, description: str, link: str) -> dict[str, str]:
    """A project's fields as stored: a title, a short description (several lines) and an optional link."""
    return {
        "title": required_text(title, max_length=TITLE_MAX, what=_("The project's title")),
        "description": clean_text(description, max_length=DESCRIPTION_MAX, multiline=True),
        "link": clean_link(link),
    }


def same_name(a: str, b: str) -> bool:
    """Whether two team names would look the same to the room (case and spacing aside)."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def check_criterion(weight: object, scale_min: object, scale_max: object) -> None:
    """Raise unless the weight is a whole number from 1 to 100 and the scale runs up between whole numbers
    from 0 to 100."""
    if type(weight) is not int or not 1 <= weight <= WEIGHT_MAX:
        raise InvalidInput("A criterion's weight must be a whole number from 1 to {most}.", most=WEIGHT_MAX)
    if type(scale_min) is not int or type(scale_max) is not int or not 0 <= scale_min < scale_max <= SCALE_LIMIT:
        raise InvalidInput(
            "A criterion's scale must run up from one whole number to a higher one, between 0 and {most}.",
            most=SCALE_LIMIT,
        )


def check_scores(criteria: Iterable[Criterion], scores: Mapping[int, object]) -> dict[int, int]:
    """A sheet's scores when each is for a known criterion and a whole number on its scale."""
    by_id = {c.id: c for c in criteria}
    checked: dict[int, int] = {}
    for criterion_id, value in scores.items():
        criterion = by_id.get(criterion_id) if type(criterion_id) is int else None
        if criterion is None:
            raise InvalidInput("There is no criterion {id}.", id=criterion_id)
        if type(value) is not int or not criterion.scale_min <= value <= criterion.scale_max:
            raise InvalidInput(
                "Scores for \u201c{name}\u201d are whole numbers from {low} to {high}.",
                name=criterion.name,
                low=criterion.scale_min,
                high=criterion.scale_max,
            )
        checked[criterion_id] = value
    return checked


def check_judging_open(state: HackathonState) -> None:
    """Raise unless jurors can score now."""
    if state.judging is JudgingState.NOT_STARTED:
        raise RuleViolation("Judging has not started yet.")
    if state.judging is JudgingState.CLOSED:
        raise RuleViolation("Judging is closed; the scores are final.")


def check_submissions_open(state: HackathonState) -> None:
    """Raise unless teams can register and edit their projects from their phones now."""
    if not state.submissions_open:
        raise RuleViolation("Submissions are closed. Ask the facilitator.")


def check_pitch_seconds(seconds: object) -> int:
    """``seconds`` when it is a whole number of seconds a pitch can last."""
    if type(seconds) is not int or not PITCH_SECONDS_MIN <= seconds <= PITCH_SECONDS_MAX:
        raise InvalidInput(
            "A pitch lasts between {low} and {high} seconds.", low=PITCH_SECONDS_MIN, high=PITCH_SECONDS_MAX
        )
    return seconds


def check_order(current: Iterable[int], proposed: Iterable[int]) -> list[int]:
    """``proposed`` when it names every one of ``current`` exactly once (a new order of the same teams)."""
    wanted = list(proposed)
    if sorted(wanted) != sorted(current):
        raise InvalidInput("The new order must list every team once.")
    return wanted


def team_after(order: list[int], current: int | None) -> int | None:
    """The team that pitches after ``current`` in ``order`` (the first when nobody pitched), or ``None``."""
    if current is None or current not in order:
        return order[0] if order else None
    index = order.index(current) + 1
    return order[index] if index < len(order) else None
