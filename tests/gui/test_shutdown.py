"""A real app process told to stop (SIGTERM, Ctrl+C's SIGINT) closes its workshop as File › Quit does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cocity_workshop.session import WorkshopSession


@pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_closes_the_workshop_cleanly(number: int, tmp_path: Path) -> None:
    """The lock file and the write-ahead log are gone, the file is out of WAL mode, the exit code is 0."""
    path = tmp_path / "signal.cocity"
    WorkshopSession.create(path, title="Signals").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen([sys.executable, "-m", "cocity_workshop", str(path)], env=env, stderr=subprocess.PIPE)
    try:
        lock, wal = path.with_name(path.name + ".lock"), path.with_name(path.name + "-wal")
        deadline = time.monotonic() + 30
        while not (lock.exists() and wal.exists()):
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            assert time.monotonic() < deadline, "the app did not open the workshop"
            time.sleep(0.05)
        time.sleep(0.3)  # let the event loop start
        app.send_signal(number)
        assert app.wait(15) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stderr is not None:
            app.stderr.close()
    assert not lock.exists() and not wal.exists() and not path.with_name(path.name + "-shm").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
