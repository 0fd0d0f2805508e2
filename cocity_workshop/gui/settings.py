"""What the app remembers between runs (``QSettings``): recent workshops and the windows' layout.

Tests and benchmarks point ``COCITY_SETTINGS`` at an INI file of their own, so they never read or change
the user's settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QWidget

MAX_RECENT = 8
#: Where the participant server runs unless the settings say otherwise (decision 0028).
SERVER_IN_OWN_PROCESS = False


class AppSettings:
    """Recent files and window geometry."""

    def __init__(self, settings: QSettings | None = None) -> None:
        if settings is None:
            path = os.environ.get("COCITY_SETTINGS")
            ini = QSettings(path, QSettings.Format.IniFormat) if path else None
            settings = ini or QSettings("CoCity", "CoCity Workshop")
        self.qsettings = settings

    # -- recent workshops --------------------------------------------------------------------
    def recent_files(self) -> list[Path]:
        """Recently opened workshops that still exist, most recent first."""
        value = self.qsettings.value("recent/files", [])
        values = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
        paths = [Path(str(v)) for v in values]
        return [p for p in paths if p.exists()][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        """Put ``path`` first in the recent list."""
        resolved = Path(path).resolve()
        files = [p for p in self.recent_files() if p.resolve() != resolved]
        self.qsettings.setValue("recent/files", [str(p) for p in [resolved, *files][:MAX_RECENT]])
        self.qsettings.sync()

    def forget_recent(self, path: Path) -> None:
        """Drop ``path`` from the recent list."""
        resolved = Path(path).resolve()
        self.qsettings.setValue("recent/files", [str(p) for p in self.recent_files() if p.resolve() != resolved])
        self.qsettings.sync()

    # -- layout ------------------------------------------------------------------------------
    def save_window(self, key: str, window: QWidget) -> None:
        """Remember a window's geometry (and a main window's docks and toolbars)."""
        self.qsettings.setValue(f"{key}/geometry", window.saveGeometry())
        if isinstance(window, QMainWindow):
            self.qsettings.setValue(f"{key}/state", window.saveState())
        self.qsettings.sync()

    def restore_window(self, key: str, window: QWidget) -> bool:
        """Put a window back where it was; returns whether anything was remembered."""
        geometry = self.qsettings.value(f"{key}/geometry")
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return False
        window.restoreGeometry(geometry)
        state = self.qsettings.value(f"{key}/state")
        if isinstance(window, QMainWindow) and isinstance(state, QByteArray):
            window.restoreState(state)
        return True

    # -- the participant server --------------------------------------------------------------
    def server_in_own_process(self) -> bool:
        """Whether the participant server runs in a process of its own (``server/own_process``; off unless
        set), the workshop's one writer staying in the app (decision 0028)."""
        value = self.qsettings.value("server/own_process", SERVER_IN_OWN_PROCESS)
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")

    def value(self, key: str, default: object = None) -> object:
        """Any other remembered value."""
        return self.qsettings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        """Remember a value."""
        self.qsettings.setValue(key, value)
