"""A full room on the shipped settings: 300 phones, each from its own address, joined over HTTP.

Every phone holds its live stream and votes twice, alone and while a slowloris of 300 sockets from 15
addresses trickles request headers. The server runs with its default ``Limits`` (what ``serve`` and the
desktop app use); only the number of phones is chosen here.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import socket
from pathlib import Path

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.room_phones import RoomPhone, phone_address

PHONES = 300
SLOW_SOCKETS = 300
SLOW_ADDRESSES = 15


def _room(tmp_path: Path) -> tuple[WorkshopSession, int, list[int]]:
    session = WorkshopSession.create(tmp_path / "room.cocity", title="Full room")
    session.set_joining(open=True)
    ideas = [session.add_idea(f"Idea {n}").id for n in range(20)]
    voting = session.create_round("Room", ideas, dots_per_participant=5, max_per_idea=3, results_mode=ResultsMode.LIVE)
    session.start_round(voting.id)
    return session, voting.id, ideas


async def _slowloris(port: int, stop: asyncio.Event) -> int:
    """Hold ``SLOW_SOCKETS`` sockets, each sending a header line every half second; how many it opened."""
    sockets: list[asyncio.StreamWriter] = []
    for n in range(SLOW_SOCKETS):
        address = f"127.200.0.{n % SLOW_ADDRESSES + 1}"
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
        except OSError:
            continue
        writer.write(b"GET /api/strings/en HTTP/1.1\r\n")
        sockets.append(writer)
    opened = len(sockets)
    while not stop.is_set():
        for writer in sockets:
            if not writer.is_closing():
                writer.write(b"X-Slow: 1\r\n")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)
    for writer in sockets:
        writer.close()
    return opened


async def _vote_in_room(server: ParticipantServer, round_id: int, ideas: list[int], slowloris: bool) -> dict[str, int]:
    join_path = "/" + server.join_url.split("/", 3)[3] + "join"
    phones = [RoomPhone(server.port, phone_address(n)) for n in range(PHONES)]
    stop = asyncio.Event()
    slow = asyncio.create_task(_slowloris(server.port, stop)) if slowloris else None
    if slow is not None:
        await asyncio.sleep(0.5)  # the slow sockets are in place before the phones come
    outcome = {"requests": 0, "succeeded": 0}

    async def counted(call: asyncio.Future[int] | asyncio.Task[int] | object, ok: int) -> None:
        outcome["requests"] += 1
        try:
            status = await call  # type: ignore[misc]
        except (OSError, asyncio.IncompleteReadError):
            return
        outcome["succeeded"] += status == ok

    async def ballot(phone: RoomPhone, rng: random.Random, vote: int) -> int:
        chosen = rng.sample(ideas, 2)
        dots = {str(chosen[0]): 3, str(chosen[1]): 2}
        status, _answer = await phone.request(
            "POST", "/api/ballot", {"round": round_id, "dots": dots}, key=os.urandom(9).hex() + str(vote)
        )
        return status

    try:
        await asyncio.gather(*(counted(p.join(join_path), 201) for p in phones))
        for phone in phones:
            if phone.token:
                phone.open_stream()
        await asyncio.wait([asyncio.create_task(p.streaming.wait()) for p in phones if p.token], timeout=20)
        outcome["joined"] = sum(1 for p in phones if p.token)
        outcome["streams"] = sum(1 for p in phones if p.streaming.is_set())
        for vote in range(2):
            await asyncio.gather(
                *(counted(ballot(p, random.Random(n * 2 + vote), vote), 200) for n, p in enumerate(phones))
            )
        outcome["subscribers"] = server.stats["subscribers"]
    finally:
        stop.set()
        if slow is not None:
            outcome["slow_sockets"] = await slow
        await asyncio.gather(*(p.close() for p in phones))
    return outcome


def test_300_phones_join_hold_streams_and_vote_twice(tmp_path: Path) -> None:
    """Shipped limits: all 300 join, all 300 hold a stream, all 600 ballots are answered 200 and stored."""
    session, round_id, ideas = _room(tmp_path)
    try:
        with ParticipantServer(session, "127.0.0.1", 0) as server:
            outcome = asyncio.run(_vote_in_room(server, round_id, ideas, slowloris=False))
        assert outcome["joined"] == PHONES
        assert outcome["streams"] == PHONES and outcome["subscribers"] == PHONES
        assert outcome["succeeded"] == outcome["requests"] == PHONES * 3
        ballots = session.ballots(round_id)
        assert len(ballots) == PHONES and all(sum(b.dots.values()) == 5 for b in ballots)
    finally:
        session.close()


def test_300_phones_vote_through_a_slowloris(tmp_path: Path) -> None:
    """300 slow sockets from 15 addresses open beside the room: at least 99 % of the phones' requests succeed."""
    session, round_id, ideas = _room(tmp_path)
    try:
        with ParticipantServer(session, "127.0.0.1", 0) as server:
            outcome = asyncio.run(_vote_in_room(server, round_id, ideas, slowloris=True))
        assert outcome["slow_sockets"] == SLOW_SOCKETS
        assert outcome["succeeded"] >= 0.99 * outcome["requests"] == 0.99 * PHONES * 3
        assert outcome["streams"] >= 0.99 * PHONES
        assert len(session.ballots(round_id)) >= 0.99 * PHONES
    finally:
        session.close()


def test_the_loopback_addresses_are_distinct() -> None:
    """The test's phones really come from 300 different source addresses."""
    addresses = {phone_address(n) for n in range(PHONES)}
    assert len(addresses) == PHONES
    with socket.socket() as probe:
        probe.bind((phone_address(PHONES - 1), 0))
