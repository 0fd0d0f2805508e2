"""Editing the sync targets from the app: checking a target as typed, and what the dialogs show of one.

The settings dialog collects a ``TargetDraft`` (text as typed) and calls ``check_draft``: either a
``TargetSettings`` ready to save, or a plain message per field. ``settings_writing.save_changes`` then
writes the file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.http import is_loopback
from cocity_workshop.sync.schema import (
    KINDS,
    MAX_TIMEOUT,
    SECRET_KEYS,
    SETTINGS,
    TARGET_NAME,
    TARGET_TYPES,
    TIERS,
    keys_of_type,
)
from cocity_workshop.sync.settings import (
    SyncSettings,
    TargetSettings,
    parse_settings,
    settings_text,
)
from cocity_workshop.sync.targets import make_target
from cocity_workshop.sync.targets.email import recipients

#: The key of a problem with the target as a whole rather than one field.
WHOLE = ""
#: Settings that are whole numbers, numbers, or yes/no (from the schema); every other setting is text.
INTEGER_KEYS = keys_of_type("integer")
NUMBER_KEYS = keys_of_type("number")
FLAG_KEYS = keys_of_type("flag")
SECURITY_CHOICES = SETTINGS["security"].choices
_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+$")


def setting_keys(kind: str) -> tuple[str, ...]:
    """Every setting a target of type ``kind`` has, required ones first, in the order the file shows them."""
    return KINDS[kind].keys


def is_required(kind: str, key: str) -> bool:
    """Whether a target of type ``kind`` cannot do without ``key``."""
    return key in KINDS[kind].required


# -- checking a target as typed ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TargetDraft:
    """A target as typed into the settings dialog, before it is checked.

    ``values`` holds text as typed (``True``/``False`` for yes/no settings). A setting that is not in
    ``values`` keeps its saved value; an empty secret keeps the saved secret (the dialog never shows it).
    """

    name: str
    type: str
    tier: str = "city"
    enabled: bool = True
    values: Mapping[str, str | bool] = field(default_factory=dict)


@dataclass(frozen=True)
class DraftCheck:
    """What ``check_draft`` found: the target ready to save, or a problem per field (``WHOLE`` for the rest)."""

    target: TargetSettings | None
    problems: Mapping[str, SettingsError]

    @property
    def ok(self) -> bool:
        """Whether the draft can be saved."""
        return self.target is not None


def check_draft(
    draft: TargetDraft, *, taken_names: Collection[str] = (), saved: TargetSettings | None = None
) -> DraftCheck:
    """Check a target as typed and turn its text into settings.

    ``taken_names`` are the other targets' names; ``saved`` is the target as it is in the file when the
    draft edits one (its secrets and the settings the draft leaves out are kept).
    """
    problems: dict[str, SettingsError] = {}
    name = draft.name.strip()
    name_problem = _name_problem(name, taken_names)
    if name_problem is not None:
        problems["name"] = name_problem
    kind = draft.type
    if kind not in TARGET_TYPES:
        problems["type"] = SettingsError(N_("Choose what kind of place this is."))
        return DraftCheck(None, problems)
    if draft.tier not in TIERS:
        problems["tier"] = SettingsError(N_("Choose which bundle this target takes."))
    elif draft.tier not in KINDS[kind].tiers:
        problems["tier"] = SettingsError(N_("An open-data portal takes the public bundle only."))
    options = _options(draft, saved)
    for key in setting_keys(kind):
        value = options.get(key)
        if value in (None, "") and is_required(kind, key):
            problems[key] = SettingsError(N_("This is needed."))
            continue
        problem = _value_problem(key, value) if value not in (None, "") else None
        if problem is not None:
            problems[key] = problem
    if problems:
        return DraftCheck(None, problems)
    target = TargetSettings(name=name, type=kind, tier=draft.tier, enabled=draft.enabled, options=options)
    try:  # the parser has the last word: never offer to save what it would refuse
        parse_settings(settings_text(SyncSettings((target,))))
    except SettingsError as error:
        return DraftCheck(None, {WHOLE: error})
    return DraftCheck(target, {})


def _name_problem(name: str, taken_names: Collection[str]) -> SettingsError | None:
    if not name:
        return SettingsError(N_("Give the target a short name, such as usb-stick or city-cloud."))
    if not TARGET_NAME.match(name):
        return SettingsError(N_("Use only letters without accents, digits, '-' and '_' (no spaces)."))
    if name in taken_names:
        return SettingsError(N_("Another target is already called {name}."), name=name)
    return None


def _options(draft: TargetDraft, saved: TargetSettings | None) -> dict[str, Any]:
    """The draft's settings as values of the right type, with what it leaves out taken from ``saved``."""
    kind = draft.type
    kept = dict(saved.options) if saved is not None and saved.type == kind else {}
    options: dict[str, Any] = {}
    for key in setting_keys(kind):
        if key not in draft.values:
            if key in kept:
                options[key] = kept[key]
            continue
        raw = draft.values[key]
        if key in FLAG_KEYS:
            if raw is True:
                options[key] = True
            continue
        text = str(raw)
        if SETTINGS[key].strip:
            text = text.strip()
        if key in SECRET_KEYS and not text and kept.get(key):
            options[key] = kept[key]  # left empty: keep the saved secret
        elif text:
            options[key] = _typed(key, text)
    if kind == "email" and not options.get("username"):
        options.pop("password", None)  # no login: no password kept for nothing
    return options


