"""Translations: one gettext catalogue per language, shared by the CLI, the PDF, the phone page and the GUI.

English is the source language. A language's catalogue is every ``resources/locale/<lang>/LC_MESSAGES/*.po``
file merged (one file per part of the app: ``core.po``, ``server.po``, ``report.po``, ``gui.po``...). They are
read directly with Babel's ``.po`` reader (no compile step), so a source checkout, a wheel and a frozen app
behave the same. Plural rules, language names and writing direction come from CLDR through Babel
(decision 0026).
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import os
import re
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from cocity_workshop.resources import resource_path

#: Every language the app is written for, in the order menus list them (``en`` is the source).
SUPPORTED_LANGUAGES = ("en", "cs", "es", "fr", "ko", "zh_Hant", "ar")
DEFAULT_LANGUAGE = "en"


def _has_catalogue(language: str) -> bool:
    return language == DEFAULT_LANGUAGE or any(resource_path("locale", language, "LC_MESSAGES").glob("*.po"))


#: The languages offered: English and each supported language whose catalogue ships.
LANGUAGES = tuple(code for code in SUPPORTED_LANGUAGES if _has_catalogue(code))

_lock = threading.Lock()
_catalogues: dict[str, _gettext.NullTranslations] = {}
_current = threading.local()
_default_language = DEFAULT_LANGUAGE


def plural_rule(language: str) -> tuple[int, str]:
    """CLDR's gettext plural rule for ``language``: the number of forms and the C expression choosing one."""
    count, expression = get_plural(language)
    return count, expression


class PoTranslations(_gettext.NullTranslations):
    """A translation catalogue read straight from ``.po`` files (one per part of the app, merged).

    Plural forms are chosen by CLDR's rule for the language; ``header_plural_forms`` keeps what the files
    declare, so a test can check the two agree.
    """

    def __init__(self, language: str, paths: list[Path]) -> None:
        super().__init__()
        self.language = language
        self._messages: dict[str, str] = {}
        self._plurals: dict[str, list[str]] = {}
        self.plural_ids: dict[str, str] = {}
        self.plural_count, expression = plural_rule(language)
        self._plural_index: Callable[[int], int] = _gettext.c2py(expression)
        self.header_plural_forms: dict[str, str] = {}
        for path in paths:
            self._read(path)

    def _read(self, path: Path) -> None:
        with path.open("rb") as file:
            po = read_po(file, locale=self.language, ignore_obsolete=True)
        header = po.mime_headers
        self.header_plural_forms[path.name] = next((v for k, v in header if k.lower() == "plural-forms"), "")
        for message in po:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple | list):
                strings = message.string if isinstance(message.string, tuple | list) else [message.string]
                forms = [str(form or "") for form in strings]
                if forms and all(forms):
                    self._plurals[message.id[0]] = forms
                    self.plural_ids[message.id[0]] = message.id[1]
            elif message.string:
                self._messages[message.id] = str(message.string)

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if not forms:
            return msgid1 if n == 1 else msgid2
        return forms[min(self._plural_index(n), len(forms) - 1)]

    def translated_ids(self) -> set[str]:
        """Every source string this catalogue translates (used by the completeness test)."""
        return set(self._messages) | set(self._plurals)

    def translations(self) -> dict[str, str | list[str]]:
        """Every translation: msgid to msgstr, or to the list of plural forms (used by the catalogue tests)."""
        return {**self._messages, **self._plurals}


def catalogue(language: str) -> _gettext.NullTranslations:
    """Return the catalogue for ``language`` ("en", "cs", "zh_Hant"...), loading it once."""
    language = normalise_language(language)
    with _lock:
        if language not in _catalogues:
            folder = resource_path("locale", language, "LC_MESSAGES")
            paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
            _catalogues[language] = PoTranslations(language, paths) if paths else _gettext.NullTranslations()
        return _catalogues[language]


@cache
def _parse(spelling: str) -> str:
    text = spelling.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not text:
        return DEFAULT_LANGUAGE
    try:
        code = Locale.parse(text).language
    except (ValueError, UnknownLocaleError):
        code = text.split("_")[0].lower()
    if code == "zh":  # Traditional is the one Chinese we write; zh-CN readers still read it (decision 0026)
        code = "zh_Hant"
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def normalise_language(language: str | None) -> str:
    """Map a locale spelling ("cs_CZ.UTF-8", "zh-Hant-TW", "ar-MA", "es-419") to a supported language code.

    Unknown or unsupported languages give English.
    """
    if not language or len(language) > 40:
        return DEFAULT_LANGUAGE
    return _parse(language)


def preferred_language(spellings: str | None) -> str:
    """The first supported language of an ``Accept-Language`` header or ``navigator.languages`` list."""
    for part in (spellings or "")[:1000].split(","):
        code = part.split(";")[0].strip()
        if not code or code == "*":
            continue
        found = normalise_language(code)
        if found != DEFAULT_LANGUAGE or code.lower()[:2] == DEFAULT_LANGUAGE:
            return found
    return DEFAULT_LANGUAGE


