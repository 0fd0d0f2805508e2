"""The jury through the session: numbered single-use jury tickets, criteria fixed once judging starts, one
score per juror, project and criterion (a change replaces), conflicts excluded, closing freezes the scores
and logs their digest, retries are stored once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.hackathon import ConflictOfInterest, JudgingState, ScoreSheet
from cocity_workshop.core.jury import Normalisation, conflicts_digest, record_ranking, sheets_digest
from cocity_workshop.core.tokens import token_hash
from cocity_workshop.session import WorkshopSession


@dataclass
class Jury:
    """A hackathon ready for judging: two teams' projects, two criteria and three jurors' phones."""

    session: WorkshopSession
    teams: list[int]
    projects: list[int]
    impact: int
    feasibility: int
    jurors: list[str]


@pytest.fixture
def jury(workshop_path: Path) -> Iterator[Jury]:
    with WorkshopSession.create(workshop_path, title="Civic hack", template="hackathon") as session:
        challenge = session.add_challenge("Cleaner air").id
        teams = [session.add_team(name, challenge, 3).id for name in ("Blue", "Green")]
        for team in teams:
            session.save_project(team, f"Project of team {team}")
        impact = session.add_criterion("Impact", weight=3).id
        feasibility = session.add_criterion("Feasibility", weight=1, scale_min=0, scale_max=10).id
        jurors = [session.join_jury(t.code).token for t in session.create_jury_tickets(3)]
        session.open_judging()
        projects = [p.id for p in session.projects()]
        yield Jury(session, teams, projects, impact, feasibility, jurors)


def test_jury_tickets_are_numbered_single_use_and_stored_as_hashes(workshop_path: Path) -> None:
    """Tickets are numbered 1, 2, ... across printings; each admits one phone once; the file keeps hashes only."""
    with WorkshopSession.create(workshop_path, title="Hack", template="hackathon") as session:
        first = session.create_jury_tickets(2)
        more = session.create_jury_tickets(1)
        assert [t.number for t in [*first, *more]] == [1, 2, 3]
        joined = session.join_jury(first[1].code)
        assert joined.juror.number == 2 and session.juror_for_token(joined.token) == joined.juror
        for reused in (first[1].code, "", "made-up-code"):
            with pytest.raises(RuleViolation, match="jury ticket is not valid"):
                session.join_jury(reused)
        assert [j.joined for j in session.jurors()] == [False, True, False]
        with pytest.raises(InvalidInput):
            session.create_jury_tickets(0)
    data = workshop_path.read_bytes()
    assert joined.token.encode() not in data and first[0].code.encode() not in data
    assert token_hash(joined.token).encode() in data


def test_criteria_are_checked_and_fixed_once_judging_opens(workshop_path: Path) -> None:
    """Bad weights and scales are refused; judging needs criteria and closed submissions; afterwards the
    criteria cannot change, and the log holds their weights and scales."""
    with WorkshopSession.create(workshop_path, title="Hack", template="hackathon") as session:
        with pytest.raises(InvalidInput, match="weight"):
            session.add_criterion("Impact", weight=0)
        with pytest.raises(InvalidInput, match="scale"):
            session.add_criterion("Impact", scale_min=5, scale_max=5)
        with pytest.raises(RuleViolation, match="at least one criterion"):
            session.open_judging()
        impact = session.add_criterion("Impact", weight=2)
        assert session.update_criterion(impact.id, weight=3).weight == 2
        session.set_submissions(True)
        with pytest.raises(RuleViolation, match="Close submissions"):
            session.open_judging()
        session.set_submissions(False)
        session.open_judging()
        assert '"max":5,"min":1,"weight":3' in session.log_entries()[-1].payload
        for change in (
            lambda: session.add_criterion("Fun"),
            lambda: session.update_criterion(impact.id, weight=1),
            lambda: session.remove_criterion(impact.id),
        ):
            with pytest.raises(RuleViolation, match="criteria can no longer change"):
                change()
        with pytest.raises(RuleViolation, match="Close judging"):
            session.set_submissions(True)


def test_a_juror_scores_once_per_project_and_criterion_and_a_change_replaces(jury: Jury) -> None:
    """Sending a sheet again replaces every score on it (version 2), never adds a second sheet or score."""
    session, juror = jury.session, jury.jurors[0]
    project = jury.projects[0]
    first = session.score_project(juror, project, {jury.impact: 4, jury.feasibility: 7}, "Clear pitch")
    second = session.score_project(juror, project, {jury.impact: 5}, "")
    assert (first.version, second.version) == (1, 2)
    juror_id = session.juror_for_token(juror).id  # type: ignore[union-attr]
    assert session.sheets() == [ScoreSheet(juror_id, project, {jury.impact: 5}, "", 2)]
    assert session.my_sheets(juror) == session.sheets()
    withdrawn = session.score_project(juror, project, {})
    assert withdrawn.version == 0 and session.sheets() == []


def test_scores_must_be_on_the_criterions_scale_for_an_existing_project(jury: Jury) -> None:
    """Off the scale, an unknown criterion, an unknown project and a phone not on the jury are refused."""
    session, juror = jury.session, jury.jurors[0]
    for bad in ({jury.impact: 6}, {jury.feasibility: -1}, {999: 3}):
        with pytest.raises(InvalidInput):
            session.score_project(juror, jury.projects[0], bad)
    assert session.score_project(juror, jury.projects[0], {jury.feasibility: 0}).version == 1
    with pytest.raises(NotFound, match="no project"):
        session.score_project(juror, 999, {jury.impact: 3})
    with pytest.raises(NotFound, match="not on the jury"):
        session.score_project("participant-token", jury.projects[0], {jury.impact: 3})


def test_retries_replay_and_a_key_is_one_jurors(jury: Jury) -> None:
    """The same key and sheet replays the stored receipt; the same key for another sheet is refused; another
    juror using the same key is a new request of their own."""
    session, (one, two, _three) = jury.session, jury.jurors
    project = jury.projects[0]
    receipt = session.score_project(one, project, {jury.impact: 4}, "ok", "key-sheet-0001")
    assert session.score_project(one, project, {jury.impact: 4}, "ok", "key-sheet-0001") == receipt
    assert len(session.sheets()) == 1 and session.sheets()[0].version == 1
    with pytest.raises(Conflict):
        session.score_project(one, project, {jury.impact: 2}, "ok", "key-sheet-0001")
    assert session.score_project(two, project, {jury.impact: 2}, "", "key-sheet-0001").scores == {jury.impact: 2}
    assert len(session.sheets()) == 2


def test_a_declared_conflict_removes_the_jurors_scores_and_stops_them_scoring_that_team(jury: Jury) -> None:
    """Declaring removes earlier scores for the team's project and refuses new ones; other teams stay
    scoreable; withdrawing the declaration lets the juror score again."""
    session, juror = jury.session, jury.jurors[0]
    blue = jury.teams[0]
    session.score_project(juror, jury.projects[0], {jury.impact: 5})
    receipt = session.declare_conflict(juror, blue, idempotency_key="key-coi-00001")
    assert receipt.scores_removed and session.sheets() == []
    assert session.declare_conflict(juror, blue, idempotency_key="key-coi-00001") == receipt
    juror_id = session.juror_for_token(juror).id  # type: ignore[union-attr]
    assert session.conflicts() == [ConflictOfInterest(juror_id, blue)]
    with pytest.raises(RuleViolation, match="conflict of interest"):
        session.score_project(juror, jury.projects[0], {jury.impact: 1})
    session.score_project(juror, jury.projects[1], {jury.impact: 2})
    assert not session.declare_conflict(juror, blue, conflicted=False).conflicted
    session.score_project(juror, jury.projects[0], {jury.impact: 3})
    with pytest.raises(NotFound):
        session.declare_conflict(juror, 999)


def test_closing_judging_freezes_the_scores_and_logs_their_digest(jury: Jury) -> None:
    """After closing, no score, change, withdrawal or conflict is accepted, while a retry of a stored sheet
    still gets its receipt; the log's digests are those of the sheets and conflicts as closed."""
    session, (one, two, three) = jury.session, jury.jurors
    stored = session.score_project(one, jury.projects[0], {jury.impact: 4, jury.feasibility: 8}, "", "key-late-0001")
    session.score_project(two, jury.projects[0], {jury.impact: 2})
    session.declare_conflict(three, jury.teams[0])
    session.close_judging()
    assert session.hackathon_state().judging is JudgingState.CLOSED
    frozen = session.sheets()
    for attempt in (
        lambda: session.score_project(one, jury.projects[0], {jury.impact: 1}),
        lambda: session.score_project(two, jury.projects[1], {jury.impact: 1}),
        lambda: session.score_project(one, jury.projects[0], {}),
        lambda: session.declare_conflict(two, jury.teams[1]),
    ):
        with pytest.raises(RuleViolation, match="final"):
            attempt()
    assert session.sheets() == frozen
    assert (
        session.score_project(one, jury.projects[0], {jury.impact: 4, jury.feasibility: 8}, "", "key-late-0001")
        == stored
    )
    numbers = {j.id: j.number for j in session.jurors()}
    closed = session.log_entries()[-1]
    assert closed.type == "judging_closed"
    assert f'"sheets_digest":"{sheets_digest(frozen, numbers)}"' in closed.payload
    assert f'"conflicts_digest":"{conflicts_digest(session.conflicts(), numbers)}"' in closed.payload
    with pytest.raises(RuleViolation, match="Only open judging"):
        session.close_judging()


