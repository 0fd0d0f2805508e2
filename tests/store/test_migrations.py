"""Migrations: a file saved by an earlier version opens and gains the new columns' defaults; a file of this
version is refused by the code before it."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from cocity_workshop.core.hackathon import HackathonState, JudgingState
from cocity_workshop.store import FileRefused, WorkshopFile
from cocity_workshop.store import file as store_file
from cocity_workshop.store.migrations import APPLICATION_ID, migration_names, migrations, schema_version
from cocity_workshop.store.records import Records


def _older_file(path: Path, next_migration: str, version: int, statements: list[tuple[str, list[Any]]]) -> Path:
    """A workshop file as ``version`` of the schema wrote it (migrations before ``next_migration``), with rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    migrations.apply(Database(conn), stop_before=next_migration)
    for sql, rows in statements:
        conn.executemany(sql, rows)
    conn.execute(f"PRAGMA user_version={version}")
    conn.close()
    return path


def _version_1_file(path: Path) -> Path:
    """A workshop file from before the data licence (schema version 1)."""
    workshop = "INSERT INTO workshop (id, title, city, youth_mode, join_secret, projector_secret, port, created_at) "
    return _older_file(
        path,
        "0002_data_licence",
        1,
        [(workshop + "VALUES (1, ?, ?, 1, 'a', 'b', 8400, 0)", [("Before licences", "Plzeň")])],
    )


def test_version_1_file_gets_the_default_licence(tmp_path: Path) -> None:
    """A file from before the data licence opens, keeps its details and gets CC BY 4.0, at the new version."""
    path = _version_1_file(tmp_path / "old.cocity")
    file = WorkshopFile.open(path)
    try:
        workshop = Records(file.write_conn).workshop()
        assert (workshop.title, workshop.city, workshop.youth_mode) == ("Before licences", "Plzeň", True)
        assert workshop.data_licence == "CC-BY-4.0"
        assert file.write_conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() > 1
    finally:
        file.close()


def test_version_1_file_opened_read_only_shows_the_default_and_is_not_changed(tmp_path: Path) -> None:
    """Read-only opening does not migrate, yet the details read as the migration would make them."""
    path = _version_1_file(tmp_path / "old.cocity")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    file = WorkshopFile.open(path, readonly=True)
    try:
        assert Records(file.write_conn).workshop().data_licence == "CC-BY-4.0"
    finally:
        file.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_file_of_this_version_is_refused_by_the_version_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The code of schema version 1 (before the data licence) asks for an update instead of opening a file made now."""
    WorkshopFile.create(tmp_path / "new.cocity").close()
    monkeypatch.setattr(store_file, "schema_version", lambda: 1)
    with pytest.raises(FileRefused, match="newer version"):
        WorkshopFile.open(tmp_path / "new.cocity")


def test_version_2_answers_are_still_found_by_their_keys(tmp_path: Path) -> None:
    """Answers kept before 0003 move to the key-hash table: a phone's retry across the update replays."""
    kept = [(f"ballot:key-{n:04d}", n, f"hash-{n}", f'{{"n":{n}}}') for n in range(300)]
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    answers = "INSERT INTO idempotency (key, participant_id, request_hash, response) VALUES (?, ?, ?, ?)"
    path = _older_file(
        tmp_path / "v2.cocity",
        "0003_idempotency_by_key_hash",
        2,
        [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()]), (answers, kept)],
    )
    file = WorkshopFile.open(path)
    try:
        records = Records(file.write_conn)
        for key, participant, request_hash, response in kept:
            assert records.idempotent_response(key, participant) == (request_hash, response)
        assert records.idempotent_response("ballot:key-9999", 1) is None
        records.remember_response("ballot:key-9999", 1, "new", "{}")
        assert records.idempotent_response("ballot:key-9999", 1) == ("new", "{}")
        assert records.idempotent_response("ballot:key-9999", 2) is None  # a key is one participant's
        plan = " ".join(
            str(r)
            for r in file.write_conn.execute(
                "EXPLAIN QUERY PLAN SELECT response FROM idempotency WHERE key_hash = ? AND key = ?", [1, "k"]
            )
        )
        assert "idempotency_by_key_hash" in plan
        assert file.write_conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 3
    finally:
        file.close()


def _version_3_file_with_a_photo(path: Path) -> Path:
    """A workshop file from before photos could wait for approval (schema version 3), with one photo."""
    workshop = "INSERT INTO workshop (id, title, youth_mode, join_secret, projector_secret, port, created_at) "
    idea = "INSERT INTO ideas (id, title, origin, status, created_at) VALUES (1, 'Mural', 'phone', 'visible', 0)"
    photo = "INSERT INTO attachments (id, idea_id, mime, width, height, data) VALUES (7, 1, 'image/jpeg', 2, 2, x'ff')"
    return _older_file(
        path,
        "0004_pending_photos",
        3,
        [(workshop + "VALUES (1, 'T', 1, 'a', 'b', 1, 0)", [()]), (idea, [()]), (photo, [()])],
    )


@pytest.mark.parametrize("readonly", [False, True])
def test_version_3_photos_stay_shown(tmp_path: Path, readonly: bool) -> None:
    """Photos saved before 0004 were shown to the room and stay shown, migrated or opened read-only."""
    path = _version_3_file_with_a_photo(tmp_path / "v3.cocity")
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        records = Records(file.write_conn)
        idea = records.idea(1)
        assert idea is not None and idea.attachment_ids == (7,) and idea.pending_attachment_ids == ()
        assert [a.id for a in records.attachments()] == [7]
    finally:
        file.close()


