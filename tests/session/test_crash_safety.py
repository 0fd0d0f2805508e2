"""Killing the process mid-vote never loses an acknowledged ballot nor damages the file."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cocity_workshop.session import WorkshopSession

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 20
PER_ROUND = 400


def _record(line: str, acknowledged: dict[int, dict[int, int]]) -> bool:
    """Note one complete ``ACK index {dots}`` line; a line cut short by the kill was never an acknowledgement."""
    if not line.startswith("ACK ") or not line.endswith("\n"):
        return False
    _, index, dots = line.split(" ", 2)
    acknowledged[int(index)] = {int(k): v for k, v in json.loads(dots).items()}
    return True


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_ballot(tmp_path: Path) -> None:
    """Twenty times: a child votes, is SIGKILLed at a random moment, and every ACKed ballot is in the file."""
    path = tmp_path / "crash.cocity"
    with WorkshopSession.create(path, title="Crash") as session:
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(ROUNDS * PER_ROUND)]
        ideas = [session.add_idea(f"Idea {i}").id for i in range(5)]
        round_id = session.start_round(session.create_round("R", ideas, dots_per_participant=5).id).id
    tokens_file = tmp_path / "tokens.json"
    tokens_file.write_text(json.dumps(tokens))
    Path(str(tokens_file) + ".ideas").write_text(json.dumps(ideas))
    rng = random.Random(7)
    acknowledged: dict[int, dict[int, int]] = {}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for crash in range(ROUNDS):
        first = crash * PER_ROUND
        child = subprocess.Popen(
            [
                sys.executable,
                str(CHILD),
                str(path),
                str(tokens_file),
                str(first),
                str(first + PER_ROUND),
                str(round_id),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"
        try:
            deadline = time.monotonic() + rng.uniform(0.01, 0.25)
            while time.monotonic() < deadline and _record(child.stdout.readline(), acknowledged):
                pass
            os.kill(child.pid, signal.SIGKILL)
            for line in child.stdout:  # complete ACK lines printed before the kill still count
                _record(line, acknowledged)
        finally:
            child.kill()
            child.wait(10)
            child.stdout.close()
            assert child.stdin is not None
            child.stdin.close()
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with WorkshopSession.open(path, readonly=True) as reader:
            stored = {b.participant_id: b.dots for b in reader.ballots(round_id)}
            by_token = {i: reader.participant_for_token(tokens[i]) for i in acknowledged}
        for index, dots in acknowledged.items():
            participant = by_token[index]
            assert participant is not None and stored.get(participant.id) == dots, (
                f"ballot {index} lost after crash {crash}"
            )
    assert len(acknowledged) > ROUNDS, "the children must have acknowledged ballots before being killed"
