"""Editing the sync targets from the app: checking a target as typed, and writing ``sync.toml`` back.

The settings dialog collects a ``TargetDraft`` (text as typed) and calls ``check_draft``: either a
``TargetSettings`` ready to save, or a plain message per field. ``save_changes`` then writes the file:

- atomically and readable by its owner only (mode 0600), like ``save_settings``: secrets live only there;
- against the file as it is on disk at that moment, so a target edited by hand meanwhile is kept;
- in place: comments, the order of the file and anything the app does not know about (other tables, keys
  it ignores) stay as they were; only the lines of the targets that changed are rewritten, and a changed
  value keeps the comment at the end of its line. When the file is laid out so that this is not safe (a
  target written as an inline table, say), the file is written anew with every value kept but comments lost.

Either way the new text is read back before it is written: the targets must come out exactly as wanted and
everything else exactly as before, or nothing is written.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cocity_workshop.atomicfile import write_atomically
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
    default_settings_path,
    default_tier,
    parse_settings,
    settings_text,
    target_lines,
    toml_value,
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
_HEADER = re.compile(r"^\s*\[(?!\[)(?P<key>[^\]]*)\]\s*(#.*)?$")
_TARGET_KEY = re.compile(
    r"""^\s*targets\s*\.\s*(?:(?P<bare>[A-Za-z0-9_-]+)|"(?P<basic>[A-Za-z0-9_-]+)"|'(?P<literal>[A-Za-z0-9_-]+)')\s*$"""
)
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_-]+)(?P<equals>\s*=\s*)(?P<rest>.*?)(?P<end>\r?\n)?$")
_COMMENT = re.compile(r"^\s*#")


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


# -- reading and describing ----------------------------------------------------------------------------------
def read_settings_text(path: Path | None = None) -> tuple[Path, str]:
    """The settings file's path and text (``""`` when there is no file yet)."""
    path = path or default_settings_path()
    try:
        return path, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return path, ""


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


# -- writing the file ----------------------------------------------------------------------------------------
def apply_changes(text: str, changes: Mapping[str, TargetSettings | None]) -> str:
    """The text of a settings file with targets replaced or added (a ``TargetSettings``) or removed (``None``).

    ``changes`` is keyed by target name. A new target goes at the end. Comments and everything that is not
    a changed target stay as they were. Raises ``SettingsError`` when ``text`` itself has a mistake.
    """
    for name, target in changes.items():
        if target is not None and target.name != name:
            raise ValueError(f"change for {name!r} holds target {target.name!r}")
    current = parse_settings(text)
    wanted = _wanted_targets(current.targets, changes)
    if not text.strip():
        return settings_text(SyncSettings(wanted))
    original = _other_data(text)
    try:
        edited = _edit_in_place(text, current.targets, changes)
    except _CannotEdit:
        edited = None
    if edited is not None and _reads_as(edited, wanted, original):
        return edited
    rewritten = _rewrite(original, wanted)
    if _reads_as(rewritten, wanted, original):
        return rewritten
    raise SettingsError(N_("The sync settings could not be written in a form the app can read back."))


def save_changes(changes: Mapping[str, TargetSettings | None], path: Path | None = None) -> SyncSettings:
    """Apply ``changes`` to the settings file as it is on disk now and write it atomically (mode 0600).

    Returns the settings as the sync layer now reads them.
    """
    path, text = read_settings_text(path)
    new_text = apply_changes(text, changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, new_text.encode("utf-8"), private=True)
    return parse_settings(new_text, path)


def _wanted_targets(
    targets: Sequence[TargetSettings], changes: Mapping[str, TargetSettings | None]
) -> tuple[TargetSettings, ...]:
    """The targets after the changes: in the file's order, new ones at the end."""
    result: list[TargetSettings] = []
    for target in targets:
        if target.name not in changes:
            result.append(target)
        elif (replacement := changes[target.name]) is not None:
            result.append(replacement)
    known = {t.name for t in targets}
    result.extend(t for name, t in changes.items() if t is not None and name not in known)
    return tuple(result)


def _other_data(text: str) -> dict[str, Any]:
    """Everything in the file but the targets."""
    return {k: v for k, v in tomllib.loads(text).items() if k != "targets"}


def _reads_as(text: str, wanted: Sequence[TargetSettings], other: Mapping[str, Any]) -> bool:
    """Whether ``text`` reads back as exactly ``wanted`` and ``other``."""
    try:
        return parse_settings(text).targets == tuple(wanted) and _other_data(text) == dict(other)
    except (SettingsError, tomllib.TOMLDecodeError):
        return False


class _CannotEdit(Exception):
    """The file is laid out so that editing it line by line is not safe."""


@dataclass
class _Chunk:
    """Consecutive lines of the file: the part before the first table, or one table with the comments above it."""

    lines: list[str]
    target: str | None = None  #: the target's name, for a ``[targets.<name>]`` table


def _chunks(text: str) -> list[_Chunk]:
    """The file cut before each table header; comment lines right above a header go with that table."""
    chunks = [_Chunk([])]
    in_string: str | None = None
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line) if in_string is None else None
        if header is not None:
            previous = chunks[-1].lines
            leading: list[str] = []
            while previous and _COMMENT.match(previous[-1]):
                leading.insert(0, previous.pop())
            key = _TARGET_KEY.match(header.group("key"))
            name = (key.group("bare") or key.group("basic") or key.group("literal")) if key else None
            chunks.append(_Chunk([*leading, line], name))
        else:
            chunks[-1].lines.append(line)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2 and in_string in (None, quotes):
                in_string = None if in_string == quotes else quotes
    return chunks


