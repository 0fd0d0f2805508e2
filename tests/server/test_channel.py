"""The channel to the participant server's process: only plain values and known commands are read from it,
and only a peer holding the key gets a channel."""

from __future__ import annotations

import pickle
import socket
import threading

import pytest

from cocity_workshop.__main__ import SERVER_PROCESS_FLAG
from cocity_workshop.server.channel import (
    CHILD_FLAG,
    COMMANDS,
    NotACommand,
    check,
    decode_command,
    encode_command,
    plain_loads,
    prove,
)
from cocity_workshop.server.errors import ServerError
from cocity_workshop.server.process import ServerProcess
from cocity_workshop.session import WorkshopSession


class _Running:
    """Stands in for the child's ``Popen`` while it has not exited."""

    returncode = None

    def poll(self) -> None:
        return None


def test_the_app_knows_the_flag_its_server_process_is_started_with() -> None:
    """``python -m cocity_workshop`` (and the frozen app) hands the flag to the server's process."""
    assert SERVER_PROCESS_FLAG == CHILD_FLAG


def test_only_plain_values_are_read_from_the_child() -> None:
    """Built-in values come through; anything naming a class (which could run code) is refused."""
    plain = ("commands", [(1, "ballot", ("token", 3, {4: 1}, "key-12345")), {b"x", 2.5, None}])
    assert plain_loads(pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)) == plain
    with pytest.raises(pickle.UnpicklingError):
        plain_loads(pickle.dumps(ServerError("x")))
    with pytest.raises(pickle.UnpicklingError):
        plain_loads(b"cos\nsystem\n(S'echo owned'\ntR.")  # os.system, the classic


def test_every_command_the_server_sends_is_made_again_from_its_fields(session: WorkshopSession) -> None:
    """What the routes build crosses as (name, fields) and comes back equal; other names are refused."""
    commands = [
        session.ballot_command("t" * 32, 1, {2: 3}, "key-12345"),
        session.phone_idea_command("t" * 32, "Title", "", "", "key-12345"),
        session.phone_photo_command("t" * 32, 5, "image/png", b"\x89PNG", 1, 1, "key-12345"),
        session.join_command("TICKET"),
        session.profile_command("t" * 32, None, 2),
    ]
    assert {type(c) for c in commands} == set(COMMANDS.values())
    for command in commands:
        name, fields = encode_command(command)
        assert decode_command(*plain_loads(pickle.dumps((name, fields)))) == command
    for name, fields in [("exec", ()), ("ballot", ("too", "few")), (None, ()), ("join", ["not a tuple"])]:
        with pytest.raises(NotACommand):
            decode_command(name, fields)
    with pytest.raises(NotACommand):
        encode_command(lambda tx: None)


def _stranger(port: int, closed: list[bool]) -> None:
    """Connects, answers the challenge with 32 wrong bytes and notes whether the app then hangs up."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"w" * 32)
        received = b""
        while chunk := sock.recv(64):
            received += chunk
        closed.append(len(received) == 32)  # the challenge, then nothing: closed


def _child(port: int, key: bytes, received: list[bytes]) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        prove(sock, key)
        received.append(sock.recv(64))


def test_a_peer_without_the_key_gets_no_channel() -> None:
    """A stranger connecting first is dropped; the child that proves the key, after it, gets the channel."""
    key = b"k" * 32
    closed: list[bool] = []
    received: list[bytes] = []
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        stranger = threading.Thread(target=_stranger, args=(port, closed))
        stranger.start()

        def child_after_the_stranger() -> None:
            stranger.join(5)
            _child(port, key, received)

        child = threading.Thread(target=child_after_the_stranger)
        child.start()
        connection = ServerProcess._accept(listener, key, _Running())  # type: ignore[arg-type]
        connection.send_bytes(b"x")
        child.join(5)
        connection.close()
    assert closed == [True] and received and received[0].endswith(b"x")


def test_check_refuses_a_wrong_key_and_a_silent_peer() -> None:
    """``check`` says no to an answer under another key, and gives up on a peer that never answers."""
    for peer_key, timeout in ((b"w" * 32, 5.0), (None, 0.2)):
        app, peer = socket.socketpair()
        with app, peer:
            if peer_key is not None:
                threading.Thread(target=prove, args=(peer, peer_key), daemon=True).start()
            assert not check(app, b"k" * 32, timeout)