@cache
def language_name(language: str) -> str:
    """The language's name in itself ("Čeština", "العربية", "繁體中文"), capitalised as a menu item."""
    locale = Locale.parse(language)
    name = locale.languages.get(language) or locale.get_display_name(language) or language
    return name[:1].upper() + name[1:]


@cache
def text_direction(language: str) -> str:
    """``"rtl"`` for a right-to-left language (Arabic), ``"ltr"`` otherwise."""
    code = language if language in SUPPORTED_LANGUAGES else normalise_language(language)
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def set_language(language: str | None) -> str:
    """Set the process-wide language (the CLI and GUI call this once); returns the code in use."""
    global _default_language
    _default_language = normalise_language(language)
    return _default_language


def system_language() -> str:
    """The language of the user's environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return normalise_language(value.split(":")[0])
    return DEFAULT_LANGUAGE


class use_language:
    """Temporarily translate into ``language`` on this thread (the report in Czech, a phone's reply)."""

    def __init__(self, language: str | None) -> None:
        self.language = normalise_language(language)
        self._previous: str | None = None

    def __enter__(self) -> str:
        self._previous = getattr(_current, "language", None)
        _current.language = self.language
        return self.language

    def __exit__(self, *exc: object) -> None:
        _current.language = self._previous


def current_language() -> str:
    """The language strings are translated into right now on this thread."""
    return getattr(_current, "language", None) or _default_language


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return catalogue(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count (CLDR's rule: Czech has three forms, Arabic six)."""
    return catalogue(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate later with ``_``)."""
    return message


def format_day(day: _dt.date, language: str | None = None) -> str:
    """A date as the language writes it (CLDR's long form: "14. listopadu 2026", "2026年11月14日")."""
    return dates.format_date(day, format="long", locale=normalise_language(language or current_language()))


def format_iso_day(text: str, language: str | None = None) -> str:
    """A date stored as ``YYYY-MM-DD`` written as the language writes dates; other text is returned as is."""
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        return text
    return format_day(day, language)


def format_clock(moment: _dt.datetime | _dt.time, language: str | None = None) -> str:
    """A time of day as the language writes it (CLDR's short form: "14:05", "2:05 PM", "오후 2:05")."""
    return dates.format_time(moment, format="short", locale=normalise_language(language or current_language()))


def format_moment(moment: _dt.datetime, language: str | None = None) -> str:
    """A date with its time of day as the language writes them (CLDR's short forms: "14.11.26 14:05")."""
    return dates.format_datetime(moment, format="short", locale=normalise_language(language or current_language()))


#: CLDR's ``minimumGroupingDigits`` where it is not 1: Spanish writes "1232" but "12.320". Babel does not read
#: it (browsers do, through ICU), so it is applied here.
_MINIMUM_GROUPING_DIGITS = {"es": 2}


def format_number(value: float, language: str | None = None) -> str:
    """A number with the language's separators ("12 345,5" in Czech, "12,345.5" in English, "1232" in Spanish)."""
    if isinstance(value, int) and 0 <= value < 1000:
        return str(value)  # what CLDR writes in each of our languages (Latin digits, no grouping): a fast path
    code = normalise_language(language or current_language())
    grouped = abs(value) >= 10 ** (2 + _MINIMUM_GROUPING_DIGITS.get(code, 1))
    return numbers.format_decimal(value, locale=code, group_separator=grouped)


def parse_count(text: str, language: str | None = None) -> int:
    """A whole number as ``format_number`` writes it or a person types it ("1 234", "1.234", "1234")."""
    return int(numbers.parse_number(text.strip(), locale=normalise_language(language or current_language())))


# Separators a person may type between the items of a list: the comma, the ideographic comma (、), the
# full-width comma (，), the Arabic comma (،) and the semicolon (also its full-width ； and Arabic ؛ forms).
_LIST_SEPARATORS = re.compile("[,、，،;；؛]")
# CLDR's Arabic list patterns all join with "و" (and); between freely typed items the Arabic comma is right.
_JOINER_OVERRIDES = {"ar": "، "}


def split_list(text: str) -> tuple[str, ...]:
    """The items of a list typed with any language's comma or a semicolon, trimmed, empty ones dropped."""
    return tuple(part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip())


def list_joiner(language: str | None = None) -> str:
    """The separator the language puts between list items (CLDR's list pattern: ", " or "、")."""
    code = normalise_language(language or current_language())
    if code in _JOINER_OVERRIDES:
        return _JOINER_OVERRIDES[code]
    pattern = Locale.parse(code).list_patterns["standard"]["start"]
    return pattern.replace("{0}", "").replace("{1}", "") or ", "


def join_list(items: tuple[str, ...] | list[str], language: str | None = None) -> str:
    """Items shown joined with the language's own list separator (``split_list`` reads it back)."""
    return list_joiner(language).join(items)
