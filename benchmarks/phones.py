"""A full room of phones against the participant server on its shipped settings (a measurement, not a test).

    .venv/bin/python benchmarks/phones.py [--phones 300 1000] [--quick] [--weak]

What ships is measured: ``ParticipantServer`` with its default ``Limits`` (the caps derived from the
open-file limit, 3 joins per address and one a minute, 20 connections per address), on a temporary
workshop with a live round. Each simulated phone comes from its own loopback address (127.x.y.z, as
phones on one Wi-Fi have their own), joins over HTTP, holds its live stream open as the page's
``EventSource`` does, and votes on its own keep-alive connection. The phones are light asyncio HTTP
clients in a child process pinned to CPU 1; the server runs in this process pinned to CPU 0.

For each room size, in one run:

(1) every phone joins at once: join p50/p99, refused, streams held;
(2) spread out: each phone sends a ballot at a random moment (mean gap 0.5 s for 300, 1 s for 1,000),
    for a few seconds: p50/p99/max, failed requests, server CPU per ballot;
(3) all at once: every phone taps in the same instant, three times: p50/p99/max, failed;
(4) fan-out: ballots committed 50 ms apart; time until every phone's stream holds the new tally;
(5) references in the same run, same phones, same arrivals: the research's minimal durable vote
    (``perf-anchors.md`` part 2) and a no-op endpoint on a bare aiohttp app, with their server CPU per
    request; the ratios ballot/minimal are printed beside each latency.

Server memory (peak RSS of this process) is reported per room size. The machine is shared: the load
average is printed beside the numbers, and the numbers are noisy when it is high.

``--weak`` runs the server under a cgroup with ``cpu.max`` at a third of a core (a weak laptop; needs root
and a cgroup cpu controller, v2 or v1; skipped with the reason otherwise). ``--server process`` serves from
the participant server's own process (``ServerProcess``), the writer staying here; with ``--weak`` each
process gets a third of a core of its own. Server CPU then counts both processes.
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
import resource
import sqlite3
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiohttp import web

from cocity_workshop.cli.server_commands import SERVER_IN_OWN_PROCESS
from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.model import ResultsMode
from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.process import ServerProcess
from cocity_workshop.session import WorkshopSession

WEAK_QUOTA = "33333 100000"  # cpu.max: a third of one core
CGROUP_V1_CPU = Path("/sys/fs/cgroup/cpu")  # where cgroup v1 mounts its cpu controller


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


def phone_address(index: int) -> str:
    """A distinct loopback address for phone ``index`` (Linux answers on all of 127.0.0.0/8)."""
    return f"127.{1 + index // 62500}.{index // 250 % 250}.{index % 250 + 1}"


def weak_cgroup(pid: int | None = None, name: str = "cocity-weak-laptop") -> tuple[Path | None, str]:
    """A cgroup ``name`` limited to a third of a core, holding process ``pid`` (this one by default), or
    ``None`` and why not.

    cgroup v2 (``cpu.max``) where the machine has its cpu controller, else cgroup v1's cpu controller
    (``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``, the same limit). The app and the participant
    server's own process each get a group of their own: a third of a core each, as the issue asks.
    """
    if os.geteuid() != 0:
        return None, "needs root"
    quota, period = WEAK_QUOTA.split()
    unified = Path("/sys/fs/cgroup")
    controllers = unified / "cgroup.controllers"
    if controllers.exists() and "cpu" in controllers.read_text().split():
        group, limits = unified / name, {"cpu.max": WEAK_QUOTA}
    elif (CGROUP_V1_CPU / "cpu.cfs_quota_us").exists():
        group = CGROUP_V1_CPU / name
        limits = {"cpu.cfs_period_us": period, "cpu.cfs_quota_us": quota}
    else:
        return None, "no cgroup cpu controller here (neither v2 cpu.max nor v1 cpu.cfs_quota_us)"
    try:
        group.mkdir(exist_ok=True)
        for key, value in limits.items():
            (group / key).write_text(value)
        (group / "cgroup.procs").write_text(str(os.getpid() if pid is None else pid))
    except OSError as error:
        return None, f"the cgroup could not be set up: {error}"
    return group, ""


def leave_weak_cgroup(pid: int) -> None:
    """Move process ``pid`` (the phones) back to its hierarchy's root: only the app is the weak laptop."""
    v1_group = CGROUP_V1_CPU / "cocity-weak-laptop"
    root = CGROUP_V1_CPU if (v1_group / "cgroup.procs").exists() else Path("/sys/fs/cgroup")
    (root / "cgroup.procs").write_text(str(pid))


