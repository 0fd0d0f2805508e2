"""Paragraphs of plain text in any script, safe to hand to reportlab.

``rich(text, style)`` is the one way text (participant's or ours) becomes a flowable: it is escaped,
split into font runs, and, when it holds right-to-left letters, shaped and laid out right to left.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from cocity_workshop.report.bidi import RTL, base_direction, break_lines, has_rtl
from cocity_workshop.report.fonts import markup, text_width

#: Lines are filled to this share of the width: shaped Arabic can be a little wider than measured.
_FILL = 0.94


def plain_markup(text: str, base: str) -> str:
    """Left-to-right text as paragraph markup (escaped, font runs, newlines kept as line breaks)."""
    return "<br/>".join(markup(line, base) for line in text.split("\n"))


def rich(text: str, style: ParagraphStyle) -> Flowable:
    """A flowable showing ``text`` literally in ``style``, whatever its scripts."""
    if has_rtl(text):
        return BidiParagraph(text, style)
    return Paragraph(plain_markup(text, style.fontName), style)


class BidiParagraph(Flowable):  # type: ignore[misc]
    """Text with right-to-left parts: broken into lines for the width it gets, each in visual order."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._inner: Paragraph | None = None
        self._inner_width = -1.0
        self.keepWithNext = bool(getattr(style, "keepWithNext", 0))

    def _paragraph(self, width: float) -> Paragraph:
        if self._inner is None or self._inner_width != width:
            base_font = self.style.fontName
            size = self.style.fontSize
            lines: list[str] = []
            for source in self.text.split("\n"):
                laid = break_lines(source, width * _FILL, lambda s: text_width(s, size, base_font), width)
                lines.extend(" ".join(markup(w, base_font) for w in line.words) for line in laid)
                if not laid:
                    lines.append("")
            alignment = TA_RIGHT if base_direction(self.text) == RTL else self.style.alignment
            style = ParagraphStyle(f"{self.style.name}-bidi", parent=self.style, shaping=1, alignment=alignment)
            self._inner = Paragraph("<br/>".join(lines), style)
            self._inner_width = width
        return self._inner

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay the text out for ``availWidth``."""
        width, height = self._paragraph(availWidth).wrap(availWidth, availHeight)
        self.width, self.height = width, height
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split across frames the way a paragraph does."""
        parts: list[Any] = self._paragraph(availWidth).split(availWidth, availHeight)
        return parts

    def draw(self) -> None:
        """Draw the laid-out paragraph."""
        assert self._inner is not None
        self._inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:
        """The style's space before."""
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        """The style's space after."""
        return float(self.style.spaceAfter)
