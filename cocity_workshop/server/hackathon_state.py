"""What phones see of a hackathon (#19), as JSON-ready dictionaries read from the session.

The public part (the live ``hackathon`` topic, for every phone and the projector) names challenges and
teams and, once submissions are closed, the projects. A project being written is its team's until then:
a team's phones read it from ``team_view``. Team codes are never public, only in ``team_view`` of the
team's own phones; a juror's scores only ever go to that juror's phone (``jury_view``).

These functions read SQLite, so the server runs them on its reader thread, never on its event loop.
"""

from __future__ import annotations

from typing import Any

from cocity_workshop.core.hackathon import Criterion, Project, Team, team_after
from cocity_workshop.session import WorkshopSession


def _team(team: Team) -> dict[str, Any]:
    return {"id": team.id, "name": team.name, "challenge": team.challenge_id, "members": team.members}


def _project(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "team": project.team_id,
        "title": project.title,
        "description": project.description,
        "link": project.link,
        "version": project.version,
    }


def _criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "name": criterion.name,
        "description": criterion.description,
        "weight": criterion.weight,
        "min": criterion.scale_min,
        "max": criterion.scale_max,
    }


def hackathon(session: WorkshopSession) -> dict[str, Any]:
    """The live ``hackathon`` topic: ``None`` for a workshop without challenges."""
    challenges = session.challenges()
    if not challenges:
        return {"hackathon": None}
    state, teams, pitch = session.hackathon_state(), session.teams(), session.pitch()
    projects = [] if state.submissions_open else [_project(p) for p in session.projects()]
    running = None
    if pitch.team_id is not None and pitch.started_at is not None:
        # The start on the server's clock, not the time left: a page reads the server's clock off the
        # answers' Date header, so a value built minutes ago still counts down right.
        following = team_after([t.id for t in teams], pitch.team_id)
        running = {"team": pitch.team_id, "started_at": pitch.started_at, "seconds": pitch.seconds, "next": following}
    return {
        "hackathon": {
            "submissions_open": state.submissions_open,
            "judging": state.judging.value,
            "pitch": running,
            "challenges": [
                {"id": c.id, "title": c.title, "statement": c.statement, "owner": c.owner} for c in challenges
            ],
            "teams": [_team(t) for t in teams],  # in pitch order
            "projects": projects,
        }
    }


def team_view(session: WorkshopSession, token: str) -> dict[str, Any]:
    """A phone's own team (with the code teammates type) and its project as last saved, or nulls."""
    team = session.team_of_phone(token)
    if team is None:
        return {"team": None, "project": None}
    project = session.project_of_team(team.id)
    return {
        "team": {**_team(team), "code": team.code or ""},
        "project": _project(project) if project is not None else None,
    }


def jury_view(session: WorkshopSession, token: str) -> dict[str, Any] | None:
    """What a juror's phone shows: the juror's number, the criteria, the projects to score, the juror's own
    sheets and conflicts of interest; ``None`` when the token is no juror's."""
    juror = session.juror_for_token(token)
    if juror is None:
        return None
    teams = {t.id: t for t in session.teams()}
    sheets = [
        {"project": s.project_id, "scores": {str(k): v for k, v in s.scores.items()}, "comment": s.comment}
        for s in session.my_sheets(token)
    ]
    return {
        "juror": juror.number,
        "judging": session.hackathon_state().judging.value,
        "criteria": [_criterion(c) for c in session.criteria()],
        "projects": [
            {**_project(p), "team_name": teams[p.team_id].name, "challenge": teams[p.team_id].challenge_id}
            for p in session.projects()
        ],
        "sheets": sheets,
        "conflicts": sorted(c.team_id for c in session.conflicts() if c.juror_id == juror.id),
    }
