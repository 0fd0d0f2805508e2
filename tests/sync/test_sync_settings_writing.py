"""Writing ``sync.toml`` back (``cocity_workshop.sync.settings_writing``): what the settings dialog writes is
what the sync layer reads, privately; comments, order and unknown tables survive; a file with a mistake is kept."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocity_workshop.sync import Outbox, SettingsError, TargetSettings, load_settings, save_settings
from cocity_workshop.sync.settings import SyncSettings
from cocity_workshop.sync.settings_writing import apply_changes, save_changes

DOCUMENTED = """\
# Anna's targets. Ask Petr before changing the portal.

[targets.usb]                  # a USB stick or a shared drive
type = "folder"
path = "/media/anna/USB/Workshops"

[targets.city-cloud]           # Nextcloud or any WebDAV server
type = "webdav"
url = "https://cloud.example.org/remote.php/dav/files/anna/Workshops"
username = "anna"
app_password = "xxxxx-xxxxx-xxxxx-xxxxx-xxxxx"   # Nextcloud: Settings > Security > App passwords

# The open-data portal: public tier only.
[targets.portal]
type = "ckan"
url = "https://data.example.org"
api_token = "eyJ..."            # User > API Tokens
organization = "city-council"
# private = true               # create the dataset as private (default: public)

[targets.council]              # e-mail: the PDF report and the bundle ZIP
type = "email"
host = "smtp.example.org"
port = 587                     # 587 with STARTTLS (default), 465 with security = "ssl"
security = "starttls"
username = "anna@example.org"
password = "..."
sender = "anna@example.org"
to = "council@example.org"

[notes]                        # not the app's: kept as it is
owner = "Anna"
since = 2026-03-01
"""

FOLDER = TargetSettings("stick", "folder", "city", options={"path": "/media/anna/STICK"})
WEBDAV = TargetSettings(
    "cloud",
    "webdav",
    "public",
    options={"url": "https://cloud.example.org/dav/", "username": "anna", "app_password": 's3cret "q" \\ ü'},
)
CKAN = TargetSettings(
    "portal",
    "ckan",
    "public",
    options={"url": "https://data.example.org", "api_token": "tok", "organization": "city", "private": True},
)
EMAIL = TargetSettings(
    "council",
    "email",
    "city",
    enabled=False,
    options={
        "host": "smtp.example.org",
        "security": "ssl",
        "port": 465,
        "username": "anna",
        "password": "pw",
        "sender": "anna@example.org",
        "to": "a@example.org, b@example.org",
        "timeout": 12.5,
    },
)


def test_written_targets_read_back_the_same_and_privately(tmp_path: Path) -> None:
    """Folder, WebDAV, CKAN and e-mail targets written from nothing load as the same targets; the file is 0600."""
    path = tmp_path / "config" / "sync.toml"
    written = save_changes({t.name: t for t in (FOLDER, WEBDAV, CKAN, EMAIL)}, path)
    assert written.targets == (FOLDER, WEBDAV, CKAN, EMAIL)
    assert load_settings(path).targets == (FOLDER, WEBDAV, CKAN, EMAIL)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Outbox(tmp_path / "outbox", path).tiers_needed() == ["city", "public"]  # the paused e-mail does not count


def test_comments_order_and_unknown_tables_survive_an_edit(tmp_path: Path) -> None:
    """Changing one value rewrites that line only (its comment stays); removing and adding touch nothing else."""
    path = tmp_path / "sync.toml"
    path.write_text(DOCUMENTED, encoding="utf-8")
    before = load_settings(path)
    cloud = before.target("city-cloud")
    changed = TargetSettings(
        cloud.name,
        cloud.type,
        "public",
        enabled=False,
        options={**cloud.options, "app_password": "new-app-password", "timeout": 45},
    )
    save_changes({"city-cloud": changed, "usb": None, "stick": FOLDER}, path)
    text = path.read_text(encoding="utf-8")
    after = load_settings(path)
    assert [t.name for t in after.targets] == ["city-cloud", "portal", "council", "stick"]
    assert after.target("city-cloud") == changed
    assert after.target("portal") == before.target("portal") and after.target("council") == before.target("council")
    assert 'app_password = "new-app-password"   # Nextcloud: Settings > Security > App passwords' in text
    assert "# Anna's targets. Ask Petr before changing the portal." in text
    assert "# The open-data portal: public tier only.\n[targets.portal]" in text
    assert "# private = true               # create the dataset as private (default: public)" in text
    assert "/media/anna/USB/Workshops" not in text and "# a USB stick" not in text
    assert tomllib.loads(text)["notes"] == tomllib.loads(DOCUMENTED)["notes"]
    untouched = DOCUMENTED[DOCUMENTED.index("# The open-data portal") :]
    assert untouched in text  # the portal, the council and the notes, byte for byte


def test_an_unchanged_file_is_written_back_byte_for_byte() -> None:
    """Saving a target as it already is changes nothing."""
    settings = tomllib.loads(DOCUMENTED)
    assert settings["targets"]["usb"]["type"] == "folder"
    from cocity_workshop.sync import parse_settings

    usb = parse_settings(DOCUMENTED).target("usb")
    assert apply_changes(DOCUMENTED, {"usb": usb}) == DOCUMENTED


def test_pausing_and_resuming_write_the_plain_default() -> None:
    """``enabled = false`` appears when a target is paused and goes again when it delivers; tier goes after type."""
    from cocity_workshop.sync import parse_settings

    usb = parse_settings(DOCUMENTED).target("usb")
    paused = TargetSettings(usb.name, usb.type, "public", enabled=False, options=usb.options)
    text = apply_changes(DOCUMENTED, {"usb": paused})
    assert 'type = "folder"\ntier = "public"\nenabled = false\npath' in text
    resumed = TargetSettings(usb.name, usb.type, "city", enabled=True, options=usb.options)
    again = apply_changes(text, {"usb": resumed})
    assert "enabled" not in again and parse_settings(again).target("usb") == resumed


def test_targets_written_as_inline_tables_are_rewritten_with_every_value_kept() -> None:
    """A layout the line editor cannot follow is written anew: targets and the app's unknown keys all kept."""
    text = (
        'version = 2\n[targets]\nusb = { type = "folder", path = "/media/usb" }\n'
        '[targets.cloud]\ntype = "webdav"\nurl = "https://c.example/dav"\nusername = "a"\n'
        '[extra.deep]\nlist = [1, 2.5, "three", { four = 4 }]\nwhen = 2026-05-01T10:00:00Z\n'
    )
    moved = TargetSettings("usb", "folder", "city", options={"path": "/media/other"})
    new = apply_changes(text, {"usb": moved})
    from cocity_workshop.sync import parse_settings

    assert parse_settings(new).targets == (moved, parse_settings(text).target("cloud"))
    data, original = tomllib.loads(new), tomllib.loads(text)
    assert data["version"] == 2 and data["extra"] == original["extra"]


