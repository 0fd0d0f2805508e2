"""The shipped fonts, registered with Qt at start so a bare machine draws Arabic, Chinese, Korean and emoji.

The same files the report embeds (``resources/fonts``: DejaVu Sans for Latin, Cyrillic and Arabic,
WenQuanYi Micro Hei for Chinese and Korean, Symbola for emoji) are added to Qt's font database and put
behind the system's own font as fallbacks, so a character the system font lacks is drawn from ours.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from cocity_workshop.resources import resource_path

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "wqy-microhei.ttc", "Symbola.ttf")


def register_app_fonts(app: QApplication) -> list[str]:
    """Add the shipped fonts to Qt and to the application font's fallbacks; returns the families added."""
    families: list[str] = []
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []:
            if family not in families:
                families.append(family)
    font = app.font()
    chain = [*font.families()] or [font.family()]
    font.setFamilies([*chain, *(f for f in families if f not in chain)])
    app.setFont(font)
    return families
