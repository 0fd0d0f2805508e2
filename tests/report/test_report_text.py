"""Paragraphs in any script: right-to-left lines in the PDF end at the right margin (checked with pdftotext)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from cocity_workshop.report.document import make_styles
from cocity_workshop.report.fonts import register_fonts
from cocity_workshop.report.text import rich

ARABIC = (
    "نقترح إنشاء حديقة مجتمعية صغيرة بجوار المدرسة Plzeň 2026 حتى يتمكن الأطفال وكبار السن من زراعة الخضروات "
    "معا والتعلم من بعضهم البعض في أيام العطل مع فريق CoCity"
)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')


def _line_edges(pdf: Path) -> list[tuple[float, float]]:
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [(float(a), float(b)) for a, b in _LINE.findall(layout.stdout)]


def test_arabic_lines_end_at_the_right_margin_and_latin_starts_at_the_left(tmp_path: Path) -> None:
    """Each line of a wrapped Arabic paragraph (with Latin words and digits in it) is flush right."""
    register_fonts()
    styles = make_styles()
    pdf = tmp_path / "rtl.pdf"
    doc = SimpleDocTemplate(str(pdf), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    doc.build([rich(ARABIC, styles.body), rich("A Latin paragraph for comparison.", styles.body)])
    padding = 6  # a frame's default padding on each side
    left, right = 20 * mm + padding, A4[0] - 20 * mm - padding
    edges = _line_edges(pdf)
    arabic, latin = edges[:-1], edges[-1]
    assert len(arabic) >= 2, "the Arabic paragraph should wrap"
    for x_min, x_max in arabic:
        assert abs(x_max - right) < 0.5, f"an Arabic line ends at {x_max:.1f}, the margin is at {right:.1f}"
        assert x_min > left
    assert abs(latin[0] - left) < 0.5
