"""The live stream: event ids, Last-Event-ID resume or snapshot, heartbeats, coalescing, what it never shows."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from cocity_workshop.core.model import IdeaStatus, ResultsMode
from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.session import WorkshopSession


class Stream:
    """One event-stream connection read frame by frame."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self.response = response

    async def frame(self, timeout: float = 5.0) -> dict[str, str]:
        fields: dict[str, str] = {}
        async with asyncio.timeout(timeout):
            while True:
                line = (await self.response.content.readline()).decode().rstrip("\n")
                if not line:
                    if fields:
                        return fields
                    continue
                name, _, value = line.partition(":")
                fields[name or "comment"] = value.lstrip(" ")

    async def frames_until_quiet(self, quiet: float = 0.4) -> list[dict[str, str]]:
        found = []
        while True:
            try:
                found.append(await self.frame(quiet))
            except TimeoutError:
                return [f for f in found if "event" in f]


async def _open(http: aiohttp.ClientSession, url: str, token: str | None, last: str | None = None) -> Stream:
    headers = {}
    if token:
        headers["X-Workshop-Token"] = token
    if last:
        headers["Last-Event-ID"] = last
    response = await http.get(url, headers=headers)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return Stream(response)


def _base(server: ParticipantServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def test_resume_from_last_event_id_or_snapshot(server: ParticipantServer, phone: Any) -> None:
    """A reconnecting phone gets exactly the frames it missed, nothing when current, all topics when lost."""
    session = server.session

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            first = await _open(http, _base(server) + "/api/events", phone.token)
            snapshot = await first.frames_until_quiet()
            assert {f["event"] for f in snapshot} == {"ideas", "status", "tally"}
            ids = [f["id"] for f in snapshot]
            run = ids[0].split("-")[0]
            assert all(i.startswith(run + "-") for i in ids)
            last = max(ids, key=lambda i: int(i.split("-")[1]))
            first.response.close()
            await asyncio.get_running_loop().run_in_executor(None, session.add_idea, "Missed one")
            await asyncio.sleep(0.3)
            await asyncio.get_running_loop().run_in_executor(None, session.add_idea, "Missed two")
            await asyncio.sleep(0.3)
            resumed = await _open(http, _base(server) + "/api/events", phone.token, last)
            missed = await resumed.frames_until_quiet()
            numbers = [int(f["id"].split("-")[1]) for f in missed]
            assert numbers == list(range(int(last.split("-")[1]) + 1, numbers[-1] + 1))
            assert {f["event"] for f in missed} == {"ideas"}
            titles = [i["title"] for i in json.loads(missed[-1]["data"])["ideas"]]
            assert titles == ["Missed one", "Missed two"]
            current = missed[-1]["id"]
            resumed.response.close()
            again = await _open(http, _base(server) + "/api/events", phone.token, current)
            assert await again.frames_until_quiet() == []
            again.response.close()
            stranger = await _open(http, _base(server) + "/api/events", phone.token, "deadbeef-3")
            assert sorted(f["event"] for f in await stranger.frames_until_quiet()) == ["ideas", "status", "tally"]
            stranger.response.close()

    asyncio.run(scenario())


def test_heartbeat_keeps_idle_streams_alive(open_session: WorkshopSession) -> None:
    """Idle streams get a comment line at the heartbeat interval."""
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=Limits(heartbeat_seconds=0.2)) as server:

        async def scenario() -> None:
            async with aiohttp.ClientSession() as http:
                stream = await _open(http, server.projector_url + "events", None)
                await stream.frames_until_quiet(0.1)
                assert (await stream.frame(2.0)) == {"comment": "keep-alive"}
                stream.response.close()

        asyncio.run(scenario())


def test_burst_of_votes_is_coalesced_and_ends_on_the_true_tally(
    server: ParticipantServer, open_session: WorkshopSession, client: Any
) -> None:
    """200 ballots in a burst cause far fewer broadcasts, and the last tally frame equals the session's tally."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(4)]
    live = open_session.create_round("Live", [i.id for i in ideas], results_mode=ResultsMode.LIVE)
    open_session.start_round(live.id)
    phones = [client.join().token for _ in range(200)]

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            projector = await _open(http, server.projector_url + "events", None)
            await projector.frames_until_quiet()
            before = server.stats["broadcasts"]
            headers = {"Origin": _base(server), "X-Workshop-Client": "1"}

            async def vote(n: int, token: str) -> int:
                body = {"round": live.id, "dots": {str(ideas[n % 4].id): 1 + n % 3}}
                async with http.post(
                    _base(server) + "/api/ballot",
                    json=body,
                    headers={**headers, "X-Workshop-Token": token, "Idempotency-Key": f"burst-key-{n:04d}"},
                ) as reply:
                    return reply.status

            statuses = await asyncio.gather(*(vote(n, t) for n, t in enumerate(phones)))
            assert set(statuses) == {200}
            frames = await projector.frames_until_quiet(0.5)
            tallies = [json.loads(f["data"])["tally"] for f in frames if f["event"] == "tally"]
            expected = open_session.tally(live.id)
            assert tallies[-1]["ballots"] == 200
            assert {t["id"]: t["dots"] for t in tallies[-1]["ideas"]} == {t.idea_id: t.total for t in expected.ideas}
            assert server.stats["broadcasts"] - before < 100
            projector.response.close()

    asyncio.run(scenario())


def test_pending_and_hidden_ideas_never_reach_any_stream(
    server: ParticipantServer, open_session: WorkshopSession, phone: Any
) -> None:
    """In youth mode a phone's idea stays off every stream until approved."""
    open_session.update_workshop(youth_mode=True)

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            stream = await _open(http, _base(server) + "/api/events", phone.token)
            await stream.frames_until_quiet()
            reply = phone.post("/api/ideas", {"title": "Waiting idea"}, key="idea-key-wait")
            assert reply.json["status"] == "pending"
            assert await stream.frames_until_quiet() == []
            open_session.set_idea_status(reply.json["idea"], IdeaStatus.VISIBLE)
            frames = await stream.frames_until_quiet()
            assert [i["title"] for i in json.loads(frames[-1]["data"])["ideas"]] == ["Waiting idea"]
            stream.response.close()

    asyncio.run(scenario())
