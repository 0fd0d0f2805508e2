"""Challenges, teams and projects through the session: phones register teams and join them by code, teams
edit their projects until submissions close, retries are stored once, and the log keeps hashes only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.hackathon import TeamOrigin
from cocity_workshop.core.jury import projects_digest
from cocity_workshop.session import WorkshopSession


@pytest.fixture
def hackathon(workshop_path: Path) -> Iterator[WorkshopSession]:
    """A hackathon workshop with two challenges, joining and submissions open."""
    with WorkshopSession.create(workshop_path, title="Civic hack", template="hackathon") as session:
        session.add_challenge("Cleaner air", "Fewer cars near schools", "Transport department")
        session.add_challenge("Shade", "Cooler streets in summer", "Parks department")
        session.set_joining(open=True)
        session.set_submissions(True)
        yield session


def _phones(session: WorkshopSession, count: int) -> list[str]:
    return [session.join().token for _ in range(count)]


def test_challenges_are_kept_in_order_and_one_with_teams_cannot_be_removed(hackathon: WorkshopSession) -> None:
    """Challenges list in the order added; removing one that a team works on is refused; the log holds hashes."""
    air, shade = hackathon.challenges()
    assert (air.title, air.owner, shade.position) == ("Cleaner air", "Transport department", 1)
    hackathon.add_team("Blue", air.id, 3)
    with pytest.raises(RuleViolation, match="Teams work on this challenge"):
        hackathon.remove_challenge(air.id)
    assert hackathon.update_challenge(shade.id, owner="Parks and gardens").owner == "Parks department"
    assert hackathon.remove_challenge(shade.id).title == "Shade"
    assert [c.id for c in hackathon.challenges()] == [air.id]
    with pytest.raises(InvalidInput):
        hackathon.add_challenge("   ")
    log = "\n".join(e.payload for e in hackathon.log_entries())
    assert "Cleaner air" not in log and "Parks" not in log and sha256_hex("Cleaner air") in log


def test_a_phone_registers_its_team_once_and_gets_a_code_for_its_teammates(hackathon: WorkshopSession) -> None:
    """The registering phone is the team's first phone; a retry with the same key gives the same team; a
    second team from the same phone, a team name taken (case and spacing aside) and an unknown challenge
    are refused."""
    air = hackathon.challenges()[0]
    first, other = _phones(hackathon, 2)
    receipt = hackathon.register_team(first, "Air Heroes", air.id, 4, "key-team-0001")
    assert hackathon.register_team(first, "Air Heroes", air.id, 4, "key-team-0001") == receipt
    assert len(hackathon.teams()) == 1 and len(receipt.code) == 6
    team = hackathon.team_of_phone(first)
    assert team is not None and (team.name, team.members, team.origin) == ("Air Heroes", 4, TeamOrigin.PHONE)
    with pytest.raises(Conflict):
        hackathon.register_team(first, "Air Villains", air.id, 4, "key-team-0001")
    with pytest.raises(RuleViolation, match="already in the team"):
        hackathon.register_team(first, "Second team", air.id, 2, "key-team-0002")
    with pytest.raises(RuleViolation, match="already a team called"):
        hackathon.register_team(other, "  air   HEROES ", air.id, 2)
    with pytest.raises(NotFound, match="challenge"):
        hackathon.register_team(other, "Elsewhere", 999, 2)
    with pytest.raises(NotFound, match="not part of the workshop"):
        hackathon.register_team("not-a-token", "Ghosts", air.id, 2)


def test_teammates_join_by_the_code_as_typed_and_only_one_team(hackathon: WorkshopSession) -> None:
    """A code typed in lower case with a dash finds the team; joining again answers the same; a wrong code
    is not found; a phone in one team cannot join another; phones beyond the declared members raise the
    members' count."""
    air = hackathon.challenges()[0]
    founder, mate, late, rival = _phones(hackathon, 4)
    code = hackathon.register_team(founder, "Blue", air.id, 2).code
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    joined = hackathon.join_team(mate, typed)
    assert hackathon.join_team(mate, code) == joined and joined.members == 2
    assert hackathon.join_team(late, code).members == 3
    with pytest.raises(NotFound, match="No team has this code"):
        hackathon.join_team(rival, "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
    with pytest.raises(NotFound):
        hackathon.join_team(rival, "")
    hackathon.register_team(rival, "Green", air.id, 1)
    with pytest.raises(RuleViolation, match="already in the team \u201cGreen\u201d"):
        hackathon.join_team(rival, code)
    with pytest.raises(InvalidInput, match="More phones"):
        hackathon.update_team(joined.team_id, members=2)


def test_a_team_edits_its_project_until_submissions_close(hackathon: WorkshopSession) -> None:
    """Any of the team's phones stores the whole project (a new version each time); retries store it once;
    a phone outside the team and any phone after submissions close are refused; the facilitator still can."""
    air = hackathon.challenges()[0]
    founder, mate, stranger = _phones(hackathon, 3)
    team = hackathon.register_team(founder, "Blue", air.id, 2)
    hackathon.join_team(mate, team.code)
    first = hackathon.save_team_project(founder, "Bike bus", "Children ride together", "", "key-proj-0001")
    assert hackathon.save_team_project(founder, "Bike bus", "Children ride together", "", "key-proj-0001") == first
    second = hackathon.save_team_project(mate, "Bike bus", "Children ride to school", "https://example.org/bb")
    assert (first.version, second.version, second.project_id) == (1, 2, first.project_id)
    project = hackathon.project_of_team(team.team_id)
    assert project is not None and (project.description, project.link) == (
        "Children ride to school",
        "https://example.org/bb",
    )
    with pytest.raises(RuleViolation, match="not in a team"):
        hackathon.save_team_project(stranger, "Mine now", "", "")
    with pytest.raises(InvalidInput, match="link"):
        hackathon.save_team_project(mate, "Bike bus", "", "javascript:alert(1)")
    hackathon.set_submissions(False)
    with pytest.raises(RuleViolation, match="Submissions are closed"):
        hackathon.save_team_project(founder, "Late change", "", "")
    with pytest.raises(RuleViolation, match="Submissions are closed"):
        hackathon.join_team(stranger, team.code)
    hackathon.save_project(team.team_id, "Bike bus", "Typo fixed by the facilitator")
    assert hackathon.project_of_team(team.team_id).version == 3  # type: ignore[union-attr]


def test_a_teammates_save_is_not_overwritten_by_a_stale_phone(hackathon: WorkshopSession) -> None:
    """A phone says which version it edited; if a teammate saved since, its save is refused with their version."""
    air = hackathon.challenges()[0]
    founder, mate = _phones(hackathon, 2)
    code = hackathon.register_team(founder, "Blue", air.id, 2).code
    hackathon.join_team(mate, code)
    assert hackathon.save_team_project(founder, "Draft", "", "", base_version=0).version == 1
    assert hackathon.save_team_project(mate, "Better", "", "", base_version=1).version == 2
    with pytest.raises(RuleViolation, match="version 2"):
        hackathon.save_team_project(founder, "Stale", "", "", base_version=1)
    assert hackathon.projects()[0].title == "Better"


def test_closing_submissions_logs_a_digest_of_every_project_as_submitted(hackathon: WorkshopSession) -> None:
    """The log's digest is the digest of the projects as stored when submissions closed; reopening is logged."""
    air, shade = hackathon.challenges()
    for name, challenge in (("Blue", air.id), ("Green", shade.id)):
        team = hackathon.add_team(name, challenge, 3)
        hackathon.save_project(team.id, f"{name} project", "What it does")
    hackathon.set_submissions(False)
    closed = hackathon.log_entries()[-1]
    assert closed.type == "submissions_closed"
    assert f'"projects_digest":"{projects_digest(hackathon.projects())}"' in closed.payload
    assert '"projects":2' in closed.payload
    hackathon.set_submissions(True)
    assert hackathon.log_entries()[-1].type == "submissions_opened"


def test_facilitator_types_in_teams_and_a_teams_challenge_is_fixed_once_judging_starts(
    hackathon: WorkshopSession,
) -> None:
    """A typed-in team gets a code too; names stay unique; once judging opens a team cannot change challenge."""
    air, shade = hackathon.challenges()
    team = hackathon.add_team("Blue", air.id, 3)
    assert team.code and team.origin is TeamOrigin.FACILITATOR
    with pytest.raises(RuleViolation, match="already a team"):
        hackathon.add_team("BLUE", shade.id, 2)
    with pytest.raises(InvalidInput, match="members"):
        hackathon.add_team("Red", air.id, 0)
    assert hackathon.update_team(team.id, challenge_id=shade.id).challenge_id == air.id
    hackathon.add_criterion("Impact")
    hackathon.set_submissions(False)
    hackathon.open_judging()
    with pytest.raises(RuleViolation, match="challenge can no longer change"):
        hackathon.update_team(team.id, challenge_id=air.id)
    assert hackathon.update_team(team.id, name="Blue Sky").name == "Blue"


def test_a_team_can_be_removed_until_the_jury_scored_it(hackathon: WorkshopSession) -> None:
    """A duplicate registration goes with its project; a scored team stays."""
    air = hackathon.challenges()[0]
    kept, duplicate = hackathon.add_team("Blue", air.id, 3), hackathon.add_team("Blue 2", air.id, 3)
    for team in (kept, duplicate):
        hackathon.save_project(team.id, "Bike bus")
    impact = hackathon.add_criterion("Impact")
    ticket = hackathon.create_jury_tickets(1)[0]
    juror = hackathon.join_jury(ticket.code).token
    hackathon.set_submissions(False)
    hackathon.open_judging()
    project = hackathon.project_of_team(kept.id)
    assert project is not None
    hackathon.score_project(juror, project.id, {impact.id: 4})
    with pytest.raises(RuleViolation, match="scored this team"):
        hackathon.remove_team(kept.id)
    assert hackathon.remove_team(duplicate.id).name == "Blue 2"
    assert [t.name for t in hackathon.teams()] == ["Blue"] and len(hackathon.projects()) == 1


def test_finish_closes_submissions_and_judging_and_deletes_team_codes_and_jury_tokens(
    hackathon: WorkshopSession, workshop_path: Path
) -> None:
    """After Finish no team code, jury ticket or juror's phone works; the scores and their log stay."""
    air = hackathon.challenges()[0]
    founder = _phones(hackathon, 1)[0]
    team = hackathon.register_team(founder, "Blue", air.id, 2)
    hackathon.save_team_project(founder, "Bike bus", "", "")
    impact = hackathon.add_criterion("Impact")
    used, unused = hackathon.create_jury_tickets(2)
    juror = hackathon.join_jury(used.code).token
    hackathon.set_submissions(False)
    hackathon.open_judging()
    hackathon.score_project(juror, hackathon.projects()[0].id, {impact.id: 5})
    hackathon.finish_workshop()
    state = hackathon.hackathon_state()
    assert (state.submissions_open, state.judging.value) == (False, "closed")
    assert hackathon.juror_for_token(juror) is None and hackathon.teams()[0].code is None
    with pytest.raises(RuleViolation, match="jury ticket"):
        hackathon.join_jury(unused.code)
    assert len(hackathon.sheets()) == 1
    types = [e.type for e in hackathon.log_entries()]
    assert types.index("judging_closed") < types.index("hackathon_codes_deleted") < types.index("workshop_finished")
    hackathon.close()
    assert team.code.encode() not in workshop_path.read_bytes()


def test_a_hackathon_holds_at_most_max_teams_over_all_challenges(
    hackathon: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound counts every team of every challenge, typed in or registered from a phone."""
    from cocity_workshop.session import team_phone

    monkeypatch.setattr(team_phone, "MAX_TEAMS", 2)
    air, shade = hackathon.challenges()
    hackathon.add_team("Blue", air.id)
    hackathon.register_team(_phones(hackathon, 1)[0], "Red", shade.id, 2)
    with pytest.raises(RuleViolation, match="most teams"):
        hackathon.add_team("Green", shade.id)
    with pytest.raises(RuleViolation, match="most teams"):
        hackathon.register_team(_phones(hackathon, 1)[0], "Gold", air.id, 1)


def test_a_removed_challenge_and_criterion_come_back_with_their_ids_and_places(
    hackathon: WorkshopSession,
) -> None:
    """Undo's use cases: a challenge without teams and a criterion before judging return where they were."""
    session = hackathon
    spare = session.add_challenge("Spare", "Kept for later", "Library")
    last = session.add_challenge("Last")
    impact, ease = session.add_criterion("Impact", weight=2), session.add_criterion("Ease")
    removed = session.remove_challenge(spare.id)
    assert session.restore_challenge(removed) == spare
    assert [c.title for c in session.challenges()][-2:] == ["Spare", "Last"] and last.id != spare.id
    assert session.restore_criterion(session.remove_criterion(impact.id)) == impact
    assert [c.id for c in session.criteria()] == [impact.id, ease.id]
