"""Whole-workshop reads: the snapshot, counts and the integrity check."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.session import WorkshopSession


def test_demo_snapshot_is_complete_and_consistent(demo_file: Path) -> None:
    """The demo has what the brief promises, and the snapshot's tallies match the session's."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        snapshot = session.snapshot()
        counts = session.counts()
        live_tally = session.tally(snapshot.rounds[0].id)
    assert len(snapshot.participants) == 30 and len(snapshot.groups) == 4
    assert len(snapshot.phases) == 5 and all(p.ended_at for p in snapshot.phases)
    assert 38 <= counts.ideas <= 45 and len(snapshot.clusters) == 4
    origins = {i.origin.value for i in snapshot.ideas}
    assert origins == {"phone", "facilitator", "paper"}
    assert any(i.status is IdeaStatus.MERGED for i in snapshot.ideas)
    assert len(snapshot.rounds) == 2 and snapshot.paper_dots and len(snapshot.actions) == 5
    assert all(a.milestones for a in snapshot.actions)
    assert snapshot.tally(snapshot.rounds[0]) == live_tally
    assert snapshot.fingerprint == snapshot.log[-1].hash
    assert any(c.suppressed for c in snapshot.group_counts())


def test_check_finds_a_tampered_log(demo_file: Path, tmp_path: Path) -> None:
    """Editing one log entry in the file makes the check fail at that entry."""
    copy = tmp_path / "tampered.cocity"
    shutil.copy(demo_file, copy)
    with WorkshopSession.open(copy, readonly=True) as session:
        assert session.check().ok
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE action_log SET payload = '{\"round\":1}' WHERE height = 10")
    with WorkshopSession.open(copy, readonly=True) as session:
        result = session.check()
    assert not result.ok and [p.height for p in result.chain_problems] == [10]


def test_counts_agree_with_the_snapshot(demo_file: Path) -> None:
    """Each count is what the snapshot of the same file holds (merged ideas are not counted as ideas)."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        snapshot, counts = session.snapshot(), session.counts()
    statuses = [i.status for i in snapshot.ideas]
    assert counts.participants == len(snapshot.participants) > 0
    assert counts.ideas == len(statuses) - statuses.count(IdeaStatus.MERGED) < len(statuses)
    assert counts.public_ideas == statuses.count(IdeaStatus.VISIBLE) > 0
    assert counts.pending_ideas == statuses.count(IdeaStatus.PENDING)
    assert (counts.clusters, counts.rounds, counts.actions) == (
        len(snapshot.clusters),
        len(snapshot.rounds),
        len(snapshot.actions),
    )
    assert counts.ballots == sum(1 for b in snapshot.ballots if sum(b.dots.values()) > 0) > 0
    assert counts.paper_dots == len(snapshot.paper_dots) > 0
    assert counts.photos == len(snapshot.attachments)
    assert counts.log_entries == len(snapshot.log) > 0
