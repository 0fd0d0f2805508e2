"""Right-to-left layout: word order per line and line breaking in reading order."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from cocity_workshop.report.bidi import LTR, RTL, base_direction, break_lines, has_rtl, visual_order
from cocity_workshop.report.fonts import SANS, register_fonts, text_width

ARABIC = ["صندوق", "صغير", "لدعم", "مشاريع", "الشباب"]


def test_arabic_words_are_drawn_right_to_left() -> None:
    """An Arabic line's first word is drawn rightmost."""
    assert visual_order(ARABIC, RTL) == list(reversed(ARABIC))


def test_latin_inside_arabic_keeps_its_own_order() -> None:
    """A Latin phrase inside an Arabic sentence reads left to right, placed as one unit."""
    words = ["مرحبا", "Open", "Data", "بالعالم"]
    assert visual_order(words, RTL) == ["بالعالم", "Open", "Data", "مرحبا"]


def test_arabic_inside_latin_line_is_reversed_in_place() -> None:
    """In a left-to-right line, a run of Arabic words is reversed where it stands; neutrals between runs stay."""
    words = ["Clean", "air", "/", "هواء", "نظيف"]
    assert visual_order(words, LTR) == ["Clean", "air", "/", "نظيف", "هواء"]


def test_numbers_between_arabic_words_stay_in_the_arabic_run() -> None:
    """A number between Arabic words moves with them."""
    words = ["الحد", "30", "كم"]
    assert visual_order(words, RTL) == ["كم", "30", "الحد"]


def test_direction_detection() -> None:
    """The paragraph direction is that of the first strong letter."""
    assert base_direction("123 مرحبا hello") == RTL
    assert base_direction("hello مرحبا") == LTR
    assert base_direction("123 !") == LTR
    assert has_rtl("a ب") and not has_rtl("Příliš 你好")


def test_lines_fill_in_reading_order() -> None:
    """The first words of a long Arabic text are on the first line, each line then reordered."""
    text = " ".join(ARABIC * 3)
    lines = break_lines(text, 60, lambda s: 10.0 * len(s))
    assert len(lines) > 2
    logical_first_line = list(reversed(lines[0].words))
    assert logical_first_line == ARABIC[: len(logical_first_line)]
    assert all(10.0 * len(" ".join(line.words)) <= 60 or len(line.words) == 1 for line in lines)


def test_words_longer_than_a_line_are_cut() -> None:
    """A word wider than the line is cut into pieces that fit."""
    lines = break_lines("ب" * 50, 100, lambda s: 10.0 * len(s))
    assert [len(line.words[0]) for line in lines] == [10, 10, 10, 10, 10]


def test_a_word_within_the_cut_width_stays_whole() -> None:
    """A word a little wider than the filled line but within the cell gets a line of its own, uncut (an
    Arabic word cut in two loses its joining: the ranking's "المجموع" came out as "المجمو" and "ع")."""
    lines = break_lines("ب" * 11 + " ت", 100, lambda s: 10.0 * len(s), cut_width=120)
    assert [line.words for line in lines] == [("ب" * 11,), ("ت",)]
    assert len(break_lines("ب" * 13, 100, lambda s: 10.0 * len(s), cut_width=120)) == 2


def test_arabic_is_measured_shaped() -> None:
    """Joined Arabic letters are narrower than isolated ones: the measure is HarfBuzz's, Latin unchanged."""
    register_fonts()
    assert text_width("المجموع", 9) < 0.9 * stringWidth("المجموع", SANS, 9)
    assert text_width("Plzeň", 9) == stringWidth("Plzeň", SANS, 9)