def test_edits_apply_to_the_file_as_it_is_now(tmp_path: Path) -> None:
    """A target edited by hand while the dialog was open is kept when the dialog saves another one."""
    path = tmp_path / "sync.toml"
    save_settings(SyncSettings((FOLDER,)), path)
    path.write_text(path.read_text() + '\n[targets.typed]\ntype = "folder"\npath = "/by/hand"\n', encoding="utf-8")
    save_changes({"cloud": WEBDAV}, path)
    assert [t.name for t in load_settings(path).targets] == ["stick", "typed", "cloud"]


def test_a_file_with_a_mistake_is_not_overwritten(tmp_path: Path) -> None:
    """The settings file has an error: saving refuses with the parser's message and leaves the file alone."""
    path = tmp_path / "sync.toml"
    path.write_text('[targets.usb]\ntype = "floppy"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="needs a type"):
        save_changes({"cloud": WEBDAV}, path)
    assert path.read_text() == '[targets.usb]\ntype = "floppy"\n'


@settings(max_examples=60, deadline=None)
@given(
    path=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
    secret=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40),
)
def test_any_text_round_trips(path: str, secret: str) -> None:
    """Quotes, backslashes, control characters and any script in values come back exactly."""
    folder = TargetSettings("any", "folder", "city", options={"path": path})
    cloud = TargetSettings(
        "cloud", "webdav", "city", options={"url": "https://x.example", "username": "u", "app_password": secret}
    )
    from cocity_workshop.sync import parse_settings

    fresh = apply_changes("", {"any": folder, "cloud": cloud})
    assert parse_settings(fresh).targets == (folder, cloud)
    edited = apply_changes(DOCUMENTED, {"city-cloud": TargetSettings("city-cloud", "webdav", options=cloud.options)})
    assert parse_settings(edited).target("city-cloud").options == cloud.options
    assert "# Nextcloud or any WebDAV server" in edited  # edited in place, not written anew
