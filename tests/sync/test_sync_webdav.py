"""The WebDAV target against a real wsgidav on 127.0.0.1: verified copies, resuming, conflicts, plain problems."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ckan_server import free_port
from sync_servers import WEBDAV_PASSWORD, WEBDAV_USER, TcpProxy, WebDavServer, expected_tree, kill_sync_midway, tree

from cocity_workshop.sync import FAILED, PENDING, Outbox, RetryPolicy, SyncProgress

ROOT = Path(__file__).resolve().parents[2]


def dav_settings(url: str, password: str = WEBDAV_PASSWORD) -> str:
    return f'[targets.cloud]\ntype = "webdav"\nurl = "{url}"\nusername = "{WEBDAV_USER}"\napp_password = "{password}"\n'


@pytest.fixture
def folder(request: pytest.FixtureRequest) -> str:
    """This test's own folder name under ``/dav``."""
    return request.node.name.replace("[", "-").replace("]", "")


def test_delivers_through_missing_levels_and_changes_nothing_twice(
    webdav: WebDavServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], folder: str
) -> None:
    """MKCOL creates every missing level; the copy on the server equals the bundle; a second run writes nothing."""
    outbox = make_outbox(dav_settings(f"{webdav.url}/dav/{folder}/Workshops/2026"))
    queued = outbox.enqueue(bundles["city"])
    report = outbox.sync()
    assert report.ok, report.results
    dest = webdav.root / folder / "Workshops" / "2026" / queued.name
    assert tree(dest) == expected_tree(bundles["city"])
    [(_, delivery)] = report.results
    assert delivery.where == f"{webdav.url}/dav/{folder}/Workshops/2026/{queued.name}/"

    stamps = {p.name: p.stat().st_mtime_ns for p in dest.iterdir()}
    outbox.retry(queued.id)
    assert outbox.sync().ok
    assert {p.name: p.stat().st_mtime_ns for p in dest.iterdir()} == stamps


def test_killed_mid_upload_resumes_to_one_complete_copy(
    webdav: WebDavServer,
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    folder: str,
    proxy: Callable[..., TcpProxy],
    cli_env: dict[str, str],
) -> None:
    """`cocity-workshop sync` SIGKILLed halfway through a slow upload; the next run ends with one complete copy."""
    slow = proxy(webdav.port, rate=40_000)
    outbox = make_outbox(dav_settings(f"http://127.0.0.1:{slow.port}/dav/{folder}"))
    name = outbox.enqueue(bundles["city"]).name
    kill_sync_midway(slow, cli_env, ROOT, after_bytes=60_000, timeout=60)
    dest = webdav.root / folder / name
    assert not (dest / "datapackage.json").exists()
    assert 0 < len(list(dest.iterdir())) < len(expected_tree(bundles["city"]))

    slow.rate = None
    report = outbox.sync()
    assert report.ok, report.results
    assert tree(dest) == expected_tree(bundles["city"])
    assert [p.name for p in (webdav.root / folder).iterdir()] == [name]


def test_a_dropped_connection_is_retried(
    webdav: WebDavServer,
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    folder: str,
    proxy: Callable[..., TcpProxy],
) -> None:
    """The server side cuts the connection mid-file: with one try it stays pending; the next run finishes."""
    cutting = proxy(webdav.port, cut_after=50_000)
    outbox = make_outbox(dav_settings(f"http://127.0.0.1:{cutting.port}/dav/{folder}"), retry=RetryPolicy(attempts=1))
    name = outbox.enqueue(bundles["city"]).name
    [(_, delivery)] = outbox.sync().results
    assert cutting.cuts == 1
    assert delivery.state == PENDING and delivery.problem_kind == "unreachable"
    assert "broke off" in delivery.problem and "stays in the outbox" in delivery.problem
    assert outbox.sync().ok
    assert tree(webdav.root / folder / name) == expected_tree(bundles["city"])

    # with retries (the default policy's backoff, shortened), the same cut is healed within one run
    cutting.cut_after = cutting.sent + 30_000
    again = make_outbox(dav_settings(f"http://127.0.0.1:{cutting.port}/dav/{folder}-retried"))
    again.enqueue(bundles["city2"])
    assert again.sync().ok
    assert cutting.cuts == 2
    assert tree(webdav.root / f"{folder}-retried" / name) == expected_tree(bundles["city2"])


