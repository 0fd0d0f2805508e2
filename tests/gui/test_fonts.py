"""The shipped fonts are registered with Qt and follow the system font, so no script draws as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from cocity_workshop.gui.fonts import register_app_fonts

#: One character of each script the room writes in: Arabic, Chinese, Korean, Czech, an emoji.
SAMPLES = {"ar": "ع", "zh": "議", "ko": "한", "cs": "ř", "emoji": "\U0001f333"}


def test_shipped_fonts_cover_every_script_and_back_the_app_font() -> None:
    """After start the app font falls back to our DejaVu Sans, WenQuanYi Micro Hei and Symbola, and between
    them they draw every sample character."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    try:
        families = register_app_fonts(app)
        assert {"DejaVu Sans", "WenQuanYi Micro Hei", "Symbola"} <= set(families)
        assert set(families) <= set(app.font().families())
        assert app.font().families()[0] == (before.families() or [before.family()])[0]
        missing = [
            key
            for key, char in SAMPLES.items()
            if not any(QRawFont.fromFont(QFont(family)).supportsCharacter(ord(char)) for family in families)
        ]
        assert missing == []
        assert all(family in QFontDatabase.families() for family in families)
    finally:
        app.setFont(before)
