"""The report's hackathon section: challenges, criteria with weights, each challenge's ranking with the jurors
and conflicts counted, the mean per project and criterion, ties explained, awards with their reasons, and the
method; in English and Czech (decimal comma), participant text as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from export_helpers import comparable, pdf_text
from hackathon_workshop import make_judged_hackathon

from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _report(tmp_path: Path, language: str) -> Path:
    workshop = make_judged_hackathon(tmp_path / f"hack-{language}.cocity", language=language)
    with WorkshopSession.open(workshop) as session:
        return write_report(session, tmp_path / f"report-{language}.pdf", language)


def test_the_section_shows_the_ranking_the_means_the_awards_and_the_method(tmp_path: Path) -> None:
    """Hand-worked: Blue 85.56 first, Red 51.11 second; Oak judged by two jurors with one conflict; the award
    with its reason; the method explains missing scores. A page is rendered for a look."""
    pdf = _report(tmp_path, "en")
    text = comparable(pdf_text(pdf))
    section = text[text.index("Hackathon 2 challenges") :]
    assert "2 challenges · 4 teams · 12 members · 3 jurors" in section
    assert "Impact 2 1 to 5" in section and "Feasibility 1 0 to 10" in section
    assert "Cleaner air Set by Transport department Fewer cars near schools" in section
    assert "1 Blue plan Blue 85.56 3 0" in section and "2 Red plan Red 51.11 3 0" in section
    assert "Oak plan Oak" in section and " 2 1 " in section[section.index("Oak plan Oak") :][:40]
    assert "Blue plan 4.7 (3) 7.3 (3)" in section  # mean impact 14/3, feasibility 22/3
    assert "Jury prize: Blue plan, Blue Reason: Highest total in Cleaner air" in section
    assert "no zero and no average is filled in" in section
    assert "Jurors' scores were compared as follows: scores as given." in section
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    assert list(tmp_path.glob("page-*.png"))


def test_the_czech_report_writes_decimal_commas(tmp_path: Path) -> None:
    """In Czech the totals have a decimal comma, as the rest of the report's numbers."""
    text = comparable(pdf_text(_report(tmp_path, "cs")))
    assert "85,56" in text and "51,11" in text and "85.56" not in text