def _edit_in_place(text: str, targets: Sequence[TargetSettings], changes: Mapping[str, TargetSettings | None]) -> str:
    chunks = _chunks(text)
    found = [c.target for c in chunks if c.target is not None]
    if len(found) != len(set(found)):
        raise _CannotEdit
    old = {t.name: t for t in targets}
    out: list[str] = []
    for chunk in chunks:
        if chunk.target is None or chunk.target not in changes:
            out.extend(chunk.lines)
            continue
        new = changes[chunk.target]
        if new is None:
            continue
        if chunk.target not in old:
            raise _CannotEdit
        out.extend(_edit_chunk(chunk.lines, new) if new != old[chunk.target] else chunk.lines)
    missing = [t for name, t in changes.items() if t is not None and name in old and name not in found]
    if missing:
        raise _CannotEdit  # a target defined some other way (an inline table, dotted keys)
    added = [t for name, t in changes.items() if t is not None and name not in old]
    if added:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        for target in added:
            if out and out[-1].strip():
                out.append("\n")
            out.extend(line + "\n" for line in target_lines(target))
    return "".join(out)


def _semantic(target: TargetSettings) -> dict[str, Any]:
    """Every value of a target, ``type``, ``tier`` and ``enabled`` included, as the parser reads them."""
    return {"type": target.type, "tier": target.tier, "enabled": target.enabled, **target.options}


def _edit_chunk(lines: Sequence[str], target: TargetSettings) -> list[str]:
    """One target's table with changed values rewritten and gone ones removed.

    A missing ``tier`` or ``enabled`` goes right after ``type`` (where ``settings_text`` puts them), other new
    settings after the last one there is; a default is not written where the file did not have it.
    """
    wanted = _semantic(target)
    seen: set[str] = set()
    out: list[str] = []
    last_key_line = type_line = -1
    header_seen = False
    for line in lines:
        if not header_seen:
            out.append(line)
            header_seen = _HEADER.match(line) is not None
            if header_seen:
                last_key_line = len(out) - 1
            continue
        if not line.strip() or _COMMENT.match(line):
            out.append(line)
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            raise _CannotEdit
        key = match.group("key")
        if key in seen:
            raise _CannotEdit
        seen.add(key)
        value, comment = _split_value(match.group("rest"))
        if key not in wanted or (key == "enabled" and wanted[key] is True):
            continue  # a setting the target no longer has, or "enabled = true" (the default)
        if not _same_value(value, wanted[key]):
            end = match.group("end") or ""
            line = f"{match.group('indent')}{key}{match.group('equals')}{toml_value(wanted[key])}"
            line += comment + end
        out.append(line)
        last_key_line = len(out) - 1
        if key == "type":
            type_line = last_key_line
    early = [k for k in ("tier", "enabled") if k not in seen and not _is_default(target, k)]
    late = [k for k in wanted if k not in seen and k not in ("type", "tier", "enabled")]
    for position, keys in ((last_key_line, late), (type_line if type_line >= 0 else last_key_line, early)):
        if keys:
            if not out[position].endswith("\n"):
                out[position] += "\n"
            out[position + 1 : position + 1] = [f"{k} = {toml_value(wanted[k])}\n" for k in keys]
    return out


def _is_default(target: TargetSettings, key: str) -> bool:
    """Whether ``tier`` or ``enabled`` has the value the parser assumes when the file does not say."""
    return target.enabled if key == "enabled" else target.tier == default_tier(target.type)


def _split_value(rest: str) -> tuple[Any, str]:
    """The value at the start of ``rest``, and what follows it (the spaces and the comment, ``""`` when none)."""
    candidates = [i for i, char in enumerate(rest) if char == "#"] + [len(rest)]
    for position in candidates:
        try:
            value = tomllib.loads(f"v = {rest[:position]}")["v"]
        except tomllib.TOMLDecodeError:
            continue
        after = rest[len(rest[:position].rstrip()) :]
        return value, after if after.strip() else ""
    raise _CannotEdit  # a value over several lines


def _same_value(old: Any, new: Any) -> bool:
    return type(old) is type(new) and old == new


def _rewrite(other: Mapping[str, Any], targets: Sequence[TargetSettings]) -> str:
    """The whole file written anew: everything but the targets first, then the targets (comments are lost)."""
    lines = settings_text(SyncSettings(())).rstrip("\n").split("\n")  # the comments at the top
    extra = _table_lines((), other)
    if extra:
        lines += ["", *extra]
    for target in targets:
        lines += ["", *target_lines(target)]
    return "\n".join(lines) + "\n"


def _table_lines(path: tuple[str, ...], table: Mapping[str, Any]) -> list[str]:
    """A table's values, then its sub-tables under their own headers."""
    lines = [f"{_key(k)} = {_inline(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for key, value in table.items():
        if isinstance(value, dict):
            sub = (*path, key)
            if lines:
                lines.append("")
            lines.append("[" + ".".join(_key(k) for k in sub) + "]")
            lines.extend(_table_lines(sub, value))
    return lines


def _key(key: str) -> str:
    return key if TARGET_NAME.match(key) else toml_value(key)


def _inline(value: Any) -> str:
    """Any value ``tomllib`` reads, written on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return toml_value(value)
