"""Editing the sync targets (``cocity_workshop.sync.editing``): what the settings dialog writes is what the sync
layer reads; comments and unknown tables survive; every mistake gets a plain message under its field."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocity_workshop.sync import Outbox, SettingsError, TargetSettings, load_settings, save_settings
from cocity_workshop.sync.editing import (
    WHOLE,
    TargetDraft,
    apply_changes,
    check_draft,
    save_changes,
    setting_keys,
)
from cocity_workshop.sync.settings import SyncSettings

#: The example from docs/sync.md, with its comments, and a table of its own the app does not know.
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


# -- checking what was typed ---------------------------------------------------------------------------------
def problems(draft: TargetDraft, **kwargs: object) -> dict[str, str]:
    """The messages per field, in English."""
    result = check_draft(draft, **kwargs)  # type: ignore[arg-type]
    assert (result.target is None) == bool(result.problems)
    return {key: str(problem) for key, problem in result.problems.items()}


def test_empty_required_fields_and_names() -> None:
    """Every required setting of the kind, and the name, get a message; a taken or odd name is refused."""
    assert problems(TargetDraft("", "webdav", values={"url": " ", "username": ""})) == {
        "name": "Give the target a short name, such as usb-stick or city-cloud.",
        "url": "This is needed.",
        "username": "This is needed.",
    }
    assert "no spaces" in problems(TargetDraft("my stick", "folder", values={"path": "/x"}))["name"]
    assert problems(TargetDraft("usb", "folder", values={"path": "/x"}), taken_names=("usb",)) == {
        "name": "Another target is already called usb."
    }
    assert problems(TargetDraft("x", "ftp"))["type"] == "Choose what kind of place this is."


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("cloud.example.org/dav", "Enter a full web address starting with https://."),
        ("ftp://cloud.example.org/dav", "Enter a full web address starting with https://."),
        ("https://cloud.example.org:port/dav", "Enter a full web address starting with https://."),
        ("https://cloud.example.org/my files", "A web address cannot contain spaces."),
        ("http://cloud.example.org/dav", "only over an encrypted connection: use https:// here."),
        ("http://127.0.0.1:8080/dav", None),
        ("http://localhost/dav", None),
        ("https://cloud.example.org/remote.php/dav/files/anna/", None),
    ],
)
def test_web_addresses(url: str, message: str | None) -> None:
    """Only a full http(s) address; https except to this computer, as the HTTP client requires."""
    found = problems(TargetDraft("cloud", "webdav", values={"url": url, "username": "anna"})).get("url")
    assert (found is None) if message is None else (found is not None and message in found)


def test_email_folder_and_number_settings(tmp_path: Path) -> None:
    """Addresses, a server name, ports, timeouts, a certificate that is there, a full folder path."""
    found = problems(
        TargetDraft(
            "council",
            "email",
            values={
                "host": "smtp://smtp.example.org",
                "port": "70000",
                "security": "plain",
                "sender": "anna",
                "to": "council@example.org, nobody",
                "timeout": "0",
                "ca_file": str(tmp_path / "missing.pem"),
            },
        )
    )
    assert set(found) == {"host", "port", "security", "sender", "to", "timeout", "ca_file"}
    assert "server's name only" in found["host"] and "1 to 65535" in found["port"]
    assert problems(TargetDraft("usb", "folder", values={"path": "USB/Workshops"}))["path"].startswith(
        "Give the full path"
    )
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert problems(TargetDraft("usb", "folder", values={"path": str(a_file)})) == {
        "path": "This is a file, not a folder."
    }
    assert problems(TargetDraft("usb", "folder", values={"path": str(tmp_path / "not-yet")})) == {}


def test_an_open_data_portal_takes_the_public_tier_only() -> None:
    """CKAN with the city tier is refused under the tier field."""
    draft = TargetDraft(
        "portal", "ckan", "city", values={"url": "https://d.example", "api_token": "t", "organization": "o"}
    )
    assert problems(draft) == {"tier": "An open-data portal takes the public bundle only."}


def test_values_become_settings_of_the_right_type() -> None:
    """Numbers become numbers, flags stay flags, spaces around text and generated tokens go."""
    result = check_draft(
        TargetDraft(
            " portal ",
            "ckan",
            "public",
            values={
                "url": " https://d.example ",
                "api_token": " tok\n",
                "organization": "o",
                "private": True,
                "timeout": "7,5",
                "dataset_prefix": "",
                "ca_file": "",
            },
        )
    )
    assert result.target == TargetSettings(
        "portal",
        "ckan",
        "public",
        options={"url": "https://d.example", "api_token": "tok", "organization": "o", "private": True, "timeout": 7.5},
    )


def test_saved_secrets_are_kept_unless_replaced() -> None:
    """An empty secret field keeps the saved secret; a typed one replaces it; no login drops the SMTP password."""
    saved = EMAIL
    values = {"host": "smtp.example.org", "sender": "anna@example.org", "to": "c@example.org", "username": "anna"}
    kept = check_draft(TargetDraft("council", "email", values={**values, "password": ""}), saved=saved).target
    assert kept is not None and kept.options["password"] == "pw"
    replaced = check_draft(TargetDraft("council", "email", values={**values, "password": " pw2 "}), saved=saved).target
    assert replaced is not None and replaced.options["password"] == " pw2 "  # an SMTP password is taken as typed
    no_login = check_draft(TargetDraft("council", "email", values={**values, "username": ""}), saved=saved).target
    assert no_login is not None and "password" not in no_login.options
    other_kind = check_draft(
        TargetDraft("council", "webdav", values={"url": "https://x.example", "username": "a"}), saved=saved
    ).target
    assert other_kind is not None and "password" not in other_kind.options and "app_password" not in other_kind.options
    assert "pw" not in repr(kept)
    missing_token = check_draft(TargetDraft("p", "ckan", "public", values={"url": "https://d.example"}), saved=None)
    assert str(missing_token.problems["api_token"]) == "This is needed."


def test_settings_not_in_the_draft_keep_their_saved_values() -> None:
    """A dialog that does not show a setting does not lose it."""
    result = check_draft(TargetDraft("council", "email", "city", values={"to": "new@example.org"}), saved=EMAIL)
    assert result.target is not None
    assert {**EMAIL.options, "to": "new@example.org"} == dict(result.target.options)


def test_every_setting_of_every_kind_is_known_to_the_checker() -> None:
    """The checker's list of settings is the parser's; WHOLE is for problems of the target as a whole."""
    assert setting_keys("folder") == ("path",)
    assert set(setting_keys("email")) >= {"host", "sender", "to", "password", "security", "port"}
    assert WHOLE == ""
