"""The app entry: ``main([FILE])`` opens the file, follows the language, loads Qt's own translations."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cocity_workshop.gui import app as app_module
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.i18n import format_number, set_language


def test_main_opens_the_file_in_czech(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cocity-workshop FILE`` shows the workshop; with a Czech locale the menus and panels are Czech."""
    path = tmp_path / "demo.cocity"
    path.write_bytes(demo_file.read_bytes())
    monkeypatch.setenv("COCITY_LANG", "cs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs the crash handler
    seen: dict[str, object] = {}

    def inspect() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, FacilitatorWindow))
        seen["title"] = window.windowTitle()
        seen["tabs"] = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        seen["menu"] = window.menuBar().actions()[0].text()
        window.close()

    QTimer.singleShot(200, inspect)
    try:
        assert app_module.main([str(path)]) == 0
    finally:
        set_language("en")
        QLocale.setDefault(QLocale(QLocale.Language.English))
        for translator in QApplication.instance().findChildren(app_module.QTranslator):
            QApplication.removeTranslator(translator)
    assert "Plzeň" in str(seen["title"])
    assert seen["tabs"] == ["Příprava", "Vedení místnosti", "Nápady", "Hlasování", "Akční plán", "Export"]
    assert seen["menu"] == "&Soubor"


def test_qt_translations_load() -> None:
    """Qt's own Czech strings (standard buttons) are installed when shipped with PySide6."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = app_module.install_qt_translations(app, "cs")
    try:
        assert translator is not None and not translator.isEmpty()
    finally:
        if translator is not None:
            app.removeTranslator(translator)


def test_a_file_handed_over_by_the_system_opens(window: FacilitatorWindow, demo_file: Path, tmp_path: Path) -> None:
    """macOS opens a double-clicked ``.cocity`` file with an event, not an argument; the window opens it."""
    path = tmp_path / "from-finder.cocity"
    path.write_bytes(demo_file.read_bytes())
    app = QApplication.instance()
    handler = app_module.FileOpenHandler(window)
    app.installEventFilter(handler)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(path)))
        assert window.session is not None and window.session.path == path
    finally:
        app.removeEventFilter(handler)


@pytest.mark.parametrize(("language", "direction", "button"), [("ar", "rtl", "ألغِ"), ("zh_Hant", "ltr", "取消")])
def test_qt_speaks_arabic_right_to_left_and_traditional_chinese(language: str, direction: str, button: str) -> None:
    """Arabic lays the app out right to left and Qt's own buttons are Arabic; Traditional Chinese takes
    Qt's Taiwan translation (qtbase_zh_TW)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = app_module.install_qt_translations(app, language)
    try:
        assert translator is not None and not translator.isEmpty()
        rtl = app.layoutDirection() == app_module.Qt.LayoutDirection.RightToLeft
        assert rtl == (direction == "rtl")
        assert QApplication.translate("QPlatformTheme", "Cancel") == button
        assert QLocale().toString(1234) == format_number(1234, language)  # Western digits, as the labels
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        app_module.install_qt_translations(app, "en")
        QLocale.setDefault(QLocale(QLocale.Language.English))
