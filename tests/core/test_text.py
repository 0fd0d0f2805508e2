"""Participant text is normalised before storage."""

from __future__ import annotations

import unicodedata

import pytest

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.text import (
    MAX_MARKS_PER_BASE,
    TITLE_MAX,
    clean_text,
    is_noncharacter,
    is_plain_number,
    required_text,
    single_line,
)


def test_bidi_overrides_and_controls_are_removed_and_text_is_nfc() -> None:
    """Bidi overrides and control characters go; decomposed Czech letters become composed."""
    raw = "\u202eevil\u202c Plz" + "en\u030c\x00\x07"
    assert clean_text(raw, max_length=100) == "evil Plzeň"


def test_newlines_only_where_allowed_and_length_capped() -> None:
    """Single-line fields turn newlines into spaces; everything is capped."""
    assert clean_text("a\nb", max_length=10) == "a b"
    assert clean_text("a\r\nb", max_length=10, multiline=True) == "a\nb"
    assert clean_text("x" * 50, max_length=10) == "x" * 10


def test_required_text_refuses_blank() -> None:
    """Blank after cleaning is refused with a message naming the field."""
    with pytest.raises(InvalidInput, match="Title must not be empty"):
        required_text(" \u202e ", max_length=10, what="Title")


@pytest.mark.parametrize(
    ("text", "plain"), [("0", True), ("2026", True), ("", False), ("³", False), ("١٢", False), ("-1", False)]
)
def test_plain_numbers_are_ascii_digits_only(text: str, plain: bool) -> None:
    assert is_plain_number(text) is plain
    if plain:
        assert int(text) >= 0


def test_runs_of_combining_marks_are_capped_and_real_scripts_kept() -> None:
    """120 stacked marks become at most four per base; Vietnamese, Devanagari and vowelled Arabic stay whole."""
    tower = "q" + "\u0301\u0316\u0489" * 40 + "algo"
    cleaned = clean_text(tower, max_length=TITLE_MAX)
    assert cleaned[0] == "q" and cleaned[-4:] == "algo" and len(cleaned) == 1 + MAX_MARKS_PER_BASE + 4
    assert all(unicodedata.category(ch).startswith("M") for ch in cleaned[1:-4])
    for real in (
        "Tiếng Việt: người, được, những, nghiêng",
        "Ti\u00ea\u0301ng Vi\u00ea\u0323t",  # decomposed Vietnamese (NFC composes what it can)
        "हिन्दी में क्षेत्रीय स्त्री राष्ट्र",
        "ٱلْعَرَبِيَّةُ مُحَمَّدٌ",
        "keycap 1\ufe0f\u20e3 and 👩‍👩‍👧",
    ):
        assert clean_text(real, max_length=TITLE_MAX) == unicodedata.normalize("NFC", real)


def test_line_separators_and_noncharacters() -> None:
    """U+2028/U+2029 are spaces on one line and newlines in a text; noncharacters and lone surrogates go."""
    raw = "one\u2028two\u2029three \ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff\ud800end"
    assert clean_text(raw, max_length=100) == "one two three end"
    assert clean_text(raw, max_length=100, multiline=True) == "one\ntwo\nthree end"
    assert "\ufffd" in clean_text("replacement \ufffd stays", max_length=100)
    assert is_noncharacter("\ufdd5") and not is_noncharacter("\ufdcf") and not is_noncharacter("\ufffd")


def test_single_line_for_stored_titles() -> None:
    """A title saved before the cleaner knew separators is written out on one line."""
    assert single_line("a\u2028b\u2029c\nd\r\ne\ufffe") == "a b c d  e"
