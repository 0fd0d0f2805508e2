"""Light and dark: switching the system's colour scheme while the app runs restyles every window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Template
from cocity_workshop.gui.app import make_application
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.theme import apply_theme, is_dark

WINDOW = QPalette.ColorRole.Window


def _chart_background(window: FacilitatorWindow) -> str:
    """The colour the projector's tally chart draws its text with (it draws itself into a pixmap)."""
    assert window.projector is not None
    return window.projector.chart.palette().color(QPalette.ColorRole.WindowText).name()


def test_switching_the_system_theme_restyles_the_running_app(
    window: FacilitatorWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dark, then light again: the facilitator window, the projector and the is_dark() flag all follow.

    Offscreen Qt cannot switch a desktop's theme, so the test sends the signal Qt sends when the desktop
    switches (``QStyleHints.colorSchemeChanged``); what the app does with it is all real.
    """
    monkeypatch.delenv("COCITY_THEME")
    monkeypatch.setenv("COCITY_LANG", "en")
    app = make_application()  # as at start: the app follows the system
    assert window.create_workshop(tmp_path / "theme.cocity", "Theme", Template.CO_DESIGN, "en")
    projector = window.show_projector(0, fullscreen=False)
    assert projector is not None
    window.show()
    hints = QGuiApplication.styleHints()
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert is_dark()
        qtbot.waitUntil(lambda: window.palette().color(WINDOW) == QColor("#202124"), timeout=2000)
        assert window.palette().color(WINDOW) == QColor("#202124")
        assert window.panels["voting"].palette().color(WINDOW) == QColor("#202124")
        qtbot.waitUntil(lambda: projector.palette().color(WINDOW) == QColor("#000000"), timeout=2000)
        assert _chart_background(window) == "#ffffff"

        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert not is_dark()
        qtbot.waitUntil(lambda: window.palette().color(WINDOW) == QColor("#f4f5f7"), timeout=2000)
        assert window.palette().color(WINDOW) == QColor("#f4f5f7")
        qtbot.waitUntil(lambda: projector.palette().color(WINDOW) == QColor("#ffffff"), timeout=2000)
        assert _chart_background(window) == "#000000"
    finally:
        monkeypatch.setenv("COCITY_THEME", "light")
        apply_theme(app)
