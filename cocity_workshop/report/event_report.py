"""The event's report (decision 0052): the outcome across rooms first, then the rooms side by side, the shared
rounds combined and per room, each room's own ideas and rounds, participation, how the rooms were merged, and
the fingerprint that chains every room's.

Built from the merged result (``core.event_merge.EventResult``) and the event file's workshop details; the same
rooms give the same PDF bytes (reportlab's invariant mode), so the event bundle does not depend on the order of
the rooms' bundles or on when the merge ran.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepInFrame, PageBreak, Spacer

from cocity_workshop import __version__
from cocity_workshop.core.event_merge import EventResult, SharedTally
from cocity_workshop.core.model import Workshop
from cocity_workshop.i18n import _, format_number, ngettext, normalise_language, use_language
from cocity_workshop.report.context import format_date, table
from cocity_workshop.report.document import FRAME_WIDTH, ReportDocument, Styles, heading, make_styles
from cocity_workshop.report.event_sections import (
    ROOMS_PER_TABLE,
    merge_method,
    own_parts,
    participation,
    rooms_side_by_side,
    shared_rounds,
)
from cocity_workshop.report.fonts import register_fonts
from cocity_workshop.report.integrity import hash_table_widths
from cocity_workshop.report.text import rich

#: How many ideas of the deciding shared round the first page lists.
TOP_IDEAS = 5


def _page_label(page: int, total: int | None) -> str:
    if total is None:
        return _("page {page}").format(page=page)
    return _("page {page} of {total}").format(page=page, total=total)


def render_event_report(
    result: EventResult,
    workshop: Workshop,
    language: str,
    data_hashes: Mapping[str, str],
    *,
    progress: Callable[[float, str], None] | None = None,
) -> bytes:
    """The event's report as PDF bytes in ``language``; ``data_hashes`` (file name to SHA-256) are printed."""
    report = progress or (lambda fraction, message: None)
    language = normalise_language(language)
    register_fonts()
    rl_config.useA85 = 0
    with use_language(language):
        s = make_styles()
        story = [
            *first_page(result, workshop, s),
            *rooms_side_by_side(result, s),
            *shared_rounds(result, s),
            *own_parts(result, s),
            *participation(result, s),
            *merge_method(result, s),
            *event_integrity(result, data_hashes, s),
        ]
        report(0.4, _("Laying out pages"))
        buffer = io.BytesIO()
        document = ReportDocument(
            buffer,
            footer=workshop.title,
            page_label=_page_label,
            title=_("{title}: the event's report").format(title=workshop.title),
            author=", ".join(workshop.organisers) or "CoCity Workshop",
            subject=workshop.challenge[:500],
            creator=f"CoCity Workshop {__version__}",
            keywords=[k for k in ("CoCity Workshop", workshop.city, workshop.date) if k],
            lang=language,
            displayDocTitle=True,
            invariant=1,
        )
        document.multiBuild(story)
        report(1.0, _("Report ready"))
    return buffer.getvalue()


def _deciding(result: EventResult) -> SharedTally | None:
    """The shared round the first page leads with: the event's last shared round that a room ran."""
    return result.shared[-1] if result.shared else None


def first_page(result: EventResult, workshop: Workshop, s: Styles) -> list[Flowable]:
    """The outcome across rooms at a glance."""
    story: list[Flowable] = [rich(_("The event's report"), s.cover_line), rich(workshop.title, s.first_title)]
    place = ", ".join(p for p in (workshop.city, workshop.venue) if p)
    line = " \u00b7 ".join(p for p in (place, format_date(workshop.date) if workshop.date else "") if p)
    if line:
        story.append(rich(line, s.cover_line))
    rooms = len(result.rooms)
    took_part = " \u00b7 ".join(
        [
            ngettext("{n} room merged", "{n} rooms merged", rooms).format(n=format_number(rooms)),
            ngettext("{n} phone joined", "{n} phones joined", result.participants).format(
                n=format_number(result.participants)
            ),
        ]
    )
    story += [rich(took_part, s.body), rich(", ".join(r.name for r in result.rooms), s.meta)]
    if workshop.challenge:
        story += [rich(_("What the rooms were asked"), s.h2), rich(workshop.challenge, s.body)]
    story.append(rich(_("The outcome across rooms"), s.h2))
    tally = _deciding(result)
    if tally is None:
        story.append(rich(_("The rooms voted on no shared round; each room's own results follow."), s.body))
    else:
        story += _outcome(result, tally, s)
    story += [
        Spacer(1, 4 * mm),
        rich(_("Fingerprint of the event (it chains every room's):"), s.meta),
        rich(result.fingerprint, s.mono),
        rich(_("Made with CoCity Workshop {version}.").format(version=__version__), s.meta),
    ]
    return [KeepInFrame(0, 0, story, mode="shrink"), PageBreak()]


