"""Delivery by e-mail: the report (PDF) and the whole bundle (ZIP) to the council's address.

SMTP with STARTTLS (port 587, the default) or with TLS from the start (``security = "ssl"``, port 465); the
server's certificate is always verified. A mail cannot be looked up once sent, so the journal notes
"sending" before and "sent" after: a run that was killed before the server took the message sends it
again, one that finished never sends twice. The ``Message-ID`` is the same on every try, so if a crash ever
falls exactly between the server's "OK" and the journal, the council's mail program shows one message.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate

from cocity_workshop.core.text import is_plain_number
from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.bundlefile import CHUNK, BundleInfo
from cocity_workshop.sync.errors import DeliveryError, ProblemKind
from cocity_workshop.sync.http import unreachable
from cocity_workshop.sync.targets.base import DeliveryContext, Target, human_size


def recipients(text: str) -> list[str]:
    """The addresses in a comma- or semicolon-separated list."""
    return [a.strip() for a in text.replace(";", ",").split(",") if a.strip()]


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent: CRLF line ends, dot-stuffed, ending with CRLF (the final dot comes separately)."""
    data = message.as_bytes(policy=SMTP_POLICY)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def send_data(smtp: smtplib.SMTP, sender: str, to: list[str], data: bytes, context: DeliveryContext) -> None:
    """MAIL, RCPT, DATA with the message in chunks, and the final dot only after the last chunk.

    Unlike ``smtplib.send_message``, a run stopped before the end never completes the message on the
    server (the dot is the last write), and progress is reported as the message goes out.
    """
    code, reply = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for address in to:
        code, reply = smtp.rcpt(address)
        if code not in (250, 251):
            refused[address] = (code, reply)
    if len(refused) == len(to):
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = smtp.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    for start in range(0, len(data), CHUNK):
        context.check_cancel()
        smtp.send(data[start : start + CHUNK])
        context.progress("", min(start + CHUNK, len(data)), len(data))
    smtp.send(b".\r\n")
    code, reply = smtp.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


