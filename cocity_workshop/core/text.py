"""Cleaning participant text before it is stored: NFC, no control or bidi-override characters, length caps."""

from __future__ import annotations

import unicodedata

from cocity_workshop.core.errors import InvalidInput

TITLE_MAX = 140
DESCRIPTION_MAX = 2000
THEME_MAX = 60
NOTE_MAX = 500
NAME_MAX = 200

# Bidi embedding/override/isolate controls: they can reverse how surrounding text is shown.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """Return ``value`` normalised for storage.

    Unicode NFC; control characters and bidi overrides removed (newlines kept when ``multiline``);
    runs of spaces trimmed at the ends; cut to ``max_length`` characters.
    """
    if not isinstance(value, str):
        raise InvalidInput("Text was expected.")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in text:
        if ch in _BIDI_CONTROLS:
            continue
        if ch in _ALLOWED_CONTROLS:
            kept.append(ch if multiline or ch == "\t" else " ")
            continue
        if unicodedata.category(ch) == "Cc":
            continue
        kept.append(ch)
    return "".join(kept).strip()[:max_length]


def required_text(value: str, *, max_length: int, what: str, multiline: bool = False) -> str:
    """Like ``clean_text`` but refuses an empty result; ``what`` names the field in the message."""
    text = clean_text(value, max_length=max_length, multiline=multiline)
    if not text:
        raise InvalidInput("{what} must not be empty.", what=what)
    return text


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits (``str.isdigit`` also accepts "³", which ``int`` refuses)."""
    return text.isascii() and text.isdigit()
