"""Light and dark palettes that follow the system's colour scheme (or ``COCITY_THEME=light|dark``)."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


class ThemeSignals(QObject):
    """Tells windows with colours of their own (the projector) that the app's palette was switched."""

    #: The palette was applied: whether it is dark.
    theme_applied = Signal(bool)


_signals: ThemeSignals | None = None


def theme_signals() -> ThemeSignals:
    """The app's one ``ThemeSignals``."""
    global _signals
    if _signals is None:
        _signals = ThemeSignals()
    return _signals


def wants_dark(scheme: Qt.ColorScheme | None = None) -> bool:
    """Whether to use the dark palette: ``COCITY_THEME`` first, then the system's preference.

    ``scheme`` is the system's scheme as Qt just reported it (``colorSchemeChanged``); ``None`` asks Qt.
    """
    forced = os.environ.get("COCITY_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    return scheme == Qt.ColorScheme.Dark


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


def apply_theme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> bool:
    """Use the Fusion style with the palette for the current scheme; returns whether it is dark.

    Every widget gets the new palette through Qt; windows with colours of their own (the projector) set
    them again on ``theme_signals().theme_applied``.
    """
    dark = wants_dark(scheme)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setProperty("cocity_dark", dark)  # before the palette: widgets ask is_dark() when it arrives
    app.setPalette(palette(dark))
    theme_signals().theme_applied.emit(dark)
    return dark


def follow_system(app: QApplication) -> None:
    """Switch palettes when the system switches between light and dark (connected once per app)."""
    if app.property("cocity_follows_system"):
        return
    app.setProperty("cocity_follows_system", True)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda scheme: apply_theme(app, scheme))


def is_dark(app: QApplication | None = None) -> bool:
    """Whether the dark palette is in use."""
    instance = app or QApplication.instance()
    return bool(instance.property("cocity_dark")) if instance is not None else False
