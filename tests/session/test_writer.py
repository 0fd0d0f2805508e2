"""The single writer: group commit, isolated failures, events after commit."""

from __future__ import annotations

import threading
import time

import pytest

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.writer import Tx


def test_concurrent_commands_share_commits(session: WorkshopSession) -> None:
    """Two hundred commands queued at once are committed in far fewer transactions."""
    commits = []
    session.subscribe(lambda events: commits.append(len(events)))
    gate = threading.Event()

    def blocker(tx: Tx) -> None:
        gate.wait(5)

    first = session.submit(blocker)
    futures = [session.submit(lambda tx, i=i: tx.emit(EventKind.CLUSTERS_CHANGED, i=i) or i) for i in range(200)]
    gate.set()
    assert [f.result(10) for f in futures] == list(range(200))
    first.result(10)
    assert sum(commits) == 200
    assert len(commits) <= 3, "the queued commands should have been committed together"


def test_a_refused_command_changes_nothing_and_others_commit(session: WorkshopSession) -> None:
    """One command's error rolls back only its own changes inside the shared transaction."""
    gate = threading.Event()
    session.submit(lambda tx: gate.wait(5))

    def add_then_fail(tx: Tx) -> None:
        tx.records.insert_cluster("doomed")
        raise RuleViolation("no")

    bad = session.submit(add_then_fail)
    good = session.submit(lambda tx: tx.records.insert_cluster("kept"))
    gate.set()
    with pytest.raises(RuleViolation):
        bad.result(10)
    good.result(10)
    assert [c.name for c in session.clusters()] == ["kept"]


def test_events_arrive_after_the_commit_with_growing_sequence(session: WorkshopSession) -> None:
    """A subscriber can read the change its event announces; sequence numbers grow by one."""
    seen: list[tuple[Event, list[str]]] = []

    def on_events(events: list[Event]) -> None:
        for event in events:
            if event.kind is EventKind.CLUSTERS_CHANGED:
                seen.append((event, [c.name for c in session.clusters()]))

    session.subscribe(on_events)
    session.add_cluster("One")
    session.add_cluster("Two")
    deadline = time.monotonic() + 5
    while len(seen) < 2 and time.monotonic() < deadline:  # events follow the callers' answers
        time.sleep(0.01)
    assert [names for _, names in seen] == [["One"], ["One", "Two"]]
    assert seen[1][0].seq > seen[0][0].seq


def test_closed_session_refuses_writes(workshop_path) -> None:  # type: ignore[no-untyped-def]
    """After close, a command fails with a clear error instead of hanging."""
    session = WorkshopSession.create(workshop_path, title="T")
    session.close()
    with pytest.raises(Exception, match="closed"):
        session.add_cluster("late")


def test_submit_then_calls_back_after_the_commit_with_result_or_error(session: WorkshopSession) -> None:
    """The light path answers on the writer thread once the change is committed; a refusal comes as the error."""
    answers: list[tuple[object, BaseException | None, list[str]]] = []
    done = threading.Event()

    def handoff(result: object, error: BaseException | None) -> None:
        answers.append((result, error, [c.name for c in session.clusters()]))  # readable: committed
        if len(answers) == 2:
            done.set()

    def refused(tx: Tx) -> None:
        tx.records.insert_cluster("doomed")
        raise RuleViolation("no")

    session.submit_then(lambda tx: tx.records.insert_cluster("kept") and "ok", handoff)
    session.submit_then(refused, handoff)
    assert done.wait(10)
    (result, error, seen), (bad_result, bad_error, _seen) = answers
    assert (result, error) == ("ok", None) and seen == ["kept"]
    assert bad_result is None and isinstance(bad_error, RuleViolation)


def test_a_failing_callback_does_not_stop_the_writer(session: WorkshopSession) -> None:
    def broken(result: object, error: BaseException | None) -> None:
        raise RuntimeError("caller bug")

    session.submit_then(lambda tx: tx.records.insert_cluster("first"), broken)
    session.add_cluster("second")  # waits for its own commit: the writer is still running
    assert [c.name for c in session.clusters()] == ["first", "second"]


def test_submit_then_on_a_closed_session_fails_clearly(workshop_path) -> None:  # type: ignore[no-untyped-def]
    session = WorkshopSession.create(workshop_path, title="T")
    writer = session._writer_or_raise()
    session.close()
    errors: list[BaseException | None] = []
    writer.submit_then(lambda tx: None, lambda result, error: errors.append(error))
    assert len(errors) == 1 and "closed" in str(errors[0])


def test_a_change_is_announced_before_it_is_answered_and_a_failing_listener_stops_nothing(
    session: WorkshopSession,
) -> None:
    """Listeners hear of a commit before its caller is answered (a phone reading right after its answer
    finds the change announced); a listener that raises is logged, and the writer and the answers go on."""
    order: list[str] = []

    def failing(_events: list[Event]) -> None:
        order.append("announced")
        raise RuntimeError("a broken listener")

    def command(tx: Tx) -> None:
        order.append("committed")
        tx.emit(EventKind.WORKSHOP_UPDATED)

    gate = threading.Event()
    session.subscribe(failing)
    held = session.submit(lambda _tx: gate.wait(5))  # the writer waits, so the callback is in place first
    future = session.submit(command)
    future.add_done_callback(lambda _f: order.append("answered"))
    gate.set()
    held.result(5)
    future.result(5)
    assert session.add_idea("Still written").title == "Still written"
    assert order[:3] == ["committed", "announced", "answered"]
