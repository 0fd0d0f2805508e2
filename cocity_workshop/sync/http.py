"""A small blocking HTTP client for the WebDAV and CKAN targets (``http.client`` under the hood).

It keeps one connection per client, streams request bodies with a real ``Content-Length`` (some proxies in
front of Nextcloud refuse chunked uploads), verifies TLS certificates, and turns every network failure into
a ``DeliveryError`` of kind ``UNREACHABLE`` with a plain message. Credentials go only over https, except to
this machine (loopback), so an app password never crosses the network in clear text.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from cocity_workshop import __version__
from cocity_workshop.i18n import N_
from cocity_workshop.sync.errors import DeliveryError, ProblemKind

#: Bodies of answers are read up to this size (bundle files are far smaller).
MAX_RESPONSE = 256 * 1024 * 1024
USER_AGENT = f"CoCity-Workshop/{__version__}"


@dataclass(frozen=True)
class HttpResponse:
    """A complete answer: status, headers (lower-case names) and body."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str, default: str = "") -> str:
        """A header's value (case-insensitive name)."""
        return self.headers.get(name.lower(), default)


def basic_auth(username: str, password: str) -> str:
    """The value of an HTTP Basic ``Authorization`` header."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine (``localhost``, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def join_url(base: str, *segments: str) -> str:
    """``base`` (ending with or without "/") plus path segments, each percent-encoded."""
    path = "/".join(quote(s, safe="") for part in segments for s in part.split("/") if s)
    return base.rstrip("/") + "/" + path


class HttpClient:
    """Requests to one server. Not thread-safe: one client per delivery."""

    def __init__(
        self,
        base_url: str,
        *,
        authorization: str | None = None,
        ca_file: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DeliveryError(ProblemKind.SETTINGS, N_("{url} is not a web address (http or https)."), url=base_url)
        if authorization and parts.scheme != "https" and not is_loopback(parts.hostname):
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_("{url} is not encrypted (https): the app sends passwords and tokens only over https."),
                url=base_url,
            )
        self.base_url = base_url
        self.host = parts.hostname
        self._scheme = parts.scheme
        self._port = parts.port
        self._authorization = authorization
        self._timeout = timeout
        self._context: ssl.SSLContext | None = None
        if parts.scheme == "https":
            self._context = ssl.create_default_context(cafile=ca_file or None)
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        """Close the connection (a later request opens a new one)."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    self.host, self._port, timeout=self._timeout, context=self._context
                )
            else:
                self._conn = http.client.HTTPConnection(self.host, self._port, timeout=self._timeout)
        return self._conn

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | Iterable[bytes] | None = None,
        length: int | None = None,
        authorize: bool = True,
    ) -> HttpResponse:
        """Send one request and read the whole answer.

        ``url`` is absolute or a path on this server. A streamed ``body`` needs its ``length``. Raises
        ``DeliveryError`` (``UNREACHABLE``) when the server cannot be reached or drops the connection.
        """
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(headers or {})}
        if authorize and self._authorization:
            sent["Authorization"] = self._authorization
        if body is not None:
            sent["Content-Length"] = str(len(body) if isinstance(body, bytes) else length)
        elif method in ("PUT", "POST"):
            sent["Content-Length"] = "0"
        conn = self._connection()
        try:
            conn.request(method, target, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read(MAX_RESPONSE)
            result = HttpResponse(
                response.status,
                response.reason,
                {k.lower(): v for k, v in response.getheaders()},
                data,
            )
            if response.will_close:
                self.close()
            return result
        except ssl.SSLCertVerificationError as error:
            self.close()
            raise DeliveryError(
                ProblemKind.SETTINGS,
                N_("The certificate of {host} could not be verified ({reason})."),
                host=self.host,
                reason=error.verify_message or str(error),
            ) from None
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise unreachable(self.host, error) from None


def unreachable(host: str, error: BaseException) -> DeliveryError:
    """The plain "cannot reach" problem for a network error."""
    if isinstance(error, socket.gaierror):
        return DeliveryError(
            ProblemKind.UNREACHABLE,
            N_("Cannot find {host}: no network, or the address is wrong. The bundle stays in the outbox."),
            host=host,
        )
    if isinstance(error, TimeoutError | socket.timeout):
        return DeliveryError(
            ProblemKind.UNREACHABLE,
            N_("{host} did not answer in time: the network may be down. The bundle stays in the outbox."),
            host=host,
        )
    if isinstance(error, ConnectionRefusedError):
        return DeliveryError(
            ProblemKind.UNREACHABLE,
            N_("Cannot reach {host}: no network, or the server is down. The bundle stays in the outbox."),
            host=host,
        )
    return DeliveryError(
        ProblemKind.UNREACHABLE,
        N_("The connection to {host} broke off: the network may be unstable. The bundle stays in the outbox."),
        host=host,
    )


def counted(chunks: Iterable[bytes], on_bytes: Callable[[int], None] | None) -> Iterable[bytes]:
    """Pass ``chunks`` through, telling ``on_bytes`` how many bytes went by."""
    for chunk in chunks:
        yield chunk
        if on_bytes is not None:
            on_bytes(len(chunk))
