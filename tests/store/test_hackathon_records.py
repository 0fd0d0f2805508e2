"""Hackathon records: the schema holds one score per juror, project and criterion, sheets replace, tickets
admit once, and rows that scores rest on cannot be deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from cocity_workshop.core.hackathon import ConflictOfInterest, HackathonState, JudgingState, ScoreSheet
from cocity_workshop.store import Records, WorkshopFile


@pytest.fixture
def records(tmp_path: Path) -> Iterator[Records]:
    """Records on a fresh workshop file with one challenge, two teams with projects and two criteria."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    records = Records(file.write_conn)
    challenge = records.insert_challenge("Cleaner air", "Fewer cars near schools", "Transport department")
    for name, code in (("Blue", "AAAAAA"), ("Green", "BBBBBB")):
        team = records.insert_team(
            {"name": name, "challenge_id": challenge, "members": 3, "code": code, "origin": "phone", "created_at": 0}
        )
        records.save_project(team, {"title": f"{name} project", "description": "", "link": ""}, 1.0)
    for name in ("Impact", "Feasibility"):
        records.insert_criterion({"name": name, "weight": 2, "scale_min": 1, "scale_max": 5})
    yield records
    file.close()


def test_a_new_file_has_a_hackathon_with_submissions_and_judging_closed(records: Records) -> None:
    """The migration writes the single state row: nothing open until the facilitator opens it."""
    assert records.hackathon_state() == HackathonState(False, JudgingState.NOT_STARTED)
    records.update_hackathon_state({"submissions_open": 1, "judging": "open"})
    assert records.hackathon_state() == HackathonState(True, JudgingState.OPEN)
    with pytest.raises(sqlite3.IntegrityError):
        records.update_hackathon_state({"judging": "finished"})


def test_a_sheet_replaces_the_earlier_one_with_one_score_per_criterion(records: Records) -> None:
    """Saving a juror's sheet again replaces every score and bumps its version; the schema refuses a
    second score for the same criterion on a sheet."""
    juror = records.insert_juror(1, "ticket-1")
    project = records.projects()[0].id
    impact, feasibility = (c.id for c in records.criteria())
    assert records.save_sheet(juror, project, {impact: 4, feasibility: 2}, "Good start") == 1
    assert records.save_sheet(juror, project, {impact: 5}, "") == 2
    assert records.sheets() == [ScoreSheet(juror, project, {impact: 5}, "", 2)]
    sheet_id = records.conn.execute("SELECT id FROM jury_sheets").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        records.conn.execute(
            "INSERT INTO jury_scores (sheet_id, criterion_id, value) VALUES (?, ?, 3)", [sheet_id, impact]
        )
    with pytest.raises(sqlite3.IntegrityError):
        records.conn.execute("INSERT INTO jury_sheets (juror_id, project_id) VALUES (?, ?)", [juror, project])
    assert records.delete_sheet(juror, project) and records.sheets() == []
    assert records.conn.execute("SELECT COUNT(*) FROM jury_scores").fetchone()[0] == 0


def test_sheets_are_listed_by_project_then_juror_number(records: Records) -> None:
    """Juror numbers, not ids, order the sheets: the bundle and the report list jurors by number."""
    late = records.insert_juror(2, "ticket-2")
    early = records.insert_juror(1, "ticket-1")
    first, second = (p.id for p in records.projects())
    impact = records.criteria()[0].id
    for juror in (late, early):
        for project in (second, first):
            records.save_sheet(juror, project, {impact: 3}, "")
    assert [(s.project_id, s.juror_id) for s in records.sheets()] == [
        (first, early),
        (first, late),
        (second, early),
        (second, late),
    ]
    assert [s.juror_id for s in records.sheets(juror_id=late)] == [late, late]
    assert records.sheet(early, second) == ScoreSheet(early, second, {impact: 3}, "", 1)


def test_a_jury_ticket_admits_one_phone_and_a_new_ticket_locks_the_old_phone_out(records: Records) -> None:
    """A ticket is used once; replacing it keeps the juror (and their scores) but not the old phone."""
    juror = records.insert_juror(records.next_juror_number(), "ticket-1")
    assert records.next_juror_number() == 2
    assert records.use_jury_ticket("ticket-1", "phone-a", 10) == juror
    assert records.use_jury_ticket("ticket-1", "phone-b", 11) is None
    assert records.use_jury_ticket("no-such-ticket", "phone-b", 11) is None
    assert records.juror_for_token("phone-a") is not None and records.jurors()[0].joined
    assert records.replace_jury_ticket(juror, "ticket-1b")
    assert records.juror_for_token("phone-a") is None and not records.jurors()[0].joined
    assert records.use_jury_ticket("ticket-1b", "phone-b", 12) == juror


def test_rows_that_scores_or_teams_rest_on_cannot_be_deleted(records: Records) -> None:
    """The schema refuses to delete a scored project's team, a scored criterion or a challenge with teams."""
    juror = records.insert_juror(1, "ticket-1")
    team = records.teams()[0]
    project = records.project_of_team(team.id)
    assert project is not None
    impact = records.criteria()[0].id
    records.save_sheet(juror, project.id, {impact: 4}, "")
    for delete in (
        lambda: records.delete_team(team.id),
        lambda: records.delete_criterion(impact),
        lambda: records.delete_challenge(team.challenge_id),
    ):
        with pytest.raises(sqlite3.IntegrityError):
            delete()
    assert records.delete_team(records.teams()[1].id)  # no scores: its project goes with it
    assert len(records.projects()) == 1


def test_team_codes_phones_and_conflicts(records: Records) -> None:
    """A code finds its team; a phone belongs to one team; conflicts are marked once and cleared."""
    blue, green = records.teams()
    records.conn.execute("INSERT INTO participants (id, token_hash, joined_minute) VALUES (7, 'p', 0)")
    records.add_team_phone(blue.id, 7)
    assert records.team_by_code("AAAAAA") == blue and records.team_by_code("CCCCCC") is None
    assert records.team_of_participant(7) == blue.id and records.team_phone_count(blue.id) == 1
    with pytest.raises(sqlite3.IntegrityError):
        records.add_team_phone(green.id, 7)
    juror = records.insert_juror(1, "t")
    assert records.set_conflict(juror, green.id, True)
    assert not records.set_conflict(juror, green.id, True)
    assert records.conflicts() == [ConflictOfInterest(juror, green.id)]
    assert records.set_conflict(juror, green.id, False) and records.conflicts() == []


def test_finish_forgets_tickets_tokens_and_team_codes(records: Records) -> None:
    """Deleting the codes leaves the numbered jurors and the teams, without anything that lets a phone in."""
    juror = records.insert_juror(1, "ticket-1")
    records.use_jury_ticket("ticket-1", "phone-a", 1)
    records.insert_juror(2, "ticket-2")
    assert records.delete_hackathon_codes() == (2, 2)
    assert records.juror_for_token("phone-a") is None and records.use_jury_ticket("ticket-2", "x", 1) is None
    assert [t.code for t in records.teams()] == [None, None]
    assert [j.id for j in records.jurors()] == [juror, juror + 1]
    assert records.delete_hackathon_codes() == (0, 0)