def _typed(key: str, text: str) -> Any:
    """``text`` as the value the file keeps (a number for numbers that read as one; text otherwise)."""
    if key in INTEGER_KEYS:
        try:
            return int(text)
        except ValueError:
            return text
    if key in NUMBER_KEYS:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def _value_problem(key: str, value: Any) -> SettingsError | None:
    """What is wrong with one setting's value (``None`` when nothing is)."""
    if key == "url":
        return url_problem(str(value))
    if key == "path":
        return _folder_problem(str(value))
    if key == "ca_file":
        path = Path(str(value))
        if not path.is_absolute() or not path.is_file():
            return SettingsError(N_("There is no file at this path. Give the full path of the certificate file."))
    if key == "timeout" and (not isinstance(value, int | float) or not 0 < value <= MAX_TIMEOUT):
        return SettingsError(N_("Enter a number of seconds from 1 to {max}."), max=MAX_TIMEOUT)
    if key == "port" and (not isinstance(value, int) or not 0 < value < 65536):
        return SettingsError(N_("Enter a port number from 1 to 65535 (usually 587, or 465 with SSL)."))
    if key == "security" and value not in SECURITY_CHOICES:
        return SettingsError(N_("Choose STARTTLS or SSL."))
    if key == "host":
        return _host_problem(str(value))
    if key == "sender" and not is_address(str(value)):
        return SettingsError(N_("Enter one e-mail address, such as anna@example.org."))
    if key == "to":
        addresses = recipients(str(value))
        if not addresses or not all(is_address(a) for a in addresses):
            return SettingsError(N_("Enter e-mail addresses separated by commas, such as council@example.org."))
    return None


def url_problem(url: str) -> SettingsError | None:
    """What is wrong with the address of a WebDAV folder or a CKAN portal (``None`` when nothing is).

    The app sends passwords and tokens only over https, except to this computer (as ``HttpClient`` does).
    """
    if any(char.isspace() for char in url):
        return SettingsError(N_("A web address cannot contain spaces."))
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return SettingsError(N_("Enter a full web address starting with https://."))
    if parts.scheme.lower() != "https" and not is_loopback(parts.hostname):
        return SettingsError(
            N_("The app sends passwords and tokens only over an encrypted connection: use https:// here.")
        )
    return None


def _folder_problem(path: str) -> SettingsError | None:
    folder = Path(path).expanduser()
    if not folder.is_absolute():
        return SettingsError(N_("Give the full path of the folder, such as /media/anna/USB/Workshops."))
    if folder.exists() and not folder.is_dir():
        return SettingsError(N_("This is a file, not a folder."))
    return None


def _host_problem(host: str) -> SettingsError | None:
    if "://" in host or "/" in host or any(char.isspace() for char in host) or ":" in host.strip("[]"):
        return SettingsError(N_("Enter the server's name only, such as smtp.example.org (the port goes below)."))
    return None


def is_address(text: str) -> bool:
    """Whether ``text`` is one e-mail address (``anna@example.org`` or ``Anna <anna@example.org>``)."""
    _display, address = parseaddr(text)
    return bool(address) and _ADDRESS.match(address) is not None


# -- describing ----------------------------------------------------------------------------------------------
def describe_target(target: TargetSettings) -> str:
    """Where a target delivers, for people (a folder, a web address, e-mail addresses; never a secret)."""
    return make_target(target).describe()


def check_connection(target: TargetSettings) -> str:
    """Try a target's settings without delivering anything (the "Test connection" button).

    Returns what worked, in words; raises ``DeliveryError`` with a plain message when something does not.
    Blocks on the network for up to the target's timeout: run it off the GUI thread.
    """
    from cocity_workshop.sync.errors import DeliveryError

    try:
        return make_target(target).check()
    except DeliveryError as error:
        raise error.for_check() from None