def _outcome(result: EventResult, tally: SharedTally, s: Styles) -> list[Flowable]:
    shown = result.rooms[:ROOMS_PER_TABLE]
    per_room = {room.room_id: counted for room, counted in tally.rooms}
    header: list[object] = [
        rich(_("Rank"), s.cell_bold),
        rich(_("Idea"), s.cell_bold),
        rich(_("All rooms"), s.cell_bold),
    ]
    header += [rich(r.name, s.cell_bold) for r in shown]
    rows: list[list[object]] = [header]
    for rank, count in list(zip(tally.ranks(), tally.ideas, strict=True))[:TOP_IDEAS]:
        row: list[object] = [rich(format_number(rank), s.cell), rich(count.title, s.cell)]
        row.append(rich(format_number(count.total), s.cell_right))
        for room in shown:
            counted = per_room.get(room.room_id)
            dots = None if counted is None else next((c.total for c in counted.counts if c.idea_id == count.idea_id), 0)
            row.append(rich("\u2013" if dots is None else format_number(dots), s.cell_right))
        rows.append(row)
    rest = FRAME_WIDTH - 0.11 * FRAME_WIDTH - 0.14 * FRAME_WIDTH
    idea_width = rest * (0.5 if shown else 1.0)
    room_width = (rest - idea_width) / max(len(shown), 1)
    widths = [0.11 * FRAME_WIDTH, idea_width, 0.14 * FRAME_WIDTH, *([room_width] * len(shown))]
    story: list[Flowable] = [rich(tally.round.title, s.h3), table(rows, widths)]
    ballots = ngettext(
        "{n} ballot counted, from every room that ran it.",
        "{n} ballots counted, from every room that ran it.",
        tally.ballots,
    ).format(n=format_number(tally.ballots))
    story.append(rich(ballots, s.small))
    if tally.not_counted:
        story.append(
            rich(
                ngettext(
                    "{n} ballot was left out: its ticket was counted in another room.",
                    "{n} ballots were left out: their tickets were counted in another room.",
                    tally.not_counted,
                ).format(n=tally.not_counted),
                s.small,
            )
        )
    if len(result.rooms) > len(shown):
        story.append(rich(_("Every room's count is in the section “Shared rounds”."), s.small))
    return story


def event_integrity(result: EventResult, data_hashes: Mapping[str, str], s: Styles) -> list[Flowable]:
    """The event's fingerprint, every room's, the data files' SHA-256 and how to check them."""
    title = _("Integrity")
    story: list[Flowable] = [CondPageBreak(80 * mm), heading(rich(title, s.h1), 0, title)]
    story += [
        rich(
            _(
                "Each room's fingerprint is the last hash of its action log. The event's fingerprint chains the "
                "event's definition and every room's fingerprint in turn: a changed, missing or added room "
                "changes it."
            ),
            s.body,
        ),
        rich(_("Fingerprint of the event:"), s.h3),
        rich(result.fingerprint, s.mono),
        rich(_("Fingerprints of the rooms"), s.h3),
    ]
    rooms = {r.name + "\u2003" + r.room_id[:8]: r.fingerprint for r in result.rooms}
    rows: list[list[object]] = [[rich(_("Room"), s.cell_bold), rich(_("Fingerprint"), s.cell_bold)]]
    rows += [[rich(name, s.cell), rich(fingerprint, s.mono)] for name, fingerprint in rooms.items()]
    story.append(table(rows, hash_table_widths(rooms, s)))
    story.append(rich(_("SHA-256 of the data files"), s.h3))
    rows = [[rich(_("File"), s.cell_bold), rich("SHA-256", s.cell_bold)]]
    rows += [[rich(name, s.cell), rich(digest, s.mono)] for name, digest in sorted(data_hashes.items())]
    story.append(table(rows, hash_table_widths(data_hashes, s)))
    story += [
        rich(_("How to check"), s.h3),
        rich(
            _(
                "Run \u201ccocity-workshop verify event.zip\u201d. It checks every file, then each room's own "
                "bundle inside it as a room's bundle is checked, merges those rooms again and compares the "
                "tables and the fingerprint."
            ),
            s.body,
        ),
    ]
    return story
