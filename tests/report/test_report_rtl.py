"""An Arabic report reads from the right: tables (the first column rightmost), the contents page (titles
shaped and flush right, page numbers at the left), the charts (titles right of bars that grow leftwards,
totals at the left) and the footer (page label at the left); its words are Arabic and whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from export_helpers import comparable, pdf_text
from PIL import Image

from cocity_workshop.i18n import LANGUAGES, _, use_language
from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
    pytest.mark.skipif("ar" not in LANGUAGES, reason="no Arabic catalogue"),
]

Word = tuple[float, float, float, str]  # xMin, yMin, xMax, text as pdftotext reads it (visual order)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>')
_PHONE_BLUE = (0x2F, 0x6F, 0xB0)


@pytest.fixture(scope="module")
def reports(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Czech demo reported in Arabic and in Czech."""
    folder = tmp_path_factory.mktemp("rtl")
    written = {}
    with WorkshopSession.open(demo_file, readonly=True) as session:
        for language in ("ar", "cs"):
            written[language] = write_report(session, folder / f"{language}.pdf", language)
    return written


def _words(pdf: Path, page: int | None = None) -> list[Word]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", *pages, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [(float(a), float(b), float(c), w) for a, b, c, w in _WORD.findall(out)]


def _logical(word: str) -> str:
    """An Arabic word as pdftotext gives it (shaped glyphs, left to right) read as letters, in order."""
    return comparable(word[::-1])


def _page_with(pdf: Path, text: str) -> int:
    pages = pdf_text(pdf).split("\f")
    return next(n for n, page in enumerate(pages, start=1) if text in comparable(page))


def _in_arabic(message: str) -> str:
    with use_language("ar"):
        return _(message)


def test_arabic_tables_run_right_to_left(reports: dict[str, Path]) -> None:
    """In the agenda table the "#" column is at the right edge and each phase's title to its left; in
    Czech the same table starts at the left. Headers are whole words, not cut in two."""
    positions = {}
    for language, pdf in reports.items():
        words = _words(pdf)
        first_phase = next((x, y) for x, y, _x2, w in words if w == "Přivítání")
        number = next(x for x, y, _x2, w in words if w == "1" and abs(y - first_phase[1]) < 2)
        positions[language] = (number, first_phase[0])
    assert positions["ar"][0] > positions["ar"][1], "Arabic: the row number sits right of the phase"
    assert positions["cs"][0] < positions["cs"][1], "Czech: the row number sits left of the phase"
    logical = {_logical(w) for _x, _y, _x2, w in _words(reports["ar"])}
    for header in ("Rank", "Phone", "Paper", "Total"):
        word = _in_arabic(header)
        assert word in logical and not {word[:cut] for cut in range(3, len(word))} & logical, f"{word} was cut"


def test_arabic_contents_are_shaped_flush_right_with_numbers_at_the_left(reports: dict[str, Path]) -> None:
    """Each contents line's Arabic title is joined (presentation forms) and ends at the right margin; its
    page number is at the left margin. In Czech the numbers are at the right."""
    for language, pdf in reports.items():
        heading = _in_arabic("Contents") if language == "ar" else "Obsah"
        page = _page_with(pdf, heading)
        words = _words(pdf, page)
        summary = _in_arabic("Summary") if language == "ar" else "Shrnutí"
        title = next(w for w in words if (_logical(w[3]) if language == "ar" else w[3]) == summary)
        number = next(w for w in words if re.fullmatch(r"\d+", w[3]) and abs(w[1] - title[1]) < 2)
        if language == "ar":
            assert any(0xFE70 <= ord(c) <= 0xFEFF for c in title[3]), "the title is shaped (joined letters)"
            assert title[2] > 520 and number[0] < 75, (title, number)
        else:
            assert title[0] < 75 and number[2] > 520, (title, number)


def test_arabic_chart_is_mirrored(reports: dict[str, Path], tmp_path: Path) -> None:
    """In the first round's chart the top idea's title is right of its bar and its total left of both; the
    bar ends at the title. In Czech: title, bar, total from the left."""
    for language, pdf in reports.items():
        legend = _in_arabic("dots from phones") if language == "ar" else "tečky z telefonů"
        page = _page_with(pdf, legend)
        words = _words(pdf, page)
        title = next(w for w in words if w[3] == "Levný")
        row = [w for w in words if abs(w[1] - title[1]) < 2]
        total = next(w for w in row if w[3] == "21")
        subprocess.run(
            ["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-png", str(pdf), str(tmp_path / language)],
            check=True,
        )
        image = Image.open(next(tmp_path.glob(f"{language}*.png"))).convert("RGB")
        y = int(title[1]) + 4
        blue = [x for x in range(image.width) if _near(image.getpixel((x, y)), _PHONE_BLUE)]
        assert blue, "the top idea's bar is on its title's line"
        if language == "ar":
            assert total[2] < min(blue) and max(blue) < title[0], (total, blue[0], blue[-1], title)
        else:
            assert max(w[2] for w in row if w[3] != "21") < min(blue) and max(blue) < total[0]


def test_arabic_footer_has_the_page_label_at_the_left(reports: dict[str, Path]) -> None:
    """Page 3's footer: in Arabic the page label ("الصفحة 3 من 14") is at the left and the title at the right."""
    for language, pdf in reports.items():
        footer = [w for w in _words(pdf, 3) if w[1] > 780]
        title = next(w for w in footer if w[3] == "Mladí")
        label = next(w for w in footer if w[3] == "3")
        assert (label[0] < title[0]) == (language == "ar"), footer


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 24 for a, b in zip(pixel, colour, strict=False))


def test_arabic_text_layer_has_no_private_use_characters(reports: dict[str, Path]) -> None:
    """A shadda with its vowel is drawn as one glyph that has no character of its own: the text layer maps
    it back to both marks, so the glossary's «الميسِّر» is found by search and read aloud whole (reportlab
    alone gave U+E000 in its place)."""
    text = pdf_text(reports["ar"])
    assert [hex(ord(c)) for c in text if 0xE000 <= ord(c) <= 0xF8FF] == []
    assert "\u0650\u0651" in text or "\u0651\u0650" in text  # kasra and shadda, from the one glyph
