"""Fixtures for the sync tests: real bundles from the demo, real servers on loopback, outboxes per test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ckan_server import CkanServer, ckan_available
from sync_servers import SmtpServer, TcpProxy, WebDavServer, make_certificate, rewrite_bundle

from cocity_workshop.bundle import export_bundle
from cocity_workshop.session import WorkshopSession
from cocity_workshop.sync import Outbox, RetryPolicy, parse_settings

ROOT = Path(__file__).resolve().parents[2]
#: Retries in tests: two tries, short pauses (the policy itself is tested with a fake clock).
FAST = RetryPolicy(attempts=2, first_delay=0.05, max_delay=0.1, later=60)


@pytest.fixture(scope="session")
def bundles(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Czech demo's bundles: ``city`` and ``public``, and ``city2``/``public2`` with changed data."""
    folder = tmp_path_factory.mktemp("bundles")
    with WorkshopSession.open(demo_file, readonly=True) as session:
        export_bundle(session, folder / "city.zip", tier="city")
        export_bundle(session, folder / "public.zip", tier="public")
    changed = b"idea_id,title\n1,Changed after the workshop\n"
    rewrite_bundle(folder / "city.zip", folder / "city2.zip", {"results.csv": changed})
    rewrite_bundle(folder / "public.zip", folder / "public2.zip", {"results.csv": changed})
    return {name: folder / f"{name}.zip" for name in ("city", "public", "city2", "public2")}


@pytest.fixture
def make_outbox(tmp_path: Path) -> Callable[..., Outbox]:
    """An outbox in this test's folder with the given ``sync.toml`` text."""

    def make(settings: str, *, retry: RetryPolicy = FAST) -> Outbox:
        path = tmp_path / "config" / "cocity-workshop" / "sync.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(settings, encoding="utf-8")
        parse_settings(settings)
        return Outbox(tmp_path / "data" / "cocity-workshop" / "outbox", path, retry=retry)

    return make


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a ``cocity-workshop`` child that uses this test's settings and outbox."""
    env = dict(os.environ)
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"), LANG="C.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``cocity-workshop`` with this test's settings and outbox."""

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cocity_workshop", *args],
            capture_output=True,
            text=True,
            env=cli_env,
            timeout=timeout,
            cwd=ROOT,
        )

    return run


@pytest.fixture(scope="session")
def webdav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDavServer]:
    """wsgidav on 127.0.0.1 for the whole run (tests use their own folders under ``/dav``)."""
    server = WebDavServer(tmp_path_factory.mktemp("webdav"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (cert, key)."""
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def smtp_server(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """aiosmtpd with STARTTLS and login, for the whole run (its mailbox is emptied per test)."""
    server = SmtpServer(*certificate)
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server: SmtpServer) -> SmtpServer:
    """The STARTTLS server with an empty mailbox."""
    smtp_server.mailbox.clear()
    return smtp_server


@pytest.fixture(scope="session")
def ckan() -> Iterator[CkanServer]:
    """A real CKAN 2.11 (PostgreSQL, Redis, the Solr stand-in) for the whole run, with an organisation."""
    missing = ckan_available()
    if missing is not None:
        pytest.fail(f"CKAN cannot run: {missing}")
    server = CkanServer().start()
    try:
        server.action("organization_create", {"name": "city-council", "title": "City council"})
        server.action("organization_create", {"name": "other-office", "title": "Other office"})
        yield server
    finally:
        server.stop()


@pytest.fixture
def proxy() -> Iterator[Callable[..., TcpProxy]]:
    """Make TCP proxies in front of a server (stopped after the test)."""
    made: list[TcpProxy] = []

    def make(upstream: int, **options: float | None) -> TcpProxy:
        made.append(TcpProxy(upstream, **options))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for item in made:
        item.stop()
