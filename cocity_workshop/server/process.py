"""``ServerProcess``: the participant server in a process of its own, the single writer staying in the app.

On a weak laptop the app's one process could not parse 300 phones' requests, build their live state and
write it to every stream, and keep the facilitator's window smooth: they share one interpreter lock and
one share of the processor (decision 0028). Started this way, the participant server runs as a child
process of the app (the app's own executable with ``--participant-server-process``, so the frozen app
needs nothing else) and reads the workshop file through its own read-only connections; every change it
receives is committed by the app's one writer (``Relay``), and a phone hears back only after the commit.

Used like ``ParticipantServer``::

    server = ServerProcess(session, on_exit=lambda code: ...)   # on_exit: the child died unexpectedly
    server.start()
    ...
    server.stop()
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cocity_workshop.server.capacity import Capacity
from cocity_workshop.server.channel import CHILD_FLAG, KEY_BYTES, Channel, check, connection_of
from cocity_workshop.server.errors import ServerError
from cocity_workshop.server.heap import settle_heap
from cocity_workshop.server.hosted import HostedServer
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.network import pick_address
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.server.relay import Relay
from cocity_workshop.session import WorkshopSession

#: How long the child may take to start (importing the server is slow on a weak laptop).
STARTUP_SECONDS = 30.0
STOP_SECONDS = 15.0


def child_command() -> list[str]:
    """How to start this app's participant server process: the frozen app's own executable, or Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-m", "cocity_workshop", CHILD_FLAG]


