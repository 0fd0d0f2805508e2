"""The GUI stays smooth while phones saturate the participant server (a script that prints a table, not a test).

One process runs the app as in a workshop: the facilitator window, the projector window showing a live
round's tally, and the participant server in its thread. A second process plays 300 phones over HTTP
(aiohttp, 300 concurrent connections), each joining and then re-submitting ballots as fast as answers
come back. On a machine with two or more CPUs the app is pinned to CPU 0 and the phones to CPU 1 (real
phones do not run on the laptop; the research measured the same way). Measured in the app's process:

  * the GUI thread's frame interval: a 60 Hz ``QTimer`` that does about 1 ms of work per frame, as painting
    would (targets: p99 < 30 ms and < 1 % of frames over 33 ms);
  * commit to projector: from the writer publishing a committed ballot to the projector's tally chart
    being repainted with a count that includes it (target p99 < 50 ms).

Both are measured in the steady state: from 1.5 s after the phones start (all joined and voting) until
shortly before they stop. The commit-to-projector time is taken when the chart's paint event arrives (an
event filter: the chart paints a ready pixmap in C++, which takes microseconds). Its second line is the
time from a count's start to the controller having shown it (counting in a pool thread, then the models
and charts on the GUI thread).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_under_load.py [--phones 300] [--seconds 10] [--weak]
[--server thread|process]`` (``--server``: where the participant server runs, in a thread of the app or in a
process of its own; by default as the app's setting; with ``--weak`` the app and the server's own process
each get a third of a core, and how often each ran out of it is printed)
(or under ``xvfb-run`` with ``QT_QPA_PLATFORM=xcb`` for a real X server). Environment knobs for finding
where time goes: ``DETACHED=1`` detaches the GUI from the session (the floor the server's and writer's
threads alone leave the frame clock), ``SWITCH=0.005`` overrides the switch interval the app sets (1 ms),
``PROFILE=1`` prints cProfile's top functions; or run it under ``py-spy record --threads --idle``.
The collector's pauses during the measured window are printed too.
Other processes on the machine move these numbers a lot: run it twice and compare with ``DETACHED=1``.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PHONES = r"""
import asyncio, json, random, sys, time, uuid
import aiohttp

port, join_path, round_id, ideas, seconds, phones = sys.argv[1:7]
port, round_id, seconds, phones = int(port), int(round_id), float(seconds), int(phones)
ideas = [int(i) for i in ideas.split(",")]
base = f"http://127.0.0.1:{port}"
headers = {"X-Workshop-Client": "1", "Origin": base, "Content-Type": "application/json"}

async def phone(session, deadline, counts):
    async with session.post(base + join_path + "join", data="{}", headers=headers) as r:
        token = (await r.json())["token"]
    mine = {**headers, "X-Workshop-Token": token}
    while time.monotonic() < deadline:
        dots = {str(random.choice(ideas)): 1 for _ in range(3)}
        body = json.dumps({"round": round_id, "dots": dots})
        sent = {**mine, "Idempotency-Key": uuid.uuid4().hex}
        async with session.post(base + "/api/ballot", data=body, headers=sent) as r:
            await r.read()
            counts[r.status] = counts.get(r.status, 0) + 1

async def main():
    counts = {}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(phone(session, deadline, counts) for _ in range(phones)))
    print(json.dumps(counts))

