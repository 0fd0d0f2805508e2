"""The report's fonts: registered once per process, chosen per run of characters.

reportlab draws a character only if the paragraph's font has it, and silently draws a box otherwise. So
participant text is cut into runs by which shipped font covers each character (DejaVu Sans for Latin,
Cyrillic and Arabic; WenQuanYi Micro Hei for Chinese and Korean; Symbola for emoji), and each run is
escaped and wrapped in its own ``<font>`` tag.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

import uharfbuzz
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from cocity_workshop.report.bidi import has_rtl
from cocity_workshop.report.text_layer import remember_font, to_unicode_cmap
from cocity_workshop.resources import resource_path

SANS = "CoCity-Sans"
SANS_BOLD = "CoCity-Sans-Bold"
CJK = "CoCity-CJK"
SYMBOLS = "CoCity-Symbols"

_FILES = {
    SANS: ("DejaVuSans.ttf", 0),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),
    SYMBOLS: ("Symbola.ttf", 0),
}

# Characters that belong to whatever run they follow: spaces, joiners and variation selectors would
# otherwise break a word (or an emoji sequence) into pieces set in different fonts.
_STICKY = {" ", "\t", "\u200d", "\u200c", "\ufe0e", "\ufe0f"}


@dataclass(frozen=True)
class FontSet:
    """The registered fonts and the characters each one can draw."""

    coverage: dict[str, frozenset[int]]

    def font_for(self, char: str, base: str) -> str | None:
        """The font to draw ``char`` in, trying ``base`` first (``None`` when no font has it)."""
        code = ord(char)
        for name in (base, SANS, CJK, SYMBOLS):
            if code in self.coverage[name]:
                return name
        return None


_lock = threading.Lock()
_fonts: FontSet | None = None


def register_fonts() -> FontSet:
    """Register the shipped fonts with reportlab (once) and return their coverage."""
    global _fonts
    with _lock:
        if _fonts is None:
            _fix_to_unicode_cmaps()
            _no_discretionary_ligatures()
            coverage: dict[str, frozenset[int]] = {}
            for name, (filename, index) in _FILES.items():
                path = str(resource_path("fonts", filename))
                font = TTFont(name, path, subfontIndex=index, shapable=True)
                pdfmetrics.registerFont(font)
                remember_font(font, path, index)
                coverage[name] = frozenset(font.face.charToGlyph)
            addMapping(SANS, 0, 0, SANS)
            addMapping(SANS, 1, 0, SANS_BOLD)
            addMapping(SANS, 0, 1, SANS)
            addMapping(SANS, 1, 1, SANS_BOLD)
            _fonts = FontSet(coverage)
        return _fonts


def font_runs(text: str, base: str = SANS) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(font, run)`` pieces, each drawable in one font."""
    fonts = register_fonts()
    runs: list[tuple[str, str]] = []
    current = base
    buffer: list[str] = []
    for char in text:
        if char in _STICKY or unicodedata.combining(char):
            buffer.append(char)
            continue
        font = fonts.font_for(char, base) or base
        if font != current and buffer:
            runs.append((current, "".join(buffer)))
            buffer = []
        current = font
        buffer.append(char)
    if buffer:
        runs.append((current, "".join(buffer)))
    return runs


def markup(text: str, base: str = SANS) -> str:
    """``text`` as safe paragraph markup: escaped, with a ``<font>`` tag around runs ``base`` cannot draw.

    Participant text never reaches reportlab's markup parser unescaped: raw text can crash the export
    (``<b>`` without ``</b>``) or make reportlab open local files (``<img src="/etc/passwd"/>``).
    """
    parts = []
    for font, run in font_runs(text, base):
        safe = escape(run)
        parts.append(safe if font == base else f'<font name="{font}">{safe}</font>')
    return "".join(parts)


def text_width(text: str, size: float, base: str = SANS) -> float:
    """The width of ``text`` in points, measured font run by font run; a run with right-to-left letters is
    measured as HarfBuzz shapes it (joined Arabic letters are much narrower than the isolated ones)."""
    return float(
        sum(
            _shaped_width(run, font, size) if has_rtl(run) else pdfmetrics.stringWidth(run, font, size)
            for font, run in font_runs(text, base)
        )
    )


def _shaped_width(run: str, font: str, size: float) -> float:
    ttf = pdfmetrics.getFont(font)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(run)
    buffer.guess_segment_properties()
    uharfbuzz.shape(ttf.hbFont(size), buffer, {"kern": True, "liga": True})
    return float(sum(ttf.pdfScale(p.x_advance) for p in buffer.glyph_positions) * size / 1000)


def _fix_to_unicode_cmaps() -> None:
    # reportlab looks the function up in its module at embedding time; replacing it there is the only
    # hook. It depends only on its arguments and the fonts registered here (report/text_layer.py).
    ttfonts.makeToUnicodeCMap = to_unicode_cmap


def _no_discretionary_ligatures() -> None:
    # Shaped paragraphs (those with Arabic) get HarfBuzz's default features plus "dlig", which draws
    # "st" in "Festival" as one odd glyph. OpenType meant discretionary ligatures to be chosen by the
    # user, so they are turned off; the required Arabic joining and ligatures are not affected.
    defaults = ttfonts.shapeFragWord.__defaults__
    if defaults and isinstance(defaults[0], dict):
        defaults[0]["dlig"] = False
