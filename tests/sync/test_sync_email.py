"""The e-mail target against a real aiosmtpd on 127.0.0.1: STARTTLS or TLS, login, both attachments intact."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ckan_server import free_port
from sync_servers import SMTP_PASSWORD, SMTP_USER, SmtpServer, bundle_files, sha256

from cocity_workshop.sync import FAILED, PENDING, Outbox

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("sync_child.py")
COUNCIL = "council@plzen.example"


def mail_settings(
    port: int, cert: Path, *, password: str = SMTP_PASSWORD, security: str = "starttls", name: str = "council"
) -> str:
    return (
        f'[targets.{name}]\ntype = "email"\nhost = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        f'username = "{SMTP_USER}"\npassword = "{password}"\nsender = "{SMTP_USER}"\nto = "{COUNCIL}"\n'
        f'ca_file = "{cert}"\n'
    )


def attachments(message: object) -> dict[str, bytes]:
    """Attachment file name -> bytes."""
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}  # type: ignore[attr-defined]


def test_sends_report_and_bundle_once(
    smtp: SmtpServer, certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """STARTTLS and login; the council gets one message with the PDF and the ZIP, byte for byte; never twice."""
    outbox = make_outbox(mail_settings(smtp.port, certificate[0]))
    queued = outbox.enqueue(bundles["city"])
    report = outbox.sync()
    assert report.ok, report.results
    [message] = smtp.mailbox.messages
    assert message["To"] == COUNCIL and message["From"] == SMTP_USER
    assert "results" in message["Subject"]
    files = attachments(message)
    assert set(files) == {"report.pdf", f"{queued.name}.zip"}
    assert sha256(files[f"{queued.name}.zip"]) == sha256(bundles["city"].read_bytes())
    assert sha256(files["report.pdf"]) == sha256(bundle_files(bundles["city"])["report.pdf"])
    assert report.results[0][1].where == COUNCIL

    assert outbox.sync().results == []
    outbox.enqueue(bundles["city"])  # the same data queued again: still one message
    assert outbox.sync().results == []
    assert len(smtp.mailbox.messages) == 1


def test_tls_from_the_start(
    certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """``security = "ssl"`` (port 465 style) works too."""
    server = SmtpServer(*certificate, implicit_tls=True)
    try:
        outbox = make_outbox(mail_settings(server.port, certificate[0], security="ssl"))
        outbox.enqueue(bundles["city"])
        [(_, delivery)] = outbox.sync().results
        assert delivery.state == "delivered", delivery.problem
        [message] = server.mailbox.messages
        assert len(attachments(message)) == 2
    finally:
        server.stop()


def test_wrong_password_stays_pending(
    smtp: SmtpServer, certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """535: a plain message, pending, no mail, and the password appears nowhere."""
    outbox = make_outbox(mail_settings(smtp.port, certificate[0], password="not-the-password"))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "credentials"
    assert "refused the user name or password" in delivery.problem
    assert "not-the-password" not in (outbox.directory / "outbox.json").read_text()
    assert smtp.mailbox.messages == []


def test_unreachable_server_stays_pending(
    certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """Nothing listens on the port: "cannot reach", pending."""
    outbox = make_outbox(mail_settings(free_port(), certificate[0]))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == PENDING and delivery.problem_kind == "unreachable"
    assert "Cannot reach 127.0.0.1" in delivery.problem


def test_message_too_large_fails(
    certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """A server with a 100 kB limit: the app says the message is too large instead of trying forever."""
    server = SmtpServer(*certificate, size_limit=100_000)
    try:
        outbox = make_outbox(mail_settings(server.port, certificate[0]))
        outbox.enqueue(bundles["city"])
        [(_, delivery)] = outbox.sync().results
        assert delivery.state == FAILED and delivery.problem_kind == "too_large"
        assert "larger than 127.0.0.1 accepts" in delivery.problem
        assert server.mailbox.messages == []
    finally:
        server.stop()


def test_untrusted_certificate_is_refused(
    smtp: SmtpServer, certificate: tuple[Path, Path], make_outbox: Callable[..., Outbox], bundles: dict[str, Path]
) -> None:
    """Without the test CA the self-signed certificate is not trusted: nothing is sent."""
    settings = mail_settings(smtp.port, certificate[0]).replace(f'ca_file = "{certificate[0]}"\n', "")
    outbox = make_outbox(settings)
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "settings"
    assert "certificate of 127.0.0.1 could not be verified" in delivery.problem
    assert smtp.mailbox.messages == []


def test_killed_mid_message_sends_exactly_one(
    smtp: SmtpServer,
    certificate: tuple[Path, Path],
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    tmp_path: Path,
) -> None:
    """A sync SIGKILLed halfway through the message: no mail arrives; the next run sends exactly one."""
    outbox = make_outbox(mail_settings(smtp.port, certificate[0]))
    outbox.enqueue(bundles["city"])
    settings = tmp_path / "config" / "cocity-workshop" / "sync.toml"
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(outbox.directory), str(settings), "0.2"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    killed = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        _target, _file, done, total = line.split()
        if int(done) > 0 and int(done) * 2 >= int(total):
            child.kill()
            killed = True
            break
    child.wait(timeout=30)
    child.stdout.close()
    assert killed, "the child finished before it could be killed"
    time.sleep(0.5)
    assert smtp.mailbox.messages == []
    assert outbox.status()[0].deliveries[0].state == PENDING

    assert outbox.sync().ok
    assert outbox.sync().results == []
    [message] = smtp.mailbox.messages
    assert sha256(attachments(message)[f"{outbox.status()[0].name}.zip"]) == sha256(bundles["city"].read_bytes())


@pytest.mark.parametrize("security", ["plain"])
def test_unencrypted_mail_is_refused(
    smtp: SmtpServer,
    certificate: tuple[Path, Path],
    make_outbox: Callable[..., Outbox],
    bundles: dict[str, Path],
    security: str,
) -> None:
    """Any security other than STARTTLS or SSL is a settings problem; nothing is sent."""
    outbox = make_outbox(mail_settings(smtp.port, certificate[0], security=security))
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert delivery.state == FAILED and delivery.problem_kind == "settings"
    assert smtp.mailbox.messages == []
