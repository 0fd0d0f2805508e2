"""Layout: no heading alone at the foot of a page, in any shipped language's report of the demo."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from export_helpers import poppler

from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftohtml") is None, reason="needs poppler-utils")

#: Bold text this large (pdftohtml's pixels at its default zoom) is a heading or an idea's title.
HEADING_PIXELS = 15


def orphaned_headings(pdf: Path) -> list[tuple[int, str]]:
    """(page, text) of each page whose last line above the footer is a heading."""
    xml = poppler("pdftohtml", "-xml", "-stdout", "-i", "-q", str(pdf))
    sizes: dict[str, int] = {}
    found = []
    for page in re.finditer(r'<page number="(\d+)"[^>]*height="(\d+)"[^>]*>(.*?)</page>', xml, re.S):
        number, height, body = int(page.group(1)), int(page.group(2)), page.group(3)
        sizes |= {m.group(1): int(m.group(2)) for m in re.finditer(r'<fontspec id="(\d+)" size="(\d+)"', body)}
        lines = [
            (int(m.group(1)), m.group(2), m.group(3))
            for m in re.finditer(r'<text top="(\d+)"[^>]*font="(\d+)">(.*?)</text>', body)
            if int(m.group(1)) < height * 0.9  # above the footer
        ]
        if lines:
            _top, font, text = max(lines)
            if text.startswith("<b>") and sizes[font] >= HEADING_PIXELS:
                found.append((number, text))
    return found


@pytest.mark.parametrize("report", ["demo_report_cs", "demo_report_en"])
def test_no_heading_is_left_at_the_foot_of_a_page(report: str, request: pytest.FixtureRequest) -> None:
    assert orphaned_headings(request.getfixturevalue(report)) == []


@pytest.mark.parametrize("language", ["ar"])
def test_no_heading_is_left_alone_in_other_scripts(language: str, demo_file: Path, tmp_path: Path) -> None:
    """Longer or shorter text moves every page break; headings still stay with what follows."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        output = write_report(session, tmp_path / f"report-{language}.pdf", language)
    assert orphaned_headings(output) == []