def test_wrong_app_password_stays_pending(
    webdav: WebDavServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], folder: str
) -> None:
    """401: a plain message about the app password, the bundle stays pending, nothing is created."""
    outbox = make_outbox(dav_settings(f"{webdav.url}/dav/{folder}", password="wrong-password"))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "credentials"
    assert "refused the user name or app password" in delivery.problem
    assert "wrong-password" not in delivery.problem
    assert not (webdav.root / folder).exists()


def test_unreachable_server_stays_pending(make_outbox: Callable[..., Outbox], bundles: dict[str, Path]) -> None:
    """Nothing listens: "cannot reach", pending, and an automatic run waits for the backoff."""
    outbox = make_outbox(dav_settings(f"http://127.0.0.1:{free_port()}/dav/x"))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "unreachable"
    assert "Cannot reach 127.0.0.1" in delivery.problem
    assert delivery.next_try is not None and delivery.next_try > time.time()
    assert outbox.sync(automatic=True).results == []
    assert outbox.has_pending() and not outbox.has_pending(due_only=True)


def test_read_only_share_fails_with_a_plain_message(
    webdav: WebDavServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """403 on a share the user may only read."""
    outbox = make_outbox(dav_settings(f"{webdav.url}/ro"))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "permission"
    assert "may not write" in delivery.problem
    assert list(webdav.readonly_root.iterdir()) == []


def test_a_file_over_the_servers_upload_limit_fails_with_its_size(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """A server (or the proxy before it) that caps uploads answers 413: the delivery says which file and how big."""
    capped = WebDavServer(tmp_path / "capped", max_body_bytes=4096)
    try:
        outbox = make_outbox(dav_settings(f"{capped.url}/dav/limited"))
        outbox.enqueue(bundles["city"])
        [(_, delivery)] = outbox.sync().results
    finally:
        capped.stop()
    assert delivery.state == FAILED and delivery.problem_kind == "too_large", delivery.problem
    assert "is too large for" in delivery.problem
    assert " kB)" in delivery.problem or " MB)" in delivery.problem


def test_change_on_the_server_is_a_conflict(
    webdav: WebDavServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], folder: str
) -> None:
    """Someone edited a delivered file: the newer bundle is not written over it, not even partly."""
    outbox = make_outbox(dav_settings(f"{webdav.url}/dav/{folder}"))
    name = outbox.enqueue(bundles["city"]).name
    assert outbox.sync().ok
    dest = webdav.root / folder / name
    (dest / "ideas.csv").write_bytes(b"the city office's own version\n")
    before = tree(dest)
    outbox.enqueue(bundles["city2"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "conflict" and "ideas.csv" in delivery.problem
    assert tree(dest) == before


def test_if_match_stops_a_change_made_during_the_upload(
    webdav: WebDavServer, make_outbox: Callable[..., Outbox], bundles: dict[str, Path], folder: str
) -> None:
    """A file changed between the check and the PUT: If-Match with the old ETag gets 412, a conflict.

    wsgidav's ETag is inode, whole-second mtime and size, so the change waits out the second.
    """
    outbox = make_outbox(dav_settings(f"{webdav.url}/dav/{folder}"))
    name = outbox.enqueue(bundles["city"]).name
    assert outbox.sync().ok
    remote = webdav.root / folder / name / "results.csv"
    outbox.enqueue(bundles["city2"])
    meddled = []

    def meddle(step: SyncProgress) -> None:
        if step.file == "results.csv" and step.done == 0 and not meddled:
            time.sleep(1.1)
            remote.write_bytes(remote.read_bytes() + b"9999,added on the server during the upload\n")
            meddled.append(remote.read_bytes())

    [(_, delivery)] = outbox.sync(progress=meddle).results
    assert meddled
    assert delivery.state == FAILED and delivery.problem_kind == "conflict" and "results.csv" in delivery.problem
    assert remote.read_bytes() == meddled[0]


def test_credentials_never_go_over_plain_http_to_another_host(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """An http:// address that is not this machine is refused before anything is sent."""
    outbox = make_outbox(dav_settings("http://cloud.example.invalid/remote.php/dav/files/anna"))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "settings" and "https" in delivery.problem
    assert delivery.attempts == 1
