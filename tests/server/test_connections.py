"""The connection tracker: caps, shedding order, the header deadline; and the caps from the open-file limit."""

from __future__ import annotations

import contextlib
import socket
import time

from cocity_workshop.server.capacity import CONNECTIONS_PER_PHONE, capacity_for, machine_capacity
from cocity_workshop.server.connections import ConnectionTracker, State
from cocity_workshop.session import WorkshopSession


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _tracker(total: int = 3, per_address: int = 10) -> tuple[ConnectionTracker, Clock, list[str], list[str]]:
    clock = Clock()
    closed: list[str] = []
    reasons: list[str] = []
    tracker = ConnectionTracker(per_address, total, 10.0, clock=clock, on_refused=reasons.append)
    return tracker, clock, closed, reasons


def test_a_full_tracker_sheds_the_longest_waiting_first() -> None:
    tracker, clock, closed, reasons = _tracker()
    for name in ("a", "b", "c"):
        tracker.admit(name, "10.0.0.1", lambda name=name: closed.append(name))
        clock.now += 1
    assert tracker.admit("d", "10.0.0.2", lambda: closed.append("d")) is not None
    assert closed == ["a"] and reasons == ["shed_waiting"] and tracker.open_connections == 3


def test_idle_connections_go_before_busy_ones_and_busy_ones_never() -> None:
    tracker, clock, closed, reasons = _tracker(total=2)
    stream = tracker.admit("stream", "10.0.0.1", lambda: closed.append("stream"))
    fetch = tracker.admit("fetch", "10.0.0.1", lambda: closed.append("fetch"))
    assert stream is not None and fetch is not None
    tracker.busy(stream)  # a live stream is a request that never ends
    tracker.busy(fetch)
    tracker.idle(fetch)
    assert tracker.admit("new", "10.0.0.2", lambda: None) is None  # idle too briefly: not shed yet
    clock.now += 2
    assert tracker.admit("new", "10.0.0.2", lambda: None) is not None
    assert closed == ["fetch"] and reasons == ["connections_total", "shed_idle"]
    new = tracker.find("new")
    assert new is not None
    tracker.busy(new)
    assert tracker.admit("more", "10.0.0.3", lambda: None) is None and closed == ["fetch"]
    assert stream.state is State.BUSY


def test_a_shed_connection_is_released_once() -> None:
    tracker, _clock, _closed, _reasons = _tracker(total=1)
    tracker.admit("a", "10.0.0.1", lambda: None)
    tracker.admit("b", "10.0.0.1", lambda: None)
    tracker.release("a")  # its connection_lost arrives after it was shed
    assert tracker.open_connections == 1
    tracker.release("b")
    assert tracker.open_connections == 0 and tracker.counts() == {"waiting": 0, "idle": 0, "busy": 0}


def test_per_address_cap_refuses_without_shedding() -> None:
    tracker, _clock, closed, reasons = _tracker(total=100, per_address=2)
    for key in range(2):
        tracker.admit(key, "10.0.0.1", lambda: closed.append("x"))
    assert tracker.admit(9, "10.0.0.1", lambda: None) is None
    assert tracker.admit(10, "10.0.0.2", lambda: None) is not None
    assert reasons == ["connections_per_address"] and not closed


def test_the_header_deadline_closes_waiting_connections_only() -> None:
    tracker, clock, closed, reasons = _tracker(total=10)
    slow = tracker.admit("slow", "10.0.0.1", lambda: closed.append("slow"))
    quick = tracker.admit("quick", "10.0.0.2", lambda: closed.append("quick"))
    assert slow is not None and quick is not None
    tracker.busy(quick)
    tracker.idle(quick)
    clock.now += 11
    tracker.data_arrived(quick)  # starts its next request now: a fresh deadline
    assert tracker.close_overdue() == 1 and closed == ["slow"] and reasons == ["header_deadline"]
    clock.now += 11
    assert tracker.close_overdue() == 1 and closed == ["slow", "quick"]


def test_caps_come_from_the_open_file_limit() -> None:
    small = capacity_for(1024)
    assert small.connections_total == 768 and small.max_subscribers == 384 and not small.enough_for_room
    assert capacity_for(20000).enough_for_room
    here = machine_capacity()
    import resource

    assert here.open_files == resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    assert here.phones == here.connections_total // CONNECTIONS_PER_PHONE


def test_slow_sockets_are_shed_for_a_phone_and_a_stream_survives(open_session: WorkshopSession) -> None:
    """Real sockets: with the total cap full of silent sockets, a phone still connects; its stream stays."""
    from cocity_workshop.server import Limits, ParticipantServer
    from tests.server.conftest import Client

    with ParticipantServer(open_session, "127.0.0.1", 0, limits=Limits(connections_total=20)) as server:
        phone = Client(server).join()
        stream = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        head = f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Workshop-Token: {phone.token}\r\n\r\n"
        stream.sendall(head.encode())
        assert stream.recv(12) == b"HTTP/1.1 200"
        silent = [
            socket.create_connection(("127.0.0.1", server.port), source_address=(f"127.9.0.{n % 15 + 1}", 0))
            for n in range(40)
        ]
        try:
            time.sleep(0.3)
            assert server.connections == 20
            assert phone.get("/api/me").status == 200
            assert server.stats["subscribers"] == 1
            stream.settimeout(0.2)
            with contextlib.suppress(TimeoutError):  # nothing new on the stream, and it is still open
                assert stream.recv(100) != b""
            assert server.refusals.counts()["shed_waiting"] >= 21
        finally:
            for sock in silent:
                sock.close()
            stream.close()
