"""What the shipped fonts can draw, read from their own cmap tables with fontTools (not from the code
under test), and the characters a text needs drawn."""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest

from cocity_workshop.resources import resource_path

ttLib = pytest.importorskip("fontTools.ttLib", reason="fontTools is a test dependency (pip install -e .[test])")

#: The font files the desktop app registers with Qt and the report embeds.
SHIPPED = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "wqy-microhei.ttc", "Symbola.ttf")


@cache
def font_cmaps() -> dict[str, frozenset[int]]:
    """Each shipped font's PostScript name to the code points its cmap maps to a real glyph."""
    found: dict[str, frozenset[int]] = {}
    for name in SHIPPED:
        path = resource_path("fonts", name)
        faces = ttLib.TTCollection(path).fonts if name.endswith(".ttc") else [ttLib.TTFont(path)]
        for face in faces:
            cmap = face.getBestCmap() or {}
            postscript = face["name"].getDebugName(6)
            found[postscript] = frozenset(code for code, glyph in cmap.items() if glyph != ".notdef")
    return found


@cache
def shipped_coverage() -> frozenset[int]:
    """Every code point one of the shipped fonts draws."""
    return frozenset().union(*font_cmaps().values())


def drawn(text: str) -> set[str]:
    """The characters of ``text`` that need a glyph: not controls, format marks (bidi marks and isolates,
    joiners) or line breaks, which no font draws."""
    return {c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp")}


def uncovered(text: str) -> list[str]:
    """The characters of ``text`` no shipped font has, as ``U+XXXX c`` for a readable failure."""
    coverage = shipped_coverage()
    return sorted(f"U+{ord(c):04X} {c}" for c in drawn(text) if ord(c) not in coverage)
