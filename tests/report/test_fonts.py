"""Font runs and escaping: each character goes to a font that has it; markup characters are escaped."""

from __future__ import annotations

from cocity_workshop.report.fonts import CJK, SANS, SYMBOLS, font_runs, markup
from cocity_workshop.report.text_layer import to_unicode_cmap


def test_runs_pick_a_font_that_has_the_characters() -> None:
    """Czech and Arabic stay in DejaVu, Korean and Chinese go to WenQuanYi, emoji to Symbola."""
    runs = font_runs("Plzeň 청년 مهرجان 青年 🚲")
    assert runs == [(SANS, "Plzeň "), (CJK, "청년 "), (SANS, "مهرجان "), (CJK, "青年 "), (SYMBOLS, "🚲")]


def test_markup_escapes_participant_text() -> None:
    """Tags and entities in participant text are escaped, so reportlab shows them instead of obeying them."""
    assert markup('<img src="/etc/passwd"/> & <b>') == '&lt;img src="/etc/passwd"/&gt; &amp; &lt;b&gt;'
    assert markup("<font name='x'>청</font>") == (
        "&lt;font name='x'&gt;" + f'<font name="{CJK}">청</font>' + "&lt;/font&gt;"
    )


def test_to_unicode_map_writes_astral_characters_as_surrogate_pairs() -> None:
    """Characters beyond U+FFFF map to UTF-16 pairs, so copied emoji are the right emoji."""
    cmap = to_unicode_cmap("F", [0x41, 0x1F6B2])
    assert "<00> <0041>" in cmap and "<01> <D83DDEB2>" in cmap
