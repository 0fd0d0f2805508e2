"""The PDF report: idea titles readable in the text, fonts embedded, structure, languages, photos, hostile text."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from export_helpers import comparable, copy_workshop, jpeg, make_hostile_workshop, pdf_text, poppler, without_spaces
from hostile_export_strings import HOSTILE_EXPORT, stored

from cocity_workshop.core.text import MAX_MARKS_PER_BASE
from cocity_workshop.report import render_report, write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _public_titles(workshop: Path) -> list[str]:
    with WorkshopSession.open(workshop, readonly=True) as session:
        return [i.title for i in session.snapshot().public_ideas()]


@pytest.mark.parametrize(("report", "workshop"), [("demo_report_cs", "demo_file"), ("demo_report_en", "demo_file_en")])
def test_every_visible_idea_title_is_in_the_text(report: str, workshop: str, request: pytest.FixtureRequest) -> None:
    """pdftotext finds each visible idea's title, Czech, Korean, Chinese and Arabic included."""
    text = comparable(pdf_text(request.getfixturevalue(report)))
    titles = _public_titles(request.getfixturevalue(workshop))
    scripts = {
        "korean": r"[\uac00-\ud7af]",
        "chinese": r"[\u4e00-\u9fff]",
        "arabic": r"[\u0600-\u06ff]",
        "czech": r"[ěščřžůťďň]",
    }
    for name, pattern in scripts.items():
        if name == "czech" and report.endswith("_en"):
            continue
        assert any(re.search(pattern, t) for t in titles), f"the demo has no {name} title to check"
    missing = [t for t in titles if comparable(t) not in text]
    assert not missing


def test_hidden_ideas_are_not_in_the_report(demo_file: Path, demo_report_cs: Path) -> None:
    """An idea the facilitator hid (it held a phone number) is not printed."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        hidden = [i.title for i in session.snapshot().ideas if i.status.value == "hidden"]
    assert hidden
    text = comparable(pdf_text(demo_report_cs))
    assert all(comparable(t) not in text for t in hidden)


@pytest.mark.parametrize("report", ["demo_report_cs", "demo_report_en"])
def test_only_embedded_fonts(report: str, request: pytest.FixtureRequest) -> None:
    """pdffonts lists only embedded subsets of the shipped fonts (no Helvetica, nothing left to the viewer)."""
    lines = poppler("pdffonts", str(request.getfixturevalue(report))).splitlines()[2:]
    assert lines
    names = []
    for line in lines:
        columns = line.split()
        emb = columns[-5]
        assert emb == "yes", line
        names.append(columns[0].split("+")[-1])
    assert {"DejaVuSans", "DejaVuSans-Bold", "WenQuanYiMicroHei-0"} <= set(names)


def test_metadata_title_author_and_language(demo_report_cs: Path) -> None:
    """The document's title, author and language (/Lang) are set."""
    info = poppler("pdfinfo", str(demo_report_cs))
    assert "Title:           Mladí podnikatelé pro Plzeň: zpráva o výsledcích" in info
    assert "Author:          Odbor koncepce a rozvoje města Plzně" in info
    assert b"/Lang (cs)" in demo_report_cs.read_bytes()


def test_bookmarks_follow_the_sections(demo_report_cs: Path) -> None:
    """The PDF outline has the sections, with clusters, rounds and actions below them."""
    xml = poppler("pdftohtml", "-xml", "-stdout", "-i", "-q", str(demo_report_cs))
    outline = xml[xml.index("<outline>") :]
    items = re.findall(r"<item page=\"(\d+)\">([^<]*)</item>", outline)
    titles = [t for _, t in items]
    for section in ("Shrnutí", "Nápady", "Hlasování", "Akční plán", "Ochrana údajů", "Metoda", "Neporušenost"):
        assert section in titles
    assert "Prostory a coworking" in titles  # a cluster
    pages = [int(p) for p, _ in items]
    assert pages == sorted(pages)


def test_contents_and_page_numbers(demo_report_cs: Path) -> None:
    """Page 2 is the table of contents; later pages say "page X of Y" in the report's language."""
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(demo_report_cs))).group(1))
    contents = pdf_text(demo_report_cs, 2)
    assert "Obsah" in contents and "Hlasování" in contents
    assert f"strana 3 z {pages}" in pdf_text(demo_report_cs, 3)


def test_english_report_sections_and_method(demo_report_en: Path) -> None:
    """The English report carries every section of the issue in English."""
    text = comparable(pdf_text(demo_report_en))
    for phrase in (
        "Outcome report",
        "Summary",
        "The agenda as it ran",
        "Origin: paper",
        "Voting",
        "Ranking",
        "dots from phones",
        "Action plan",
        "Going official",
        "What was not collected",
        "Method",
        "fewer than 5",
        "Integrity",
        "cocity-workshop verify bundle.zip",
    ):
        assert phrase in text, phrase


