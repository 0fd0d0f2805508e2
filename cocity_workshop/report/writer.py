"""Write the outcome report: the one entry point for the command line, the bundle and the desktop app."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from reportlab import rl_config

from cocity_workshop import __version__
from cocity_workshop.atomicfile import write_atomically
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.personal_data import refuse_unchecked
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.i18n import _, normalise_language, use_language
from cocity_workshop.report import sections
from cocity_workshop.report.context import PhotoLoader, ReportContext
from cocity_workshop.report.document import ReportDocument, make_styles
from cocity_workshop.report.fonts import register_fonts
from cocity_workshop.report.group_votes import group_votes
from cocity_workshop.report.hackathon import hackathon
from cocity_workshop.report.integrity import integrity
from cocity_workshop.report.outcomes import outcomes
from cocity_workshop.report.protection import data_protection, method
from cocity_workshop.session import WorkshopSession

#: Reports of this many pages or more (without the contents) get a table of contents after the first page.
CONTENTS_FROM_PAGES = 9

#: ``progress(fraction, message)``: called from the thread that writes the report, fraction 0..1.
Progress = Callable[[float, str], None]


def _page_label(page: int, total: int | None) -> str:
    if total is None:
        return _("page {page}").format(page=page)
    return _("page {page} of {total}").format(page=page, total=total)


def render_report(
    snapshot: WorkshopSnapshot,
    language: str,
    *,
    photos: PhotoLoader | None = None,
    data_hashes: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The report as PDF bytes, in ``language`` ("en" or "cs").

    ``photos`` loads an attachment's bytes (``WorkshopSession.photo``); without it the report has no
    photos. ``data_hashes`` (file name -> SHA-256) are printed in the integrity section; the bundle
    passes the hashes of its own data files.
    """
    problems = snapshot.ballot_problems(counted_rounds(snapshot.rounds))
    if problems:  # never print a tally the rules reject
        problem = problems[0]
        title = next((r.title for r in snapshot.rounds if r.id == problem.round_id), "")
        raise RuleViolation(
            "No report: the round \u201c{title}\u201d (round {id}) holds a ballot that breaks its rules: {reason} "
            "Run \u201ccheck\u201d on the workshop file.",
            title=title,
            id=problem.round_id,
            reason=problem.reason,
        )
    report = progress or (lambda fraction, message: None)
    language = normalise_language(language)
    register_fonts()
    # Binary (deflated) streams instead of ASCII85 text: smaller files, and encoding photos as ASCII85
    # took a third of the time for a large workshop. Nothing in the app needs 7-bit-clean PDFs.
    rl_config.useA85 = 0
    with use_language(language):
        report(0.05, _("Preparing the report"))
        ctx = ReportContext(snapshot, make_styles(), photos, data_hashes)
        first = outcomes(ctx)
        rest = [
            *sections.summary(ctx),
            *sections.agenda(ctx),
            *sections.ideas(ctx),
            *sections.vote_rounds(ctx),
            *group_votes(ctx),
            *sections.actions(ctx),
            *hackathon(ctx),
            *data_protection(ctx),
            *method(ctx),
            *integrity(ctx),
        ]
        expected = max(len(rest) * 3, 1)  # the contents need about three layout passes
        laid = 0

        def on_flowable() -> None:
            nonlocal laid
            laid += 1
            if laid % 50 == 0:
                report(min(0.3 + 0.65 * laid / expected, 0.95), _("Laying out pages"))

        report(0.3, _("Laying out pages"))
        workshop = snapshot.workshop

        def document(buffer: io.BytesIO, total_pages: int | None = None) -> ReportDocument:
            return ReportDocument(
                buffer,
                footer=workshop.title,
                page_label=_page_label,
                on_flowable=on_flowable,
                total_pages=total_pages,
                title=_("{title}: outcome report").format(title=workshop.title),
                author=", ".join(workshop.organisers) or "CoCity Workshop",
                subject=workshop.challenge[:500],
                creator=f"CoCity Workshop {__version__}",
                keywords=[k for k in ("CoCity Workshop", workshop.city, workshop.date) if k],
                lang=language,
                displayDocTitle=True,
            )

        buffer = io.BytesIO()
        built = document(buffer)
        built.multiBuild([*first, *sections.contents(ctx), *rest])
        pages = built.page - built.contents_pages
        if pages < CONTENTS_FROM_PAGES:
            # A short report reads better without a contents page. The sections start on a fresh page
            # after the first one either way, so leaving the contents out changes only the page numbers.
            buffer = io.BytesIO()
            built = document(buffer, pages)
            built.build([*first, *rest])
        report(1.0, _("Report ready"))
    return buffer.getvalue()


def write_report(
    source: WorkshopSession | WorkshopSnapshot,
    path: str | os.PathLike[str],
    language: str,
    *,
    data_hashes: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    allow_personal_data: bool = False,
) -> Path:
    """Write the PDF report to ``path`` (safely: a temporary file, fsynced, then renamed).

    ``source`` is an open session (photos included) or a snapshot (no photos). Safe to call from a
    background thread: it only reads. Returns the path written. Refuses with ``PersonalDataFound`` while
    a text the report would carry looks like personal data the facilitator has not redacted, hidden or
    confirmed, unless ``allow_personal_data``.
    """
    if isinstance(source, WorkshopSession):
        snapshot, photos = source.snapshot(), source.photo
    else:
        snapshot, photos = source, None
    refuse_unchecked(snapshot, allow_personal_data)
    data = render_report(snapshot, language, photos=photos, data_hashes=data_hashes, progress=progress)
    return write_atomically(Path(path), data)
