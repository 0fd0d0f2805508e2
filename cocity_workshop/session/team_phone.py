"""What team members' phones do: register a team, join it by its code, and edit its project, while
submissions are open; safe to retry with the same request key (decision 0047)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core.actionlog import canonical_json, sha256_hex
from cocity_workshop.core.errors import NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import Challenge, Team, TeamOrigin
from cocity_workshop.core.request_keys import check_request_key
from cocity_workshop.session.checks import participant_id_or_raise
from cocity_workshop.session.replays import stored_answer
from cocity_workshop.session.writer import Tx

#: Most teams one hackathon can have (a bound against scripted floods, far above any real event).
MAX_TEAMS = 200
#: Tries at a fresh team code before giving up (a clash among 887 million codes is rare).
CODE_TRIES = 20


@dataclass(frozen=True)
class TeamReceipt:
    """What a team's phone is told: its team, and the code teammates type to join."""

    team_id: int
    name: str
    challenge_id: int
    members: int
    code: str

    @classmethod
    def of(cls, team: Team) -> TeamReceipt:
        """The receipt for ``team`` as it is now."""
        return cls(team.id, team.name, team.challenge_id, team.members, team.code or "")


@dataclass(frozen=True)
class ProjectReceipt:
    """What a team's phone is told after its project is stored."""

    project_id: int
    team_id: int
    version: int

    def to_json(self) -> str:
        """The receipt as stored for replays."""
        return canonical_json({"project_id": self.project_id, "team_id": self.team_id, "version": self.version})

    @classmethod
    def from_json(cls, text: str) -> ProjectReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        return cls(int(data["project_id"]), int(data["team_id"]), int(data["version"]))


def challenge_or_raise(tx: Tx, challenge_id: int) -> Challenge:
    """The challenge, or ``NotFound``."""
    challenge = tx.records.challenge(challenge_id)
    if challenge is None:
        raise NotFound("There is no challenge {id}.", id=challenge_id)
    return challenge


def team_or_raise(tx: Tx, team_id: int) -> Team:
    """The team, or ``NotFound``."""
    team = tx.records.team(team_id)
    if team is None:
        raise NotFound("There is no team {id}.", id=team_id)
    return team


def check_team_name_free(tx: Tx, name: str, except_team: int | None = None) -> None:
    """Refuse a name another team has (case and spacing aside): the room tells teams apart by name."""
    if any(rules.same_name(t.name, name) and t.id != except_team for t in tx.records.teams()):
        raise RuleViolation("There is already a team called \u201c{name}\u201d.", name=name)


def insert_team(tx: Tx, name: str, challenge_id: int, members: int, origin: TeamOrigin) -> int:
    """Add a team with a fresh code that no other team has."""
    if tx.records.team_count() >= MAX_TEAMS:
        raise RuleViolation("This hackathon has the most teams it can have.")
    for _ in range(CODE_TRIES):
        code = rules.new_team_code()
        if tx.records.team_by_code(code) is None:
            break
    else:  # pragma: no cover - 20 clashes in a row do not happen
        raise RuleViolation("No free team code was found; try again.")
    values = {"name": name, "challenge_id": challenge_id, "members": members, "code": code}
    return tx.records.insert_team({**values, "origin": origin.value, "created_at": tx.now})


def _team_of_phone_or_raise(tx: Tx, participant_id: int) -> Team:
    team_id = tx.records.team_of_participant(participant_id)
    if team_id is None:
        raise RuleViolation("This phone is not in a team yet. Register your team or join one with its code.")
    return team_or_raise(tx, team_id)


def _refuse_second_team(tx: Tx, participant_id: int, team_id: int | None = None) -> bool:
    """True when the phone is in ``team_id`` already; raise when it is in another team."""
    current = tx.records.team_of_participant(participant_id)
    if current is None:
        return False
    if current == team_id:
        return True
    raise RuleViolation("This phone is already in the team \u201c{name}\u201d.", name=team_or_raise(tx, current).name)