def test_report_in_czech_has_no_english_section_names(demo_report_cs: Path) -> None:
    """A Czech report is Czech throughout: no English section or table headings."""
    text = comparable(pdf_text(demo_report_cs))
    for english in ("Summary", "Voting", "Action plan", "Ranking", "Data protection", "page 3 of"):
        assert english not in text
    assert "méně než 5" in text and "Původ: telefon" in text


def test_integrity_section_prints_the_fingerprint(demo_file: Path, demo_report_cs: Path) -> None:
    """The action log's head hash is printed in the report."""
    with WorkshopSession.open(demo_file, readonly=True) as session:
        head = session.fingerprint()
    assert head in pdf_text(demo_report_cs).replace("\n", "")


def test_photos_are_embedded_and_nothing_else(demo_file: Path, tmp_path: Path) -> None:
    """Photos attached to ideas are in the report; pdfimages lists exactly those."""
    workshop = copy_workshop(demo_file, tmp_path)
    with WorkshopSession.open(workshop) as session:
        idea = session.public_ideas()[0]
        session.add_photo(idea.id, "image/jpeg", jpeg(1600, 1200, (200, 60, 40)), 1600, 1200)
        session.add_photo(idea.id, "image/jpeg", jpeg(300, 500, (40, 120, 200)), 300, 500)
        output = write_report(session, tmp_path / "photos.pdf", "en")
    images = poppler("pdfimages", "-list", str(output)).splitlines()[2:]
    assert len(images) == 2
    widths = sorted(int(line.split()[3]) for line in images)
    assert widths == [300, 900]  # the large photo was scaled down before embedding


def _letters(text: str) -> str:
    return "".join(c for c in comparable(text) if unicodedata.category(c) != "Mn")


def test_hostile_text_is_printed_literally(tmp_path: Path) -> None:
    """Markup, formulas, bidi tricks, emoji and long words come out as the same visible text, no image pulled in."""
    workshop = make_hostile_workshop(tmp_path / "hostile.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        output = write_report(session, tmp_path / "hostile.pdf", "en", allow_personal_data=True)
        titles = [i.title for i in session.snapshot().public_ideas()]
    text = pdf_text(output)
    squeezed = without_spaces(text)
    for raw in HOSTILE_EXPORT:
        expected = stored(raw, 140)
        assert expected in titles
        if any(unicodedata.category(c) == "Mn" for c in expected):
            # The capped tower of marks: pdftotext gives back 3 of the 4 stacked marks, so the letters are
            # compared, and no run of marks in the PDF is longer than the cleaner lets through.
            assert _letters(expected) in _letters(text), expected
            assert max(len(run) for run in re.findall(r"[\u0300-\u036f]+", text)) <= MAX_MARKS_PER_BASE
        elif len(expected) < 100:
            assert comparable(expected) in comparable(text) or without_spaces(expected) in squeezed, expected
        else:  # a word longer than a line is broken across lines
            assert without_spaces(expected) in squeezed
    assert '<img src="/etc/passwd"/> look at this' in text
    assert "=cmd|' /C calc'!A0" in text
    assert "\U0001f6b2\U0001f333\U0001f44d\U0001f600" in text  # emoji extract as themselves
    assert poppler("pdfimages", "-list", str(output)).splitlines()[2:] == []


def test_write_report_replaces_the_file_atomically(demo_file_en: Path, tmp_path: Path) -> None:
    """An existing report is replaced whole; no temporary file is left behind."""
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        snapshot = session.snapshot()
    write_report(snapshot, target, "en")
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_progress_reaches_the_end(demo_file_en: Path) -> None:
    """The progress callback gets rising fractions and finishes at 1."""
    seen: list[float] = []
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        data = render_report(session.snapshot(), "en", progress=lambda fraction, message: seen.append(fraction))
    assert data.startswith(b"%PDF-")
    assert seen[0] < 0.5 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_data_hashes_are_listed(demo_file_en: Path, tmp_path: Path) -> None:
    """Hashes handed in (by the bundle) are printed in the integrity section."""
    digest = "ab" * 32
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        path = write_report(session.snapshot(), tmp_path / "r.pdf", "en", data_hashes={"results.csv": digest})
    text = pdf_text(path)
    assert "results.csv" in text and digest in text


def test_report_names_the_data_licence(demo_file: Path, demo_report_en: Path, tmp_path: Path) -> None:
    """Where the report says what is published, it names the workshop's licence and its URL, in its language."""
    english = comparable(pdf_text(demo_report_en))
    assert (
        "This report and the data bundle are published under Creative Commons Attribution 4.0 International; "
        "its terms: https://creativecommons.org/licenses/by/4.0/" in english
    )
    workshop = copy_workshop(demo_file, tmp_path)
    with WorkshopSession.open(workshop) as session:
        session.update_workshop(data_licence="CC-BY-SA-4.0")
        output = write_report(session, tmp_path / "by-sa.pdf", "cs")
    czech = comparable(pdf_text(output))
    assert (
        "pod licencí Creative Commons Uveďte původ-Zachovejte licenci 4.0 Mezinárodní; "
        "její podmínky: https://creativecommons.org/licenses/by-sa/4.0/" in czech
    )