def throttled(group: Path) -> tuple[int, int]:
    """``(periods, periods throttled)`` of a cgroup so far (how often it ran out of its share)."""
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines() if line.count(" ") == 1)
    return int(stat.get("nr_periods", 0)), int(stat.get("nr_throttled", 0))


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_peak_mb(pid: int) -> float:
    """Peak resident memory of process ``pid`` in MB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
    """A temporary workshop with ideas and an open live round, served with the shipped limits.

    ``own_process``: the participant server in a process of its own (``ServerProcess``, the writer staying
    here); ``weak``: that process in a weak-laptop cgroup of its own.
    """

    def __init__(self, extra_voters: int, own_process: bool = False, weak: bool = False) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.session = WorkshopSession.create(Path(self.folder.name) / "bench.cocity", title="Benchmark")
        self.session.set_joining(open=True)
        self.ideas = [self.session.add_idea(f"Idea {n}").id for n in range(50)]
        self.round = self.session.create_round(
            "Bench", self.ideas, dots_per_participant=10, max_per_idea=10, results_mode=ResultsMode.LIVE
        )
        self.session.start_round(self.round.id)
        self.voters = [self.session.join().token for _ in range(extra_voters)]  # for the fan-out's commits
        self.server: ParticipantServer | ServerProcess
        if own_process:
            self.server = ServerProcess(self.session, "127.0.0.1", 0)  # the shipped limits
        else:
            self.server = ParticipantServer(self.session, "127.0.0.1", 0)
        self.server.start()
        self.child = self.server.pid if isinstance(self.server, ServerProcess) else None
        if weak and self.child is not None:
            weak_cgroup(self.child, "cocity-weak-server")

    def cpu(self) -> float:
        """CPU seconds the server has used so far: this process (its writer) and the server's own, if any."""
        times = os.times()
        return times.user + times.system + (process_cpu(self.child) if self.child is not None else 0.0)

    def close(self) -> None:
        self.server.stop()
        self.session.close()
        self.folder.cleanup()


# -- the phones (child process) ------------------------------------------------------------------------


class Phone:
    """One phone from its own address: a keep-alive connection for requests, another for its live stream."""

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.token = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.seen: dict[int, float] = {}  # ballot count -> when the stream first showed it
        self.streaming = asyncio.Event()

    async def _connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(self.address, 0))

    async def request(self, method: str, path: str, body: bytes = b"", key: bool = False) -> int:
        """One request on the keep-alive connection (reopened if the server closed it); the status."""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nOrigin: http://127.0.0.1:{self.port}\r\n"
            f"X-Workshop-Client: 1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        )
        if self.token:
            head += f"X-Workshop-Token: {self.token}\r\n"
        if key:
            head += f"Idempotency-Key: {os.urandom(9).hex()}\r\n"
        if self.writer is None or self.writer.is_closing():
            await self._connect()
        assert self.reader is not None and self.writer is not None
        self.writer.write(head.encode() + b"\r\n" + body)
        answer = await self.reader.readuntil(b"\r\n\r\n")
        at = answer.find(b"Content-Length: ")
        length = int(answer[at + 16 : answer.index(b"\r\n", at)]) if at >= 0 else 0
        payload = await self.reader.readexactly(length)
        if path.endswith("/join") and answer.startswith(b"HTTP/1.1 201"):
            self.token = json.loads(payload)["token"]
        return int(answer[9:12])

    async def hold_stream(self) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(self.address, 0))
        head = f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nX-Workshop-Token: {self.token}\r\n\r\n"
        writer.write(head.encode())
        tail = b""
        try:
            while data := await reader.read(65536):
                now = time.monotonic()
                text = tail + data
                for found in _BALLOTS.finditer(text):
                    self.seen.setdefault(int(found.group(1)), now)
                    self.streaming.set()
                tail = text[-32:]
        finally:
            writer.close()


