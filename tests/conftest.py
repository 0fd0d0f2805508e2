"""Shared fixtures: a predictable environment and a fresh workshop file per test."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from cocity_workshop.i18n import set_language
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.demo import create_demo


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config and data folders (sync targets, outbox, settings)."""
    home = tmp_path_factory.getbasetemp() / "user"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture(autouse=True)
def _collector_unfrozen() -> Iterator[None]:
    """A server start freezes the heap (as it should in the app); tests must not pile up frozen objects.

    What was frozen is collected at once, here on the main thread. Left to the next automatic collection,
    a test's dropped window could be freed on whichever thread allocates then (a writer's, a server's),
    and a QObject destroyed off the GUI thread leaves its timers registered there: the suite crashed
    when the outbox's one-minute timer fired during the slow wheel test.
    """
    yield
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    """Where a test's workshop file goes."""
    return tmp_path / "workshop.cocity"


@pytest.fixture
def session(workshop_path: Path) -> Iterator[WorkshopSession]:
    """A fresh co-design workshop, open; closed after the test."""
    opened = WorkshopSession.create(workshop_path, title="Test workshop")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Czech demo workshop, built once per test run (copy it before changing it)."""
    path = tmp_path_factory.mktemp("demo") / "demo-cs.cocity"
    create_demo(path, "cs").close()
    return path


@pytest.fixture(scope="session")
def demo_file_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English demo workshop, built once per test run (copy it before changing it)."""
    path = tmp_path_factory.mktemp("demo") / "demo-en.cocity"
    create_demo(path, "en").close()
    return path