def test_a_lost_phone_gets_a_new_ticket_and_the_jurors_scores_stay(jury: Jury) -> None:
    """Replacing juror 1's ticket locks the old phone out; the new phone scores as juror 1, on the same sheets."""
    session, old_phone = jury.session, jury.jurors[0]
    session.score_project(old_phone, jury.projects[0], {jury.impact: 4})
    ticket = session.replace_jury_ticket(1)
    with pytest.raises(NotFound, match="not on the jury"):
        session.score_project(old_phone, jury.projects[0], {jury.impact: 5})
    new_phone = session.join_jury(ticket.code)
    assert new_phone.juror.number == 1
    assert session.score_project(new_phone.token, jury.projects[0], {jury.impact: 5}).version == 2
    with pytest.raises(NotFound):
        session.replace_jury_ticket(99)


def test_sheets_sent_together_are_each_stored_once(jury: Jury) -> None:
    """Many sheets queued at once (one group commit) are each stored, each juror's on their own row."""
    session = jury.session
    futures = [
        session.submit(session.score_command(token, project, {jury.impact: 1 + n % 5}, "", f"key-burst-{n:04d}"))
        for n, (token, project) in enumerate((t, p) for t in jury.jurors for p in jury.projects)
    ]
    receipts = [f.result(timeout=10) for f in futures]
    assert [r.version for r in receipts] == [1] * 6
    assert len(session.sheets()) == 6


