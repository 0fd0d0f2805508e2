"""The sync targets, read from ``sync.toml`` in the user's config folder; the only home of their secrets.

The file is plain TOML, one table per target::

    [targets.city-cloud]
    type = "webdav"                      # folder, webdav, ckan or email
    url = "https://cloud.example.org/remote.php/dav/files/anna/Workshops"
    username = "anna"
    app_password = "..."                 # an app password, never the account's own password

Secrets (``app_password``, ``api_token``, ``password``) never leave this file: they are not copied into a
workshop file or the outbox, and ``repr`` of a target hides them. The file is written with mode 0600.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from cocity_workshop.atomicfile import write_atomically
from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.schema import (
    COMMON_KEYS,
    KINDS,
    SECRET_KEYS,
    TARGET_NAME,
    TARGET_TYPES,
    TIERS,
    default_timeout,
)

APP_NAME = "cocity-workshop"
SETTINGS_FILE = "sync.toml"


def default_settings_path() -> Path:
    """``sync.toml`` in the user's config folder (``~/.config/cocity-workshop`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def default_outbox_dir() -> Path:
    """The outbox folder in the user's data folder (``~/.local/share/cocity-workshop/outbox`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "outbox"


@dataclass(frozen=True)
class TargetSettings:
    """One configured target: its name, type, the bundle tier it receives, and its options.

    ``options`` holds every other key of its table, secrets included; ``repr`` masks the secrets.
    """

    name: str
    type: str
    tier: str = "city"
    enabled: bool = True
    options: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """An option's value (or ``default``)."""
        return self.options.get(key, default)

    def text(self, key: str, default: str = "") -> str:
        """An option as text."""
        value = self.options.get(key, default)
        return str(value) if value is not None else default

    def __repr__(self) -> str:
        shown = {k: ("***" if k in SECRET_KEYS and v else v) for k, v in self.options.items()}
        return f"TargetSettings(name={self.name!r}, type={self.type!r}, tier={self.tier!r}, options={shown!r})"

    def secrets(self) -> list[str]:
        """The secret values of this target (so callers can make sure none is ever printed)."""
        return [str(v) for k, v in self.options.items() if k in SECRET_KEYS and v]

    def timeout(self) -> float:
        """The network timeout in seconds: the ``timeout`` setting, or the schema's default for this kind."""
        return float(self.options.get("timeout", default_timeout(self.type)))


@dataclass(frozen=True)
class SyncSettings:
    """Every configured target, in the order of the file."""

    targets: tuple[TargetSettings, ...] = ()
    path: Path | None = None

    def target(self, name: str) -> TargetSettings:
        """The target called ``name``."""
        for target in self.targets:
            if target.name == name:
                return target
        raise SettingsError(N_("There is no sync target called {name}."), name=name)

    def enabled(self) -> list[TargetSettings]:
        """The targets that take part in syncing."""
        return [t for t in self.targets if t.enabled]


def _parse_target(name: str, table: Any) -> TargetSettings:
    if not TARGET_NAME.match(name):
        raise SettingsError(N_("The sync target name {name} may only use letters, digits, '-' and '_'."), name=name)
    if not isinstance(table, dict):
        raise SettingsError(N_("The sync target {name} must be a table of settings."), name=name)
    kind = table.get("type")
    if kind not in TARGET_TYPES:
        raise SettingsError(
            N_("The sync target {name} needs a type: one of {types}."), name=name, types=", ".join(TARGET_TYPES)
        )
    spec = KINDS[kind]
    for key in spec.required:
        if table.get(key) in (None, ""):
            raise SettingsError(N_("The sync target {name} needs a value for {key}."), name=name, key=key)
    allowed = set(spec.keys) | set(COMMON_KEYS)
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SettingsError(
            N_("The sync target {name} has settings it does not know: {keys}."), name=name, keys=", ".join(unknown)
        )
    tier = table.get("tier", spec.default_tier)
    if tier not in TIERS:
        raise SettingsError(N_("The sync target {name} has an unknown tier (public or city)."), name=name)
    if tier not in spec.tiers:
        raise SettingsError(
            N_("The sync target {name} is an open-data portal: it takes the public tier only."), name=name
        )
    options = {k: v for k, v in table.items() if k not in COMMON_KEYS}
    return TargetSettings(name=name, type=kind, tier=tier, enabled=bool(table.get("enabled", True)), options=options)


def parse_settings(text: str, path: Path | None = None) -> SyncSettings:
    """Settings from TOML text (raises ``SettingsError`` with a plain message on any mistake)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(N_("The sync settings file is not valid TOML: {problem}"), problem=str(error)) from None
    targets = data.get("targets", {})
    if not isinstance(targets, dict):
        raise SettingsError(N_("The sync settings file's [targets] must hold one table per target."))
    return SyncSettings(tuple(_parse_target(name, table) for name, table in targets.items()), path)


def load_settings(path: Path | None = None) -> SyncSettings:
    """Read the settings file (no file means no targets)."""
    path = path or default_settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SyncSettings((), path)
    return parse_settings(text, path)


def required_keys(kind: str) -> tuple[str, ...]:
    """The settings a target of type ``kind`` must have (besides ``type``)."""
    return KINDS[kind].required


def optional_keys(kind: str) -> tuple[str, ...]:
    """The settings a target of type ``kind`` may have (besides ``type``, ``tier`` and ``enabled``)."""
    return KINDS[kind].optional


def default_tier(kind: str) -> str:
    """The tier a target of type ``kind`` takes when its table does not say (CKAN: public; others: city)."""
    return KINDS[kind].default_tier


def toml_value(value: Any) -> str:
    """``value`` (text, a number or a truth value) as a TOML value on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    out = ['"']
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def settings_text(settings: SyncSettings) -> str:
    """The TOML text of ``settings`` (what ``save_settings`` writes)."""
    lines = [
        "# CoCity Workshop: where `cocity-workshop sync` delivers workshop results.",
        "# Secrets (app passwords, API tokens, SMTP passwords) live only in this file: keep it private.",
    ]
    for target in settings.targets:
        lines.append("")
        lines.extend(target_lines(target))
    return "\n".join(lines) + "\n"


def target_lines(target: TargetSettings) -> list[str]:
    """The lines of one target's table: its header, ``type``, ``tier``, ``enabled`` (when paused), the options."""
    lines = [f"[targets.{target.name}]", f"type = {toml_value(target.type)}", f"tier = {toml_value(target.tier)}"]
    if not target.enabled:
        lines.append("enabled = false")
    lines.extend(f"{key} = {toml_value(value)}" for key, value in target.options.items())
    return lines


def save_settings(settings: SyncSettings, path: Path | None = None) -> Path:
    """Write the settings file atomically, readable by its owner only (mode 0600)."""
    path = path or settings.path or default_settings_path()
    text = settings_text(settings)
    parse_settings(text)  # never write a file we could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"), private=True)
    return path
