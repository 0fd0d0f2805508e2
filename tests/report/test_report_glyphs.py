"""No boxes in the report: in every language, each glyph drawn comes from an embedded font that has it, and
each character of the text is one the shipped fonts cover (their cmap tables, read with fontTools)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from export_helpers import pdf_text
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from cocity_workshop.i18n import LANGUAGES
from cocity_workshop.report import write_report
from cocity_workshop.report.fonts import SANS, register_fonts
from cocity_workshop.session import WorkshopSession
from tests.font_coverage import uncovered
from tests.report.pdf_glyphs import boxes, shown_glyphs

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_draws_no_boxes(demo_file: Path, tmp_path: Path, language: str) -> None:
    """The Czech demo (with Korean, Chinese and Arabic ideas) reported in each language: no string on any
    page, footers and charts included, draws ``.notdef``, and pdftotext finds no character we lack."""
    pdf = tmp_path / f"report-{language}.pdf"
    with WorkshopSession.open(demo_file, readonly=True) as session:
        write_report(session, pdf, language)
    assert sum(len(s.glyphs) for s in shown_glyphs(pdf)) > 5000
    assert boxes(pdf) == []
    text = pdf_text(pdf)
    assert uncovered(text) == []
    # A glyph with no character of its own (Arabic kasra with shadda, one ligature) is read back as the
    # characters it was made from (report/text_layer.py), not as a private-use stand-in.
    assert re.findall("[\ue000-\uf8ff]", text) == []


def test_a_box_is_found(tmp_path: Path) -> None:
    """The check itself: Korean set in DejaVu Sans (which has no Hangul) is found as two boxes."""
    register_fonts()
    pdf = tmp_path / "boxes.pdf"
    SimpleDocTemplate(str(pdf)).build([Paragraph("Plzeň 청년", ParagraphStyle("plain", fontName=SANS))])
    assert len(boxes(pdf)) == 2
