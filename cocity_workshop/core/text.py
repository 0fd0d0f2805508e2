"""Cleaning participant text before it is stored: NFC, no control, bidi-override or noncharacters, no towers of
combining marks, one kind of line break, length caps."""

from __future__ import annotations

import unicodedata

from cocity_workshop.core.errors import InvalidInput

TITLE_MAX = 140
DESCRIPTION_MAX = 2000
THEME_MAX = 60
NOTE_MAX = 500
NAME_MAX = 200
WEB_ADDRESS_MAX = 500

# Bidi embedding/override/isolate controls: they can reverse how surrounding text is shown.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_ALLOWED_CONTROLS = {"\n", "\t"}
#: Unicode's line and paragraph separators: a line break to anything that honours them, invisible elsewhere.
_SEPARATORS = {"\u2028", "\u2029"}

#: At most this many combining marks after one base character. Real scripts need few (Vietnamese two,
#: Arabic with full vowel marks three, Devanagari conjuncts put a base between marks); a title with 120
#: stacked marks paints far above and below its own line.
MAX_MARKS_PER_BASE = 4


def is_noncharacter(ch: str) -> bool:
    """Whether ``ch`` is one of Unicode's 66 noncharacters (U+FDD0..U+FDEF and the last two of each plane)."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _dropped(ch: str) -> bool:
    if ch in _BIDI_CONTROLS or is_noncharacter(ch):
        return True
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs")  # controls and lone surrogates (JSON can carry "\ud800")


def clean_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """Return ``value`` normalised for storage.

    Unicode NFC; control characters, lone surrogates, noncharacters and bidi overrides removed; line and
    paragraph separators (U+2028, U+2029) become newlines when ``multiline``, spaces otherwise (as newlines
    do); a run of combining marks is cut to ``MAX_MARKS_PER_BASE``; spaces trimmed at the ends; cut to
    ``max_length`` characters.
    """
    if not isinstance(value, str):
        raise InvalidInput("Text was expected.")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    marks = 0
    for ch in text:
        if ch in _SEPARATORS:
            ch = "\n"
        if ch in _ALLOWED_CONTROLS:
            kept.append(ch if multiline or ch == "\t" else " ")
            marks = 0
            continue
        if _dropped(ch):
            continue
        if unicodedata.category(ch).startswith("M"):
            marks += 1
            if marks > MAX_MARKS_PER_BASE:
                continue
        else:
            marks = 0
        kept.append(ch)
    return "".join(kept).strip()[:max_length]


def single_line(text: str) -> str:
    """``text`` as one line: every kind of line break a space, noncharacters gone (for titles written out
    from files saved before the cleaner knew them)."""
    kept = []
    for ch in text:
        if ch in _SEPARATORS or ch in "\n\r\v\f\x85":
            kept.append(" ")
        elif not is_noncharacter(ch):
            kept.append(ch)
    return "".join(kept).strip()


def required_text(value: str, *, max_length: int, what: str, multiline: bool = False) -> str:
    """Like ``clean_text`` but refuses an empty result; ``what`` names the field in the message."""
    text = clean_text(value, max_length=max_length, multiline=multiline)
    if not text:
        raise InvalidInput("{what} must not be empty.", what=what)
    return text


def web_address(value: str, *, max_length: int = WEB_ADDRESS_MAX) -> str:
    """``value`` as a stored web address: empty, or one address starting with http:// or https:// and a host
    name, without spaces; anything else is ``InvalidInput``."""
    text = clean_text(value, max_length=max_length + 1)
    if not text:
        return ""
    scheme, _sep, rest = text.partition("://")
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if (
        len(text) > max_length
        or scheme.lower() not in ("http", "https")
        or not host
        or any(ch.isspace() or ch in '<>"' for ch in text)
    ):
        raise InvalidInput("The web page must be one address starting with http:// or https://.")
    return text


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits (``str.isdigit`` also accepts "³", which ``int`` refuses)."""
    return text.isascii() and text.isdigit()
