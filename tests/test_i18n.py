"""Translations: every user-facing string in the package has a Czech translation; plurals follow Czech rules."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from cocity_workshop.i18n import PoTranslations, catalogue, ngettext, normalise_language, use_language

PACKAGE = Path(__file__).resolve().parents[1] / "cocity_workshop"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    **{name: None for name in ("RuleViolation", "NotFound", "InvalidInput", "Conflict", "DomainError")},
    **{name: None for name in ("FileRefused", "FileLocked", "StorageError")},
}


def _source_messages() -> set[str]:
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if singular:
            found.add(singular)
    return found


def test_czech_catalogue_is_complete() -> None:
    """Every marked string of the package has a Czech translation."""
    czech = catalogue("cs")
    assert isinstance(czech, PoTranslations)
    missing = sorted(_source_messages() - czech.translated_ids())
    assert not missing, "untranslated: " + "; ".join(missing[:20])


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


def test_language_codes_are_normalised() -> None:
    """Locale spellings map to a supported language, English otherwise."""
    assert normalise_language("cs_CZ.UTF-8") == "cs"
    assert normalise_language("cs-CZ") == "cs"
    assert normalise_language("de") == "en"
    assert normalise_language(None) == "en"
