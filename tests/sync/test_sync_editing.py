"""Checking the sync targets as typed (``cocity_workshop.sync.editing``): every mistake gets a plain message
under its field, values become settings of the right type, saved secrets are kept unless replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.sync import TargetSettings
from cocity_workshop.sync.editing import WHOLE, TargetDraft, check_draft, setting_keys
from tests.sync.test_sync_settings_writing import EMAIL


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
