"""The table of contents of a right-to-left report: each title shaped and flush right, dots leading to its
page number at the left, the whole line a link to the section.

reportlab's own ``TableOfContents`` draws each entry as a left-to-right paragraph with the dots and the
number after it at the right, so Arabic headings came out unjoined and backwards.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import unescape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from cocity_workshop.report.fonts import SANS
from cocity_workshop.report.text import BidiParagraph, rich

_NUMBER_WIDTH = 10 * mm
_DOT_STEP = 4.5  # points between leader dots
_FONT_TAG = re.compile(r"</?font[^>]*>")


def plain_text(markup: str) -> str:
    """The text of an entry the document sent as paragraph markup (``fonts.markup``: escaped, font tags)."""
    return unescape(_FONT_TAG.sub("", markup))


class ContentsLine(Flowable):  # type: ignore[misc]
    """One entry: the title flush right (indented from the right by its level), dots, the page at the left."""

    def __init__(self, title: str, page: int, key: str | None, style: ParagraphStyle) -> None:
        super().__init__()
        self.page, self.key, self.style = page, key, style
        title_style = ParagraphStyle(
            f"{style.name}-rtl", parent=style, alignment=TA_RIGHT, leftIndent=0, rightIndent=style.leftIndent
        )
        self.title = rich(title, title_style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The title wraps in the width left of the page number."""
        _, height = self.title.wrap(availWidth - _NUMBER_WIDTH, availHeight)
        self.width, self.height = availWidth, height
        return availWidth, height

    def _last_line_start(self) -> float:
        """Where the title's last line begins, from the title's left edge (its free space on that line)."""
        inner = (
            self.title._paragraph(self.width - _NUMBER_WIDTH) if isinstance(self.title, BidiParagraph) else self.title
        )
        lines = getattr(getattr(inner, "blPara", None), "lines", None)
        if not lines:
            return 0.0
        last = lines[-1]
        return float(last.extraSpace if hasattr(last, "extraSpace") else last[0])

    def draw(self) -> None:
        """Number, dots and title on the last line's baseline."""
        canvas = self.canv
        self.title.drawOn(canvas, _NUMBER_WIDTH, 0)
        baseline = self.style.leading - self.style.fontSize  # the last line's, from the bottom
        canvas.saveState()
        canvas.setFont(self.style.fontName if self.style.fontName else SANS, self.style.fontSize)
        canvas.setFillColor(self.style.textColor)
        number = str(self.page)
        canvas.drawString(0, baseline, number)
        start = canvas.stringWidth(number) + _DOT_STEP / 2
        x = _NUMBER_WIDTH + self._last_line_start() - 1.6 * _DOT_STEP  # from the title leftwards: an even gap
        while x > start:
            canvas.drawString(x, baseline, ".")
            x -= _DOT_STEP
        canvas.restoreState()
        if self.key:
            canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)

    def getSpaceBefore(self) -> float:
        """The level's space before."""
        return float(self.style.spaceBefore)


class RightToLeftContents(TableOfContents):  # type: ignore[misc]
    """The contents laid out right to left (same entries, levels and multi-pass build as reportlab's)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay out the last pass's entries (a placeholder line on the first pass)."""
        entries = self._lastEntries or [(0, "\u2026", 0, None)]
        rows: list[list[Any]] = []
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([ContentsLine(plain_text(text), page, key, style)])
        self._table = Table(rows, colWidths=(availWidth,), style=self.tableStyle)
        self._table.setStyle([("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height
