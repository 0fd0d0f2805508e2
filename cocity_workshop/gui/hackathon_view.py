"""What the app shows of a hackathon (#19), read from the session in one go and kept by ``LiveWorkshop``."""

from __future__ import annotations

from dataclasses import dataclass, field

from cocity_workshop.core.hackathon import (
    Award,
    Challenge,
    Criterion,
    HackathonState,
    Juror,
    PitchState,
    Project,
    Team,
)
from cocity_workshop.core.jury import Normalisation
from cocity_workshop.session import WorkshopSession


@dataclass(frozen=True)
class HackathonView:
    """Challenges, teams in pitch order with their projects, the jury and the pitch running now."""

    state: HackathonState = field(default_factory=HackathonState)
    pitch: PitchState = field(default_factory=PitchState)
    challenges: tuple[Challenge, ...] = ()
    teams: tuple[Team, ...] = ()
    projects: dict[int, Project] = field(default_factory=dict)  # by team id
    criteria: tuple[Criterion, ...] = ()
    jurors: tuple[Juror, ...] = ()
    #: How many score sheets the jurors have stored, and how many conflicts of interest they declared.
    sheets: int = 0
    conflicts: int = 0
    awards: tuple[Award, ...] = ()
    normalisation: Normalisation = Normalisation.NONE

    @classmethod
    def read(cls, session: WorkshopSession) -> HackathonView:
        """The hackathon as the session has it now."""
        return cls(
            session.hackathon_state(),
            session.pitch(),
            tuple(session.challenges()),
            tuple(session.teams()),
            {p.team_id: p for p in session.projects()},
            tuple(session.criteria()),
            tuple(session.jurors()),
            len(session.sheets()),
            len(session.conflicts()),
            tuple(session.awards()),
            session.normalisation(),
        )

    def challenge_title(self, challenge_id: int) -> str:
        """A challenge's title ("" if there is none by that id)."""
        return next((c.title for c in self.challenges if c.id == challenge_id), "")

    def team(self, team_id: int | None) -> Team | None:
        """A team by id."""
        return next((t for t in self.teams if t.id == team_id), None)

    def project_label(self, project_id: int) -> str:
        """ "Project title (team name)" for lists and tables."""
        project = next((p for p in self.projects.values() if p.id == project_id), None)
        if project is None:
            return f"#{project_id}"
        team = self.team(project.team_id)
        return f"{project.title} ({team.name})" if team is not None else project.title
