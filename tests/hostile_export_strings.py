"""Hostile strings for the report and the bundle: reportlab markup, HTML, spreadsheet formulas, bidi tricks,
very long words, emoji and right-to-left and CJK scripts. Reusable by any test of an export.

``HOSTILE_EXPORT`` holds raw inputs; ``stored(text, max_length)`` is what the session keeps of them (NFC, no
control or bidi-override characters, trimmed, cut), which is what every export must show literally.
"""

from __future__ import annotations

from cocity_workshop.core.text import clean_text

LONG_WORD = "Supercalifragilistic" * 500  # 10,000 characters without a space

HOSTILE_EXPORT: tuple[str, ...] = (
    '<img src="/etc/passwd"/> look at this',
    "<img src='/etc/hostname' width='100' height='100'/>",
    '<font name="Courier" color="red" size="40">fake heading</font>',
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="file:///etc/passwd">read me</a> <br/> <para>nested</para>',
    "<b>unclosed bold",
    "close only</b> and <i>",
    "AT&T &amp; &#x41; &lt;escaped&gt; &nbsp;",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2) plus",
    "-2+3 minus",
    "@SUM(A1:A9) at",
    "\u202eevil.exe\u202c bidi override",
    "\u2066isolate\u2069 and \u200fRLM mark",
    LONG_WORD,
    "Emoji 🚲🌳👍😀 and ✔ ★",
    "مرحبا بالعالم في الورشة",
    "안녕하세요 도시 워크숍",
    "你好，城市工作坊",
    "Park / 공원 / حديقة / 公园",
    "{title} {0} %s %(name)s",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
    # What issue #14 found.
    '<img src="/dev/zero"> <img src=x onerror="alert(1)">',
    "Q" + "\u0301\u0316\u030b\u0317" * 30 + "ower tower of marks",
    "line\u2028separator\u2029and non\ufffecharacters\uffff",
)


def stored(text: str, max_length: int) -> str:
    """What the session stores for ``text`` in a field of ``max_length`` characters."""
    return clean_text(text, max_length=max_length)
