"""The report's page layout: styles, page frame, footer with page numbers, contents and bookmarks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, TableStyle
from reportlab.platypus.flowables import _ContainerSpace as Container
from reportlab.platypus.tableofcontents import TableOfContents

from cocity_workshop.i18n import current_language, text_direction
from cocity_workshop.report.contents import RightToLeftContents
from cocity_workshop.report.fonts import SANS, SANS_BOLD, markup, text_width
from cocity_workshop.report.text import rich

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#0b6e4f")
RULE = colors.HexColor("#cbd2d9")
PHONE_COLOUR = colors.HexColor("#2f6fb0")
PAPER_COLOUR = colors.HexColor("#e08a1e")
SHADE = colors.HexColor("#f0f4f8")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the report uses."""

    body: ParagraphStyle
    small: ParagraphStyle
    meta: ParagraphStyle
    first_title: ParagraphStyle
    cover_line: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    idea_title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    mono: ParagraphStyle


def make_styles() -> Styles:
    """The report's styles (fonts must be registered first)."""
    body = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, textColor=INK, spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5)
    return Styles(
        body=body,
        small=small,
        meta=ParagraphStyle("meta", parent=small, textColor=MUTED, spaceAfter=2),
        first_title=ParagraphStyle(
            "first-title", parent=body, fontName=SANS_BOLD, fontSize=20, leading=25, textColor=INK, spaceAfter=4
        ),
        cover_line=ParagraphStyle("cover-line", parent=body, fontSize=13, leading=18, textColor=MUTED),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            keepWithNext=1,
            fontName=SANS_BOLD,
            fontSize=17,
            leading=22,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=8,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            keepWithNext=1,
            fontName=SANS_BOLD,
            fontSize=13,
            leading=17,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=5,
        ),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            keepWithNext=1,
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
        ),
        idea_title=ParagraphStyle(
            "idea-title",
            parent=body,
            keepWithNext=1,
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=5,
            spaceAfter=1,
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        cell_bold=ParagraphStyle("cell-bold", parent=body, fontName=SANS_BOLD, fontSize=9, leading=12, spaceAfter=0),
        cell_right=ParagraphStyle("cell-right", parent=body, fontSize=9, leading=12, spaceAfter=0, alignment=TA_RIGHT),
        mono=ParagraphStyle("mono", parent=body, fontSize=8, leading=11, spaceAfter=2),
    )


def make_contents(styles: Styles) -> TableOfContents:
    """The table of contents (filled in by the document's multi-pass build)."""
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    kind = RightToLeftContents if text_direction(current_language()) == "rtl" else TableOfContents
    contents = kind(dotsMinLevel=0, tableStyle=table_style)
    contents.levelStyles = [
        ParagraphStyle("toc1", parent=styles.body, fontName=SANS_BOLD, leftIndent=0, firstLineIndent=0, spaceBefore=4),
        ParagraphStyle("toc2", parent=styles.body, leftIndent=14, firstLineIndent=0, spaceAfter=1),
    ]
    return contents


def contents_start(flowable: Flowable) -> Flowable:
    """Mark ``flowable`` as the start of the contents: the document counts the pages up to the next section."""
    flowable._cocity_contents = True
    return flowable


