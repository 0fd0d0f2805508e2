"""Layout: no heading alone at the foot of a page, in any shipped language's report of the demo."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from export_helpers import poppler

from cocity_workshop.bundle import public_data_hashes
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


def test_no_file_name_is_broken_in_the_hash_table(demo_file: Path, tmp_path: Path) -> None:
    """The integrity table gives each data file's whole name on the line of its SHA-256."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        snapshot = session.snapshot()
    hashes = public_data_hashes(snapshot, "cs")
    assert "decidim-proposals.json" in hashes
    output = write_report(snapshot, tmp_path / "hashes.pdf", "cs", data_hashes=hashes)
    lines = poppler("pdftotext", "-layout", str(output), "-").splitlines()
    for name, digest in hashes.items():
        assert any(line.split() == [name, digest] for line in lines), name


def test_the_agenda_says_in_which_phase_each_round_ran(demo_report_en: Path) -> None:
    """The demo's rounds ran in its Vote phase, and the agenda page says so with their times."""
    text = " ".join(poppler("pdftotext", str(demo_report_en), "-").split())
    assert re.search(r"Vote round “Long list” ran from \S+ [AP]M to \S+ [AP]M, during the phase “Vote”\.", text)
    assert re.search(r"Vote round “Short list” ran from \S+ [AP]M to \S+ [AP]M, during the phase “Vote”\.", text)
