"""The sync target schema (``cocity_workshop.sync.schema``): the settings reader, the editor, the dialog's
form and the targets all take each kind's settings, secrets, tiers and timeout from it, and agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.sync import SettingsError, TargetSettings, parse_settings
from cocity_workshop.sync.editing import TargetDraft, check_draft, setting_keys
from cocity_workshop.sync.schema import KINDS, SECRET_KEYS, SETTINGS, TIERS, default_timeout
from cocity_workshop.sync.settings import toml_value

#: A value each setting accepts, as the file keeps it.
VALID: dict[str, object] = {
    "path": "/media/anna/USB/Workshops",
    "url": "https://cloud.example.org/dav",
    "username": "anna",
    "app_password": "xxxxx-xxxxx",
    "api_token": "token-123",
    "password": "pass word",
    "organization": "city-council",
    "dataset_prefix": "workshops-",
    "programme_group": "mobility-2026",
    "private": True,
    "host": "smtp.example.org",
    "security": "ssl",
    "port": 465,
    "sender": "anna@example.org",
    "to": "council@example.org",
    "ca_file": "/etc/ssl/certs/ca-certificates.crt",
    "timeout": 12,
}


def _table(kind: str, keys: tuple[str, ...]) -> str:
    lines = ["[targets.t]", f"type = {toml_value(kind)}"]
    lines += [f"{key} = {toml_value(VALID[key])}" for key in keys]
    return "\n".join(lines) + "\n"


def _draft_values(keys: tuple[str, ...]) -> dict[str, str | bool]:
    return {key: VALID[key] if isinstance(VALID[key], bool) else str(VALID[key]) for key in keys}  # type: ignore[misc]


def test_every_setting_of_every_kind_is_declared_once() -> None:
    assert set(VALID) == set(SETTINGS)
    for kind in KINDS.values():
        assert len(set(kind.keys)) == len(kind.keys) and set(kind.keys) <= set(SETTINGS), kind.name
        assert set(kind.tiers) <= set(TIERS) and kind.default_tier in kind.tiers, kind.name
        assert ("timeout" in kind.keys) == (kind.timeout is not None), kind.name


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_reader_takes_exactly_the_schema_settings(kind: str) -> None:
    spec = KINDS[kind]
    target = parse_settings(_table(kind, spec.keys)).target("t")
    assert dict(target.options) == {key: VALID[key] for key in spec.keys}
    assert target.tier == spec.default_tier
    assert target.secrets() == [str(VALID[key]) for key in spec.keys if key in SECRET_KEYS]
    for key in spec.required:
        with pytest.raises(SettingsError):
            parse_settings(_table(kind, tuple(k for k in spec.keys if k != key)))
    for key in set(SETTINGS) - set(spec.keys):
        with pytest.raises(SettingsError):
            parse_settings(_table(kind, (*spec.keys, key)))
    for tier in set(TIERS) - set(spec.tiers):
        with pytest.raises(SettingsError):
            parse_settings(_table(kind, spec.keys) + f"tier = {toml_value(tier)}\n")


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_editor_takes_exactly_the_schema_settings(kind: str) -> None:
    spec = KINDS[kind]
    assert setting_keys(kind) == spec.keys
    values = _draft_values(spec.keys)
    ca_file = VALID["ca_file"]
    if not Path(str(ca_file)).is_file():
        values.pop("ca_file", None)
    checked = check_draft(TargetDraft("t", kind, spec.default_tier, values=values))
    assert checked.target is not None, checked.problems
    assert list(checked.target.options) == [key for key in spec.keys if key in values]  # in the file's order
    assert all(checked.target.options[key] == VALID[key] for key in values)  # typed as the schema says
    for key in spec.required:
        missing = check_draft(TargetDraft("t", kind, spec.default_tier, values={**values, key: ""}))
        assert set(missing.problems) == {key}
    for tier in set(TIERS) - set(spec.tiers):
        assert set(check_draft(TargetDraft("t", kind, tier, values=values)).problems) == {"tier"}


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_form_asks_for_exactly_the_schema_settings(kind: str) -> None:
    from cocity_workshop.gui.sync_settings import FIELD_TEXTS, FORM_KEYS, placeholder

    assert sorted(FORM_KEYS[kind]) == sorted(KINDS[kind].keys)
    assert all(key in FIELD_TEXTS for key in FORM_KEYS[kind])
    if KINDS[kind].timeout is not None:
        assert placeholder(kind, "timeout") == str(KINDS[kind].timeout)


@pytest.mark.parametrize("kind", [name for name, spec in KINDS.items() if spec.timeout is not None])
def test_the_targets_take_their_timeout_from_the_schema(kind: str) -> None:
    assert TargetSettings("t", kind).timeout() == default_timeout(kind) == KINDS[kind].timeout
    assert TargetSettings("t", kind, options={"timeout": 7}).timeout() == 7.0
    with pytest.raises(ValueError):
        default_timeout("folder")
