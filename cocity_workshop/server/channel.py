"""The channel between the app and its participant server's own process, and what crosses it.

A loopback socket carries it, framed by ``multiprocessing.connection``. The app listens on a free port of
127.0.0.1 and gives the child the port on its command line and a random key on its standard input (never
on the command line); the child proves it holds the key by answering a random challenge with its HMAC
(``prove``, ``check``), within a deadline, before a single message is read. Messages are pickled tuples,
sent in batches.

The two directions are not trusted alike. The child parses what phones send, so the app reads the
child's messages with ``plain_loads``, which builds built-in values only (no class is ever looked up,
so no code runs), and accepts only the commands in ``COMMANDS``, made again from their plain fields.
The app's messages to the child (results, errors, events, the server's settings) are ordinary pickles.

Child to app: ``("ready", details)`` or ``("failed", template, params)`` once, then ``("commands",
[(request, name, fields), ...])`` and ``("status", counters)``. App to child: ``("start", settings)``
once, then ``("batch", [("events", events) | ("answer", request, result, error), ...])`` and
``("stop",)``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import io
import pickle
import secrets
import socket
import threading
from multiprocessing.connection import Connection
from typing import Any

from cocity_workshop.session import (
    BallotCommand,
    Command,
    JoinCommand,
    PhoneIdeaCommand,
    PhonePhotoCommand,
    ProfileCommand,
)

#: The argument that starts the app's own executable as the participant server's process.
CHILD_FLAG = "--participant-server-process"
#: Bytes of the key the child proves itself with.
KEY_BYTES = 32

#: Every change the participant server may ask the app's writer for, by the name it is sent under.
COMMANDS: dict[str, type[Any]] = {
    "ballot": BallotCommand,
    "idea": PhoneIdeaCommand,
    "photo": PhonePhotoCommand,
    "join": JoinCommand,
    "profile": ProfileCommand,
}
_NAMES = {kind: name for name, kind in COMMANDS.items()}


class NotACommand(Exception):
    """The child sent something that is not one of ``COMMANDS`` with its fields."""


def encode_command(command: Command[Any]) -> tuple[str, tuple[Any, ...]]:
    """``command`` as its name and its fields' values, for ``decode_command`` on the other side."""
    name = _NAMES.get(type(command))
    if name is None:
        raise NotACommand(f"{type(command).__name__} cannot be sent to the app's writer")
    fields = dataclasses.fields(COMMANDS[name])
    return name, tuple(getattr(command, f.name) for f in fields)


def decode_command(name: object, values: object) -> Command[Any]:
    """The command ``encode_command`` described (its own ``__call__`` checks the values in the writer)."""
    kind = COMMANDS.get(name) if isinstance(name, str) else None
    if kind is None or not isinstance(values, tuple) or len(values) != len(dataclasses.fields(kind)):
        raise NotACommand("not a command")
    command: Command[Any] = kind(*values)
    return command


def check(sock: socket.socket, key: bytes, timeout: float) -> bool:
    """Whether the peer on ``sock`` (just accepted) proves within ``timeout`` that it holds ``key``."""
    challenge = secrets.token_bytes(KEY_BYTES)
    sock.settimeout(timeout)
    try:
        sock.sendall(challenge)
        answer = _receive(sock, len(hmac.new(key, b"", hashlib.sha256).digest()))
    except OSError:
        return False
    finally:
        sock.setblocking(True)  # the channel's framing reads the socket without timeouts
    return hmac.compare_digest(answer, hmac.new(key, challenge, hashlib.sha256).digest())


def prove(sock: socket.socket, key: bytes) -> None:
    """Answer the app's challenge on ``sock`` with its HMAC under ``key``."""
    challenge = _receive(sock, KEY_BYTES)
    sock.sendall(hmac.new(key, challenge, hashlib.sha256).digest())


def _receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the other end closed the channel")
        data += chunk
    return data


def connection_of(sock: socket.socket) -> Connection[Any, Any]:
    """A ``multiprocessing.connection`` over ``sock`` (which it then owns)."""
    connection: Connection[Any, Any] = Connection(sock.detach())
    return connection


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not a plain value")


def plain_loads(data: bytes) -> Any:
    """Unpickle built-in values only (numbers, text, bytes, tuples, lists, dicts, sets, ``None``)."""
    return _PlainUnpickler(io.BytesIO(data)).load()


class Channel:
    """One end of the channel: ``send`` from any thread, ``recv`` from one."""

    def __init__(self, connection: Connection[Any, Any], *, plain: bool) -> None:
        """``plain``: the other end is the child, so only plain values are read from it."""
        self.connection = connection
        self._plain = plain
        self._lock = threading.Lock()

    def send(self, message: tuple[Any, ...]) -> None:
        """Send one message (``OSError`` or ``EOFError`` when the other end is gone)."""
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self.connection.send_bytes(data)

    def recv(self) -> Any:
        """The next message; ``EOFError`` (or ``OSError``) when the other end is gone."""
        data = self.connection.recv_bytes()
        return plain_loads(data) if self._plain else pickle.loads(data)

    def poll(self, timeout: float) -> bool:
        """Whether a message is waiting, after up to ``timeout`` seconds."""
        return self.connection.poll(timeout)

    def close(self) -> None:
        """Close this end (the other end's ``recv`` raises ``EOFError``)."""
        with contextlib.suppress(OSError):
            self.connection.close()
