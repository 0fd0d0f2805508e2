"""The report's first page gives the outcome; a short report has no contents page, a long one has."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from export_helpers import comparable, pdf_text, poppler

from cocity_workshop.core.model import GoOfficialKind
from cocity_workshop.core.rounds import deciding_round
from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pages(pdf: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(pdf))).group(1))


@pytest.mark.parametrize(("report", "workshop"), [("demo_report_cs", "demo_file"), ("demo_report_en", "demo_file_en")])
def test_first_page_gives_the_outcome(report: str, workshop: str, request: pytest.FixtureRequest) -> None:
    """Page 1 names the question, the deciding round's top idea, the first action and owner, the council's asks."""
    with WorkshopSession.open(request.getfixturevalue(workshop), readonly=True) as session:
        snapshot = session.snapshot()
    vote_round = deciding_round(snapshot.rounds)
    assert vote_round is not None
    top = snapshot.tally(vote_round).ideas[0]
    top_title = next(i.title for i in snapshot.ideas if i.id == top.idea_id)
    first_action = min(snapshot.actions, key=lambda a: (a.position, a.id))
    asks = [g.text for a in snapshot.actions for g in a.go_official if g.kind is GoOfficialKind.COUNCIL_ACT]
    page_one = comparable(pdf_text(request.getfixturevalue(report), 1))
    assert comparable(snapshot.workshop.challenge) in page_one
    assert comparable(top_title) in page_one
    assert comparable(first_action.title) in page_one and comparable(first_action.owner) in page_one
    assert comparable(first_action.milestones[0].title) in page_one
    assert asks and all(comparable(ask) in page_one for ask in asks)
    assert f" {top.total} " in f" {page_one} "
    assert f" {len(snapshot.participants)} " in page_one


def test_first_page_in_english_says_what_it_shows(demo_report_en: Path) -> None:
    """The first page's headings, in the report's language."""
    page_one = comparable(pdf_text(demo_report_en, 1))
    for phrase in ("What the room was asked", "Taking part", "The top ideas of", "Agreed actions", "First milestone"):
        assert phrase in page_one, phrase
    assert "What the council is asked to decide" in page_one
    assert "from paper" in page_one and "from the floor" in page_one and "counted on paper charts" in page_one


def test_a_long_report_has_contents_with_page_numbers(demo_report_en: Path) -> None:
    """Over 8 pages: page 2 lists the sections with the page each starts on (as the footers number them)."""
    contents = pdf_text(demo_report_en, 2)
    assert "Contents" in contents
    voting_page = int(re.search(r"Voting[ .]+(\d+)", contents).group(1))
    assert "Voting" in pdf_text(demo_report_en, voting_page)
    assert f"page {voting_page} of {_pages(demo_report_en)}" in pdf_text(demo_report_en, voting_page)


def test_a_short_report_has_no_contents_and_right_page_numbers(tmp_path: Path) -> None:
    """Eight pages or fewer: no contents page, and the footers count the pages there are."""
    path = tmp_path / "small.cocity"
    with WorkshopSession.create(path, title="Small workshop", language="en") as session:
        session.update_workshop(challenge="Where should the new bench go?")
        for title in ("By the fountain", "Under the lime tree", "Next to the bus stop"):
            session.add_idea(title)
        output = write_report(session, tmp_path / "small.pdf", "en")
    pages = _pages(output)
    assert pages <= 8
    text = pdf_text(output)
    assert "Contents" not in text
    assert "Where should the new bench go?" in pdf_text(output, 1)
    assert "No vote round was held." in pdf_text(output, 1)
    assert f"page {pages} of {pages}" in pdf_text(output, pages)
    assert "Summary" in pdf_text(output, 2)
