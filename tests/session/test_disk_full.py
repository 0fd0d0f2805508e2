"""A full disk refuses the write with a clear message, damages nothing, and work resumes when space returns."""

from __future__ import annotations

import contextlib
import threading

import pytest

from cocity_workshop.session import StorageError, WorkshopSession


def _set_page_limit(session: WorkshopSession, pages: int) -> None:
    # SQLite's page limit on the writer's connection behaves exactly like a full disk (SQLITE_FULL).
    session.submit(lambda tx: tx.records.conn.execute(f"PRAGMA max_page_count={pages}")).result(10)


def test_full_disk_keeps_what_was_saved_and_recovers(session: WorkshopSession) -> None:
    """Writes fail with "disk is full" once space runs out; earlier data stays; freeing space resumes work."""
    session.set_joining(open=True)
    token = session.join().token
    idea = session.add_idea("Kept")
    vote_round = session.start_round(session.create_round("R", [idea.id]).id)
    session.cast_ballot(token, vote_round.id, {idea.id: 2})
    used = session.submit(lambda tx: tx.records.conn.execute("PRAGMA page_count").fetchone()[0]).result(10)
    _set_page_limit(session, used + 2)
    with pytest.raises(StorageError, match="disk is full"):
        for i in range(200):
            session.add_idea(f"Filler {i}", "x" * 1500)
    assert session.check().ok
    assert session.my_ballot(token, vote_round.id).dots == {idea.id: 2}  # type: ignore[union-attr]
    _set_page_limit(session, 1_000_000)
    session.cast_ballot(token, vote_round.id, {idea.id: 3})
    assert session.tally(vote_round.id).by_idea()[idea.id].phone_dots == 3


def test_a_batch_hit_by_a_full_disk_acknowledges_only_what_was_stored(session: WorkshopSession) -> None:
    """When SQLite rolls the whole group back, no command of that group is reported as saved."""
    used = session.submit(lambda tx: tx.records.conn.execute("PRAGMA page_count").fetchone()[0]).result(10)
    _set_page_limit(session, used + 6)
    gate = threading.Event()
    session.submit(lambda tx: gate.wait(5))
    futures = [session.submit(lambda tx, i=i: tx.records.insert_cluster(f"c{i}-" + "x" * 3000)) for i in range(40)]
    gate.set()
    saved = set()
    for future in futures:
        with contextlib.suppress(StorageError):
            saved.add(future.result(10))
    assert len(saved) < len(futures), "the page limit should have been reached"
    assert {c.id for c in session.clusters()} == saved
