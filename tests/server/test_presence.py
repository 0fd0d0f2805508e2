"""Phones connected now: counted from the open live streams, once per phone, never the projector's."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp

from cocity_workshop.server import ParticipantServer
from tests.server.conftest import Client
from tests.server.room_phones import RoomPhone, phone_address
from tests.server.test_live_stream import Stream, _open


async def _until(predicate: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def _last_room(stream: Stream) -> dict[str, int]:
    rooms = [json.loads(f["data"])["room"] for f in await stream.frames_until_quiet() if f["event"] == "room"]
    assert rooms, "no room frame"
    return dict(rooms[-1])


def test_connected_now_follows_the_phones_streams(server: ParticipantServer) -> None:
    """Three phones from their own addresses hold streams: three connected; one leaves: two; a second stream
    of the same phone and the projector's own stream change nothing; phones never get the room topic."""
    join_path = "/" + server.join_url.split("/", 3)[3] + "join"

    async def scenario() -> None:
        phones = [RoomPhone(server.port, phone_address(n)) for n in range(3)]
        twin: RoomPhone | None = None
        async with aiohttp.ClientSession() as http:
            projector = await _open(http, server.projector_url + "events", None)
            assert (await _last_room(projector)) == {"connected": 0, "vote": None}
            try:
                assert [await p.join(join_path) for p in phones] == [201] * 3
                for phone in phones:
                    phone.open_stream()
                await _until(lambda: server.connected_phones == 3)
                assert (await _last_room(projector)) == {"connected": 3, "vote": None}
                assert server.stats["subscribers"] == 4  # three phones and the projector

                twin = RoomPhone(server.port, phones[0].address)  # the first phone opens a second tab
                twin.token = phones[0].token
                twin.open_stream()
                await _until(lambda: server.stats["subscribers"] == 5)
                assert server.connected_phones == 3

                await phones[1].close()
                await _until(lambda: server.connected_phones == 2)
                assert (await _last_room(projector)) == {"connected": 2, "vote": None}

                phone_stream = await _open(http, f"http://127.0.0.1:{server.port}/api/events", phones[2].token)
                seen = {f["event"] for f in await phone_stream.frames_until_quiet()}
                assert seen == {"status", "ideas", "tally", "hackathon"}  # not the projector's "room"
                phone_stream.response.close()
            finally:
                for phone in [*phones, *([twin] if twin else [])]:
                    await phone.close()
                projector.response.close()
            await _until(lambda: server.connected_phones == 0)

    asyncio.run(scenario())


def test_the_projector_state_says_how_many_are_connected(server: ParticipantServer, phone: Client) -> None:
    """The projector's state carries the room topic (nobody connected without a stream); the phone's does not."""
    projector_path = "/" + server.projector_url.split("/", 3)[3]
    assert Client(server).get(projector_path + "state").json["room"] == {"connected": 0, "vote": None}
    assert "room" not in phone.get("/api/state").json
