"""``ParticipantServer``: the participant server in its own thread with its own event loop.

The desktop app and ``cocity-workshop serve`` start it the same way::

    server = ParticipantServer(session)          # the LAN address and the workshop's stable port
    server.start()                               # returns once listening; ServerError if it cannot
    print(server.join_url, server.short_url)
    ...
    server.stop()

The port is stored in the workshop file, and so are the secrets, so a restart (even after a crash)
keeps printed and projected QR codes working and phones carry on without scanning again.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import hashlib
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from cocity_workshop.i18n import _
from cocity_workshop.server.app import ParticipantApp
from cocity_workshop.server.capacity import Capacity, machine_capacity
from cocity_workshop.server.connections import Connection, ConnectionTracker
from cocity_workshop.server.errors import ServerError
from cocity_workshop.server.heap import settle_heap
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.network import is_loopback, lan_addresses, pick_address, url_host
from cocity_workshop.server.qr import qr_png
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.session import WorkshopSession

#: Letters and digits that are hard to mistype (no 0/o, 1/l/i).
SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_LENGTH = 8
STARTUP_SECONDS = 15.0


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


class _GuardedProtocol(asyncio.Protocol):
    """Counts connections before aiohttp sees them (``ConnectionTracker``); a refused one gets a bare 429."""

    def __init__(self, inner: web.RequestHandler, tracker: ConnectionTracker) -> None:
        self._inner = inner
        self._tracker = tracker
        self._connection: Connection | None = None
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else ""
        self._transport = transport
        self._connection = self._tracker.admit(transport, address, transport.close)
        if self._connection is None:
            transport.write(b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            transport.write_eof()
            # Close a moment later: whatever the client sends meanwhile is read and dropped, so the
            # answer is not lost to a connection reset.
            asyncio.get_running_loop().call_later(1.0, transport.close)
            return
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._connection is not None:
            self._connection = None
            self._tracker.release(self._transport)
            self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._connection is not None:
            self._tracker.data_arrived(self._connection)
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self._connection is not None:
            self._inner.eof_received()
        return None

    def pause_writing(self) -> None:
        if self._connection is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._connection is not None:
            self._inner.resume_writing()


class _GuardedSite(web.SockSite):
    """A site on a socket we bound ourselves, with the connection tracker in front of aiohttp."""

    __slots__ = ("_tracker",)

    def __init__(self, runner: web.BaseRunner, sock: socket.socket, tracker: ConnectionTracker) -> None:
        super().__init__(runner, sock, backlog=1024)
        self._tracker = tracker

    async def start(self) -> None:
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        tracker = self._tracker
        self._server = await asyncio.get_running_loop().create_server(
            lambda: _GuardedProtocol(server(), tracker), sock=self._sock, backlog=self._backlog
        )


class ParticipantServer:
    """Serves the phone page, its API and the projector feed for one open workshop session."""

    def __init__(
        self,
        session: WorkshopSession,
        host: str | None = None,
        port: int | None = None,
        *,
        limits: Limits | None = None,
        on_room: Callable[[], None] | None = None,
    ) -> None:
        """``host`` ``None`` picks the likely LAN address; ``port`` ``None`` uses the workshop's stable port
        (``0`` asks the system for a free one, for tests). ``on_room()`` is called on the server's thread
        whenever ``room`` (phones connected now, how many voted) changes."""
        self.session = session
        self._on_room = on_room
        #: The open-file limit (raised as far as allowed) and the connection caps it allows.
        self.capacity: Capacity = machine_capacity()
        given = limits or Limits()
        self.limits = dataclasses.replace(
            given,
            connections_total=given.connections_total or self.capacity.connections_total,
            max_subscribers=given.max_subscribers or self.capacity.max_subscribers,
        )
        self.host = host or pick_address()
        self.port = int(str(session.hosting()["port"])) if port is None else port
        #: What was turned away, by reason (counts only).
        self.refusals = Refusals()
        self._tracker = self._make_tracker()
        self._app = self._make_app()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        """Listen and return once phones can connect; ``ServerError`` when the port or address is unusable."""
        if self._thread is not None:
            raise ServerError("The participant server is already running.")
        if self._ready.is_set():  # started before and stopped: a fresh app, pools and live state
            self._tracker = self._make_tracker()
            self._app = self._make_app()
            self._ready = threading.Event()
            self._failure = None
        sock = self._bind()
        settle_heap()
        self.port = int(sock.getsockname()[1])
        self._app.guards.allowed_hosts = self._allowed_hosts()
        self._thread = threading.Thread(target=self._run, args=(sock,), name="cocity-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(STARTUP_SECONDS):
            raise ServerError("The participant server did not start in time.")
        if self._failure is not None:
            self._thread.join()
            self._thread = None
            raise ServerError("The participant server could not start: {reason}", reason=str(self._failure))

    def stop(self) -> None:
        """End every stream and connection, stop the thread; the session stays open (the caller closes it)."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stopping.set)
        thread.join(timeout=15)
        self._thread = None
        self._app.close_pools()

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ParticipantServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _make_app(self) -> ParticipantApp:
        # The loop uses the secrets it caches (refreshed on each joining change) and never reads the file.
        app = ParticipantApp(
            self.session,
            self.limits,
            lambda: self._urls(self._app.join_secret),
            self.qr_png,
            connections=self._tracker,
            refusals=self.refusals,
        )
        if self._on_room is not None:
            app.room_listeners.append(self._on_room)
        return app

    def _make_tracker(self) -> ConnectionTracker:
        assert self.limits.connections_total is not None
        return ConnectionTracker(
            self.limits.connections_per_address,
            self.limits.connections_total,
            self.limits.header_seconds,
            on_refused=self.refusals.count,
        )

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        try:
            return socket.create_server((self.host, self.port), family=family, backlog=512, reuse_port=False)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServerError(
                    "Port {port} is already in use, perhaps by another open workshop. Close it or choose another port.",
                    port=self.port,
                ) from None
            if error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                raise ServerError(
                    "This computer has no network address {host}; choose one of: {addresses}.",
                    host=self.host,
                    addresses=", ".join(lan_addresses()),
                ) from None
            raise ServerError("The participant server could not listen: {reason}", reason=str(error)) from None

    def _allowed_hosts(self) -> set[str]:
        hosts = {f"{url_host(self.host)}:{self.port}".lower()}
        if is_loopback(self.host):
            hosts |= {f"localhost:{self.port}", f"127.0.0.1:{self.port}", f"[::1]:{self.port}"}
        return hosts

    def _run(self, sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve(sock))
        finally:
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()
            sock.close()

    async def _serve(self, sock: socket.socket) -> None:
        runner = web.AppRunner(
            self._app.make_app(),
            access_log=None,  # no addresses, user agents or secret paths in any log
            handler_cancellation=True,
            shutdown_timeout=2.0,
            keepalive_timeout=self.limits.keepalive_seconds,
            max_line_size=2048,
            max_field_size=8190,
            max_headers=64,
        )
        self._stopping = asyncio.Event()
        try:
            await self._app.start()
            await runner.setup()
            await _GuardedSite(runner, sock, self._tracker).start()
            self._tracker.start(asyncio.get_running_loop())
        except Exception as error:
            self._failure = error
            self._ready.set()
            await self._app.stop()
            await runner.cleanup()
            return
        self._ready.set()
        await self._stopping.wait()
        self._tracker.stop()
        await self._app.stop()
        await runner.cleanup()

    # -- what the facilitator shows ------------------------------------------------------------
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

    @property
    def connections(self) -> int:
        """Open connections now."""
        return self._tracker.open_connections

    @property
    def connected_phones(self) -> int:
        """Phones holding an open live stream now (projector views are not counted)."""
        return self._app.connected.count

    @property
    def room(self) -> dict[str, Any]:
        """The room as the projector shows it: ``connected`` now and, while a round is open, ``vote``
        (``round``, ``voted``, ``of``); ``{}`` before the server started. Safe to read from any thread."""
        return self._app.room

    @property
    def stats(self) -> dict[str, Any]:
        """Counters for tests and the benchmark: live subscribers and broadcasts so far."""
        return {
            "subscribers": self._app.broadcaster.subscriber_count,
            "broadcasts": self._app.broadcaster.broadcasts,
            "last_event_id": self._app.broadcaster.last_event_id,
        }

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
