"""Writing ``sync.toml`` back after the app's settings dialog changed targets (``save_changes``):

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cocity_workshop.atomicfile import write_atomically
from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.schema import TARGET_NAME
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

_HEADER = re.compile(r"^\s*\[(?!\[)(?P<key>[^\]]*)\]\s*(#.*)?$")
_TARGET_KEY = re.compile(
    r"""^\s*targets\s*\.\s*(?:(?P<bare>[A-Za-z0-9_-]+)|"(?P<basic>[A-Za-z0-9_-]+)"|'(?P<literal>[A-Za-z0-9_-]+)')\s*$"""
)
_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z0-9_-]+)(?P<equals>\s*=\s*)(?P<rest>.*?)(?P<end>\r?\n)?$")
_COMMENT = re.compile(r"^\s*#")


def read_settings_text(path: Path | None = None) -> tuple[Path, str]:
    """The settings file's path and text (``""`` when there is no file yet)."""
    path = path or default_settings_path()
    try:
        return path, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return path, ""


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
