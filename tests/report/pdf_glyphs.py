"""Which glyphs a PDF written by reportlab draws: every string shown in a text object, decoded to the
embedded font subset's glyphs (with fontTools), so a character drawn as the empty box (``.notdef``) is found.

reportlab draws a character its font lacks as glyph 0 and maps it to U+0000 in the text layer, so
``pdftotext`` shows nothing where the page shows a box: reading the text alone cannot find boxes.
"""

from __future__ import annotations

import base64
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.font_coverage import ttLib

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>|[^<].*?)\s*(stream\r?\n|endobj)", re.S)
NOTDEF = ".notdef"
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}


@dataclass(frozen=True)
class Shown:
    """One string drawn on a page: the font resource and subset it uses, and the glyph names drawn."""

    font: str
    glyphs: tuple[str, ...]


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number to its dictionary and its raw stream (cut by ``/Length``, binary data may hold anything)."""
    found: dict[int, tuple[bytes, bytes | None]] = {}
    position = 0
    while match := _OBJECT.search(data, position):
        head, raw = match.group(2), None
        position = match.end()
        if match.group(3).startswith(b"stream"):
            length = re.search(rb"/Length (\d+)", head)
            assert length is not None, head[:200]
            raw = data[position : position + int(length.group(1))]
            position += int(length.group(1))
        found[int(match.group(1))] = (head, raw)
    return found


def _stream(head: bytes, raw: bytes) -> bytes:
    if b"ASCII85Decode" in head:
        raw = raw.strip()
        raw = base64.a85decode(raw if raw.startswith(b"<~") else b"<~" + raw, adobe=True)
    if b"FlateDecode" in head:
        raw = zlib.decompress(raw)
    return raw


def _literal(content: bytes, start: int) -> tuple[bytes, int]:
    """The PDF literal string opening at ``start`` (its ``(``), unescaped, and the index after it."""
    out, depth, i = bytearray(), 1, start + 1
    while depth:
        c = content[i]
        if c == 0x5C:  # backslash
            nxt = content[i + 1]
            if 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", content[i + 1 : i + 4])
                assert digits is not None
                out.append(int(digits.group(0), 8) & 0xFF)
                i += 1 + len(digits.group(0))
                continue
            if nxt not in (0x0A, 0x0D):
                out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        depth += {0x28: 1, 0x29: -1}.get(c, 0)
        if depth:
            out.append(c)
        i += 1
    return bytes(out), i


def _strings(content: bytes) -> Iterator[tuple[str, bytes]]:
    """(font resource name, bytes) for every literal string inside a text object."""
    font, i, in_text = "", 0, False
    names = re.compile(rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf")
    operator = re.compile(rb"(?<![^\s])(BT|ET)(?![^\s])")
    while i < len(content):
        c = content[i : i + 1]
        if c == b"(":
            text, i = _literal(content, i)
            if in_text:
                yield font, text
            continue
        found_operator = operator.match(content, i)
        if found_operator:
            in_text = found_operator.group(1) == b"BT"
        elif c == b"/":
            found = names.match(content, i)
            if found:
                font = found.group(1).decode()
                i = found.end()
                continue
        i += 1


def shown_glyphs(pdf: Path) -> list[Shown]:
    """Every string the PDF's pages draw in an embedded TrueType font, as glyph names of its subset."""
    objects = _objects(pdf.read_bytes())
    subsets: dict[str, list[str]] = {}  # font resource name to the subset's glyph name per code
    for head, _raw in objects.values():
        for name, ref in re.findall(rb"/([^\s/\[\]()<>]+) (\d+) 0 R", head):
            font = objects.get(int(ref), (b"", None))[0]
            descriptor = re.search(rb"/FontDescriptor (\d+) 0 R", font)
            file = descriptor and re.search(rb"/FontFile2 (\d+) 0 R", objects[int(descriptor.group(1))][0])
            if file and b"/Type /Font" in font:
                file_head, file_raw = objects[int(file.group(1))]
                assert file_raw is not None
                face = ttLib.TTFont(io.BytesIO(_stream(file_head, file_raw)))
                cmap: dict[int, str] = {}
                for table in face["cmap"].tables:
                    cmap.update(table.cmap)
                subsets[name.decode()] = [cmap.get(code, NOTDEF) for code in range(256)]
    shown = []
    for head, raw in objects.values():
        if raw is None or b"/Length1" in head or b"/Subtype /Image" in head:
            continue
        content = _stream(head, raw)
        if b"begincmap" in content:
            continue
        for font, text in _strings(content):
            if font in subsets:
                shown.append(Shown(font, tuple(subsets[font][code] for code in text)))
    return shown


def boxes(pdf: Path) -> list[str]:
    """The fonts and places where the PDF draws ``.notdef`` (an empty box), for a readable failure."""
    found = []
    for shown in shown_glyphs(pdf):
        found += [f"{shown.font}: glyph {n} of {len(shown.glyphs)}" for n, g in enumerate(shown.glyphs) if g == NOTDEF]
    return found
