"""Joins per address: a refilling bucket with a true Retry-After; tickets and failed joins do not use it up."""

from __future__ import annotations

import time

from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.server.joining import JoinBuckets
from cocity_workshop.session import WorkshopSession
from tests.server.conftest import Client


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_allows_a_burst_then_one_a_minute() -> None:
    clock = Clock()
    joins = JoinBuckets(3, 60.0, clock)
    assert [joins.take("a") for _ in range(4)] == [True, True, True, False]
    assert joins.retry_after("a") == 60
    clock.now = 45.0
    assert not joins.take("a") and joins.retry_after("a") == 15
    clock.now = 60.0
    assert joins.take("a") and not joins.take("a")
    assert joins.take("b")  # another address has its own bucket


def test_giving_back_restores_a_join() -> None:
    joins = JoinBuckets(1, 60.0, Clock())
    assert joins.take("a") and not joins.take("a")
    joins.give_back("a")
    assert joins.take("a")


def _join_path(server: ParticipantServer) -> str:
    return "/" + server.join_url.split("/", 3)[3] + "join"


def test_the_fourth_join_waits_as_long_as_it_is_told(open_session: WorkshopSession) -> None:
    """Over HTTP: the refusal's Retry-After and message agree, and after that wait the join succeeds."""
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=Limits(join_refill_seconds=2.0)) as server:
        client = Client(server)
        path = _join_path(server)
        assert [client.post(path, {}).status for _ in range(3)] == [201, 201, 201]
        refused = client.post(path, {})
        wait = int(refused.header("Retry-After"))
        assert refused.status == 429 and 1 <= wait <= 2
        assert f"Try again in {wait} s" in refused.json["message"]
        czech = client.post(path, {}, headers={"Accept-Language": "cs"})
        assert czech.status == 429 and "Zkuste to znovu za" in czech.json["message"]
        time.sleep(wait + 0.1)
        assert client.post(path, {}).status == 201
        assert server.refusals.counts()["joins_per_address"] == 2


def test_tickets_and_failed_joins_do_not_count(open_session: WorkshopSession) -> None:
    """Ticket joins pass a spent bucket; a refused join (joining closed) leaves the bucket as it was."""
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:
        client = Client(server)
        path = _join_path(server)
        open_session.set_joining(open=False)
        assert [client.post(path, {}).status for _ in range(5)] == [409] * 5
        open_session.set_joining(open=True)
        assert [client.post(path, {}).status for _ in range(4)] == [201, 201, 201, 429]
        codes = open_session.create_tickets(3)
        assert [client.post(path, {"ticket": code}).status for code in codes] == [201, 201, 201]


def test_phones_joining_at_once_share_one_commit(open_session: WorkshopSession) -> None:
    """40 phones from 40 addresses join while the writer is busy: they wait in its queue, not in four
    threads, so they commit together (with a thread each, at most four could wait)."""
    import asyncio
    import threading

    import aiohttp

    from cocity_workshop.core.events import EventKind

    batches: list[int] = []
    unsubscribe = open_session.subscribe(
        lambda events: batches.append(sum(e.kind is EventKind.PARTICIPANT_JOINED for e in events))
    )
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:  # the shipped limits
        url = f"http://127.0.0.1:{server.port}{_join_path(server)}"
        started = threading.Event()

        def busy(_tx: object) -> None:
            started.set()
            time.sleep(0.5)

        async def phone(n: int) -> int:
            connector = aiohttp.TCPConnector(local_addr=(f"127.0.{3 + n // 200}.{10 + n % 200}", 0))
            async with aiohttp.ClientSession(connector=connector) as http:
                headers = {"Origin": f"http://127.0.0.1:{server.port}", "X-Workshop-Client": "1"}
                async with http.post(url, json={}, headers=headers) as reply:
                    return reply.status

        async def room() -> list[int]:
            return await asyncio.gather(*(phone(n) for n in range(40)))

        holding = open_session.submit(busy)  # type: ignore[arg-type]
        assert started.wait(5)
        statuses = asyncio.run(room())
        holding.result(5)
    unsubscribe()
    assert statuses == [201] * 40
    assert sum(batches) == 40
    assert max(batches) > 4, batches
