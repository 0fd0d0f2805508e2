"""What every report section is built from, and the helpers they share: dates, times, direction, tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.platypus import Table, TableStyle

from cocity_workshop.core.model import Idea, IdeaOrigin
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import RoundTally
from cocity_workshop.i18n import _, current_language, format_day, ngettext, text_direction
from cocity_workshop.i18n import format_clock as format_time_of_day
from cocity_workshop.report.document import RULE, SHADE, Styles
from cocity_workshop.report.fonts import SANS

PhotoLoader = Callable[[int], tuple[str, bytes]]


@dataclass(frozen=True)
class ReportContext:
    """What the sections are built from."""

    snapshot: WorkshopSnapshot
    styles: Styles
    photos: PhotoLoader | None
    data_hashes: Mapping[str, str] | None


def format_date(iso_date: str) -> str:
    """A workshop date as the report's language writes it (CLDR: "November 14, 2026", "14. listopadu 2026")."""
    try:
        day = dt.date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return format_day(day)


def format_clock(timestamp: float | None) -> str:
    """A time of day on the workshop laptop's clock in the report's language's form, or an empty string."""
    if timestamp is None:
        return ""
    return format_time_of_day(dt.datetime.fromtimestamp(timestamp))


def ballots_and_dots(tally: RoundTally) -> str:
    """ "N ballots cast from phones; M dots counted in all." for a round."""
    ballots = ngettext("{n} ballot cast from phones", "{n} ballots cast from phones", tally.ballots)
    dots = ngettext("{n} dot counted in all.", "{n} dots counted in all.", tally.total_dots)
    return ballots.format(n=tally.ballots) + "; " + dots.format(n=tally.total_dots)


def ideas_shown(public: Sequence[Idea]) -> str:
    """ "N ideas were shown to the room (a from phones, b from the floor, c from paper)." """
    by_origin = Counter(i.origin for i in public)
    shown = ngettext("{n} idea was shown to the room", "{n} ideas were shown to the room", len(public))
    return (
        shown.format(n=len(public))
        + " "
        + _("({phone} from phones, {floor} from the floor, {paper} from paper).").format(
            phone=by_origin[IdeaOrigin.PHONE],
            floor=by_origin[IdeaOrigin.FACILITATOR],
            paper=by_origin[IdeaOrigin.PAPER],
        )
    )


def right_to_left() -> bool:
    """Whether the report's language is written right to left (its tables then read from the right)."""
    return text_direction(current_language()) == "rtl"


def table(rows: list[list[object]], widths: list[float], *, header: bool = True) -> Table:
    """A table in the report's direction: in Arabic the first column is the rightmost."""
    if right_to_left():
        rows, widths = [row[::-1] for row in rows], widths[::-1]
    result = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="RIGHT" if right_to_left() else "LEFT")
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    if right_to_left():
        commands.append(("ALIGN", (0, 0), (-1, -1), "RIGHT"))  # plain cells (numbers) start at the right too
    result.setStyle(TableStyle(commands))
    return result