def _before_the_hackathon(path: Path) -> Path:
    """A workshop file from before hackathons (every migration before ``0006_hackathon``)."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    version = migration_names().index("0006_hackathon")
    return _older_file(path, "0006_hackathon", version, [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()])])


@pytest.mark.parametrize("readonly", [False, True])
def test_a_file_from_before_hackathons_reads_as_one_without_a_hackathon(tmp_path: Path, readonly: bool) -> None:
    """Migrated, the file gains the hackathon tables and their state row; read-only, it has no tables yet
    reads as a workshop with no challenges, teams or jury, submissions and judging not open."""
    path = _before_the_hackathon(tmp_path / "old.cocity")
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        records = Records(file.write_conn)
        assert records.hackathon_state() == HackathonState(False, JudgingState.NOT_STARTED)
        assert (records.challenges(), records.teams(), records.projects(), records.criteria()) == ([], [], [], [])
        assert (records.jurors(), records.sheets(), records.conflicts()) == ([], [], [])
        assert records.delete_hackathon_codes() == (0, 0)
        tables = {r[0] for r in file.write_conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert ("jury_sheets" in tables) is not readonly
        if not readonly:
            assert file.write_conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
            assert file.write_conn.execute("SELECT COUNT(*) FROM hackathon").fetchone()[0] == 1
    finally:
        file.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_file_from_before_data_protection_gets_its_defaults(tmp_path: Path, readonly: bool) -> None:
    """A file from before the data-protection settings reads as a public task kept 12 months, nobody named."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    version = migration_names().index("0007_data_protection")
    path = _older_file(
        tmp_path / "old.cocity", "0007_data_protection", version, [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()])]
    )
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        details = Records(file.write_conn).workshop()
        assert (details.controller, details.privacy_contact) == ("", "")
        assert (details.legal_basis.value, details.retention_months) == ("public-task", 12)
    finally:
        file.close()


def test_a_file_from_before_the_web_page_has_none(tmp_path: Path) -> None:
    """A file from before 0008_web_page opened read-only (not migrated) reads as having no web page."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    version = migration_names().index("0008_web_page")
    path = _older_file(
        tmp_path / "old.cocity", "0008_web_page", version, [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()])]
    )
    file = WorkshopFile.open(path, readonly=True)
    try:
        assert Records(file.write_conn).workshop().web_page == ""
    finally:
        file.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_round_from_before_round_timers_has_no_countdown(tmp_path: Path, readonly: bool) -> None:
    """A round saved before 0009_round_timer reads as one without a time limit that does not close itself."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    vote_round = "INSERT INTO vote_rounds (id, title, dots_per_participant, max_per_idea, results_mode, state) "
    version = migration_names().index("0009_round_timer")
    path = _older_file(
        tmp_path / "old.cocity",
        "0009_round_timer",
        version,
        [
            (workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()]),
            (vote_round + "VALUES (1, 'R', 5, 3, 'hidden', 'open')", [()]),
        ],
    )
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        found = Records(file.write_conn).vote_round(1)
        assert found is not None
        assert (found.duration_seconds, found.closes_itself, found.closes_at) == (None, False, None)
    finally:
        file.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_a_file_from_before_events_is_a_workshop_of_no_event(tmp_path: Path, readonly: bool) -> None:
    """A file from before events reads as no event's, its ideas and rounds its own (not shared)."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    idea = "INSERT INTO ideas (id, title, origin, status, created_at) VALUES (1, 'Mural', 'facilitator', 'visible', 0)"
    vote_round = (
        "INSERT INTO vote_rounds (id, title, dots_per_participant, max_per_idea, results_mode, state) "
        "VALUES (1, 'R', 3, 2, 'hidden', 'draft')"
    )
    version = migration_names().index("0010_event_rooms")
    path = _older_file(
        tmp_path / "old.cocity",
        "0010_event_rooms",
        version,
        [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()]), (idea, [()]), (vote_round, [()])],
    )
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        records = Records(file.write_conn)
        assert records.event() is None
        assert [i.shared for i in records.ideas()] == [False]
        assert [r.shared for r in records.vote_rounds()] == [False]
    finally:
        file.close()


@pytest.mark.parametrize("readonly", [False, True])
def test_an_event_from_before_event_tickets_gets_a_ticket_secret(tmp_path: Path, readonly: bool) -> None:
    """A room from before 0011_event_tickets: migrated, its event gets a ticket secret of its own and its tickets
    and participants are no event's; read-only (not migrated), it has no event tickets to report."""
    workshop = "INSERT INTO workshop (id, title, join_secret, projector_secret, port, created_at) "
    event = "INSERT INTO event (id, event_id, role, room_id, room_name) VALUES (1, 'e', 'room', 'r', 'Hall A')"
    participant = "INSERT INTO participants (id, token_hash, joined_minute) VALUES (1, 'h', 0)"
    version = migration_names().index("0011_event_tickets")
    path = _older_file(
        tmp_path / "old.cocity",
        "0011_event_tickets",
        version,
        [(workshop + "VALUES (1, 'T', 'a', 'b', 1, 0)", [()]), (event, [()]), (participant, [()])],
    )
    file = WorkshopFile.open(path, readonly=readonly)
    try:
        records = Records(file.write_conn)
        assert records.event_ticket_keys() == []
        if not readonly:
            (secret,) = file.write_conn.execute("SELECT ticket_secret FROM event").fetchone()
            assert len(secret) == 32
    finally:
        file.close()
