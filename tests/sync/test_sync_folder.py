"""The folder target: verified copies, nothing twice, resuming after a kill, conflicts, a missing stick."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sync_servers import expected_tree, tree

from cocity_workshop.sync import DELIVERED, FAILED, PENDING, SUPERSEDED, Outbox

CHILD = Path(__file__).with_name("sync_child.py")
ROOT = Path(__file__).resolve().parents[2]


def folder_settings(path: Path, name: str = "usb") -> str:
    return f'[targets.{name}]\ntype = "folder"\npath = "{path}"\n'


def test_delivers_a_verified_copy_once(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """The folder gets exactly the bundle's files; syncing again, or queueing the same data again, changes nothing."""
    usb = tmp_path / "usb"
    usb.mkdir()
    outbox = make_outbox(folder_settings(usb))
    queued = outbox.enqueue(bundles["city"], workshop=tmp_path / "w.cocity")
    assert [d.state for d in queued.deliveries] == [PENDING]

    report = outbox.sync()
    assert report.ok and len(report.results) == 1
    dest = usb / queued.name
    assert tree(dest) == expected_tree(bundles["city"])
    [status] = outbox.status()
    [delivery] = status.deliveries
    assert delivery.state == DELIVERED and delivery.where == str(dest) and delivery.delivered_at

    stamps = {p: p.stat().st_mtime_ns for p in dest.iterdir()}
    assert outbox.sync().results == []  # nothing pending
    assert outbox.enqueue(bundles["city"]).id == queued.id  # same data, same entry
    assert len(outbox.status()) == 1
    outbox.retry(queued.id)  # even a forced second delivery leaves every file alone
    assert outbox.sync().ok
    assert {p: p.stat().st_mtime_ns for p in dest.iterdir()} == stamps
    assert tree(dest) == expected_tree(bundles["city"])


def test_killed_mid_file_resumes_to_one_complete_copy(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """SIGKILL while the PDF is half written: no marker, no half file in place; the next run completes it."""
    usb = tmp_path / "usb"
    usb.mkdir()
    outbox = make_outbox(folder_settings(usb))
    name = outbox.enqueue(bundles["city"]).name
    settings = tmp_path / "config" / "cocity-workshop" / "sync.toml"
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(outbox.directory), str(settings), "0.3"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    deadline = time.monotonic() + 60
    killed = False
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        _target, path, done, total = line.split()
        if path == "report.pdf" and 0 < int(done) < int(total):
            child.kill()
            killed = True
            break
    child.wait(timeout=30)
    child.stdout.close()
    assert killed, "the child finished before it could be killed"

    dest = usb / name
    assert not (dest / "datapackage.json").exists()
    assert (dest / "report.pdf.cocity-part").exists()  # it really stopped mid-file
    assert not (dest / "report.pdf").exists()
    assert outbox.status()[0].deliveries[0].state == PENDING

    assert outbox.sync().ok
    assert tree(dest) == expected_tree(bundles["city"])
    assert [p.name for p in usb.iterdir()] == [name]


def test_a_newer_bundle_replaces_the_apps_own_copy(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """Re-exported data replaces the earlier copy in place; the older bundle counts as replaced."""
    usb = tmp_path / "usb"
    usb.mkdir()
    outbox = make_outbox(folder_settings(usb))
    first = outbox.enqueue(bundles["city"])
    outbox.sync()
    second = outbox.enqueue(bundles["city2"])
    assert second.id != first.id and second.name == first.name
    assert outbox.sync().ok
    assert tree(usb / first.name) == expected_tree(bundles["city2"])
    states = {b.id: b.deliveries[0].state for b in outbox.status()}
    assert states == {first.id: DELIVERED, second.id: DELIVERED}

    # queued but never delivered: the older one is replaced by the newer one
    other = tmp_path / "other"
    other.mkdir()
    outbox2 = make_outbox(folder_settings(other, "second"))
    old = outbox2.enqueue(bundles["city"])
    outbox2.enqueue(bundles["city2"])
    assert {b.id: b.deliveries[0].state for b in outbox2.status()}[old.id] == SUPERSEDED


def test_someone_elses_change_is_a_conflict(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """A file changed at the target since the app wrote it is not overwritten; the delivery fails, saying why."""
    usb = tmp_path / "usb"
    usb.mkdir()
    outbox = make_outbox(folder_settings(usb))
    name = outbox.enqueue(bundles["city"]).name
    outbox.sync()
    edited = usb / name / "results.csv"
    edited.write_bytes(b"edited by the city office\n")
    before = tree(usb / name)
    newer = outbox.enqueue(bundles["city2"])
    report = outbox.sync()
    [(_, delivery)] = report.results
    assert delivery.state == FAILED and delivery.problem_kind == "conflict"
    assert "results.csv" in delivery.problem and "Someone changed" in delivery.problem
    assert tree(usb / name) == before  # nothing was touched
    assert outbox.sync(automatic=True).results == []  # a failed delivery waits for a person
    edited.unlink()
    assert outbox.sync().ok  # after the person moved the file away, "Sync now" finishes
    assert tree(usb / name) == expected_tree(bundles["city2"])
    assert next(b for b in outbox.status() if b.id == newer.id).deliveries[0].state == DELIVERED


def test_missing_folder_stays_pending(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """No USB stick: a plain message, the bundle stays pending, and plugging it in lets the next run finish."""
    usb = tmp_path / "usb"
    outbox = make_outbox(folder_settings(usb))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "missing"
    assert str(usb) in delivery.problem and "USB stick" in delivery.problem
    usb.mkdir()
    assert outbox.sync().ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_fails_with_a_plain_message(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """A folder the user may not write to is reported as such."""
    usb = tmp_path / "usb"
    usb.mkdir()
    usb.chmod(0o555)
    try:
        outbox = make_outbox(folder_settings(usb))
        outbox.enqueue(bundles["city"])
        [(_, delivery)] = outbox.sync().results
        assert delivery.state == FAILED and delivery.problem_kind == "permission"
    finally:
        usb.chmod(0o755)
