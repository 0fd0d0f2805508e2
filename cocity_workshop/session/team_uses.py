"""Use cases: a hackathon's challenges, teams and projects, and when teams can submit (decision 0047).

The facilitator's changes are logged with hashes of their texts; phones' changes (``team_phone.py``) are
not logged one by one, like ideas from phones: closing submissions logs a digest of every project.
"""

from __future__ import annotations

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core import tokens
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import Challenge, HackathonState, JudgingState, Project, Team, TeamOrigin
from cocity_workshop.core.jury import projects_digest
from cocity_workshop.core.text import DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, clean_text, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.team_phone import (
    JoinTeamCommand,
    ProjectCommand,
    ProjectReceipt,
    RegisterTeamCommand,
    TeamReceipt,
    challenge_or_raise,
    check_team_name_free,
    insert_team,
    team_or_raise,
)
from cocity_workshop.session.writer import Tx


def _challenge_fields(title: str | None, statement: str | None, owner: str | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if title is not None:
        fields["title"] = required_text(title, max_length=TITLE_MAX, what=_("The challenge's title"))
    if statement is not None:
        fields["statement"] = clean_text(statement, max_length=DESCRIPTION_MAX, multiline=True)
    if owner is not None:
        fields["owner"] = clean_text(owner, max_length=NAME_MAX)
    return fields


def _hashed(fields: dict[str, str]) -> dict[str, str]:
    return {name: sha256_hex(value) for name, value in sorted(fields.items())}


class TeamUses(SessionBase):
    """Challenges, teams and their projects."""

    # -- submissions ---------------------------------------------------------------------------
    def hackathon_state(self) -> HackathonState:
        """Whether submissions are open and where judging is."""
        return self._records().hackathon_state()

    def set_submissions(self, open: bool) -> HackathonState:
        """Open or close submissions (teams register and edit projects from phones); returns the state before.

        Closing logs a digest of every project as submitted. Submissions cannot open while judging is open.
        """

        def command(tx: Tx) -> HackathonState:
            before = tx.records.hackathon_state()
            if before.submissions_open == open:
                return before
            if open and before.judging is JudgingState.OPEN:
                raise RuleViolation("Close judging before submissions open again.")
            tx.records.update_hackathon_state({"submissions_open": int(open)})
            if open:
                tx.log("submissions_opened", {})
            else:
                projects = tx.records.projects()
                tx.log("submissions_closed", {"projects": len(projects), "projects_digest": projects_digest(projects)})
            tx.emit(EventKind.TEAMS_CHANGED, submissions_open=open)
            return before

        return self._write(command)

    # -- challenges ----------------------------------------------------------------------------
    def challenges(self) -> list[Challenge]:
        """The hackathon's challenges in order."""
        return self._records().challenges()

    def add_challenge(self, title: str, statement: str = "", owner: str = "") -> Challenge:
        """Add a challenge (title, statement, owner such as a city department)."""
        fields = _challenge_fields(title, statement, owner)

        def command(tx: Tx) -> Challenge:
            challenge_id = tx.records.insert_challenge(fields["title"], fields["statement"], fields["owner"])
            tx.log("challenge_added", {"challenge": challenge_id, **_hashed(fields)})
            tx.emit(EventKind.TEAMS_CHANGED, challenge=challenge_id)
            return challenge_or_raise(tx, challenge_id)

        return self._write(command)

    def update_challenge(
        self, challenge_id: int, *, title: str | None = None, statement: str | None = None, owner: str | None = None
    ) -> Challenge:
        """Change a challenge; returns it as it was before, for undo."""
        fields = _challenge_fields(title, statement, owner)

        def command(tx: Tx) -> Challenge:
            before = challenge_or_raise(tx, challenge_id)
            tx.records.update_challenge(challenge_id, fields)
            tx.log("challenge_updated", {"challenge": challenge_id, **_hashed(fields)})
            tx.emit(EventKind.TEAMS_CHANGED, challenge=challenge_id)
            return before

        return self._write(command)

    def remove_challenge(self, challenge_id: int) -> Challenge:
        """Remove a challenge no team works on; returns it."""

        def command(tx: Tx) -> Challenge:
            challenge = challenge_or_raise(tx, challenge_id)
            if tx.records.teams(challenge_id):
                raise RuleViolation("Teams work on this challenge; move or remove them first.")
            tx.records.delete_challenge(challenge_id)
            tx.log("challenge_removed", {"challenge": challenge_id})
            tx.emit(EventKind.TEAMS_CHANGED, challenge=challenge_id)
            return challenge

        return self._write(command)

    def restore_challenge(self, challenge: Challenge) -> Challenge:
        """Put a removed challenge back with its id at its place (undo of ``remove_challenge``)."""
        fields = _challenge_fields(challenge.title, challenge.statement, challenge.owner)

        def command(tx: Tx) -> Challenge:
            put_back(tx, "challenges", {"id": challenge.id, **fields, "position": challenge.position})
            tx.log("challenge_restored", {"challenge": challenge.id})
            tx.emit(EventKind.TEAMS_CHANGED, challenge=challenge.id)
            return challenge_or_raise(tx, challenge.id)

        return self._write(command)

    # -- teams ---------------------------------------------------------------------------------
    def teams(self, challenge_id: int | None = None) -> list[Team]:
        """Teams in registration order (of one challenge, or all)."""
        return self._records().teams(challenge_id)

    def team(self, team_id: int) -> Team:
        """One team."""
        team = self._records().team(team_id)
        if team is None:
            raise NotFound("There is no team {id}.", id=team_id)
        return team

    def add_team(self, name: str, challenge_id: int, members: int = 1) -> Team:
        """Type in a team for the facilitator (its members join it on their phones with its code)."""
        name, members = rules.clean_team_name(name), rules.check_members(members)

        def command(tx: Tx) -> Team:
            challenge_or_raise(tx, challenge_id)
            check_team_name_free(tx, name)
            team_id = insert_team(tx, name, challenge_id, members, TeamOrigin.FACILITATOR)
            tx.log(
                "team_added", {"team": team_id, "challenge": challenge_id, "members": members, "name": sha256_hex(name)}
            )
            tx.emit(EventKind.TEAMS_CHANGED, team=team_id)
            return team_or_raise(tx, team_id)

        return self._write(command)

    def update_team(
        self, team_id: int, *, name: str | None = None, challenge_id: int | None = None, members: int | None = None
    ) -> Team:
        """Change a team's name, challenge or members' count; returns it as it was before.

        A team's challenge cannot change once judging has started (its project is ranked within it).
        """
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = rules.clean_team_name(name)
        if members is not None:
            changes["members"] = rules.check_members(members)

        def command(tx: Tx) -> Team:
            before = team_or_raise(tx, team_id)
            if "name" in changes:
                check_team_name_free(tx, str(changes["name"]), team_id)
            if challenge_id is not None and challenge_id != before.challenge_id:
                challenge_or_raise(tx, challenge_id)
                if tx.records.hackathon_state().judging is not JudgingState.NOT_STARTED:
                    raise RuleViolation("Judging has started: a team's challenge can no longer change.")
                changes["challenge_id"] = challenge_id
            if "members" in changes and int(str(changes["members"])) < tx.records.team_phone_count(team_id):
                raise InvalidInput("More phones have joined this team than that.")
            tx.records.update_team(team_id, changes)
            logged = {k: sha256_hex(str(v)) if k == "name" else v for k, v in sorted(changes.items())}
            tx.log("team_updated", {"team": team_id, **logged})
            tx.emit(EventKind.TEAMS_CHANGED, team=team_id)
            return before

        return self._write(command)

    def remove_team(self, team_id: int) -> Team:
        """Remove a team with its project (a duplicate registration, say); refused once jurors scored it."""

        def command(tx: Tx) -> Team:
            team = team_or_raise(tx, team_id)
            project = tx.records.project_of_team(team_id)
            if project is not None and tx.records.sheets(project.id):
                raise RuleViolation("The jury has scored this team's project; the team cannot be removed.")
            tx.records.delete_team(team_id)
            tx.log("team_removed", {"team": team_id})
            tx.emit(EventKind.TEAMS_CHANGED, team=team_id)
            return team

        return self._write(command)

    # -- projects ------------------------------------------------------------------------------
    def projects(self) -> list[Project]:
        """Every team's project, in the teams' order."""
        return self._records().projects()

    def project_of_team(self, team_id: int) -> Project | None:
        """A team's project, if it has one yet."""
        return self._records().project_of_team(team_id)

    def save_project(self, team_id: int, title: str, description: str = "", link: str = "") -> Project | None:
        """Write a team's project for it (the facilitator, at any time; logged); returns the project before."""
        fields = rules.clean_project(title, description, link)

        def command(tx: Tx) -> Project | None:
            team_or_raise(tx, team_id)
            before = tx.records.project_of_team(team_id)
            project_id = tx.records.save_project(team_id, fields, tx.now)
            tx.log("project_saved", {"team": team_id, "project": project_id, **_hashed(fields)})
            tx.emit(EventKind.TEAMS_CHANGED, team=team_id, project=project_id)
            return before

        return self._write(command)

    # -- from phones ---------------------------------------------------------------------------
    def register_team(
        self, token: str, name: str, challenge_id: int, members: int, idempotency_key: str | None = None
    ) -> TeamReceipt:
        """A phone registers its team (while submissions are open) and becomes the team's first phone."""
        return self._write(self.register_team_command(token, name, challenge_id, members, idempotency_key))

    def register_team_command(
        self, token: str, name: str, challenge_id: int, members: int, idempotency_key: str | None = None
    ) -> RegisterTeamCommand:
        """The command ``register_team`` runs, for the server to submit."""
        return RegisterTeamCommand.checked(token, name, challenge_id, members, idempotency_key)

    def join_team(self, token: str, code: str) -> TeamReceipt:
        """A phone joins a team by the code shown on a team member's phone (again: the same answer)."""
        return self._write(self.join_team_command(token, code))

    def join_team_command(self, token: str, code: str) -> JoinTeamCommand:
        """The command ``join_team`` runs, for the server to submit."""
        return JoinTeamCommand(token, rules.normalise_team_code(code))

    def save_team_project(
        self,
        token: str,
        title: str,
        description: str = "",
        link: str = "",
        idempotency_key: str | None = None,
        *,
        base_version: int | None = None,
    ) -> ProjectReceipt:
        """A team's phone stores the team's whole project, while submissions are open.

        ``base_version`` is the version the phone edited: if a teammate saved since, the save is refused
        (with their version in the message) instead of overwriting their work.
        """
        return self._write(self.team_project_command(token, title, description, link, idempotency_key, base_version))

    def team_project_command(
        self,
        token: str,
        title: str,
        description: str,
        link: str,
        idempotency_key: str | None = None,
        base_version: int | None = None,
    ) -> ProjectCommand:
        """The command ``save_team_project`` runs, for the server to submit."""
        return ProjectCommand.checked(
            token, rules.clean_project(title, description, link), idempotency_key, base_version
        )

    def team_of_phone(self, token: str) -> Team | None:
        """The team a phone belongs to, if any."""
        records = self._records()
        participant_id = records.participant_id(tokens.token_hash(token))
        team_id = records.team_of_participant(participant_id) if participant_id is not None else None
        return records.team(team_id) if team_id is not None else None