class ServerProcess(HostedServer):
    """Serves the phone page, its API and the projector feed from a child process, for one open session."""

    def __init__(
        self,
        session: WorkshopSession,
        host: str | None = None,
        port: int | None = None,
        *,
        limits: Limits | None = None,
        on_room: Callable[[], None] | None = None,
        on_exit: Callable[[int | None], None] | None = None,
    ) -> None:
        """As ``ParticipantServer`` (``on_room()`` runs on a relay thread); ``on_exit(code)`` runs on a relay
        thread when the child ends without being stopped (its exit code, ``None`` if it is still there but
        cut off)."""
        self.session = session
        self.host = host or pick_address()
        self.port = int(str(session.hosting()["port"])) if port is None else port
        self.limits = limits or Limits()
        self.refusals = Refusals()
        #: The child's open-file limit and caps (known once it runs).
        self.capacity = Capacity(0, 0, 0)
        self._on_room = on_room
        self._on_exit = on_exit
        self._status: dict[str, Any] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: Channel | None = None
        self._relay: Relay | None = None
        self._stopping = False

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the child and return once it listens; ``ServerError`` when it cannot."""
        if self._process is not None:
            raise ServerError("The participant server is already running.")
        self._stopping = False
        self._status = {}
        key = secrets.token_bytes(KEY_BYTES)
        with socket.create_server(("127.0.0.1", 0)) as listener:
            process = self._spawn(int(listener.getsockname()[1]), key)
            try:
                channel = Channel(self._accept(listener, key, process), plain=True)
            except BaseException:
                _end(process)
                raise
        try:
            details = self._handshake(channel)
        except BaseException:
            channel.close()
            _end(process)
            raise
        self.host, self.port = str(details["host"]), int(details["port"])
        self.capacity = Capacity(*(int(n) for n in details["capacity"]))
        total, streams = details["limits"]
        self.limits = dataclasses.replace(self.limits, connections_total=total, max_subscribers=streams)
        self._process, self._channel = process, channel
        self._relay = Relay(self.session, channel, self._on_status, self._on_gone)
        self._relay.start()
        settle_heap()  # the app's long-lived objects out of the collector's sight, as the server in a thread does

    def _spawn(self, channel_port: int, key: bytes) -> subprocess.Popen[bytes]:
        environment = dict(os.environ)
        if not getattr(sys, "frozen", False):  # the child imports this very package, wherever it is
            root = str(Path(__file__).resolve().parents[2])
            environment["PYTHONPATH"] = os.pathsep.join(p for p in (root, environment.get("PYTHONPATH")) if p)
        process = subprocess.Popen(
            [*child_command(), str(channel_port)],
            stdin=subprocess.PIPE,
            env=environment,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        assert process.stdin is not None
        process.stdin.write(key.hex().encode() + b"\n")
        process.stdin.close()
        return process

    @staticmethod
    def _accept(listener: socket.socket, key: bytes, process: subprocess.Popen[bytes]) -> Connection[Any, Any]:
        """The child's connection, once it proved it holds ``key`` (``ServerError`` if it never comes)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            listener.settimeout(min(left, 0.5))
            try:
                sock, _peer = listener.accept()
            except TimeoutError:
                if process.poll() is not None:
                    break
                continue
            if check(sock, key, max(0.1, deadline - time.monotonic())):
                return connection_of(sock)
            sock.close()  # not our child: keep waiting for it
        if process.poll() is not None:
            raise ServerError("The participant server could not start: {reason}", reason=f"exit {process.returncode}")
        raise ServerError("The participant server did not start in time.")

    def _handshake(self, channel: Channel) -> dict[str, Any]:
        settings = {"path": str(self.session.path), "host": self.host, "port": self.port, "limits": self.limits}
        channel.send(("start", settings))
        if not channel.poll(STARTUP_SECONDS):
            raise ServerError("The participant server did not start in time.")
        try:
            answer = channel.recv()
        except (EOFError, OSError) as error:
            raise ServerError("The participant server could not start: {reason}", reason=str(error)) from None
        if answer[0] == "failed":
            raise ServerError(str(answer[1]), **dict(answer[2]))
        if answer[0] != "ready":
            raise ServerError("The participant server could not start: {reason}", reason=str(answer[0]))
        details: dict[str, Any] = answer[1]
        return details

    def stop(self) -> None:
        """Stop the child (it ends every stream and connection); the session stays open."""
        process, channel, relay = self._process, self._channel, self._relay
        if process is None or channel is None or relay is None:
            return
        self._stopping = True
        with contextlib.suppress(OSError, EOFError, ValueError):
            channel.send(("stop",))
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            _end(process)
        relay.close()
        channel.close()
        relay.join_reader(5)
        self._process = self._channel = self._relay = None
        if self._status.get("room"):
            self._status = {}
            if self._on_room is not None:
                self._on_room()

    def kill(self) -> None:
        """End the child at once, as a crash would (for tests and the facilitator's last resort)."""
        if self._process is not None:
            self._process.kill()

    @property
    def running(self) -> bool:
        """Whether the child is serving."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs (the weak-laptop benchmark puts it in a cgroup)."""
        return self._process.pid if self._process is not None else None

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- from the relay's thread ---------------------------------------------------------------
    def _on_status(self, status: dict[str, Any]) -> None:
        before = self._status.get("room")
        self._status = status
        counts = status.get("refusals")
        if isinstance(counts, dict):
            self.refusals.replace(counts)
        if status.get("room") != before and self._on_room is not None:
            self._on_room()

    def _on_gone(self) -> None:
        process = self._process
        if self._stopping or process is None:
            return
        code: int | None = None
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = process.wait(2)
        if self._on_exit is not None:
            self._on_exit(code)

    # -- what the facilitator shows (addresses, QR and the self-check come from HostedServer) -----
    @property
    def connections(self) -> int:
        """Open connections, as the child last said."""
        return int(self._status.get("connections", 0))

    @property
    def connected_phones(self) -> int:
        """Phones holding an open live stream, as the child last said."""
        return int(self._status.get("connected", 0))

    @property
    def room(self) -> dict[str, Any]:
        """The room as the projector shows it (``ParticipantServer.room``), as the child last said."""
        room = self._status.get("room")
        return room if isinstance(room, dict) else {}

    @property
    def stats(self) -> dict[str, Any]:
        """Counters for tests and the benchmark, as the child last said."""
        return {k: self._status.get(k, 0) for k in ("subscribers", "broadcasts", "last_event_id")}


def _end(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and reap it."""
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)
