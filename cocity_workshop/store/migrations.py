"""The workshop file's schema, built only by adding migrations (never by editing an applied one).

``SCHEMA_VERSION`` is the number of registered migrations and is written to ``PRAGMA user_version``;
a file whose ``user_version`` is higher comes from a newer CoCity Workshop and is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlite_utils import Database, Migrations

MigrationFunction = Callable[[Database], None]

#: ``PRAGMA application_id`` of every workshop file ("COCW" in ASCII).
APPLICATION_ID = 0x434F4357

migrations = Migrations("cocity_workshop")
_names: list[str] = []


def migration(name: str) -> Callable[[MigrationFunction], MigrationFunction]:
    """Register a migration under ``name``; they run in the order they are registered."""

    def register(fn: MigrationFunction) -> MigrationFunction:
        _names.append(name)
        migrations(name=name)(fn)
        return fn

    return register


def migration_names() -> list[str]:
    """The registered migrations' names in the order they run (a file at version ``n`` has the first ``n``)."""
    return list(_names)


def schema_version() -> int:
    """The schema version this code writes: the number of registered migrations."""
    return len(_names)


def _execute_all(db: Database, script: str) -> None:
    """Run ``;``-separated DDL statement by statement (``executescript`` would commit midway)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration("0001_initial")
def initial_schema(db: Database) -> None:
    """Every table of the first release."""
    _execute_all(
        db,
        """
        CREATE TABLE workshop (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL,
            city TEXT NOT NULL DEFAULT '',
            venue TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            organisers TEXT NOT NULL DEFAULT '[]',
            challenge TEXT NOT NULL DEFAULT '',
            guiding_questions TEXT NOT NULL DEFAULT '[]',
            language TEXT NOT NULL DEFAULT 'en',
            template TEXT NOT NULL DEFAULT 'co-design',
            youth_mode INTEGER NOT NULL DEFAULT 0,
            themes TEXT NOT NULL DEFAULT '[]',
            join_secret TEXT NOT NULL,
            projector_secret TEXT NOT NULL,
            port INTEGER NOT NULL,
            joining_open INTEGER NOT NULL DEFAULT 0,
            headcount_cap INTEGER,
            ticket_mode INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            ended_at REAL
        );
        CREATE TABLE phases (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            planned_minutes INTEGER NOT NULL,
            started_at REAL,
            ended_at REAL,
            paused_at REAL,
            paused_seconds REAL NOT NULL DEFAULT 0,
            extra_seconds REAL NOT NULL DEFAULT 0
        );
        CREATE TABLE stakeholder_groups (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE age_bands (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            group_id INTEGER REFERENCES stakeholder_groups(id) ON DELETE SET NULL,
            age_band_id INTEGER REFERENCES age_bands(id) ON DELETE SET NULL,
            joined_minute INTEGER NOT NULL
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            code_hash TEXT NOT NULL UNIQUE,
            used_at_minute INTEGER
        );
        CREATE TABLE clusters (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            theme TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL CHECK (origin IN ('phone', 'facilitator', 'paper')),
            status TEXT NOT NULL CHECK (status IN ('pending', 'visible', 'hidden', 'merged')),
            merged_into INTEGER REFERENCES ideas(id),
            cluster_id INTEGER REFERENCES clusters(id) ON DELETE SET NULL,
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX ideas_status ON ideas(status);
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
            mime TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE INDEX attachments_idea ON attachments(idea_id);
        CREATE TABLE vote_rounds (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            dots_per_participant INTEGER NOT NULL CHECK (dots_per_participant > 0),
            max_per_idea INTEGER NOT NULL CHECK (max_per_idea > 0),
            results_mode TEXT NOT NULL CHECK (results_mode IN ('hidden', 'live')),
            state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'revealed')),
            is_practice INTEGER NOT NULL DEFAULT 0,
            opened_at REAL,
            closed_at REAL,
            revealed_at REAL
        );
        CREATE TABLE round_ideas (
            round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (round_id, idea_id)
        );
        CREATE TABLE ballots (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            dots TEXT NOT NULL,
            spent INTEGER NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            UNIQUE (round_id, participant_id)
        );
        CREATE TABLE paper_dots (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
            idea_id INTEGER NOT NULL REFERENCES ideas(id),
            count INTEGER NOT NULL CHECK (count >= 0),
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (round_id, idea_id)
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            idea_id INTEGER REFERENCES ideas(id) ON DELETE SET NULL,
            owner TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            next_step TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        );
        CREATE TABLE milestones (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            due_date TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned'
        );
        CREATE TABLE go_official (
            id INTEGER PRIMARY KEY,
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE action_log (
            height INTEGER PRIMARY KEY,
            prev_hash TEXT NOT NULL,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            payload_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE TABLE idempotency (
            key TEXT PRIMARY KEY,
            participant_id INTEGER,
            request_hash TEXT NOT NULL,
            response TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


#: The licence of files saved before the licence could be chosen: the one every bundle declared until then.
#: Written out, not taken from ``core.licences.DEFAULT_LICENCE``: what an applied migration did never changes.
LICENCE_BEFORE_0002 = "CC-BY-4.0"


@migration("0002_data_licence")
def data_licence(db: Database) -> None:
    """The licence the workshop's data is published under (an SPDX id from ``core.licences``)."""
    db.execute(f"ALTER TABLE workshop ADD COLUMN data_licence TEXT NOT NULL DEFAULT '{LICENCE_BEFORE_0002}'")


def key_hash(key: str) -> int:
    """The 64-bit number the idempotency table finds a request key by (a stored format: never change it)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


@migration("0003_idempotency_by_key_hash")
def idempotency_by_key_hash(db: Database) -> None:
    """Request keys found through a small index of their 64-bit hashes instead of a table ordered by key.

    Phones' keys are random, so a table ordered by key took each new answer into a random page: a group
    commit of 50 ballots wrote about 50 pages and the table soon outgrew SQLite's page cache. Rows now go
    to the end of the table; only the small number index is written at random places.
    """
    db.conn.create_function("cocity_key_hash", 1, key_hash, deterministic=True)
    _execute_all(
        db,
        """
        CREATE TABLE idempotency_new (
            id INTEGER PRIMARY KEY,
            key_hash INTEGER NOT NULL,
            key TEXT NOT NULL,
            participant_id INTEGER,
            request_hash TEXT NOT NULL,
            response TEXT NOT NULL
        );
        INSERT INTO idempotency_new (key_hash, key, participant_id, request_hash, response)
            SELECT cocity_key_hash(key), key, participant_id, request_hash, response FROM idempotency;
        DROP TABLE idempotency;
        ALTER TABLE idempotency_new RENAME TO idempotency;
        CREATE INDEX idempotency_by_key_hash ON idempotency (key_hash)
        """,
    )


@migration("0004_pending_photos")
def pending_photos(db: Database) -> None:
    """Photos that wait for the facilitator's approval (from phones in youth mode); earlier photos are shown."""
    db.execute("ALTER TABLE attachments ADD COLUMN pending INTEGER NOT NULL DEFAULT 0")


@migration("0005_shared_device")
def shared_device(db: Database) -> None:
    """Shared-device mode: one tablet or laptop at the door lets person after person take part."""
    db.execute("ALTER TABLE workshop ADD COLUMN shared_device INTEGER NOT NULL DEFAULT 0")


@migration("0006_hackathon")
def hackathon(db: Database) -> None:
    """Hackathons (decision 0047): challenges, teams with their phones and projects, the jury's criteria,
    jurors from jury tickets, their score sheets (one per juror and project, one score per criterion) and
    conflicts of interest, and whether submissions and judging are open."""
    _execute_all(
        db,
        """
        CREATE TABLE hackathon (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            submissions_open INTEGER NOT NULL DEFAULT 0,
            judging TEXT NOT NULL DEFAULT 'not-started' CHECK (judging IN ('not-started', 'open', 'closed'))
        );
        INSERT INTO hackathon (id) VALUES (1);
        CREATE TABLE challenges (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            statement TEXT NOT NULL DEFAULT '',
            owner TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL
        );
        CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            challenge_id INTEGER NOT NULL REFERENCES challenges(id),
            members INTEGER NOT NULL CHECK (members >= 1),
            code TEXT UNIQUE,
            origin TEXT NOT NULL CHECK (origin IN ('phone', 'facilitator')),
            position INTEGER NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE INDEX teams_challenge ON teams(challenge_id);
        CREATE TABLE team_phones (
            participant_id INTEGER PRIMARY KEY REFERENCES participants(id),
            team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE
        );
        CREATE INDEX team_phones_team ON team_phones(team_id);
        CREATE TABLE projects (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL UNIQUE REFERENCES teams(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            updated_at REAL NOT NULL
        );
        CREATE TABLE jury_criteria (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            weight INTEGER NOT NULL CHECK (weight > 0),
            scale_min INTEGER NOT NULL,
            scale_max INTEGER NOT NULL,
            position INTEGER NOT NULL,
            CHECK (scale_max > scale_min)
        );
        CREATE TABLE jurors (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE CHECK (number > 0),
            ticket_hash TEXT UNIQUE,
            token_hash TEXT UNIQUE,
            joined_minute INTEGER
        );
        CREATE TABLE jury_sheets (
            id INTEGER PRIMARY KEY,
            juror_id INTEGER NOT NULL REFERENCES jurors(id),
            project_id INTEGER NOT NULL REFERENCES projects(id),
            comment TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1,
            UNIQUE (juror_id, project_id)
        );
        CREATE INDEX jury_sheets_project ON jury_sheets(project_id);
        CREATE TABLE jury_scores (
            sheet_id INTEGER NOT NULL REFERENCES jury_sheets(id) ON DELETE CASCADE,
            criterion_id INTEGER NOT NULL REFERENCES jury_criteria(id),
            value INTEGER NOT NULL,
            PRIMARY KEY (sheet_id, criterion_id)
        ) WITHOUT ROWID;
        CREATE TABLE jury_conflicts (
            juror_id INTEGER NOT NULL REFERENCES jurors(id),
            team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
            PRIMARY KEY (juror_id, team_id)
        ) WITHOUT ROWID
        """,
    )


@migration("0007_data_protection")
def data_protection(db: Database) -> None:
    """Who is responsible for the workshop's data, on which legal basis, and how many months the file is kept.

    Files from before keep the defaults a city's workshop has (a public task, 12 months) until set.
    """
    _execute_all(
        db,
        """
        ALTER TABLE workshop ADD COLUMN controller TEXT NOT NULL DEFAULT '';
        ALTER TABLE workshop ADD COLUMN privacy_contact TEXT NOT NULL DEFAULT '';
        ALTER TABLE workshop ADD COLUMN legal_basis TEXT NOT NULL DEFAULT 'public-task';
        ALTER TABLE workshop ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 12
        """,
    )


@migration("0008_web_page")
def web_page(db: Database) -> None:
    """The city's page about the workshop (the bundle's homepage); none in files from before."""
    _execute_all(db, "ALTER TABLE workshop ADD COLUMN web_page TEXT NOT NULL DEFAULT ''")


@migration("0009_round_timer")
def round_timer(db: Database) -> None:
    """A vote round's countdown (seconds; none in rounds from before) and whether it closes itself at zero."""
    _execute_all(
        db,
        """
        ALTER TABLE vote_rounds ADD COLUMN duration_seconds INTEGER CHECK (duration_seconds > 0);
        ALTER TABLE vote_rounds ADD COLUMN closes_itself INTEGER NOT NULL DEFAULT 0
        """,
    )


@migration("0010_event_rooms")
def event_rooms(db: Database) -> None:
    """One event across many rooms (decision 0050): the event a file belongs to (an event file, or one room
    of it with the room's id and name), and which ideas and rounds the event shares with every room."""
    _execute_all(
        db,
        """
        CREATE TABLE event (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            event_id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('event', 'room')),
            room_id TEXT NOT NULL DEFAULT '',
            room_name TEXT NOT NULL DEFAULT ''
        );
        ALTER TABLE ideas ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE vote_rounds ADD COLUMN shared INTEGER NOT NULL DEFAULT 0
        """,
    )


@migration("0011_event_tickets")
def event_tickets(db: Database) -> None:
    """Event-wide tickets (decision 0051): the event's ticket secret (copied into every room, never exported),
    which tickets came from the event file, and the event ticket each participant joined with."""
    _execute_all(
        db,
        """
        ALTER TABLE event ADD COLUMN ticket_secret TEXT NOT NULL DEFAULT '';
        UPDATE event SET ticket_secret = lower(hex(randomblob(16)));
        ALTER TABLE tickets ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE participants ADD COLUMN event_ticket INTEGER
        """,
    )


@migration("0012_pitches")
def pitches(db: Database) -> None:
    """Hackathon pitches (decision 0049): the team pitching now, since when, and how long a pitch lasts.

    The pitch order is the teams' ``position`` (registration order until the facilitator reorders it).
    """
    _execute_all(
        db,
        """
        ALTER TABLE hackathon ADD COLUMN pitch_seconds INTEGER NOT NULL DEFAULT 300;
        ALTER TABLE hackathon ADD COLUMN pitch_team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL;
        ALTER TABLE hackathon ADD COLUMN pitch_started_at REAL
        """,
    )


@migration("0013_awards")
def awards(db: Database) -> None:
    """Hackathon awards with their reasons, and the normalisation of jurors' scores chosen before judging
    (decisions 0048 and 0049)."""
    _execute_all(
        db,
        """
        ALTER TABLE hackathon ADD COLUMN normalisation TEXT NOT NULL DEFAULT 'none'
            CHECK (normalisation IN ('none', 'min-max', 'z-score'));
        CREATE TABLE awards (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES projects(id),
            challenge_id INTEGER REFERENCES challenges(id),
            title TEXT NOT NULL,
            reason TEXT NOT NULL,
            position INTEGER NOT NULL
        )
        """,
    )
