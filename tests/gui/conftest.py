"""GUI fixtures: settings in a temporary file, a controller over a fresh workshop, the facilitator window."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.collector import collect_on_the_gui_thread
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.plain import install_plain_text_filter
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.gui.tasks import wait_for_tasks
from cocity_workshop.session import WorkshopSession


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings go to a file of the test's own, never the user's."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("COCITY_SETTINGS", str(path))
    monkeypatch.setenv("COCITY_THEME", "light")
    # The outbox and the sync settings (platformdirs) too: no test reads or delivers the user's bundles.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return path


@pytest.fixture(autouse=True)
def _plain_text(qapp: QApplication) -> None:
    """The plain-text filter the app installs (``make_application``) is there in every GUI test."""
    install_plain_text_filter(qapp)


@pytest.fixture(autouse=True)
def _collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the app (``make_application``): cycles are collected on the GUI thread only; after each test,
    what it dropped is collected here, so no window of one test is freed by another test's thread."""
    collect_on_the_gui_thread(qapp)
    yield
    wait_for_tasks()
    gc.collect()


@pytest.fixture
def controller(session: WorkshopSession, qtbot: QtBot) -> Iterator[WorkshopController]:
    """A controller over the fresh test workshop; errors are collected in ``controller.errors``."""
    made = WorkshopController(session)
    made.errors = []  # type: ignore[attr-defined]
    made.error_raised.connect(made.errors.append)  # type: ignore[attr-defined]
    yield made
    made.close()


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[FacilitatorWindow]:
    """The facilitator window, asking no questions (refusals land in ``last_error``)."""
    made = FacilitatorWindow(AppSettings(), server_host="127.0.0.1", server_port=0, ask=False)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    yield made
    made.close_workshop()
    wait_for_tasks()
