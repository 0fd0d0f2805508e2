"""``cocity-workshop [FILE.cocity]``: the facilitator's desktop app."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cocity_workshop.gui.collector import collect_on_the_gui_thread
from cocity_workshop.gui.crash import install_crash_handler
from cocity_workshop.gui.fonts import register_app_fonts
from cocity_workshop.gui.main_window import FacilitatorWindow, message_box
from cocity_workshop.gui.plain import install_plain_text_filter
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.gui.shutdown import QuitOnSignals
from cocity_workshop.gui.tasks import wait_for_tasks
from cocity_workshop.gui.theme import apply_theme, follow_system
from cocity_workshop.i18n import _, set_language, system_language, text_direction
from cocity_workshop.resources import resource_path

APP_ID = "eu.cocity.Workshop"

#: How long another thread may keep the interpreter lock before the GUI thread gets it back (CPython's
#: default is 5 ms). PySide6 lets go of the lock in some Qt calls (emitting a signal, making a pixmap);
#: while the participant server is busy, each such call on the GUI thread could wait a whole interval, and
#: one tally update made several. Measured with 300 phones voting (decision 0013): 1 ms cut the time from
#: a vote to the projector by about a fifth without costing the server throughput; 0.5 ms cost it a quarter.
SWITCH_INTERVAL_SECONDS = 0.001


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The ``QApplication`` with names, icon, theme, translators (Qt's own dialogs too) and the filter that
    keeps every tooltip and label plain text."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "cocity-workshop", *argv])
    app.setApplicationName("CoCity Workshop")
    app.setOrganizationName("CoCity")
    app.setDesktopFileName(APP_ID)
    icon = resource_path("icons", f"{APP_ID}.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    language = set_language(os.environ.get("COCITY_LANG") or system_language())
    install_qt_translations(app, language)
    install_plain_text_filter(app)
    apply_theme(app)
    register_app_fonts(app)
    follow_system(app)
    collect_on_the_gui_thread(app)
    return app


#: Qt's names for our languages where they differ: its Traditional Chinese is Taiwan's; its plain Arabic
#: writes Eastern Arabic digits (٤٠) in spin boxes, while the glossary, Babel and the projector write 0-9,
#: so Arabic takes a locale with Western digits and the common month names (the qtbase_ar translation
#: is still found: Qt drops the territory when no qtbase_ar_AE exists).
QT_LOCALES = {"zh_Hant": "zh_TW", "ar": "ar_AE"}


def install_qt_translations(app: QApplication, language: str) -> QTranslator | None:
    """Load Qt's own translations (buttons of standard dialogs) for ``language`` if Qt ships them, and lay
    the app out right to left for Arabic."""
    qt_name = QT_LOCALES.get(language, language)
    QLocale.setDefault(QLocale(qt_name))
    rtl = text_direction(language) == "rtl"
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{qt_name}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        return translator
    return None


class FileOpenHandler(QObject):
    """Opens the workshop file the system hands over (macOS sends an event, not an argument, when a
    ``.cocity`` file is double-clicked in Finder or dropped on the Dock icon)."""

    def __init__(self, window: FacilitatorWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self._window.open_path(Path(event.file()))
            self._window.raise_()
            self._window.activateWindow()
            return True
        return False


def show_crash(path: Path) -> None:
    """Tell the facilitator, calmly, that something broke and where the log is."""
    box = message_box(
        QApplication.activeWindow(),
        QMessageBox.Icon.Critical,
        _("Something went wrong"),
        _(
            "Something unexpected went wrong. Your workshop is safe: every change was saved when you made it. "
            "You can carry on; if it happens again, restart the app.\n\nA log without any participant text was "
            "written to:\n{path}"
        ).format(path=path),
    )
    box.exec()


def main(argv: Sequence[str] | None = None) -> int:
    """Start the app, open ``argv[0]`` if it names a workshop file, and run until the window closes."""
    args = list(sys.argv[1:] if argv is None else argv)
    app = make_application()
    install_crash_handler(show_crash)
    window = FacilitatorWindow(AppSettings())
    app.installEventFilter(FileOpenHandler(window))
    QuitOnSignals(app, window.close, window.close_workshop)  # SIGTERM, Ctrl+C, logoff: as File › Quit
    window.show()
    if args:
        window.open_path(Path(args[0]))
    code = app.exec()
    window.close_workshop()
    wait_for_tasks()
    return int(code)
