"""Simulated phones against the participant server over loopback; prints a table (a measurement, not a test).

    .venv/bin/python benchmarks/phones.py [--quick]

The server (ParticipantServer on a temporary workshop, plus a bare aiohttp app with a no-op endpoint and
the research's minimal vote in its own thread and loop, measured in the same run) runs in this process,
pinned to CPU 0 when the machine has two. The phones are light asyncio HTTP clients in a child process
pinned to CPU 1. Every run is bounded in time and count.

(a) closed loop, 50 and 300 concurrent phones: durable ballots per second and p50/p99, beside the no-op
    endpoint's request rate and the research's minimal durable vote at the same concurrency, each with the
    server's CPU time per request;
(b) 300 phones voting like people (each at a random moment about every 0.5 s) and the same 300 all
    tapping in the same instant every 0.5 s: p50/p99/max;
(c) from a committed ballot until all of 300 (and 500) connected phones hold the new tally: p50/p99.

Targets from ``../shared/research/perf-anchors.md`` (2-core machine): (a) at least 0.5x the no-op rate at
300 phones with p99 under 150 ms; (b) p99 under 25 ms spread out, under 75 ms in the burst; (c) p99 under
50 ms for 300 phones.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import queue
import random
import re
import sqlite3
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiohttp import web

from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.model import ResultsMode
from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.session import WorkshopSession

BENCH_LIMITS = Limits(
    requests_per_address=10**9,
    writes_per_participant=10**9,
    joins_per_address=10**9,
    connections_per_address=5000,
    connections_total=10000,
    max_subscribers=5000,
)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``, in the values' unit."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def pin(cpu: int) -> None:
    """Pin this process to one CPU when there are at least two (server and phones do not share a core)."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2:
        os.sched_setaffinity(0, {cpu})


# -- the server side (this process) --------------------------------------------------------------------


