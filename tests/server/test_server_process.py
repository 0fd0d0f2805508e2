"""The participant server in a process of its own: phones' changes commit in the app's one writer.

Every test starts a real child process (the app's entry point with ``--participant-server-process``) that
serves real sockets on 127.0.0.1, so they are few and each checks several things.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.model import ResultsMode
from cocity_workshop.server.process import ServerProcess
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.writer import Tx
from tests.server.conftest import WIDE, Client


@pytest.fixture
def live_round(open_session: WorkshopSession) -> tuple[int, list[int]]:
    """A live round open on three ideas: (round id, idea ids)."""
    ideas = [open_session.add_idea(f"Idea {n}").id for n in range(3)]
    vote_round = open_session.create_round("Live", ideas, results_mode=ResultsMode.LIVE)
    open_session.start_round(vote_round.id)
    return vote_round.id, ideas


@pytest.fixture
def exits() -> list[int | None]:
    """The exit codes ``on_exit`` reported."""
    return []


@pytest.fixture
def process(open_session: WorkshopSession, exits: list[int | None]) -> Iterator[ServerProcess]:
    """The server's own process for ``open_session`` on 127.0.0.1 (a free port), with wide limits."""
    served = ServerProcess(open_session, "127.0.0.1", 0, limits=WIDE, on_exit=exits.append)
    served.start()
    yield served
    served.stop()


def test_changes_commit_in_the_apps_writer_and_retries_stay_idempotent(
    process: ServerProcess, open_session: WorkshopSession, live_round: tuple[int, list[int]], wait_for: Any
) -> None:
    """A phone joins, votes, retries, sends a profile and an idea through the child; the app's writer
    commits each (its events are the app's), a retry with the same key is answered as the first time,
    and a phone reads its own vote right after its answer."""
    round_id, ideas = live_round
    seen: list[Event] = []
    open_session.subscribe(seen.extend)
    assert process.running and process.pid is not None and process.port > 0
    phone = Client(process).join()  # type: ignore[arg-type]
    ballot = {"round": round_id, "dots": {str(ideas[0]): 2, str(ideas[1]): 1}}
    first = phone.post("/api/ballot", ballot, key="retry-key-1")
    again = phone.post("/api/ballot", ballot, key="retry-key-1")
    assert first.status == again.status == 200 and first.body == again.body
    assert first.json["spent"] == 3 and first.json["remaining"] == 2
    assert phone.post("/api/ballot", {**ballot, "dots": {str(ideas[2]): 1}}, key="retry-key-1").status == 422
    state = phone.get("/api/state").json  # read-your-writes across the two processes
    assert state["my_ballot"]["dots"] == {str(ideas[0]): 2, str(ideas[1]): 1}
    assert state["tally"]["ballots"] == 1
    tally = open_session.tally(round_id)
    assert tally.ballots == 1 and {t.idea_id: t.total for t in tally.ideas}[ideas[0]] == 2
    assert [e.kind for e in seen].count(EventKind.VOTE_RECORDED) == 1  # one commit, in this process
    group = open_session.groups()[0]
    assert phone.post("/api/profile", {"group": group.id, "age_band": None}).json["group"] == group.id
    assert phone.post("/api/profile", {"group": 999, "age_band": None}).status == 404
    idea = phone.post("/api/ideas", {"title": "From the child"}, key="idea-key-01")
    assert idea.status == 201 and phone.post("/api/ideas", {"title": "From the child"}, key="idea-key-01").body == (
        idea.body
    )
    assert [i.title for i in open_session.ideas()].count("From the child") == 1
    with socket.create_connection(("127.0.0.1", process.port), timeout=10) as stream:  # the page's EventSource
        head = f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{process.port}\r\nX-Workshop-Token: {phone.token}\r\n"
        stream.sendall(head.encode() + b"\r\n")
        assert b"200 OK" in stream.recv(4096)
        wait_for(lambda: process.connected_phones == 1)  # as the child last said
        phone.post("/api/ballot", {**ballot, "dots": {str(ideas[2]): 1}}, key="retry-key-2")
        received, wanted = b"", f'"id":{ideas[2]},"dots":1'.encode()
        while wanted not in received:  # the new tally reaches the stream (recv times out after 10 s)
            chunk = stream.recv(65536)
            assert chunk, "the stream ended"
            received += chunk
    wait_for(lambda: process.connected_phones == 0)


def test_refusals_counted_in_the_child_are_taken_whole() -> None:
    """The app shows the counts the server's process sends, dropping what is not a known reason."""
    refusals = Refusals()
    refusals.count("streams")
    refusals.replace({"joins_per_address": 2, "invented": 5, "streams": "many"})
    assert refusals.counts() == {"joins_per_address": 2}


def test_an_answer_comes_only_after_the_apps_commit(
    process: ServerProcess, open_session: WorkshopSession, live_round: tuple[int, list[int]]
) -> None:
    """While the app's writer is busy, a phone's ballot waits unanswered; it is answered after the commit."""
    round_id, ideas = live_round
    phone = Client(process).join()  # type: ignore[arg-type]
    hold, holding = threading.Event(), threading.Event()

    def busy(_tx: Tx) -> None:
        holding.set()
        hold.wait(10)

    open_session.submit(busy)
    assert holding.wait(5)
    answers: list[int] = []
    sender = threading.Thread(
        target=lambda: answers.append(
            phone.post("/api/ballot", {"round": round_id, "dots": {str(ideas[0]): 1}}, key="held-key-1").status
        )
    )
    sender.start()
    time.sleep(0.5)
    assert answers == [] and open_session.tally(round_id).ballots == 0
    hold.set()
    sender.join(10)
    assert answers == [200] and open_session.tally(round_id).ballots == 1


def test_a_killed_child_is_reported_and_started_again(
    process: ServerProcess,
    open_session: WorkshopSession,
    live_round: tuple[int, list[int]],
    exits: list[int | None],
    wait_for: Any,
) -> None:
    """Killing the child calls ``on_exit`` with its exit code; started again on the same port, the phone
    carries on with its token, and its retried ballot is stored once."""
    round_id, ideas = live_round
    phone = Client(process).join()  # type: ignore[arg-type]
    ballot = {"round": round_id, "dots": {str(ideas[0]): 1}}
    assert phone.post("/api/ballot", ballot, key="before-kill").status == 200
    port = process.port
    process.kill()
    wait_for(lambda: exits, timeout=10)
    assert exits[0] is not None and exits[0] != 0 and not process.running
    process.stop()
    process.start()
    assert process.running and process.port == port
    assert phone.post("/api/ballot", ballot, key="before-kill").status == 200  # a retry after the crash
    assert phone.post("/api/ballot", {**ballot, "dots": {str(ideas[1]): 2}}, key="after-kill").status == 200
    assert open_session.tally(round_id).ballots == 1 and len(exits) == 1
    process.stop()
    assert len(exits) == 1  # a stop is not reported as a crash
