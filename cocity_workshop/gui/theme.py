"""Light and dark palettes that follow the system's colour scheme (or ``COCITY_THEME=light|dark``)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def wants_dark() -> bool:
    """Whether to use the dark palette: ``COCITY_THEME`` first, then the system's preference."""
    forced = os.environ.get("COCITY_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def palette(dark: bool) -> QPalette:
    """The app's palette: calm greys with one blue accent, readable contrast in both schemes."""
    p = QPalette()
    role = QPalette.ColorRole
    if dark:
        colours = {
            role.Window: "#202124",
            role.WindowText: "#e8eaed",
            role.Base: "#17181a",
            role.AlternateBase: "#26282b",
            role.Text: "#e8eaed",
            role.Button: "#2d2f33",
            role.ButtonText: "#e8eaed",
            role.Highlight: "#4c8df6",
            role.HighlightedText: "#ffffff",
            role.ToolTipBase: "#2d2f33",
            role.ToolTipText: "#e8eaed",
            role.PlaceholderText: "#9aa0a6",
            role.Link: "#8ab4f8",
            role.Mid: "#3c4043",
            role.Dark: "#111214",
            role.Light: "#3c4043",
        }
    else:
        colours = {
            role.Window: "#f4f5f7",
            role.WindowText: "#1f2328",
            role.Base: "#ffffff",
            role.AlternateBase: "#f0f2f5",
            role.Text: "#1f2328",
            role.Button: "#e9ebef",
            role.ButtonText: "#1f2328",
            role.Highlight: "#1f6fd1",
            role.HighlightedText: "#ffffff",
            role.ToolTipBase: "#ffffff",
            role.ToolTipText: "#1f2328",
            role.PlaceholderText: "#6a737d",
            role.Link: "#1f6fd1",
            role.Mid: "#c9ced6",
            role.Dark: "#a0a7b1",
            role.Light: "#ffffff",
        }
    for colour_role, value in colours.items():
        p.setColor(colour_role, QColor(value))
    disabled = QColor("#6a6f76") if dark else QColor("#9aa0a6")
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, colour_role, disabled)
    return p


def apply_theme(app: QApplication) -> bool:
    """Use the Fusion style with the palette for the current scheme; returns whether it is dark."""
    dark = wants_dark()
    app.setStyle("Fusion")
    app.setPalette(palette(dark))
    app.setProperty("cocity_dark", dark)
    return dark


def follow_system(app: QApplication) -> None:
    """Switch palettes when the system switches between light and dark."""
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))


def is_dark(app: QApplication | None = None) -> bool:
    """Whether the dark palette is in use."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    return bool(app.property("cocity_dark")) if app is not None else False
