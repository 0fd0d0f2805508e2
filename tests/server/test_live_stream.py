"""The live stream: event ids, Last-Event-ID resume or snapshot, heartbeats, coalescing, what it never shows."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp

from cocity_workshop.core.model import Idea, IdeaStatus, ResultsMode, VoteRound
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


def _live_round(session: WorkshopSession, ideas: int, title: str) -> tuple[list[Idea], VoteRound]:
    """``ideas`` new ideas and an open round over them whose results show live."""
    made = [session.add_idea(f"Idea {n}") for n in range(ideas)]
    live = session.create_round(title, [i.id for i in made], results_mode=ResultsMode.LIVE)
    session.start_round(live.id)
    return made, live


def test_resume_from_last_event_id_or_snapshot(server: ParticipantServer, phone: Any) -> None:
    """A reconnecting phone gets exactly the frames it missed, nothing when current, all topics when lost."""
    session = server.session

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            first = await _open(http, _base(server) + "/api/events", phone.token)
            snapshot = await first.frames_until_quiet()
            assert {f["event"] for f in snapshot} == {"ideas", "status", "tally", "hackathon"}
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
            # Exactly the two frames it missed of its topics (the projector's room frames for this phone's
            # own coming and going take numbers in between).
            assert len(numbers) == 2 and int(last.split("-")[1]) < numbers[0] < numbers[1]
            assert {f["event"] for f in missed} == {"ideas"}
            titles = [i["title"] for i in json.loads(missed[-1]["data"])["ideas"]]
            assert titles == ["Missed one", "Missed two"]
            current = missed[-1]["id"]
            resumed.response.close()
            again = await _open(http, _base(server) + "/api/events", phone.token, current)
            assert await again.frames_until_quiet() == []
            again.response.close()
            stranger = await _open(http, _base(server) + "/api/events", phone.token, "deadbeef-3")
            assert sorted(f["event"] for f in await stranger.frames_until_quiet()) == [
                "hackathon",
                "ideas",
                "status",
                "tally",
            ]
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
    ideas, live = _live_round(open_session, 4, "Live")
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


def test_spread_out_vote_fans_out_once_per_tick_and_every_stream_ends_on_the_stored_tally(
    server: ParticipantServer, open_session: WorkshopSession, client: Any
) -> None:
    """Ballots a few ms apart share a fan-out per coalescing tick; 20 streams from distinct addresses converge."""
    from cocity_workshop.server.broadcast import COALESCE_SECONDS

    ideas, live = _live_round(open_session, 3, "Spread")
    voters = [client.join().token for _ in range(60)]
    watchers = [client.join().token for _ in range(20)]

    async def scenario() -> None:
        https = [
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(f"127.0.{1 + n}.{7 + n}", 0)))
            for n in range(len(watchers))
        ]
        try:
            streams = [await _open(h, _base(server) + "/api/events", t) for h, t in zip(https, watchers, strict=True)]
            for stream in streams:
                await stream.frames_until_quiet(0.2)
            before = server.stats["broadcasts"]
            headers = {"Origin": _base(server), "X-Workshop-Client": "1"}
            started = asyncio.get_running_loop().time()
            for n, token in enumerate(voters):
                body = {"round": live.id, "dots": {str(ideas[n % 3].id): 1 + n % 2}}
                async with https[n % len(https)].post(
                    _base(server) + "/api/ballot",
                    json=body,
                    headers={**headers, "X-Workshop-Token": token, "Idempotency-Key": f"spread-key-{n:04d}"},
                ) as reply:
                    assert reply.status == 200
                await asyncio.sleep(0.003)
            elapsed = asyncio.get_running_loop().time() - started
            expected = open_session.tally(live.id)
            for stream in streams:
                frames = await stream.frames_until_quiet(0.3)
                tallies = [json.loads(f["data"])["tally"] for f in frames if f["event"] == "tally"]
                assert tallies[-1]["ballots"] == 60
                assert {t["id"]: t["dots"] for t in tallies[-1]["ideas"]} == {
                    t.idea_id: t.total for t in expected.ideas
                }
            assert server.stats["broadcasts"] - before <= elapsed / COALESCE_SECONDS + 2
            for stream in streams:
                stream.response.close()
        finally:
            for h in https:
                await h.close()

    asyncio.run(scenario())


def test_a_read_right_after_a_write_sees_it_though_the_fan_out_waits_for_the_tick(
    open_session: WorkshopSession, client: Any, server: ParticipantServer
) -> None:
    """Each ballot, then at once the phone's and the projector's state: both hold it (read-your-writes)."""
    ideas, live = _live_round(open_session, 2, "Live")
    projector = "/" + server.projector_url.split("/", 3)[3] + "state"
    for n in range(15):
        voter = client.join()
        reply = voter.post(
            "/api/ballot", {"round": live.id, "dots": {str(ideas[n % 2].id): 1}}, key=f"read-your-write-{n:03d}"
        )
        assert reply.status == 200
        assert voter.get("/api/state").json["my_ballot"]["dots"] == {str(ideas[n % 2].id): 1}
        assert voter.get("/api/state").json["tally"]["ballots"] == n + 1
        assert voter.get(projector).json["tally"]["ballots"] == n + 1


def test_a_stream_opened_during_a_tick_gets_each_frame_once() -> None:
    """A subscriber whose catch-up already held a rebuilt frame does not get it again from the fan-out."""
    from aiohttp.test_utils import TestServer

    from cocity_workshop.server.broadcast import Broadcaster

    async def scenario() -> None:
        built = {"n": 0}

        async def build(topics: tuple[str, ...]) -> dict[str, dict[str, Any]]:
            built["n"] += 1
            return {topic: {"version": built["n"]} for topic in topics}

        broadcaster = Broadcaster(build, ("ideas",), heartbeat=60, tick=0.4)
        app = aiohttp.web.Application()
        app.router.add_get("/events", broadcaster.serve)
        async with TestServer(app, host="127.0.0.1") as served, aiohttp.ClientSession() as http:
            await broadcaster.start()
            early = await _open(http, str(served.make_url("/events")), None)
            assert [f["data"] for f in await early.frames_until_quiet(0.1)] == ['{"version":1}']
            broadcaster.mark({"ideas"})
            await broadcaster.fresh()  # a state read rebuilds at once; the fan-out waits for the tick
            late = await _open(http, str(served.make_url("/events")), None)
            assert [f["data"] for f in await late.frames_until_quiet(0.1)] == ['{"version":2}']
            assert await early.frames_until_quiet(0.1) == []
            assert [f["data"] for f in await early.frames_until_quiet(0.6)] == ['{"version":2}']
            assert await late.frames_until_quiet(0.2) == []
            early.response.close()
            late.response.close()
            await broadcaster.stop()

    asyncio.run(scenario())
