"""The report's integrity section: the fingerprint, the data files' SHA-256 and how to check them."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from cocity_workshop.i18n import _, ngettext
from cocity_workshop.report.context import ReportContext, table
from cocity_workshop.report.document import FRAME_WIDTH, MUTED, Styles, heading
from cocity_workshop.report.fonts import SANS, text_width
from cocity_workshop.report.text import rich

#: A table cell's padding on both sides together (reportlab's default, 6 points each side), and some slack.
_CELL_PADDING = 12 + 2 * mm


def hash_table_widths(hashes: Mapping[str, str], s: Styles) -> list[float]:
    """Columns for the file names and their SHA-256: the names' column as wide as the longest name, so no name
    is broken over two lines (the hash needs about 115 mm; names up to about 50 mm fit beside it)."""
    longest = max((text_width(name, s.cell.fontSize, s.cell.fontName) for name in hashes), default=0.0)
    digest = max((text_width(d, s.mono.fontSize, s.mono.fontName) for d in hashes.values()), default=0.0)
    names = min(max(longest + _CELL_PADDING, 30 * mm), FRAME_WIDTH - digest - _CELL_PADDING)
    return [names, FRAME_WIDTH - names]


def integrity(ctx: ReportContext) -> list[Flowable]:
    """The fingerprint, the data files' hashes and how to check them."""
    s = ctx.styles
    snap = ctx.snapshot
    story: list[Flowable] = [CondPageBreak(80 * mm), heading(rich(_("Integrity"), s.h1), 0, _("Integrity"))]
    story += [
        rich(
            _(
                "The workshop's action log is a chain of entries, each holding the hash of the one before it. "
                "Its last hash, the fingerprint, changes if any entry is changed, removed or reordered."
            ),
            s.body,
        ),
        rich(
            ngettext(
                "Fingerprint (after {n} log entry):", "Fingerprint (after {n} log entries):", len(snap.log)
            ).format(n=len(snap.log)),
            s.h3,
        ),
        rich(snap.fingerprint, s.mono),
    ]
    if ctx.data_hashes:
        story.append(rich(_("SHA-256 of the data files"), s.h3))
        rows: list[list[object]] = [[rich(_("File"), s.cell_bold), rich("SHA-256", s.cell_bold)]]
        rows += [[rich(name, s.cell), rich(digest, s.mono)] for name, digest in sorted(ctx.data_hashes.items())]
        story.append(table(rows, hash_table_widths(ctx.data_hashes, s)))
    else:
        story.append(rich(_("The SHA-256 of every file of the data bundle is listed in its datapackage.json."), s.body))
    story += [
        rich(_("How to check"), s.h3),
        rich(
            _(
                "With the app: run \u201ccocity-workshop verify bundle.zip\u201d. It checks every file against "
                "datapackage.json, recomputes the tallies (from the ballots in the city's bundle) and checks the "
                "action log, then says what matches and what does not."
            ),
            s.body,
        ),
        rich(
            _(
                "Without the app: compute the SHA-256 of each data file (sha256sum on Linux, shasum -a 256 on "
                "macOS, Get-FileHash in Windows PowerShell) and compare it with the list above. In the city's "
                "bundle, the last hash in actionlog.csv must equal the fingerprint."
            ),
            s.body,
        ),
    ]
    rule = Table([[""]], colWidths=[FRAME_WIDTH], rowHeights=[1])
    rule.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS), ("LINEABOVE", (0, 0), (-1, -1), 0.5, MUTED)]))
    story += [Spacer(1, 4 * mm), rule]
    return story