_BALLOTS = re.compile(rb'"ballots":(\d+)')


def _ballot(rng: random.Random, round_id: int, ideas: list[int]) -> bytes:
    chosen = rng.sample(ideas, 3)
    return json.dumps({"round": round_id, "dots": {str(chosen[0]): 2, str(chosen[1]): 1, str(chosen[2]): 1}}).encode()


def _minimal(rng: random.Random, index: int) -> bytes:
    return json.dumps({"token": f"t{index % 500}", "idea_id": rng.randrange(50), "dots": rng.randint(1, 3)}).encode()


async def _timed(call: Any, latencies: list[float], failures: list[int], ok: int) -> None:
    started = time.perf_counter()
    try:
        status = await call
    except (OSError, asyncio.IncompleteReadError):
        failures.append(0)
        return
    if status != ok:
        failures.append(status)
        return
    latencies.append((time.perf_counter() - started) * 1000)


async def _arrivals(phones: list[Phone], send: Any, mode: str, seconds: float, gap: float, ok: int) -> dict[str, Any]:
    """Spread-out or all-at-once requests from every phone; latencies and failures."""
    latencies: list[float] = []
    failures: list[int] = []
    start = time.monotonic() + 0.5

    async def phone(index: int) -> None:
        rng = random.Random(index)
        if mode == "burst":
            for tick in range(3):
                await asyncio.sleep(max(0.0, start + tick * gap - time.monotonic()))
                await _timed(send(phones[index], rng, index), latencies, failures, ok)
            return
        wake = start + rng.uniform(0, gap)
        while wake < start + seconds:
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            await _timed(send(phones[index], rng, index), latencies, failures, ok)
            wake += rng.uniform(0, 2 * gap)

    await asyncio.gather(*(phone(i) for i in range(len(phones))))
    return {"latencies": latencies, "failures": failures}


async def room(job: dict[str, Any], conn: Connection) -> dict[str, Any]:
    """The whole room: join, hold streams, spread and burst ballots, fan-out; then the same on the references."""
    count, port, gap, seconds = job["phones"], job["port"], job["gap"], job["seconds"]
    phones = [Phone(port, phone_address(i)) for i in range(count)]
    join_lat: list[float] = []
    join_fail: list[int] = []
    await asyncio.gather(
        *(_timed(p.request("POST", job["join_path"], b"{}"), join_lat, join_fail, 201) for p in phones)
    )
    streams = [asyncio.create_task(p.hold_stream()) for p in phones if p.token]
    await asyncio.wait([asyncio.create_task(p.streaming.wait()) for p in phones if p.token], timeout=60)
    result: dict[str, Any] = {
        "join": join_lat,
        "join_failed": len(join_fail),
        "joined": sum(1 for p in phones if p.token),
        "streams": sum(1 for p in phones if p.streaming.is_set()),
    }

    def ballot(phone: Phone, rng: random.Random, _index: int) -> Any:
        return phone.request("POST", "/api/ballot", _ballot(rng, job["round"], job["ideas"]), key=True)

    for mode in ("spread", "burst"):
        conn.send(("cpu", f"ballot-{mode}"))
        result[f"ballot-{mode}"] = await _arrivals(phones, ballot, mode, seconds, gap if mode == "spread" else 1.0, 200)
        conn.send(("cpu", "end"))
    conn.send(("fanout", None))
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # the parent committed its ballots
    await asyncio.sleep(0.5)
    result["seen"] = [p.seen for p in phones]
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    for p in phones:
        if p.writer is not None:
            p.writer.close()
    # The references: a bare aiohttp app, the same phones' addresses, the same arrivals.
    refs = [Phone(job["reference_port"], phone_address(i)) for i in range(count)]

    def minimal(phone: Phone, rng: random.Random, index: int) -> Any:
        return phone.request("POST", "/vote", _minimal(rng, index))

    def noop(phone: Phone, _rng: random.Random, _index: int) -> Any:
        return phone.request("GET", "/noop")

    for name, send in (("minimal", minimal), ("noop", noop)):
        for mode in ("spread", "burst"):
            conn.send(("cpu", f"{name}-{mode}"))
            result[f"{name}-{mode}"] = await _arrivals(refs, send, mode, seconds, gap if mode == "spread" else 1.0, 200)
            conn.send(("cpu", "end"))
    for p in refs:
        if p.writer is not None:
            p.writer.close()
    return result