class ReferenceServer:
    """A bare aiohttp app in its own thread and loop, measured beside the participant server.

    ``GET /noop`` answers a small JSON object: the stack's ceiling. ``POST /vote`` is the research's minimal
    durable vote (``perf-anchors.md`` part 2): parse ``{token, idea_id, dots}``, then one writer thread
    runs every queued vote's budget ``SELECT``, ``INSERT`` and ``UPDATE`` in one transaction (WAL,
    ``synchronous=FULL``) and answers after the ``COMMIT``. It has none of the participant server's
    guards, request keys, ballot rules or events, so it shows what those cost.
    """

    def __init__(self, folder: Path) -> None:
        self.port = 0
        self.path = folder / "reference.sqlite"
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._votes: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)
        self._writer = threading.Thread(target=self._write, daemon=True)

    def _write(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE participants (token TEXT PRIMARY KEY, budget INTEGER, used INTEGER)")
        conn.execute("CREATE TABLE votes (id INTEGER PRIMARY KEY, token TEXT, idea INTEGER, dots INTEGER)")
        conn.executemany("INSERT INTO participants VALUES (?, ?, 0)", [(f"t{i}", 10**9) for i in range(500)])
        while (first := self._votes.get()) is not None:
            batch = [first]
            with contextlib.suppress(queue.Empty):
                while len(batch) < 1000:
                    batch.append(self._votes.get_nowait())
            conn.execute("BEGIN IMMEDIATE")
            answers: list[tuple[Any, Any, tuple[int, int] | None]] = []
            for token, idea, dots, waiter, loop in batch:
                budget, used = conn.execute("SELECT budget, used FROM participants WHERE token = ?", [token]).fetchone()
                if used + dots > budget:
                    answers.append((waiter, loop, None))
                    continue
                cursor = conn.execute("INSERT INTO votes (token, idea, dots) VALUES (?, ?, ?)", [token, idea, dots])
                conn.execute("UPDATE participants SET used = used + ? WHERE token = ?", [dots, token])
                answers.append((waiter, loop, (int(cursor.lastrowid or 0), budget - used - dots)))
            conn.execute("COMMIT")
            for waiter, loop, answer in answers:
                loop.call_soon_threadsafe(waiter.set_result, answer)
        conn.close()

    async def _main(self) -> None:
        async def noop(request: web.Request) -> web.Response:
            return web.json_response({"ok": True})

        async def vote(request: web.Request) -> web.Response:
            data = await request.json()
            idea, dots = int(data["idea_id"]), int(data["dots"])
            if not 1 <= dots <= 5:
                return web.json_response({"error": "dots"}, status=400)
            loop = asyncio.get_running_loop()
            waiter = loop.create_future()
            self._votes.put((str(data["token"]), idea, dots, waiter, loop))
            answer = await waiter
            if answer is None:
                return web.json_response({"error": "budget"}, status=409)
            return web.json_response({"id": answer[0], "remaining": answer[1]})

        app = web.Application()
        app.router.add_get("/noop", noop)
        app.router.add_post("/vote", vote)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        self.port = site.port
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    def start(self) -> None:
        self._writer.start()
        self._thread.start()
        self._ready.wait(10)

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        self._votes.put(None)
        self._writer.join(10)


class Workshop:
    """A temporary workshop with ideas, an open round and joined phones, served on 127.0.0.1."""

    def __init__(self, phones: int, results: ResultsMode, dots: int = 10, max_per_idea: int = 10) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.session = WorkshopSession.create(Path(self.folder.name) / "bench.cocity", title="Benchmark")
        self.session.set_joining(open=True)
        self.ideas = [self.session.add_idea(f"Idea {n}").id for n in range(50)]
        self.round = self.session.create_round(
            "Bench", self.ideas, dots_per_participant=dots, max_per_idea=max_per_idea, results_mode=results
        )
        self.session.start_round(self.round.id)
        self.tokens = [self.session.join().token for _ in range(phones)]
        self.server = ParticipantServer(self.session, "127.0.0.1", 0, limits=BENCH_LIMITS)
        self.server.start()

    def close(self) -> None:
        self.server.stop()
        self.session.close()
        self.folder.cleanup()


# -- the phones (child process) ------------------------------------------------------------------------


def phones_main(conn: Connection) -> None:
    """Child process: run each job the parent sends and send back its measurements."""
    pin(1)
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(asyncio.run(JOBS[job["kind"]](job, conn)))


class RawPhone:
    """One phone on one keep-alive connection, speaking HTTP/1.1 directly on an asyncio stream.

    Much lighter than a full client library, so on a 2-core machine the phones, not their HTTP stack,
    decide the load (the research measured with ``wrk``, written in C).
    """

    def __init__(self, port: int, token: str = "") -> None:
        self.port = port
        self.token = token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    async def _exchange(self, data: bytes) -> int:
        assert self.reader is not None and self.writer is not None
        self.writer.write(data)
        head = await self.reader.readuntil(b"\r\n\r\n")
        at = head.find(b"Content-Length: ")
        length = int(head[at + 16 : head.index(b"\r\n", at)]) if at >= 0 else 0
        await self.reader.readexactly(length)
        return int(head[9:12])

    async def noop(self) -> int:
        return await self._exchange(f"GET /noop HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n".encode())

    async def minimal_vote(self, rng: random.Random) -> int:
        body = json.dumps({"token": f"t{rng.randrange(500)}", "idea_id": rng.randrange(50), "dots": rng.randint(1, 3)})
        head = (
            f"POST /vote HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return await self._exchange((head + body).encode())

    async def ballot(self, round_id: int, dots: dict[str, int]) -> int:
        body = json.dumps({"round": round_id, "dots": dots}).encode()
        head = (
            f"POST /api/ballot HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nOrigin: http://127.0.0.1:{self.port}\r\n"
            f"X-Workshop-Client: 1\r\nX-Workshop-Token: {self.token}\r\nIdempotency-Key: {os.urandom(9).hex()}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return await self._exchange(head.encode() + body)


def _allocation(rng: random.Random, ideas: list[int]) -> dict[str, int]:
    chosen = rng.sample(ideas, 3)
    return {str(chosen[0]): 2, str(chosen[1]): 1, str(chosen[2]): rng.randint(0, 2)}


async def _phones(job: dict[str, Any], count: int) -> list[RawPhone]:
    tokens = job.get("tokens") or [""] * count
    phones = [RawPhone(job["port"], tokens[i]) for i in range(count)]
    await asyncio.gather(*(p.connect() for p in phones))
    return phones


async def closed_loop(job: dict[str, Any], _conn: Connection) -> dict[str, Any]:
    """N phones each send the next request as soon as the previous one is answered, for ``seconds``."""
    seconds, request = job["seconds"], job["request"]
    latencies: list[float] = []
    errors = total = 0
    phones = await _phones(job, job["phones"])
    warm_until = time.monotonic() + 1.0
    stop_at = warm_until + seconds

    async def phone(index: int) -> None:
        nonlocal errors, total
        rng = random.Random(index)
        me = phones[index]
        while (now := time.monotonic()) < stop_at:
            started = time.perf_counter()
            try:
                if request == "noop":
                    status = await me.noop()
                elif request == "vote":
                    status = await me.minimal_vote(rng)
                else:
                    status = await me.ballot(job["round"], _allocation(rng, job["ideas"]))
            except (OSError, asyncio.IncompleteReadError):
                errors += 1
                return
            total += 1
            if status != 200:
                errors += 1
            if now >= warm_until:
                latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(phone(i) for i in range(len(phones))))
    for me in phones:
        me.close()
    return {"count": len(latencies), "total": total, "seconds": seconds, "latencies": latencies, "errors": errors}


async def paced(job: dict[str, Any], _conn: Connection) -> dict[str, Any]:
    """300 phones voting like people (random moments, mean gap 0.5 s) or all at once every 0.5 s."""
    seconds, lockstep = job["seconds"], job["lockstep"]
    latencies: list[float] = []
    errors = 0
    phones = await _phones(job, len(job["tokens"]))
    start = time.monotonic() + 1.0
    stop_at = start + seconds

    async def phone(index: int) -> None:
        nonlocal errors
        rng = random.Random(1000 + index)
        tick = 0
        while True:
            if lockstep:
                tick += 1
                wake = start + tick * 0.5
            else:
                wake = time.monotonic() + rng.uniform(0.0, 1.0)
            if wake >= stop_at:
                return
            dots = _allocation(rng, job["ideas"])
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            started = time.perf_counter()
            try:
                if await phones[index].ballot(job["round"], dots) != 200:
                    errors += 1
            except (OSError, asyncio.IncompleteReadError):
                errors += 1
                return
            latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(phone(i) for i in range(len(phones))))
    for me in phones:
        me.close()
    return {"latencies": latencies, "errors": errors, "seconds": seconds}


_BALLOTS = re.compile(rb'"ballots":(\d+)')


async def listeners(job: dict[str, Any], conn: Connection) -> dict[str, Any]:
    """N phones hold the live stream open; each records when it first sees each ballot count."""
    port, tokens = job["port"], job["tokens"]
    seen: list[dict[int, float]] = [{} for _ in tokens]
    ready = 0
    all_ready = asyncio.Event()

    async def phone(index: int) -> None:
        nonlocal ready
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Workshop-Token: {tokens[index]}\r\n\r\n".encode()
        )
        tail = b""
        counted = False
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                now = time.monotonic()
                text = tail + data
                for found in _BALLOTS.finditer(text):
                    seen[index].setdefault(int(found.group(1)), now)
                    if not counted:
                        counted = True
                        ready += 1
                        if ready == len(tokens):
                            all_ready.set()
                tail = text[-32:]
        finally:
            writer.close()

    tasks = [asyncio.create_task(phone(i)) for i in range(len(tokens))]
    await asyncio.wait_for(all_ready.wait(), 60)
    conn.send("ready")
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # the parent says the votes are done
    await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"seen": seen}


