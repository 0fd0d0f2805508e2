"""Translations: every user-facing string has a translation in every shipped language, with the same
placeholders and CLDR's plural forms; locale spellings map to the languages we have."""

from __future__ import annotations

import datetime as dt
import gettext
import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel import numbers
from babel.messages.extract import extract_from_dir

from cocity_workshop.i18n import (
    LANGUAGES,
    SUPPORTED_LANGUAGES,
    PoTranslations,
    catalogue,
    format_clock,
    format_day,
    format_iso_day,
    format_moment,
    format_number,
    language_name,
    ngettext,
    normalise_language,
    parse_count,
    plural_rule,
    preferred_language,
    text_direction,
    use_language,
)

PACKAGE = Path(__file__).resolve().parents[1] / "cocity_workshop"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    **{name: None for name in ("RuleViolation", "NotFound", "InvalidInput", "Conflict", "DomainError")},
    **{name: None for name in ("FileRefused", "FileLocked", "StorageError", "MergeRefused")},
}
TRANSLATED = [code for code in LANGUAGES if code != "en"]
#: Languages in another script than English: a msgstr equal to its English msgid is untranslated...
OTHER_SCRIPTS = {"ko", "zh_Hant", "ar"}
#: ...unless it is one of these names, codes and formats, which stay as they are.
SAME_IN_EVERY_LANGUAGE = {
    "CoCity Workshop",
    "Open Data Commons Open Database License (ODbL) 1.0",
    "Open Data Commons Public Domain Dedication and License (PDDL) 1.0",
    "Creative Commons CC0 1.0 Universal",
    "YYYY-MM-DD",
    "PDF (*.pdf)",
    "ZIP (*.zip)",
    "Nextcloud / WebDAV",
}


@cache
def _source_messages() -> frozenset[str]:
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            found.add(singular)
    return frozenset(found)


def _placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string (raises on a broken one, such as a lone brace)."""
    return {field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


def _po(language: str) -> PoTranslations:
    found = catalogue(language)
    assert isinstance(found, PoTranslations), f"{language} has no catalogue"
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete(language: str) -> None:
    """Every marked string of the package has a translation in every shipped language."""
    missing = sorted(_source_messages() - _po(language).translated_ids())
    assert not missing, f"{language} untranslated ({len(missing)}): " + "; ".join(missing[:20])


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_match(language: str) -> None:
    """Each translation keeps exactly the msgid's {placeholders}; each plural form uses only the source's."""
    po = _po(language)
    wrong = []
    for msgid, translation in po.translations().items():
        if isinstance(translation, str):
            if _placeholders(translation) != _placeholders(msgid):
                wrong.append(f"{msgid!r} -> {translation!r}")
            continue
        allowed = _placeholders(msgid) | _placeholders(po.plural_ids[msgid])
        if any(not _placeholders(form) <= allowed for form in translation):
            wrong.append(f"{msgid!r} -> {translation!r}")
        if _placeholders(translation[-1]) != _placeholders(po.plural_ids[msgid]):
            wrong.append(f"{msgid!r} (the 'other' form) -> {translation[-1]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_follow_cldr(language: str) -> None:
    """Every plural entry has CLDR's number of forms, and each file's Plural-Forms header is CLDR's rule."""
    po = _po(language)
    count, expression = plural_rule(language)
    cldr = gettext.c2py(expression)
    numbers = [*range(1200), *(k * 1_000_000 for k in range(1, 4))]
    for filename, header in po.header_plural_forms.items():
        match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=(.+?);?\s*", header)
        assert match, f"{language}/{filename}: no Plural-Forms header"
        declared = gettext.c2py(match.group(2))
        assert int(match.group(1)) == count, f"{language}/{filename}: nplurals should be {count}"
        assert [declared(n) for n in numbers] == [cldr(n) for n in numbers], f"{language}/{filename}: {header}"
    short = {msgid: len(forms) for msgid, forms in po.translations().items() if isinstance(forms, list)}
    assert all(n == count for n in short.values()), {k: n for k, n in short.items() if n != count}


@pytest.mark.parametrize("language", sorted(OTHER_SCRIPTS & set(TRANSLATED)))
def test_no_english_left_in_another_script(language: str) -> None:
    """In Korean, Chinese and Arabic a msgstr equal to its English msgid is untranslated (names excepted)."""
    left = [
        msgid
        for msgid, translation in _po(language).translations().items()
        if translation == msgid
        and re.search("[A-Za-z]{3}", re.sub(r"\{\w*\}", "", msgid))
        and msgid not in SAME_IN_EVERY_LANGUAGE
    ]
    assert not left, f"{language}: " + "; ".join(left[:20])


def test_cldr_plural_counts() -> None:
    """CLDR's rules: Czech has three forms, Arabic six, Korean and Chinese one, English two."""
    assert {code: plural_rule(code)[0] for code in ("cs", "ar", "ko", "zh_Hant", "en")} == {
        "cs": 3,
        "ar": 6,
        "ko": 1,
        "zh_Hant": 1,
        "en": 2,
    }


def test_czech_plural_forms() -> None:
    """1, 2-4 and 5+ take Czech's three forms."""
    with use_language("cs"):
        forms = [
            ngettext(
                "This ballot spends {spent} dots; each participant has {count}.",
                "This ballot spends {spent} dots; each participant has {count}.",
                n,
            ).format(spent=9, count=n)
            for n in (1, 3, 5)
        ]
    assert forms[0].endswith("1 tečku.") and forms[1].endswith("3 tečky.") and forms[2].endswith("5 teček.")