def phones_main(conn: Connection) -> None:
    """Child process: run each room the parent sends and send back its measurements."""
    pin(1)
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    while (job := conn.recv()) is not None:
        conn.send(("done", asyncio.run(room(job, conn))))


# -- the runs (parent) ---------------------------------------------------------------------------------


def run_room(conn: Connection, phones: int, seconds: float, own_process: bool, weak: bool) -> dict[str, Any]:
    """One room of ``phones``: the child plays the phones; this process serves and measures CPU and fan-out."""
    fanout_votes = 40
    workshop = Workshop(fanout_votes, own_process, weak)
    reference = ReferenceServer(Path(workshop.folder.name))
    reference.start()
    commits: list[float] = []

    def on_events(events: list[Event]) -> None:
        if fanning[0]:
            now = time.monotonic()  # the writer thread, right after the commit
            commits.extend(now for e in events if e.kind is EventKind.VOTE_RECORDED)

    fanning = [False]
    unsubscribe = workshop.session.subscribe(on_events)
    cpu: dict[str, float] = {}
    phase = ("", 0.0)
    try:
        conn.send(
            {
                "phones": phones,
                "port": workshop.server.port,
                "reference_port": reference.port,
                "join_path": "/" + workshop.server.join_url.split("/", 3)[3] + "join",
                "round": workshop.round.id,
                "ideas": workshop.ideas,
                "gap": 0.5 if phones <= 300 else 1.0,
                "seconds": seconds,
            }
        )
        while True:
            kind, value = conn.recv()
            if kind == "cpu":
                used = workshop.cpu()  # the reference servers run in this process: their phases count it
                if value == "end":
                    cpu[phase[0]] = used - phase[1]
                else:
                    phase = (value, used)
            elif kind == "fanout":
                fanning[0] = True
                for n, token in enumerate(workshop.voters):
                    command = workshop.session.ballot_command(token, workshop.round.id, {workshop.ideas[n % 50]: 1})
                    workshop.session.submit(command).result()
                    time.sleep(0.05)
                fanning[0] = False
                conn.send("done")
            else:
                result: dict[str, Any] = value
                break
        result["stored"] = len(workshop.session.ballots(workshop.round.id))
        result["refusals"] = workshop.server.refusals.counts()
        result["caps"] = (workshop.server.limits.connections_total, workshop.server.limits.max_subscribers)
        result["child_mb"] = process_peak_mb(workshop.child) if workshop.child is not None else None
    finally:
        unsubscribe()
        reference.stop()
        workshop.close()
    fanout = []
    for number, committed in enumerate(commits):
        wanted = phones + number + 1  # ballots in the round after this commit (every phone voted)
        arrivals = [min((t for c, t in seen.items() if c >= wanted), default=float("inf")) for seen in result["seen"]]
        fanout.append((max(arrivals) - committed) * 1000)
    result["fanout"] = fanout
    result["cpu"] = cpu
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["phones"] = phones
    return result


def _line(name: str, run: dict[str, Any], cpu_s: float | None = None, reference: dict[str, Any] | None = None) -> str:
    lat = run["latencies"]
    text = (
        f"  {name:<24} {len(lat):>6} {percentile(lat, 50):>7.1f} {percentile(lat, 99):>7.1f} "
        f"{(max(lat) if lat else float('nan')):>7.1f} {len(run['failures']):>6}"
    )
    if cpu_s is not None:
        text += f" {cpu_s / max(1, len(lat)) * 1e6:>7.0f}"
    if reference is not None:
        text += f"   p99 x{percentile(lat, 99) / percentile(reference['latencies'], 99):.2f} of minimal"
    return text