JOBS = {"closed": closed_loop, "paced": paced, "listen": listeners}


# -- the runs (parent) ---------------------------------------------------------------------------------


def _measured(conn: Connection, job: dict[str, Any]) -> dict[str, Any]:
    """Run one closed-loop job; add this (the server's) process's CPU time per request, in microseconds."""
    before = os.times()
    conn.send(job)
    result: dict[str, Any] = conn.recv()
    after = os.times()
    cpu = (after.user + after.system) - (before.user + before.system)
    result["cpu_us"] = cpu / max(1, result["total"]) * 1e6
    return result


def run_closed(conn: Connection, phones: int, seconds: float) -> dict[str, Any]:
    """(a) at ``phones`` concurrency: the no-op endpoint, the minimal vote, then durable ballots, seconds apart."""
    workshop = Workshop(phones, ResultsMode.HIDDEN)
    reference = ReferenceServer(Path(workshop.folder.name))
    reference.start()
    try:
        base = {"kind": "closed", "phones": phones, "seconds": seconds, "tokens": workshop.tokens}
        noop = _measured(conn, {**base, "port": reference.port, "request": "noop"})
        minimal = _measured(conn, {**base, "port": reference.port, "request": "vote"})
        job = {**base, "port": workshop.server.port, "round": workshop.round.id, "ideas": workshop.ideas}
        votes = _measured(conn, {**job, "request": "ballot"})
        stored = len(workshop.session.ballots(workshop.round.id))
    finally:
        reference.stop()
        workshop.close()
    noop_rate = noop["count"] / noop["seconds"]
    minimal_rate = minimal["count"] / minimal["seconds"]
    vote_rate = votes["count"] / votes["seconds"]
    return {
        "phones": phones,
        "noop_rate": noop_rate,
        "noop_cpu": noop["cpu_us"],
        "minimal_rate": minimal_rate,
        "minimal_ratio": minimal_rate / noop_rate,
        "minimal_cpu": minimal["cpu_us"],
        "vote_rate": vote_rate,
        "vote_cpu": votes["cpu_us"],
        "p50": percentile(votes["latencies"], 50),
        "p99": percentile(votes["latencies"], 99),
        "ratio": vote_rate / noop_rate,
        "errors": votes["errors"] + noop["errors"] + minimal["errors"],
        "stored": stored,
    }


