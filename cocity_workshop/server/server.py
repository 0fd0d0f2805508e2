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
import socket
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from cocity_workshop.server.app import ParticipantApp
from cocity_workshop.server.capacity import Capacity, machine_capacity
from cocity_workshop.server.connections import Connection, ConnectionTracker
from cocity_workshop.server.errors import ServerError
from cocity_workshop.server.heap import settle_heap
from cocity_workshop.server.hosted import HostedServer
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.network import is_loopback, lan_addresses, pick_address, url_host
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.session import WorkshopSession

STARTUP_SECONDS = 15.0


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


class ParticipantServer(HostedServer):
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

    # -- what the facilitator shows (addresses, QR and the self-check come from HostedServer) -----
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