def report(r: dict[str, Any], weak: str) -> None:
    """Print one room's table."""
    n = r["phones"]
    print(f"\n== {n} phones, shipped limits (caps {r['caps'][0]} connections, {r['caps'][1]} streams){weak}")
    print(f"   load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (a shared machine: numbers are noisy)")
    join = r["join"]
    print(
        f"  joined {r['joined']}/{n} (failed {r['join_failed']}), streams held {r['streams']}/{n}; "
        f"join p50 {percentile(join, 50):.1f} ms p99 {percentile(join, 99):.1f} ms; refused by reason: {r['refusals']}"
    )
    print(f"  {'':<24} {'count':>6} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'failed':>6} {'CPU us':>7}")
    for mode in ("spread", "burst"):
        print(_line(f"ballot {mode}", r[f"ballot-{mode}"], r["cpu"].get(f"ballot-{mode}"), r[f"minimal-{mode}"]))
        print(_line(f"minimal vote {mode}", r[f"minimal-{mode}"], r["cpu"].get(f"minimal-{mode}")))
        print(_line(f"no-op {mode}", r[f"noop-{mode}"], r["cpu"].get(f"noop-{mode}")))
    spread_cpu = r["cpu"]["ballot-spread"] / max(1, len(r["ballot-spread"]["latencies"]))
    minimal_cpu = r["cpu"]["minimal-spread"] / max(1, len(r["minimal-spread"]["latencies"]))
    print(f"  server CPU per ballot / per minimal vote (spread): {spread_cpu / minimal_cpu:.2f}x (target <= 1.6x)")
    fan = [v for v in r["fanout"] if v != float("inf")]
    print(
        f"  committed ballot -> every phone's stream holds it: p50 {percentile(fan, 50):.1f} ms, "
        f"p99 {percentile(fan, 99):.1f} ms, missed {len(r['fanout']) - len(fan)} of {len(r['fanout'])}"
    )
    child = f", the server's own process {r['child_mb']:.0f} MB" if r["child_mb"] is not None else ""
    print(
        f"  ballots stored {r['stored']} (every phone's last, plus 40 fan-out ballots); "
        f"peak RSS of this process {r['rss_mb']:.0f} MB{child}"
    )


def main() -> None:
    """Run each room size and print its table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke check of the harness)")
    parser.add_argument("--weak", action="store_true", help="a weak laptop: a third of a core per process")
    parser.add_argument(
        "--server",
        choices=("thread", "process"),
        default="process" if SERVER_IN_OWN_PROCESS else "thread",
        help="the participant server in a thread of this process, or in a process of its own (default: as serve)",
    )
    args = parser.parse_args()
    own_process = args.server == "process"
    seconds = 2.0 if args.quick else 5.0
    pin(0)
    context = mp.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=phones_main, args=(child,), daemon=True)
    process.start()  # before joining the weak cgroup: the phones are not the weak laptop
    weak = ""
    if args.weak:
        group, reason = weak_cgroup()
        if group is None:
            print(f"--weak skipped: {reason}")
            parent.send(None)
            process.join(10)
            return
        weak = f", cpu.max {WEAK_QUOTA} for " + ("this process and the server's own" if own_process else "the server")
    try:
        where = "in a process of its own, the writer in this one" if own_process else "in a thread of this process"
        print(f"Participant server {where}, a full room ({os.cpu_count()} CPUs, server on CPU 0, phones on CPU 1)")
        for n in args.phones:
            report(run_room(parent, n, seconds, own_process, args.weak), weak)
    finally:
        parent.send(None)
        process.join(10)
    print("\nTargets: 300 phones: 0 refused, spread p99 < 25 ms, all at once p99 < 75 ms, tally p99 < 50 ms.")
    print("1,000 phones: all joined, join p99 < 500 ms, spread p99 < 100 ms, all at once p99 < 750 ms, 0 failed,")
    print("tally p99 < 150 ms; server CPU per ballot <= 1.6x the minimal vote's; a burst's p99 <= 1.6x the minimal's.")


if __name__ == "__main__":
    main()