def run_paced(conn: Connection, lockstep: bool, seconds: float) -> dict[str, Any]:
    """(b) 300 phones, spread out or all at once."""
    workshop = Workshop(300, ResultsMode.HIDDEN)
    try:
        job = {
            "kind": "paced",
            "port": workshop.server.port,
            "tokens": workshop.tokens,
            "seconds": seconds,
            "lockstep": lockstep,
            "round": workshop.round.id,
            "ideas": workshop.ideas,
        }
        conn.send(job)
        result = conn.recv()
    finally:
        workshop.close()
    lat = result["latencies"]
    return {
        "mode": "all at once" if lockstep else "spread out",
        "rate": len(lat) / seconds,
        "p50": percentile(lat, 50),
        "p99": percentile(lat, 99),
        "max": max(lat) if lat else float("nan"),
        "errors": result["errors"],
    }


def run_fanout(conn: Connection, phones: int, votes: int) -> dict[str, Any]:
    """(c) ``phones`` hold the live stream; ``votes`` ballots commit 50 ms apart; time until all hold each."""
    workshop = Workshop(phones + votes, ResultsMode.LIVE, dots=1, max_per_idea=1)
    commits: list[float] = []

    def on_events(events: list[Event]) -> None:
        now = time.monotonic()  # called on the writer thread right after the commit
        commits.extend(now for e in events if e.kind is EventKind.VOTE_RECORDED)

    unsubscribe = workshop.session.subscribe(on_events)
    try:
        conn.send({"kind": "listen", "port": workshop.server.port, "tokens": workshop.tokens[:phones]})
        assert conn.recv() == "ready"
        voters = workshop.tokens[phones:]
        for n, token in enumerate(voters):
            command = workshop.session.ballot_command(token, workshop.round.id, {workshop.ideas[n % 50]: 1})
            workshop.session.submit(command).result()
            time.sleep(0.05)
        conn.send("done")
        seen = conn.recv()["seen"]
    finally:
        unsubscribe()
        workshop.close()
    latencies = []
    for count, committed in enumerate(commits, start=1):
        arrivals = [min((t for c, t in s.items() if c >= count), default=float("inf")) for s in seen]
        latencies.append((max(arrivals) - committed) * 1000)
    missing = sum(1 for v in latencies if v == float("inf"))
    finite = [v for v in latencies if v != float("inf")]
    return {"phones": phones, "p50": percentile(finite, 50), "p99": percentile(finite, 99), "missing": missing}


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke check of the harness)")
    args = parser.parse_args()
    seconds = 2.0 if args.quick else 5.0
    pin(0)
    context = mp.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=phones_main, args=(child,), daemon=True)
    process.start()
    try:
        closed = [run_closed(parent, n, seconds) for n in (50, 300)]
        paced_runs = [run_paced(parent, lockstep, seconds + 2) for lockstep in (False, True)]
        fanouts = [run_fanout(parent, n, 40 if args.quick else 100) for n in (300, 500)]
    finally:
        parent.send(None)
        process.join(10)
    cpus = os.cpu_count()
    print(f"\nParticipant server benchmark ({cpus} CPUs, server on CPU 0, phones on CPU 1; loopback)\n")
    print("(a) closed loop: durable ballots vs the no-op aiohttp endpoint (same process, same run)")
    print("    beside the research's minimal durable vote on the same stack; CPU = server CPU us per request")
    print(
        f"{'phones':>7} {'no-op/s':>8} {'CPU':>4} {'minimal/s':>10} {'ratio':>6} {'CPU':>4} "
        f"{'ballots/s':>10} {'ratio':>6} {'CPU':>4} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}"
    )
    for r in closed:
        print(
            f"{r['phones']:>7} {r['noop_rate']:>8.0f} {r['noop_cpu']:>4.0f} {r['minimal_rate']:>10.0f} "
            f"{r['minimal_ratio']:>6.2f} {r['minimal_cpu']:>4.0f} {r['vote_rate']:>10.0f} {r['ratio']:>6.2f} "
            f"{r['vote_cpu']:>4.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['errors']:>6}"
        )
    print("    target at 300 phones: ballots ratio >= 0.5, p99 < 150 ms")
    print("\n(b) 300 phones voting like people, one ballot about every 0.5 s each")
    print(f"{'arrivals':>12} {'ballots/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}")
    for r in paced_runs:
        print(f"{r['mode']:>12} {r['rate']:>10.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} {r['errors']:>6}")
    print("    targets: p99 < 25 ms spread out, < 75 ms all at once")
    print("\n(c) committed ballot -> every connected phone holds the new tally (coalescing included)")
    print(f"{'phones':>7} {'p50 ms':>7} {'p99 ms':>7} {'missed':>6}")
    for r in fanouts:
        print(f"{r['phones']:>7} {r['p50']:>7.1f} {r['p99']:>7.1f} {r['missing']:>6}")
    print("    target: p99 < 50 ms for 300 phones")


if __name__ == "__main__":
    main()
