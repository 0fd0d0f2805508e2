"""Bar charts of a vote round: one stacked bar per idea, phone dots and paper dots apart."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from cocity_workshop.core.tally import IdeaTally
from cocity_workshop.report.context import right_to_left
from cocity_workshop.report.document import MUTED, PAPER_COLOUR, PHONE_COLOUR, RULE, Styles
from cocity_workshop.report.fonts import SANS
from cocity_workshop.report.text import rich


class CellBar(Flowable):  # type: ignore[misc]
    """A bar as wide as its table cell, ``height`` high, drawn from the right in a right-to-left report."""

    def __init__(self, height: float, from_right: bool) -> None:
        super().__init__()
        self.bar_height = height
        self.from_right = from_right

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take the whole cell width."""
        self.width = availWidth
        self.height = self.bar_height
        return availWidth, self.bar_height


class DotsBar(CellBar):
    """A horizontal bar: phone dots, then paper dots, scaled so ``scale`` dots fill the width; it grows from
    the left, or from the right in a right-to-left report."""

    def __init__(
        self, phone: int, paper: int, scale: int, height: float = 3.2 * mm, *, from_right: bool = False
    ) -> None:
        super().__init__(height, from_right)
        self.phone = phone
        self.paper = paper
        self.scale = max(scale, 1)

    def draw(self) -> None:
        """Draw the two segments."""
        unit = self.width / self.scale
        x = 0.0
        for value, colour in ((self.phone, PHONE_COLOUR), (self.paper, PAPER_COLOUR)):
            if value:
                self._segment(x, value * unit, colour)
                x += value * unit
        if x == 0:
            self.canv.setStrokeColor(RULE)
            start = self.width - 1.5 * mm if self.from_right else 0
            self.canv.line(start, self.bar_height / 2, start + 1.5 * mm, self.bar_height / 2)

    def _segment(self, x: float, width: float, colour: Color) -> None:
        self.canv.setFillColor(colour)
        left = self.width - x - width if self.from_right else x
        self.canv.rect(left, 0, width, self.bar_height, stroke=0, fill=1)


class LegendSwatch(Flowable):  # type: ignore[misc]
    """A small coloured square for a chart legend."""

    def __init__(self, colour: Color, size: float = 2.6 * mm) -> None:
        super().__init__()
        self.colour = colour
        self.width = self.height = size

    def draw(self) -> None:
        """Draw the square."""
        self.canv.setFillColor(self.colour)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)


def round_chart(
    tallies: Sequence[IdeaTally],
    titles: dict[int, str],
    styles: Styles,
    width: float,
    *,
    phone_label: str,
    paper_label: str,
) -> Table:
    """The chart: idea title, stacked bar and total for each of ``tallies`` (already ranked and cut).

    In a right-to-left report it is mirrored: titles at the right against the bars, which grow leftwards,
    the totals at the left, the legend read from the right.
    """
    mirrored = right_to_left()
    scale = max((t.total for t in tallies), default=1)
    title_width, total_width = width * 0.42, 12 * mm
    title_style, total_style = (styles.cell_right, styles.cell) if mirrored else (styles.cell, styles.cell_right)
    rows: list[list[object]] = [
        [
            rich(titles.get(t.idea_id, f"#{t.idea_id}"), title_style),
            DotsBar(t.phone_dots, t.paper_dots, scale, from_right=mirrored),
            rich(str(t.total), total_style),
        ]
        for t in tallies
    ]
    keys: list[object] = [
        LegendSwatch(PHONE_COLOUR),
        rich(phone_label, styles.small),
        LegendSwatch(PAPER_COLOUR),
        rich(paper_label, styles.small),
    ]
    key_widths = [4 * mm, 38 * mm, 4 * mm, 38 * mm]  # within the bars' column
    if mirrored:
        keys, key_widths = keys[::-1], key_widths[::-1]
    legend = Table([keys], colWidths=key_widths, hAlign="RIGHT" if mirrored else "LEFT")
    legend.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT" if mirrored else "LEFT"),
            ]
        )
    )
    rows.append(["", legend, ""])
    widths = [title_width, width - title_width - total_width, total_width]
    if mirrored:
        rows, widths = [row[::-1] for row in rows], widths[::-1]
    table = Table(rows, colWidths=widths, hAlign="RIGHT" if mirrored else "LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEAFTER" if mirrored else "LINEBEFORE", (1, 0), (1, -2), 0.5, MUTED),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


