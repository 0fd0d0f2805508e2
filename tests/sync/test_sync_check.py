""" "Test connection" (``Target.check`` through ``check_connection``) against the real servers on 127.0.0.1: it logs
in and looks, sends nothing, leaves nothing behind, and says what is wrong without talking about bundles."""

from __future__ import annotations

from pathlib import Path

import pytest
from ckan_server import CkanServer, free_port
from sync_servers import SMTP_PASSWORD, SMTP_USER, SmtpServer, WebDavServer

from cocity_workshop.sync import DeliveryError, ProblemKind, TargetSettings
from cocity_workshop.sync.editing import check_connection


def dav(url: str, password: str = "app-pass-1234-5678") -> TargetSettings:
    return TargetSettings("cloud", "webdav", options={"url": url, "username": "anna", "app_password": password})


def problem(target: TargetSettings) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        check_connection(target)
    assert "outbox" not in str(caught.value) and "bundle" not in str(caught.value).lower()
    return caught.value


def test_folder_there_or_not(tmp_path: Path) -> None:
    """A folder that is there takes a probe file and loses it again; a missing one is the USB-stick message."""
    usb = tmp_path / "usb"
    usb.mkdir()
    assert check_connection(TargetSettings("usb", "folder", options={"path": str(usb)})) == (
        f"The folder {usb} is there and the app may write to it."
    )
    assert list(usb.iterdir()) == []
    missing = problem(TargetSettings("usb", "folder", options={"path": str(tmp_path / "unplugged")}))
    assert missing.kind is ProblemKind.MISSING and "USB stick" in str(missing)


def test_webdav_logs_in_and_looks(webdav: WebDavServer, request: pytest.FixtureRequest) -> None:
    """PROPFIND with the app password: a folder there, one not there yet, a wrong password, a server not there."""
    folder = request.node.name
    (webdav.root / folder).mkdir()
    there = check_connection(dav(f"{webdav.url}/dav/{folder}"))
    assert there.startswith("The server accepted the user name and app password, and the folder")
    later = check_connection(dav(f"{webdav.url}/dav/{folder}/Workshops/2026"))
    assert "is not there yet; the app creates it with the first delivery" in later
    assert [p.name for p in (webdav.root / folder).iterdir()] == []  # nothing created by a test
    refused = problem(dav(f"{webdav.url}/dav/{folder}", password="wrong"))
    assert refused.kind is ProblemKind.CREDENTIALS and "refused the user name or app password" in str(refused)
    down = problem(dav(f"http://127.0.0.1:{free_port()}/dav"))
    assert down.kind is ProblemKind.UNREACHABLE and str(down).startswith("Cannot reach 127.0.0.1")


def test_webdav_address_of_a_file(webdav: WebDavServer, request: pytest.FixtureRequest) -> None:
    """An address that names a file is not a folder to deliver into."""
    (webdav.root / f"{request.node.name}.txt").write_text("not a folder")
    error = problem(dav(f"{webdav.url}/dav/{request.node.name}.txt"))
    assert error.kind is ProblemKind.SETTINGS and str(error).endswith("is a file, not a folder. Check the address.")


def test_email_encrypts_and_logs_in_without_sending(smtp: SmtpServer, certificate: tuple[Path, Path]) -> None:
    """STARTTLS and login work: said so, and no message arrives; a wrong password is named as such."""
    options = {
        "host": "127.0.0.1",
        "port": smtp.port,
        "username": SMTP_USER,
        "password": SMTP_PASSWORD,
        "sender": SMTP_USER,
        "to": "council@example.org",
        "ca_file": str(certificate[0]),
    }
    assert check_connection(TargetSettings("council", "email", options=options)) == (
        "The mail server 127.0.0.1 took the encrypted connection and the login."
    )
    assert smtp.mailbox.messages == []
    refused = problem(TargetSettings("council", "email", options={**options, "password": "wrong"}))
    assert refused.kind is ProblemKind.CREDENTIALS
    untrusted = problem(TargetSettings("council", "email", options={**options, "ca_file": ""}))
    assert untrusted.kind is ProblemKind.SETTINGS and "certificate" in str(untrusted)


def test_ckan_token_and_organisation(ckan: CkanServer) -> None:
    """The token's user may publish for the organisation; a wrong token and a missing organisation are named."""
    options = {"url": ckan.url, "api_token": ckan.admin_token, "organization": "city-council"}
    said = check_connection(TargetSettings("portal", "ckan", "public", options=options))
    assert said.startswith(f"{ckan.url} accepted the API token of ") and said.endswith("for city-council.")
    wrong = problem(TargetSettings("portal", "ckan", "public", options={**options, "api_token": "not-a-token"}))
    assert wrong.kind is ProblemKind.CREDENTIALS
    nowhere = problem(TargetSettings("portal", "ckan", "public", options={**options, "organization": "no-such"}))
    assert nowhere.kind is ProblemKind.MISSING
