"""A full disk refuses the write with a clear message, damages nothing, and work resumes when space returns."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import threading
import time
from pathlib import Path

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


def _mount_small_disk(folder: Path, megabytes: int) -> None:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], check=True)


def _fill(folder: Path) -> Path:
    """Write a file until the volume refuses more; returns it (delete it to free the space)."""
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="mounting a small tmpfs needs root (CI runs it)")
def test_a_real_full_disk_during_voting_refuses_honestly_and_recovers(tmp_path: Path) -> None:
    """On a real 8 MB volume filled during voting: refusals say how much to free, nothing refused is counted,
    nothing acknowledged is lost, and voting resumes within seconds of freeing space."""
    disk = tmp_path / "disk"
    _mount_small_disk(disk, 8)
    try:
        session = WorkshopSession.create(disk / "full.cocity", title="Small disk")
        try:
            session.set_joining(open=True)
            tokens = [session.join().token for _ in range(30)]
            ideas = [session.add_idea(f"Idea {n}").id for n in range(5)]
            vote_round = session.start_round(session.create_round("R", ideas, dots_per_participant=5).id)
            acknowledged: dict[int, dict[int, int]] = {}
            filler = _fill(disk)
            refusals: list[str] = []
            started = time.monotonic()
            for n in range(3000):  # bounded: stops at the first run of refusals
                phone = n % len(tokens)
                dots = {ideas[n % 5]: 1 + n % 3, ideas[(n + 1) % 5]: 1}
                try:
                    session.cast_ballot(tokens[phone], vote_round.id, dots, f"fill-key-{n:06d}")
                    acknowledged[phone] = dots
                except StorageError as error:
                    refusals.append(str(error))
                    if len(refusals) >= 20:
                        break
                assert time.monotonic() - started < 60
            assert refusals, "the volume never filled"
            assert "Free at least 6 MB " in refusals[-1]  # the log's 1000 pages and 256 more, rounded up
            for phone, dots in acknowledged.items():  # nothing acknowledged is lost, nothing refused stored
                assert session.my_ballot(tokens[phone], vote_round.id).dots == dots  # type: ignore[union-attr]
            filler.unlink()
            freed = time.monotonic()
            session.cast_ballot(tokens[0], vote_round.id, {ideas[0]: 3})
            assert time.monotonic() - freed < 5
            acknowledged[0] = {ideas[0]: 3}
            for phone, token in enumerate(tokens):
                session.cast_ballot(token, vote_round.id, {ideas[phone % 5]: 2})
                acknowledged[phone] = {ideas[phone % 5]: 2}
            tally = session.tally(vote_round.id)
            assert tally.ballots == len(tokens)
            assert sum(t.phone_dots for t in tally.ideas) == sum(sum(d.values()) for d in acknowledged.values())
            assert session.check().ok
        finally:
            session.close()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