def heading(flowable: Flowable, level: int, text: str) -> Flowable:
    """Mark ``flowable`` as a heading: it gets a bookmark and a contents line (levels 0 and 1)."""
    flowable._cocity_heading = (level, text)
    return flowable


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages with a footer (workshop title, page X of Y), bookmarks and contents from headings."""

    def __init__(
        self,
        filename: Any,
        *,
        footer: str,
        page_label: Callable[[int, int | None], str],
        on_flowable: Callable[[], None] | None = None,
        total_pages: int | None = None,
        **kwargs: Any,
    ) -> None:
        """``total_pages`` is the page count when it is known before building (one pass is enough then)."""
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 6 * mm,
            initialFontName=SANS,
            **kwargs,
        )
        self._footer = footer
        self._page_label = page_label
        self._on_flowable = on_flowable
        self._total_pages: int | None = total_pages
        self._bookmarks = 0
        self._contents_from: int | None = None
        #: How many pages the contents took in the last pass (0 without contents).
        self.contents_pages = 0
        frame = Frame(MARGIN, MARGIN + 6 * mm, FRAME_WIDTH, PAGE_HEIGHT - 2 * MARGIN - 6 * mm, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        """One pass of the multi-pass build; remembers the page count for the next pass's footers."""
        self._bookmarks = 0
        self._contents_from, self.contents_pages = None, 0
        # reportlab marks a flowable it moved to the next page (``_postponed``) and, within multiBuild, undoes
        # the marks between passes but not after the last one. Undoing them after every pass lets the same
        # story be laid out again (the short report's build without the contents).
        outer = getattr(self, "_multiBuildEdits", None)
        edits: list[tuple[Any, ...]] = []
        self._multiBuildEdits = edits.append
        try:
            super().build(flowables, *args, **kwargs)
        finally:
            for edit in edits:
                with contextlib.suppress(AttributeError):
                    edit[0](*edit[1:])
            if outer is None:
                del self._multiBuildEdits
            else:
                self._multiBuildEdits = outer
        self._total_pages = self.page

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """Keep headings with what follows, also when that is a block kept together.

        reportlab keeps a ``keepWithNext`` run with the next flowable only if that is not itself a container, so
        a heading followed by a ``KeepTogether`` (an idea's title and origin, a group table with its notes) could
        be left alone at a page's foot. Here the headings join that block's content instead.
        """
        run = 0
        while run < len(flowables) and flowables[run].getKeepWithNext() and not isinstance(flowables[run], Container):
            run += 1
        if run and run < len(flowables) and type(flowables[run]) is KeepTogether:
            flowables[: run + 1] = [KeepTogether([*flowables[:run], *flowables[run]._content])]
            return
        super().handle_keepWithNext(flowables)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 2 * mm, PAGE_WIDTH - MARGIN, MARGIN + 2 * mm)
        canvas.restoreState()
        # The title and the page label ("{page}/{total}쪽", "الصفحة 2 من 14") may be in any script: each is
        # drawn as a paragraph with font runs (and shaped when right to left), cut to one line.
        # A right-to-left report mirrors the footer: the title at the right, the page label at the left.
        title = self._footer if len(self._footer) <= 80 else self._footer[:79] + "\u2026"
        label = self._page_label(doc.page, self._total_pages)
        label_width = min(text_width(label, 8) / 0.9 + 2, 40 * mm)  # a box the label fills, whatever its direction
        if text_direction(current_language()) == "rtl":
            self._draw_footer_text(canvas, title, MARGIN + 40 * mm, FRAME_WIDTH - 40 * mm, TA_RIGHT)
            self._draw_footer_text(canvas, label, MARGIN, label_width, TA_LEFT)
        else:
            self._draw_footer_text(canvas, title, MARGIN, FRAME_WIDTH - 40 * mm, TA_LEFT)
            self._draw_footer_text(canvas, label, PAGE_WIDTH - MARGIN - label_width, label_width, TA_RIGHT)

    @staticmethod
    def _draw_footer_text(canvas: Canvas, text: str, x: float, width: float, alignment: int) -> None:
        style = ParagraphStyle("footer", fontName=SANS, fontSize=8, leading=10, textColor=MUTED, alignment=alignment)
        flowable = rich(text, style)
        _, height = flowable.wrap(width, 20)
        flowable.drawOn(canvas, x, MARGIN - 2 * mm - 1.5 - (height - 10))

    def afterFlowable(self, flowable: Flowable) -> None:
        """Add a bookmark and a contents line for each heading; report progress."""
        if self._on_flowable is not None:
            self._on_flowable()
        if getattr(flowable, "_cocity_contents", False):
            self._contents_from = self.page
        found = getattr(flowable, "_cocity_heading", None)
        if found is None:
            return
        level, text = found
        if self._contents_from is not None and not self.contents_pages:
            self.contents_pages = self.page - self._contents_from
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if level <= 1:
            self.notify("TOCEntry", (level, markup(text), self.page, key))
