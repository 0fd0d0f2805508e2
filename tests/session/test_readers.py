"""Closing a workshop while other threads are reading never crashes; late readers get a clear error."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cocity_workshop.session import StorageError, WorkshopSession


def test_close_waits_for_running_reads_and_refuses_later_ones(tmp_path: Path) -> None:
    """Eight threads read in a loop (tallies, snapshots, ideas) while the session closes under them."""
    session = WorkshopSession.create(tmp_path / "w.cocity", title="Readers")
    session.set_joining(open=True)
    tokens = [session.join().token for _ in range(30)]
    ideas = [session.add_idea(f"Idea {i}").id for i in range(10)]
    round_id = session.start_round(session.create_round("R", ideas).id).id
    for i, token in enumerate(tokens):
        session.cast_ballot(token, round_id, {ideas[i % 10]: 2, ideas[(i + 1) % 10]: 1})
    outcomes: list[str] = []
    lock = threading.Lock()
    started = threading.Barrier(9)

    def reader(kind: int) -> None:
        started.wait(10)
        outcome = "ran out"
        for _ in range(20_000):
            try:
                if kind % 3 == 0:
                    session.tally(round_id)
                elif kind % 3 == 1:
                    session.snapshot()
                else:
                    session.ideas()
            except StorageError:
                outcome = "closed"
                break
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    started.wait(10)
    time.sleep(0.2)
    session.close()
    for thread in threads:
        thread.join(60)
    assert outcomes == ["closed"] * 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.cocity"], "closing leaves one self-contained file"