#: Colours of the ideas in a share chart, in the room's ranking order; the rest share ``OTHER_COLOUR``.
SHARE_COLOURS = tuple(HexColor(code) for code in ("#2f6fb0", "#e08a1e", "#0b6e4f", "#8e44ad", "#c0392b", "#7f8c2d"))
OTHER_COLOUR = HexColor("#cbd2d9")


class ShareBar(CellBar):
    """A bar the width of the cell split in proportion to ``parts`` (one colour each; empty: a short rule),
    from the left, or from the right in a right-to-left report."""

    def __init__(
        self, parts: Sequence[tuple[int, Color]], height: float = 3.6 * mm, *, from_right: bool = False
    ) -> None:
        super().__init__(height, from_right)
        self.parts = [(value, colour) for value, colour in parts if value > 0]

    def draw(self) -> None:
        """Draw the segments in reading order."""
        total = sum(value for value, _colour in self.parts)
        if not total:
            self.canv.setStrokeColor(RULE)
            start = self.width - 1.5 * mm if self.from_right else 0
            self.canv.line(start, self.bar_height / 2, start + 1.5 * mm, self.bar_height / 2)
            return
        x = 0.0
        for value, colour in self.parts:
            width = self.width * value / total
            self.canv.setFillColor(colour)
            left = self.width - x - width if self.from_right else x
            self.canv.rect(left, 0, width, self.bar_height, stroke=0, fill=1)
            x += width


def share_chart(
    rows: Sequence[tuple[str, Sequence[int], int]],
    ideas: Sequence[str],
    styles: Styles,
    width: float,
    *,
    other_label: str,
) -> Table:
    """One bar per group: how its dots split among ``ideas`` (each its colour) and the other ideas (grey).

    ``rows`` are (group name, dots for each of ``ideas``, dots for the others). Mirrored in a right-to-left
    report: names at the right, bars growing leftwards, the key's swatches at the right of their labels.
    """
    mirrored = right_to_left()
    name_width = width * 0.3
    name_style = styles.cell_right if mirrored else styles.cell
    key_style = ParagraphStyle("share-key", parent=styles.small, alignment=TA_RIGHT) if mirrored else styles.small
    body: list[list[object]] = []
    for name, dots, other in rows:
        parts = [*zip(dots, SHARE_COLOURS, strict=False), (other, OTHER_COLOUR)]
        body.append([rich(name, name_style), ShareBar(parts, from_right=mirrored)])
    legend: list[list[object]] = []
    for title, colour in [*zip(ideas, SHARE_COLOURS, strict=False), (other_label, OTHER_COLOUR)]:
        entry: list[object] = [LegendSwatch(colour), rich(title, key_style)]
        legend.append(entry[::-1] if mirrored else entry)
    key_widths = [5 * mm, width - name_width - 5 * mm]
    key = Table(legend, colWidths=key_widths[::-1] if mirrored else key_widths, hAlign="RIGHT" if mirrored else "LEFT")
    key.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT" if mirrored else "LEFT"),
            ]
        )
    )
    body.append(["", key])
    widths = [name_width, width - name_width]
    if mirrored:
        body, widths = [row[::-1] for row in body], widths[::-1]
    chart = Table(body, colWidths=widths, hAlign="RIGHT" if mirrored else "LEFT")
    chart.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return chart