def test_the_ranking_of_a_challenge_comes_from_its_projects_scores_with_conflicts_counted(jury: Jury) -> None:
    """The hand-worked numbers of tests/core/test_jury.py through the session: Blue (73.75) before Green
    (71.25, one conflict); another challenge's project and a team without a project are not ranked."""
    session, (one, two, three) = jury.session, jury.jurors
    blue, green = jury.projects
    other = session.add_challenge("Shade").id
    elsewhere = session.add_team("Elsewhere", other, 2).id
    session.save_project(elsewhere, "Trees")
    session.add_team("No project yet", session.challenges()[0].id, 2)
    session.score_project(one, blue, {jury.impact: 5, jury.feasibility: 8})
    session.score_project(two, blue, {jury.impact: 3, jury.feasibility: 6})
    session.score_project(one, green, {jury.impact: 4, jury.feasibility: 10})
    session.declare_conflict(two, jury.teams[1])
    session.score_project(three, green, {jury.impact: 4, jury.feasibility: 2})
    session.score_project(one, session.project_of_team(elsewhere).id, {jury.impact: 1})  # type: ignore[union-attr]
    ranking = session.jury_ranking(session.challenges()[0].id)
    assert [(r.project_id, str(r.total), r.jurors, r.conflicts) for r in ranking.results] == [
        (blue, "73.75", 2, 0),
        (green, "71.25", 2, 1),
    ]
    assert session.jury_ranking(other, "min-max").results[0].total is not None  # type: ignore[arg-type]
    with pytest.raises(NotFound, match="challenge"):
        session.jury_ranking(999)


def test_the_normalisation_is_chosen_before_judging_and_the_ranking_and_snapshot_use_it(
    jury: Jury, tmp_path: Path
) -> None:
    """How scores are compared is set before judging opens (logged), refused after; the snapshot carries it
    with the jurors by number and no team code, and its ranking is the session's."""
    with WorkshopSession.create(tmp_path / "before.cocity", title="Before", template="hackathon") as before:
        assert before.normalisation() is Normalisation.NONE
        assert before.set_normalisation(Normalisation.MIN_MAX) is Normalisation.NONE
        assert before.normalisation() is Normalisation.MIN_MAX
        assert '"normalisation":"min-max"' in "\n".join(e.payload for e in before.log_entries())
    session = jury.session  # judging is open
    with pytest.raises(RuleViolation, match="how scores are compared"):
        session.set_normalisation(Normalisation.Z_SCORE)
    session.score_project(jury.jurors[0], jury.projects[0], {jury.impact: 5, jury.feasibility: 2})
    session.score_project(jury.jurors[0], jury.projects[1], {jury.impact: 1, jury.feasibility: 9})
    record = session.snapshot().hackathon
    assert record is not None and record.normalisation == "none"
    assert all(t.code is None for t in record.teams) and sorted(record.juror_numbers.values()) == [1, 2, 3]
    challenge = record.challenges[0].id
    assert record_ranking(record, challenge) == session.jury_ranking(challenge)


def test_awards_need_a_reason_and_undo_puts_them_back(jury: Jury) -> None:
    """An award names a project and why; its texts are logged as hashes; removed and restored it comes back
    with its id and place."""
    session = jury.session
    challenge = session.challenges()[0].id
    with pytest.raises(InvalidInput, match="reason"):
        session.add_award(jury.projects[0], "Jury prize", "  ")
    with pytest.raises(NotFound):
        session.add_award(999, "Jury prize", "Best total")
    first = session.add_award(jury.projects[0], "Jury prize", "Highest total", challenge)
    second = session.add_award(jury.projects[1], "People's choice", "Most dots in the room's vote")
    assert session.restore_award(session.remove_award(first.id)) == first
    assert session.awards() == [first, second]
    log = "\n".join(e.payload for e in session.log_entries())
    assert "Highest total" not in log and sha256_hex("Highest total") in log
