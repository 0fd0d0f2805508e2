"""Hostile strings: markup, scripts, formulas, bidi tricks, odd Unicode. Each must come out as the same visible text.

``HOSTILE`` holds the raw inputs; ``expected_visible(s)`` is what a participant should see after the
session cleaned it (NFC, no control or bidi-override characters, trimmed), so tests compare like with like.
"""

from __future__ import annotations

from cocity_workshop.core.text import TITLE_MAX, clean_text

HOSTILE: tuple[str, ...] = (
    "<b>bold</b> & <i>italic</i>",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='https://evil.example'>click me</a>",
    "&lt;escaped&gt; &amp; &#x41;",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1 and -2 and @SUM(A1)",
    "line one\nline two",
    "\u202etxt.exe\u202c reversed",
    "Zero\u200bwidth and \ufeffBOM",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
    "مرحبا بالعالم (Arabic, right to left)",
    "城市工作坊 도시 워크숍",
    "emoji 🚲🌳👩‍👩‍👧",
    "{title} {0} %s %(name)s",
    "' OR 1=1; DROP TABLE ideas; --",
    "../../etc/passwd",
    "x" * 300,
    # What issue #14 found: Qt's rich-text tooltips, towers of combining marks, separators, noncharacters.
    '<img src="/dev/zero">',
    '<img src="x" width="30000" height="30000">',
    '<font size="40" color="red">big</font> <style>*{font-size:300px}</style>',
    "Q" + "\u0301\u0316\u030b\u0317" * 30 + "ower",
    "one\u2028two\u2029three",
    "non\ufffe\uffff\ufdd0characters\U0010ffff",
    "Tiếng Việt, हिन्दी क्षेत्रीय, ٱلْعَرَبِيَّةُ",
)


def expected_visible(text: str, max_length: int = TITLE_MAX) -> str:
    """What the session stores (and every widget must show) for ``text`` used as a title."""
    return clean_text(text, max_length=max_length)
