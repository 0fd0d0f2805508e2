"""Participant text is normalised before storage."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.text import clean_text, is_plain_number, required_text


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
