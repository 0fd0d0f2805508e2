"""What the facilitator is shown of a running participant server, wherever it runs: URLs, QR and self-check.

``ParticipantServer`` (the server in a thread of this process) and ``ServerProcess`` (the server in a
process of its own) both listen on ``host``:``port`` for one session; the addresses phones are given
are made here from the secrets in the workshop file, read fresh, so a rotated secret shows at once.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from cocity_workshop.i18n import _
from cocity_workshop.server.network import is_loopback, lan_addresses, url_host
from cocity_workshop.server.qr import qr_png
from cocity_workshop.session import WorkshopSession

#: Letters and digits that are hard to mistype (no 0/o, 1/l/i).
SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_LENGTH = 8


def short_code(join_secret: str) -> str:
    """The short code typed by hand, derived from (and changing with) the join secret."""
    number = int.from_bytes(hashlib.sha256(b"cocity-short\0" + join_secret.encode()).digest()[:8], "big")
    chars = []
    for _position in range(SHORT_LENGTH):
        number, index = divmod(number, len(SHORT_ALPHABET))
        chars.append(SHORT_ALPHABET[index])
    return "".join(chars)


@dataclass(frozen=True)
class SelfCheckResult:
    """Whether phones will be able to reach the server, with plain advice when not."""

    ok: bool
    problems: list[str] = field(default_factory=list)


class HostedServer:
    """The addresses, QR code and network self-check of a server for ``session`` on ``host``:``port``."""

    session: WorkshopSession
    host: str
    port: int

    @property
    def running(self) -> bool:
        """Whether phones can be served now (the subclass knows)."""
        raise NotImplementedError

    def _base(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    def _urls(self, join_secret: str | None = None) -> dict[str, str]:
        """The URLs for ``join_secret``; without it, for the secret in the file now (a fresh read)."""
        secret = join_secret or str(self.session.hosting()["join_secret"])
        code = short_code(secret)
        return {
            "join_url": f"{self._base()}/w/{secret}/",
            "short_url": f"{self._base()}/j/{code}",
            "short_code": code,
        }

    @property
    def join_url(self) -> str:
        """The URL with the join secret: what the QR code encodes (read fresh: a rotated secret shows at once)."""
        return self._urls()["join_url"]

    @property
    def short_url(self) -> str:
        """A short URL to type by hand (it leads to the join URL)."""
        return self._urls()["short_url"]

    @property
    def projector_url(self) -> str:
        """The read-only projector page, behind its own secret (show it only to the facilitator)."""
        secret = str(self.session.hosting()["projector_secret"])
        return f"{self._base()}/p/{secret}/"

    def qr_png(self, size_px: int = 512) -> bytes:
        """A PNG of the join QR code, about ``size_px`` wide."""
        return qr_png(self.join_url, size_px)

    @staticmethod
    def addresses() -> list[str]:
        """This machine's candidate addresses, the likeliest LAN address first."""
        return lan_addresses()

    def self_check(self, timeout: float = 3.0) -> SelfCheckResult:
        """Fetch the join page through the advertised address and say plainly what will stop phones.

        Call it from any thread but the server's own (it waits for the answer).
        """
        problems: list[str] = []
        if not self.running:
            problems.append(_("The participant server is not running."))
            return SelfCheckResult(False, problems)
        lan = [a for a in lan_addresses() if not is_loopback(a)]
        if is_loopback(self.host):
            if lan:
                problems.append(
                    _(
                        "The server listens only on this computer ({host}), so phones cannot reach it. "
                        "Choose this computer's network address instead: {addresses}."
                    ).format(host=self.host, addresses=", ".join(lan))
                )
            else:
                problems.append(
                    _(
                        "This computer is not connected to any network, so phones cannot reach it. "
                        "Connect it to the room's Wi-Fi, or bring your own hotspot or travel router."
                    )
                )
        try:
            request = urllib.request.Request(self.join_url, headers={"Accept": "text/html"})
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
            with opener.open(request, timeout=timeout) as response:
                reachable = response.status == 200
        except (urllib.error.URLError, OSError):
            reachable = False
        if not reachable:
            problems.append(
                _(
                    "The join page could not be opened at {url}. A firewall may block port {port}: allow "
                    "CoCity Workshop through the firewall, or use your own hotspot or travel router."
                ).format(url=self._base(), port=self.port)
            )
        return SelfCheckResult(not problems, problems)