@pytest.mark.skipif("ar" not in LANGUAGES, reason="no Arabic catalogue")
def test_arabic_takes_its_six_forms() -> None:
    """Arabic picks its forms by CLDR's rule: 0, 1, 2, 3-10, 11-99 and 100+ each take their own form."""
    forms = _po("ar").translations()["{n} ballot"]
    with use_language("ar"):
        chosen = [ngettext("{n} ballot", "{n} ballots", n) for n in (0, 1, 2, 3, 11, 100, 103, 111)]
    assert chosen == [*forms, forms[3], forms[4]]


@pytest.mark.parametrize(
    ("spelling", "language"),
    [
        ("cs_CZ.UTF-8", "cs"),
        ("cs-CZ", "cs"),
        ("CS", "cs"),
        ("zh-TW", "zh_Hant"),
        ("zh-Hant-TW", "zh_Hant"),
        ("zh-HK", "zh_Hant"),
        ("zh_TW.UTF-8", "zh_Hant"),
        ("ar-MA", "ar"),
        ("es-419", "es"),
        ("fr-CA", "fr"),
        ("ko-KR", "ko"),
        ("en-GB", "en"),
    ],
)
def test_language_spellings_are_normalised(spelling: str, language: str) -> None:
    """Browser and OS spellings of a language map to its code."""
    if language not in LANGUAGES:
        pytest.skip(f"no {language} catalogue yet")
    assert normalise_language(spelling) == language


def test_unknown_languages_give_english() -> None:
    """Unsupported, empty, garbled and absurdly long spellings give English."""
    assert [normalise_language(s) for s in ("de", None, "", "C", "xx-YY", "{}", "a" * 500)] == ["en"] * 7


def test_preferred_language_takes_the_first_we_have() -> None:
    """An Accept-Language list picks the first language we translate into; English when it comes first."""
    assert preferred_language("de-DE,de;q=0.9,cs;q=0.8,en;q=0.5") == "cs"
    assert preferred_language("en-US,cs;q=0.5") == "en"
    assert preferred_language("de, *") == "en"
    assert preferred_language(None) == "en"


def test_languages_are_named_in_themselves() -> None:
    """Each language's name comes from CLDR, in that language, and Arabic alone writes right to left."""
    names = {code: language_name(code) for code in SUPPORTED_LANGUAGES}
    assert names == {
        "en": "English",
        "cs": "Čeština",
        "es": "Español",
        "fr": "Français",
        "ko": "한국어",
        "zh_Hant": "繁體中文",
        "ar": "العربية",
    }
    assert [code for code in SUPPORTED_LANGUAGES if text_direction(code) == "rtl"] == ["ar"]


def test_languages_offered_are_those_shipped() -> None:
    """English, Czech, and every supported language whose catalogue is in resources/locale."""
    assert LANGUAGES[:2] == ("en", "cs") and set(LANGUAGES) <= set(SUPPORTED_LANGUAGES)


def test_dates_times_and_numbers_follow_cldr() -> None:
    """Dates, times and numbers are written the language's way (CLDR through Babel), not one way for all."""
    day, moment = dt.date(2026, 11, 14), dt.datetime(2026, 11, 14, 14, 5)
    assert format_day(day, "en") == "November 14, 2026"
    assert format_day(day, "cs") == "14. listopadu 2026"
    assert format_day(day, "ko") == "2026년 11월 14일"
    assert format_day(day, "zh_Hant") == "2026年11月14日"
    assert format_day(day, "ar") == "14 نوفمبر 2026"
    assert [format_clock(moment, code) for code in ("en", "cs", "ko")] == ["2:05\u202fPM", "14:05", "오후 2:05"]
    assert [format_number(12345.5, code) for code in ("en", "cs", "es")] == ["12,345.5", "12\xa0345,5", "12.345,5"]
    with use_language("cs"):
        assert format_day(day) == "14. listopadu 2026"


def test_moments_iso_days_and_counts_follow_cldr() -> None:
    """A date with its time, a stored ``YYYY-MM-DD`` and counts the language's way; Spanish groups only from
    five digits (CLDR's minimumGroupingDigits, as browsers write it); counts read back as typed or shown."""
    moment = dt.datetime(2026, 11, 14, 14, 5)
    assert format_moment(moment, "cs") == "14.11.26 14:05"
    assert format_moment(moment, "ko") == "26. 11. 14. 오후 2:05"
    assert format_iso_day("2027-05-01", "en") == "May 1, 2027" and format_iso_day("soon", "en") == "soon"
    assert [format_number(1232, code) for code in ("en", "cs", "fr", "es")] == [
        "1,232",
        "1\xa0232",
        "1\u202f232",
        "1232",
    ]
    assert format_number(12320, "es") == "12.320"
    for code in LANGUAGES:  # the fast path for small counts writes what Babel writes
        assert all(format_number(n, code) == numbers.format_decimal(n, locale=code) for n in (0, 7, 42, 999))
    assert [parse_count(text, code) for text, code in (("1\xa0232", "cs"), ("1.232", "es"), ("1232", "en"))] == [
        1232
    ] * 3
    with pytest.raises(ValueError):
        parse_count("many", "en")
