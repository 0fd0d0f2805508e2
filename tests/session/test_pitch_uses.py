"""Pitches through the session: the order set or shuffled (every team once), one team pitching at a time
against the pitch timer, the next in order, and each change logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cocity_workshop.core.errors import InvalidInput, RuleViolation
from cocity_workshop.session import WorkshopSession


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def teams(workshop_path: Path, clock: Clock) -> Iterator[tuple[WorkshopSession, list[int]]]:
    """A hackathon with four teams in two challenges, in registration order."""
    with WorkshopSession.create(workshop_path, title="Civic hack", template="hackathon", clock=clock) as session:
        air, shade = session.add_challenge("Cleaner air"), session.add_challenge("Shade")
        ids = [session.add_team(name, c.id).id for name, c in (("A", air), ("B", shade), ("C", air), ("D", shade))]
        yield session, ids


def _logged(session: WorkshopSession, kind: str) -> list[dict[str, object]]:
    return [json.loads(e.payload) for e in session.log_entries() if e.type == kind]


def test_the_order_is_registration_order_until_set_and_must_name_every_team(
    teams: tuple[WorkshopSession, list[int]],
) -> None:
    """Teams pitch in registration order; a new order names every team once (else refused) and is logged."""
    session, (a, b, c, d) = teams
    assert [t.id for t in session.pitch_order()] == [a, b, c, d]
    assert session.set_pitch_order([d, a, c, b]) == [a, b, c, d]
    assert [t.id for t in session.pitch_order()] == [d, a, c, b]
    for wrong in ([d, a, c], [d, a, c, b, b], [d, a, c, 999]):
        with pytest.raises(InvalidInput, match="every team once"):
            session.set_pitch_order(wrong)
    assert _logged(session, "pitch_order_set") == [{"teams": [d, a, c, b], "how": "set"}]


def test_a_shuffle_draws_a_new_order_of_the_same_teams(teams: tuple[WorkshopSession, list[int]]) -> None:
    """Shuffling keeps every team and, over a few draws, does not always give the same order (24 orders)."""
    session, ids = teams
    drawn = {tuple(session.shuffle_pitch_order()) for _ in range(12)}  # bounded; all equal: (1/24)**11
    assert all(sorted(order) == sorted(ids) for order in drawn) and len(drawn) > 1
    assert [t.id for t in session.pitch_order()] == list(_logged(session, "pitch_order_set")[-1]["teams"])  # type: ignore[arg-type]


def test_one_team_pitches_at_a_time_against_the_timer(teams: tuple[WorkshopSession, list[int]], clock: Clock) -> None:
    """Next starts the first team, then each following one; the timer counts from the start; the one before
    ends (logged with how long it took); after the last, next is refused; ending leaves nobody pitching."""
    session, (a, b, _c, d) = teams
    assert session.pitch().team_id is None and session.pitch().remaining(clock.now) is None
    session.set_pitch_seconds(180)
    session.next_pitch()
    clock.now += 100
    pitch = session.pitch()
    assert (pitch.team_id, pitch.seconds, pitch.remaining(clock.now)) == (a, 180, 80)
    clock.now += 90
    assert session.pitch().remaining(clock.now) == -10  # over time
    session.next_pitch()
    assert session.pitch().team_id == b and session.pitch().remaining(clock.now) == 180
    session.start_pitch(d)
    with pytest.raises(RuleViolation, match="Every team has pitched"):
        session.next_pitch()
    session.end_pitch()
    assert session.pitch().team_id is None
    assert [e["team"] for e in _logged(session, "pitch_started")] == [a, b, d]
    assert _logged(session, "pitch_ended")[0] == {"team": a, "seconds": 190.0}
    with pytest.raises(InvalidInput):
        session.set_pitch_seconds(5)


def test_removing_the_team_pitching_now_leaves_nobody_pitching(teams: tuple[WorkshopSession, list[int]]) -> None:
    """A duplicate team removed while it pitches: the pitch ends with it (the schema sets it to nobody)."""
    session, (a, _b, _c, _d) = teams
    session.start_pitch(a)
    session.remove_team(a)
    assert session.pitch().team_id is None