class EmailTarget(Target):
    """An SMTP server (``host``, ``port``, ``security``) sending from ``sender`` to ``to``."""

    @property
    def security(self) -> str:
        """``starttls`` or ``ssl``."""
        return self.settings.text("security", "starttls").lower()

    @property
    def port(self) -> int:
        """The SMTP port (587 for STARTTLS, 465 for SSL unless set)."""
        return int(self.settings.get("port") or (465 if self.security == "ssl" else 587))

    def describe(self) -> str:
        return ", ".join(recipients(self.settings.text("to")))

    def message(self, bundle: BundleInfo) -> EmailMessage:
        """The message: a short text, the PDF report and the bundle ZIP."""
        message = EmailMessage()
        message["From"] = self.settings.text("sender")
        message["To"] = ", ".join(recipients(self.settings.text("to")))
        message["Subject"] = _("Workshop results: {title}").format(title=bundle.title)
        message["Date"] = formatdate(time.time(), localtime=True)
        message["Message-ID"] = f"<cocity-{bundle.content_key[:32]}-{self.name}@cocity-workshop.invalid>"
        message.set_content(
            _(
                "Hello,\n\nattached are the results of the workshop \u201c{title}\u201d: the report (PDF) and the "
                "data bundle (ZIP). The bundle's datapackage.json lists every file with its SHA-256, so the "
                "data can be checked against the report.\n\nSent by CoCity Workshop.\n"
            ).format(title=bundle.title),
            cte="quoted-printable",
        )
        report = bundle.report
        if report is not None:
            message.add_attachment(
                bundle.read(report.path), maintype="application", subtype="pdf", filename=report.name
            )
        message.add_attachment(
            bundle.zip_path.read_bytes(), maintype="application", subtype="zip", filename=f"{bundle.name}.zip"
        )
        return message

    def _check_security(self) -> None:
        if self.security not in ("starttls", "ssl"):
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_('The e-mail target {name} needs security = "starttls" or "ssl".'),
                name=self.name,
            )

    def _connect(self) -> smtplib.SMTP:
        """A connection to the server, encrypted (TLS from the start, or STARTTLS) and greeted, not logged in."""
        host = self.settings.text("host")
        tls = ssl.create_default_context(cafile=self.settings.text("ca_file") or None)
        timeout = self.settings.timeout()
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(host, self.port, timeout=timeout, context=tls)
        else:
            smtp = smtplib.SMTP(host, self.port, timeout=timeout)
        try:
            smtp.ehlo()
            if self.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        ProblemKind.SETTINGS,
                        N_("The mail server {host} does not offer STARTTLS; the app sends mail only encrypted."),
                        host=host,
                    )
                smtp.starttls(context=tls)
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _login(self, smtp: smtplib.SMTP) -> None:
        """Log in when the settings have a user name."""
        if self.settings.text("username"):
            smtp.login(self.settings.text("username"), self.settings.text("password"))

    def check(self) -> str:
        """Connect, encrypt and log in, then say goodbye: no message is sent."""
        self._check_security()
        host = self.settings.text("host")
        try:
            with self._connect() as smtp:
                self._login(smtp)
        except (OSError, smtplib.SMTPException) as error:
            raise smtp_problem(error, host) from None
        if self.settings.text("username"):
            return _("The mail server {host} took the encrypted connection and the login.").format(host=host)
        return _("The mail server {host} took the encrypted connection (no login set).").format(host=host)

    def deliver(self, context: DeliveryContext) -> str:
        bundle = context.bundle
        key = f"{bundle.content_key}/{','.join(recipients(self.settings.text('to')))}"
        where = self.describe()
        record = context.journal.get(key)
        if record is not None and record.get("state") == "sent":
            return where
        self._check_security()
        message = self.message(bundle)
        data = wire_bytes(message)
        context.progress("", 0, len(data))
        context.check_cancel()
        host = self.settings.text("host")
        try:
            with self._connect() as smtp:
                limit = smtp.esmtp_features.get("size", "").strip()
                if is_plain_number(limit) and int(limit) and len(data) > int(limit):
                    raise DeliveryError(
                        ProblemKind.TOO_LARGE,
                        N_("The message ({size}) is larger than {host} accepts ({limit})."),
                        size=human_size(len(data)),
                        host=host,
                        limit=human_size(int(limit)),
                    )
                self._login(smtp)
                context.journal.set(key, {"state": "sending", "message_id": message["Message-ID"]})
                send_data(smtp, self.settings.text("sender"), recipients(self.settings.text("to")), data, context)
                context.journal.set(key, {"state": "sent", "message_id": message["Message-ID"]})
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryError(
                ProblemKind.SETTINGS, N_("The mail server {host} refused the address {to}."), host=host, to=where
            ) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            if error.smtp_code == 552:
                raise DeliveryError(
                    ProblemKind.TOO_LARGE,
                    N_("The message ({size}) is larger than {host} accepts."),
                    size=human_size(len(data)),
                    host=host,
                ) from None
            kind = ProblemKind.SERVER if 400 <= error.smtp_code < 500 else ProblemKind.SETTINGS
            raise DeliveryError(
                kind,
                N_("The mail server {host} refused the message: {reason}"),
                host=host,
                reason=error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else "",
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise smtp_problem(error, host) from None
        context.progress("", len(data), len(data))
        return where


def smtp_problem(error: BaseException, host: str) -> DeliveryError:
    """The plain problem for a failure while connecting, encrypting or logging in (or any other SMTP error)."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            ProblemKind.CREDENTIALS,
            N_("The mail server {host} refused the user name or password. Check them in the sync settings."),
            host=host,
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return DeliveryError(
            ProblemKind.SETTINGS,
            N_("The certificate of {host} could not be verified ({reason})."),
            host=host,
            reason=error.verify_message or str(error),
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return DeliveryError(
            ProblemKind.SETTINGS,
            N_("The mail server {host} does not offer login; remove the user name from the sync settings."),
            host=host,
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryError(
            ProblemKind.SERVER,
            N_("The mail server {host} refused the message: {reason}"),
            host=host,
            reason=f"{error.smtp_code}",
        )
    return unreachable(host, error)
