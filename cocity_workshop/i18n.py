"""Translations: one gettext catalogue per language, shared by the CLI, the PDF, the phone page and the GUI.

English is the source language. A language's catalogue is every ``resources/locale/<lang>/LC_MESSAGES/*.po``
file merged (one file per part of the app: ``core.po``, ``server.po``, ``report.po``, ``gui.po``...). They are
read directly (no compile step), so a source checkout, a wheel and a frozen app behave the same.
"""

from __future__ import annotations

import ast
import gettext as _gettext
import os
import threading
from collections.abc import Callable
from pathlib import Path

from cocity_workshop.resources import resource_path

LANGUAGES = ("en", "cs")
DEFAULT_LANGUAGE = "en"

_lock = threading.Lock()
_catalogues: dict[str, _gettext.NullTranslations] = {}
_current = threading.local()
_default_language = DEFAULT_LANGUAGE


class PoTranslations(_gettext.NullTranslations):
    """A translation catalogue read straight from ``.po`` files (one per part of the app, merged)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self._messages: dict[str, str] = {}
        self._plurals: dict[str, list[str]] = {}
        self._plural_rule: Callable[[int], int] = lambda n: int(n != 1)
        for path in paths:
            self._read_po(path.read_text(encoding="utf-8"))

    def _read_po(self, text: str) -> None:
        entries: list[dict[str, str]] = []
        entry: dict[str, str] = {}
        key = ""
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                if not line and entry:
                    entries.append(entry)
                    entry = {}
                continue
            if line.startswith('"'):
                entry[key] = entry.get(key, "") + ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            if key in entry:  # a new entry without a blank line between
                entries.append(entry)
                entry = {}
            entry[key] = ast.literal_eval(value.strip())
        if entry:
            entries.append(entry)
        for item in entries:
            msgid = item.get("msgid", "")
            if msgid == "":
                self._read_header(item.get("msgstr", ""))
            elif "msgid_plural" in item:
                forms = [item[k] for k in sorted(k for k in item if k.startswith("msgstr["))]
                if all(forms):
                    self._plurals[msgid] = forms
            elif item.get("msgstr"):
                self._messages[msgid] = item["msgstr"]

    def _read_header(self, header: str) -> None:
        for line in header.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "plural-forms":
                rule = value.split("plural=", 1)[1].rstrip(";").strip()
                self._plural_rule = _gettext.c2py(rule)

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        if not forms:
            return msgid1 if n == 1 else msgid2
        index = self._plural_rule(n)
        return forms[min(index, len(forms) - 1)]

    def translated_ids(self) -> set[str]:
        """Every source string this catalogue translates (used by the completeness test)."""
        return set(self._messages) | set(self._plurals)


def catalogue(language: str) -> _gettext.NullTranslations:
    """Return the catalogue for ``language`` ("en", "cs", ...), loading it once."""
    language = normalise_language(language)
    with _lock:
        if language not in _catalogues:
            folder = resource_path("locale", language, "LC_MESSAGES")
            paths = sorted(folder.glob("*.po")) if folder.is_dir() else []
            _catalogues[language] = PoTranslations(paths) if paths else _gettext.NullTranslations()
        return _catalogues[language]


def normalise_language(language: str | None) -> str:
    """Map "cs_CZ.UTF-8", "cs-CZ" or "CS" to a supported language code, English otherwise."""
    code = (language or "").replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


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
    """Translate a message that depends on a count (Czech has three forms)."""
    return catalogue(current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (translate later with ``_``)."""
    return message
