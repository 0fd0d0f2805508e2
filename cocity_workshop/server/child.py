"""The participant server's own process: started by the app (``ServerProcess``), never by hand.

It connects back to the app over the channel whose address it is given and whose key it reads from its
standard input, receives the workshop file and the server's settings, opens the file read-only and
serves phones with an ordinary ``ParticipantServer`` whose changes go to the app's writer
(``RelayedSession``). It tells the app the address it listens on, then what the facilitator sees
(phones connected, refusals) whenever that changes, and stops when the app says so or goes away.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from typing import Any

from cocity_workshop.core.errors import DomainError
from cocity_workshop.server.channel import CHILD_FLAG, Channel, connection_of, prove
from cocity_workshop.server.relayed import RelayedSession
from cocity_workshop.server.server import ParticipantServer

#: How often the counters the facilitator sees are compared with what was last sent.
STATUS_SECONDS = 0.5


def main(argv: Sequence[str]) -> int:
    """``<app> --participant-server-process PORT`` with the key in hex on standard input."""
    if len(argv) != 2 or argv[0] != CHILD_FLAG or not argv[1].isdigit():
        print("cocity-workshop: this process is started by the app only", file=sys.stderr)
        return 2
    # Ctrl-C in a terminal reaches every process of the group: the app (``serve``) stops this one itself.
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    key = bytes.fromhex(sys.stdin.readline().strip())
    sock = socket.create_connection(("127.0.0.1", int(argv[1])), timeout=30)
    sock.settimeout(30)
    prove(sock, key)
    sock.setblocking(True)
    channel = Channel(connection_of(sock), plain=False)
    try:
        return _serve(channel)
    finally:
        channel.close()


def _serve(channel: Channel) -> int:
    start = channel.recv()
    if start[0] != "start":
        return 2
    settings: dict[str, Any] = start[1]
    try:
        session = RelayedSession.open(settings["path"], readonly=True)
    except DomainError as error:
        channel.send(("failed", error.template, _plain_params(error)))
        return 1
    stop = threading.Event()
    changed = threading.Event()
    session.relay_to(channel)
    try:
        server = ParticipantServer(
            session,
            settings["host"],
            settings["port"],
            limits=settings["limits"],
            on_room=changed.set,
        )
        server.start()
    except DomainError as error:
        channel.send(("failed", error.template, _plain_params(error)))
        session.close()
        return 1
    capacity = server.capacity
    channel.send(
        (
            "ready",
            {
                "host": server.host,
                "port": server.port,
                "capacity": (capacity.open_files, capacity.connections_total, capacity.max_subscribers),
                "limits": (server.limits.connections_total, server.limits.max_subscribers),
            },
        )
    )

    def on_message(message: tuple[Any, ...]) -> None:
        if message[0] == "stop":
            stop.set()
            changed.set()

    reader = threading.Thread(target=session.serve_answers, args=(on_message,), name="cocity-relay", daemon=True)
    reader.start()
    try:
        sent: dict[str, Any] = {}
        while not stop.is_set():
            changed.wait(STATUS_SECONDS)
            changed.clear()
            status = _status(server)
            if status != sent:
                with contextlib.suppress(OSError, EOFError, ValueError):
                    channel.send(("status", status))
                sent = status
    finally:
        server.stop()
        session.close()
    return 0


def _status(server: ParticipantServer) -> dict[str, Any]:
    """What the app shows of this server (plain values only)."""
    return {
        "connected": server.connected_phones,
        "room": server.room,
        "connections": server.connections,
        "refusals": server.refusals.counts(),
        **server.stats,
    }


def _plain_params(error: DomainError) -> dict[str, Any]:
    """The error's parameters as plain values (the app makes the same error again from its template)."""
    return {k: v if isinstance(v, int | float) else str(v) for k, v in error.params.items()}
