"""How the groups voted: tables by group and age band, small groups hidden as in the bundle, one sentence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from export_helpers import comparable, make_group_workshop, pdf_text

from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _section(pdf: Path) -> str:
    text = comparable(pdf_text(pdf))
    start = text.rindex("How the groups voted")  # the heading, not its contents line
    return text[start : text.index("Action plan", start)]


def test_the_group_of_four_and_the_next_smallest_are_not_shown(tmp_path: Path) -> None:
    """Only the residents' column is printed; the youth club (4) and the traders (6) are named as not shown."""
    workshop = make_group_workshop(tmp_path / "groups.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        output = write_report(session, tmp_path / "groups.pdf", "en")
    section = _section(output)
    assert "By stakeholder group" in section and "By age band" not in section
    assert "Idea Residents All phones Voters 10 20" in section
    assert "Fewer than 5 voters, not shown on their own: Youth club." in section
    assert "Not shown, so that a smaller group cannot be worked out from the totals: Traders." in section
    # The residents' order (benches, trees, lights) is within a place of the room's (trees, benches, lights).
    assert "The groups shown ranked the top ideas much as the room did." in section
    assert "Youth club" not in section.replace("own: Youth club.", "")


def test_the_demo_reports_how_groups_and_age_bands_voted(demo_report_en: Path) -> None:
    """The English demo's NGO (4 people) is not shown in any round, and each round has both tables."""
    section = _section(demo_report_en)
    assert section.count("By stakeholder group") == 2 and section.count("By age band") == 2
    assert section.count("Fewer than 5 voters, not shown on their own: NGO.") == 2
    assert "How each group split its dots among the room's top ideas" in section
    assert "the room put it in place" in section or "much as the room did" in section


def test_czech_report_names_the_section_in_czech(demo_report_cs: Path) -> None:
    text = comparable(pdf_text(demo_report_cs))
    assert "How the groups voted" not in text and "By age band" not in text
