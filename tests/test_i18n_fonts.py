"""No boxes: every character of every translation is drawn by a shipped font (the desktop app registers
them with Qt, the projector window uses them, the report embeds them), checked against the fonts' own
cmap tables."""

from __future__ import annotations

import pytest

from cocity_workshop.i18n import LANGUAGES, PoTranslations, catalogue, language_name
from tests.font_coverage import uncovered


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translated_character_has_a_shipped_glyph(language: str) -> None:
    """Each catalogue's msgstrs (all plural forms; for English, the msgids) and the language's own name
    need no system font."""
    texts = [language_name(language)]
    translations = catalogue("cs" if language == "en" else language)
    assert isinstance(translations, PoTranslations)
    if language == "en":
        texts.extend([*translations.translated_ids(), *translations.plural_ids.values()])
    else:
        for value in translations.translations().values():
            texts.extend([value] if isinstance(value, str) else value)
    assert len(texts) > 500
    assert uncovered("".join(texts)) == []


def test_a_missing_glyph_is_found() -> None:
    """The check itself: a character none of the shipped fonts has (a Cherokee letter, a Tibetan one) is
    reported, while Czech, Arabic, Korean, Chinese and an emoji are not."""
    assert uncovered("Ꭰ ༀ Plzeň مرحبا 청년 青年 🚲 \u200f\u2068x\u2069") == ["U+0F00 ༀ", "U+13A0 Ꭰ"]