@dataclass(frozen=True)
class RegisterTeamCommand:
    """Register a team from a phone, once however often the phone sends it."""

    token: str
    name: str
    challenge_id: int
    members: int
    idempotency_key: str | None = None

    @classmethod
    def checked(
        cls, token: str, name: str, challenge_id: int, members: int, idempotency_key: str | None
    ) -> RegisterTeamCommand:
        """The command with its fields cleaned and checked (before it reaches the writer)."""
        if idempotency_key is not None:
            check_request_key(idempotency_key)
        return cls(token, rules.clean_team_name(name), challenge_id, rules.check_members(members), idempotency_key)

    def __call__(self, tx: Tx) -> TeamReceipt:
        participant_id = participant_id_or_raise(tx, self.token)  # first: a key is only this phone's
        key = f"team:{self.idempotency_key}" if self.idempotency_key else None
        request = {"challenge": self.challenge_id, "members": self.members, "name": self.name}
        request_hash = sha256_hex(canonical_json(request))
        if key is not None:
            stored = stored_answer(tx, key, participant_id, request_hash)
            if stored is not None:  # the code is read again, never kept in the answer (Finish deletes codes)
                return TeamReceipt.of(team_or_raise(tx, int(json.loads(stored)["team_id"])))
        rules.check_submissions_open(tx.records.hackathon_state())
        _refuse_second_team(tx, participant_id)
        challenge_or_raise(tx, self.challenge_id)
        check_team_name_free(tx, self.name)
        team_id = insert_team(tx, self.name, self.challenge_id, self.members, TeamOrigin.PHONE)
        tx.records.add_team_phone(team_id, participant_id)
        if key is not None:
            tx.records.remember_response(key, participant_id, request_hash, canonical_json({"team_id": team_id}))
        tx.emit(EventKind.TEAMS_CHANGED, team=team_id)
        return TeamReceipt.of(team_or_raise(tx, team_id))


@dataclass(frozen=True)
class JoinTeamCommand:
    """A phone joins a team by its code (joining the same team again answers the same)."""

    token: str
    code: str

    def __call__(self, tx: Tx) -> TeamReceipt:
        participant_id = participant_id_or_raise(tx, self.token)
        rules.check_submissions_open(tx.records.hackathon_state())
        team = tx.records.team_by_code(self.code) if self.code else None
        if team is None:
            raise NotFound("No team has this code. Check it with your team.")
        if _refuse_second_team(tx, participant_id, team.id):
            return TeamReceipt.of(team)
        tx.records.add_team_phone(team.id, participant_id)
        phones = tx.records.team_phone_count(team.id)
        if phones > team.members:  # the declared count was low: every phone is a member
            tx.records.update_team(team.id, {"members": phones})
        tx.emit(EventKind.TEAMS_CHANGED, team=team.id)
        return TeamReceipt.of(team_or_raise(tx, team.id))


@dataclass(frozen=True)
class ProjectCommand:
    """Store a team's whole project from one of its phones, once per request key."""

    token: str
    fields: dict[str, str]
    idempotency_key: str | None = None
    base_version: int | None = None

    @classmethod
    def checked(
        cls, token: str, fields: dict[str, str], idempotency_key: str | None, base_version: int | None
    ) -> ProjectCommand:
        """The command with its request key checked (the fields come cleaned by ``rules.clean_project``)."""
        if idempotency_key is not None:
            check_request_key(idempotency_key)
        return cls(token, fields, idempotency_key, base_version)

    def __call__(self, tx: Tx) -> ProjectReceipt:
        participant_id = participant_id_or_raise(tx, self.token)  # first: a key is only this phone's
        key = f"project:{self.idempotency_key}" if self.idempotency_key else None
        request_hash = sha256_hex(canonical_json({**self.fields, "base": self.base_version}))
        if key is not None:
            stored = stored_answer(tx, key, participant_id, request_hash)
            if stored is not None:
                return ProjectReceipt.from_json(stored)
        rules.check_submissions_open(tx.records.hackathon_state())
        team = _team_of_phone_or_raise(tx, participant_id)
        before = tx.records.project_of_team(team.id)
        current = before.version if before is not None else 0
        if self.base_version is not None and self.base_version != current:
            raise RuleViolation(  # 409 on the wire: the phone's edit clashes with the state, not its own key
                "A teammate saved the project in the meantime (version {version}). Look at it, then save again.",
                version=current,
            )
        project_id = tx.records.save_project(team.id, self.fields, tx.now)
        receipt = ProjectReceipt(project_id, team.id, current + 1)
        if key is not None:
            tx.records.remember_response(key, participant_id, request_hash, receipt.to_json())
        tx.emit(EventKind.TEAMS_CHANGED, team=team.id, project=project_id)
        return receipt