asyncio.run(main())
"""


def cpu_used(child: int | None) -> tuple[float, float]:
    """CPU seconds used so far by this process and by the server's own process (0 when there is none)."""
    times = os.times()
    if child is None:
        return times.user + times.system, 0.0
    fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
    return times.user + times.system, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--weak",
        action="store_true",
        help="a weak laptop: the app, and the server's own process if any, at a third of a core each (root)",
    )
    parser.add_argument(
        "--server",
        choices=("thread", "process", "app"),
        default="app",
        help="the participant server in a thread of the app, in a process of its own, or as the app's setting",
    )
    args = parser.parse_args()
    if args.weak:
        from phones import WEAK_QUOTA, leave_weak_cgroup, throttled, weak_cgroup  # this folder is on the path

        group, reason = weak_cgroup()
        if group is None:
            print(f"--weak skipped: {reason}")
            return
        print(f"weak laptop: the app runs under cpu.max {WEAK_QUOTA}")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["COCITY_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "settings.ini")
    print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())} ({os.cpu_count()} CPUs)")

    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer

    from cocity_workshop.core.events import EventKind
    from cocity_workshop.core.model import ResultsMode, Template
    from cocity_workshop.gui.app import make_application
    from cocity_workshop.gui.main_window import FacilitatorWindow
    from cocity_workshop.gui.projector import ProjectorView
    from cocity_workshop.gui.settings import AppSettings
    from cocity_workshop.server import Limits

    pinned = hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2
    if pinned:  # as the research measured: the app on CPU 0, the simulated phones on CPU 1
        os.sched_setaffinity(0, {0})
    app = make_application()
    if os.environ.get("SWITCH"):
        sys.setswitchinterval(float(os.environ["SWITCH"]))
    settings = AppSettings()
    if args.server != "app":
        settings.set_value("server/own_process", args.server == "process")
    window = FacilitatorWindow(settings, server_host="127.0.0.1", server_port=0, ask=False)
    window.resize(1366, 768)
    window.show()
    path = Path(tempfile.mkdtemp()) / "load.cocity"
    window.create_workshop(path, "Load", Template.CO_DESIGN, "en")
    controller, host = window.controller, window.host
    assert controller is not None and host is not None
    host.limits = Limits(
        requests_per_address=10**9,
        writes_per_participant=10**9,
        joins_per_address=10**9,
        connections_per_address=10_000,
        connections_total=10_000,
    )
    controller.set_joining(open=True)
    ideas = [controller.add_idea(f"Idea {n}").id for n in range(12)]
    vote_round = controller.create_round("Live round", ideas, 5, 3, ResultsMode.LIVE)
    controller.start_round(vote_round.id)
    assert host.start(), host.error
    server_pid = getattr(host.server, "pid", None)
    print("participant server:", f"its own process ({server_pid})" if server_pid else "a thread of the app")
    server_group = None
    if args.weak and server_pid is not None:
        server_group, reason = weak_cgroup(server_pid, "cocity-weak-server")
        print(f"weak laptop: the server's own process runs under cpu.max {WEAK_QUOTA} of its own" + reason)
    projector = window.show_projector(0, fullscreen=False)
    assert projector is not None
    window.show_panel("voting")
    for _ in range(5):
        app.processEvents()
    assert projector.current_view() is ProjectorView.TALLY

    # Commit -> projector paint latency.
    commits: collections.deque[float] = collections.deque()
    lock = threading.Lock()
    latencies: list[float] = []
    refresh_started = [0.0]
    counts_took: list[float] = []

    measuring = threading.Event()  # commits count from the start of the measured window (phones all joined)

    def on_commit(events: list) -> None:  # writer thread, after COMMIT
        if measuring.is_set() and any(e.kind is EventKind.VOTE_RECORDED for e in events):
            with lock:
                commits.append(time.perf_counter())

    controller.session.subscribe(on_commit)

    def on_counted(*_rows: object) -> None:  # GUI thread, right after the controller showed this count
        refresh_started[0] = controller.live.recounter.shown_count_started  # the next paint shows counted from here
        counts_took.append(time.perf_counter() - refresh_started[0])

    controller.live.recounter.on_counted(on_counted)

    class PaintProbe(QObject):
        """Notes when the projector's chart is repainted (the chart itself runs no Python to paint)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                # The pixmap blit that follows is C++ and takes microseconds: time it from here.
                now = time.perf_counter()
                with lock:
                    while commits and commits[0] <= refresh_started[0]:
                        latencies.append(now - commits.popleft())
            return False

    probe = PaintProbe()
    projector.chart.installEventFilter(probe)

    # The frame clock.
    frames: list[float] = []
    last = [time.perf_counter()]

    def frame() -> None:
        now = time.perf_counter()
        frames.append(now - last[0])
        last[0] = now
        spin = now + 0.001
        while time.perf_counter() < spin:
            pass

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(16)
    timer.timeout.connect(frame)

    def measure(seconds: float) -> list[float]:
        frames.clear()
        last[0] = time.perf_counter()
        timer.start()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()  # the app's own event loop, as in a workshop
        timer.stop()
        return frames[1:]

    if os.environ.get("DETACHED"):  # the GUI ignores the room: what the threads alone cost the frame clock
        controller.live.bridge.detach()
        controller.live.recounter.detach()
    idle = measure(3.0)
    phones = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PHONES,
            str(host.server.port),
            "/" + host.join_url().split("/", 3)[3],
            str(vote_round.id),
            ",".join(map(str, ideas)),
            str(args.seconds),
            str(args.phones),
        ],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, {1})) if pinned else None,
    )
    if args.weak:
        leave_weak_cgroup(phones.pid)  # only the app is the weak laptop, not the phones
    time.sleep(1.5)  # the phones join and start voting; measured from here, in the steady state
    measuring.set()
    profiler = None
    if os.environ.get("PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    import gc

    gc_times: list[tuple[int, float]] = []
    gc_start = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            gc_times.append((info["generation"], time.perf_counter() - gc_start[0]))

    if os.environ.get("GCFREEZE"):
        gc.freeze()
    gc.callbacks.append(on_gc)
    groups = {"app": group} if args.weak else {}
    if server_group is not None:
        groups["server"] = server_group
    throttled_before = {name: throttled(g) for name, g in groups.items()}
    cpu_before, wall_before = cpu_used(server_pid), time.perf_counter()
    loaded = measure(args.seconds - 2.0)
    cpu_after, wall = cpu_used(server_pid), time.perf_counter() - wall_before
    throttled_after = {name: throttled(g) for name, g in groups.items()}
    load_during = os.getloadavg()
    gc.callbacks.remove(on_gc)
    for gen in (0, 1, 2):
        took = sorted(t for g, t in gc_times if g == gen)
        if took:
            print(f"gc gen {gen}: {len(took)} runs, max {1000 * took[-1]:.1f} ms, total {1000 * sum(took):.0f} ms")
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
    out, _err = phones.communicate(timeout=120)
    counts = out.strip()
    ballots = controller.session.tally(vote_round.id).ballots
    window.close_workshop()

    def row(name: str, values: list[float]) -> str:
        late = 100.0 * sum(1 for v in values if v > 0.033) / max(1, len(values))
        return (
            f"{name:34} {len(values):7d} {1000 * statistics.median(values):7.1f} {1000 * percentile(values, 0.99):7.1f}"
            f" {1000 * max(values):7.1f} {late:8.2f}"
        )

    print(f"phones: {args.phones}, answers by HTTP status: {counts}, ballots stored: {ballots}")
    print(f"load average while measured: {' '.join(f'{n:.2f}' for n in load_during)} (above 3 it is not a reading)")
    shares = [f"{name} {100 * (cpu_after[i] - cpu_before[i]) / wall:.0f} %" for i, name in enumerate(("app", "server"))]
    print("CPU while measured, % of one core: " + ", ".join(shares[: 2 if server_pid else 1]))
    for name in groups:
        periods = throttled_after[name][0] - throttled_before[name][0]
        hit = throttled_after[name][1] - throttled_before[name][1]
        print(f"cgroup {name}: throttled in {hit} of {periods} periods of 100 ms (out of its third of a core)")
    print(
        f"{'frame interval (60 Hz timer)':34} {'frames':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'>33 ms %':>8}"
    )
    print(row("idle", idle))
    print(row(f"{args.phones} phones voting", loaded))
    print("targets: p99 < 30 ms, under 1 % of frames over 33 ms")
    print()
    print(f"{'commit -> projector tally painted':34} {'n':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    if latencies:
        print(
            f"{'':34} {len(latencies):7d} {1000 * statistics.median(latencies):7.1f}"
            f" {1000 * percentile(latencies, 0.99):7.1f} {1000 * max(latencies):7.1f}"
        )
    print("target: p99 < 50 ms")
    if counts_took:
        print(
            f"{'  of which: count start -> shown':34} {len(counts_took):7d}"
            f" {1000 * statistics.median(counts_took):7.1f} {1000 * percentile(counts_took, 0.99):7.1f}"
            f" {1000 * max(counts_took):7.1f}"
            "  (counted in a pool thread; a ballot committed during a count waits for the next one)"
        )


if __name__ == "__main__":
    main()
