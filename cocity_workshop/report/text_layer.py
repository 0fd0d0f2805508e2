"""The report's text layer: what a PDF reader copies, searches and reads aloud for each drawn glyph.

reportlab writes one ToUnicode CMap per embedded font subset, and two of its entries come out wrong:

* characters beyond U+FFFF (emoji) are written as five hex digits, which readers misread (an emoji came out
  of ``pdftotext`` as a Greek letter); here they are UTF-16 surrogate pairs;
* a glyph HarfBuzz formed from several characters (in Arabic, a shadda with its short vowel: the glossary's
  «الميسِّر») has no character of its own, so reportlab gives it a private-use code point and the reader
  finds U+E000 in the middle of the word; here it maps back to the characters the font's ligature table
  builds it from.
"""

from __future__ import annotations

import functools
from typing import Any

from fontTools.ttLib import TTFont as FontFile

#: The private-use code points reportlab hands to glyphs without a character.
PRIVATE_USE = range(0xE000, 0xF900)
_LIGATURE_LOOKUP = 4
_EXTENSION_LOOKUP = 7

_registered: dict[str, tuple[Any, str, int]] = {}  # face name as embedded -> (reportlab font, file, index)


def remember_font(font: Any, path: str, index: int = 0) -> None:
    """Note a registered reportlab ``TTFont`` and its file, so its subsets' ligatures can be read back."""
    face = font.face
    name = (face.name + getattr(face, "subfontNameX", b"")).decode("latin-1")
    _registered[name] = (font, path, index)


@functools.cache
def ligature_texts(path: str, index: int = 0) -> dict[str, str]:
    """Each ligature glyph of the font file's GSUB table, by name, with the characters it stands for."""
    with FontFile(path, fontNumber=index) as font:
        return _ligatures(font)


def _ligatures(font: FontFile) -> dict[str, str]:
    characters: dict[str, str] = {}
    for code, glyph in sorted(font.getBestCmap().items()):
        characters.setdefault(glyph, chr(code))
    components: dict[str, list[str]] = {}
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                kind = lookup.LookupType
                if kind == _EXTENSION_LOOKUP:
                    kind, table = table.ExtensionLookupType, table.ExtSubTable
                if kind != _LIGATURE_LOOKUP:
                    continue
                for first, ligatures in table.ligatures.items():
                    for ligature in ligatures:
                        components.setdefault(ligature.LigGlyph, [first, *ligature.Component])

    def text_of(glyph: str, depth: int = 0) -> str:
        if glyph in characters or depth > 4:
            return characters.get(glyph, "")
        return "".join(text_of(part, depth + 1) for part in components.get(glyph, []))

    return {glyph: text for glyph in components if (text := text_of(glyph))}


def _glyph_text(face_name: str, code: int) -> str:
    """The characters behind ``code`` in the subset of ``face_name``: itself, unless a private-use stand-in."""
    if code not in PRIVATE_USE or face_name not in _registered:
        return chr(code)
    font, path, index = _registered[face_name]
    glyph_id = font.face.charToGlyph.get(code)
    names = _glyph_order(path, index)
    if glyph_id is None or glyph_id >= len(names):
        return chr(code)
    return ligature_texts(path, index).get(names[glyph_id], chr(code))


@functools.cache
def _glyph_order(path: str, index: int) -> list[str]:
    with FontFile(path, fontNumber=index) as font:
        return list(font.getGlyphOrder())


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one embedded subset (``fontname`` is ``ABCDEF+FaceName``)."""
    face_name = fontname.split("+", 1)[-1]
    entries = [
        f"<{index:02X}> <{_glyph_text(face_name, code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *entries,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)
