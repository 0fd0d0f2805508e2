"""The agenda clock: elapsed and remaining time with pauses and extensions."""

from __future__ import annotations

import pytest

from cocity_workshop.core import agenda
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import Phase

PHASE = Phase(id=1, position=0, title="Ideate", planned_minutes=10)


def test_pauses_do_not_count_and_extensions_add_time() -> None:
    """Ten minutes planned, two paused, one added: the clock reads what a facilitator expects."""
    running = agenda.start(PHASE, 0)
    paused = agenda.pause(running, 60)
    assert agenda.clock(paused, 180).paused
    assert agenda.clock(paused, 180).elapsed_seconds == 60
    resumed = agenda.resume(paused, 180)
    extended = agenda.extend(resumed, 60)
    state = agenda.clock(extended, 300)
    assert state.elapsed_seconds == 180
    assert state.remaining_seconds == 10 * 60 + 60 - 180
    ended = agenda.end(extended, 900)
    assert agenda.clock(ended, 5000).elapsed_seconds == 900 - 120


def test_overrun_and_errors() -> None:
    """Running over shows as negative remaining time; pausing a phase that is not running is refused."""
    assert agenda.clock(agenda.start(PHASE, 0), 11 * 60).overrun
    with pytest.raises(RuleViolation):
        agenda.pause(PHASE, 0)
    with pytest.raises(RuleViolation):
        agenda.end(PHASE, 0)


def test_current_and_next_phase() -> None:
    """The running phase is current; the next is the first not started."""
    phases = [agenda.start(PHASE, 0), Phase(id=2, position=1, title="Vote", planned_minutes=5)]
    assert agenda.current_phase(phases) == phases[0]
    assert agenda.next_phase(phases) == phases[1]


def test_phase_at_finds_the_phase_running_at_a_moment() -> None:
    """Started at or before the moment and not ended by it; a moment between phases or before any has none."""
    phases = [
        Phase(1, 0, "Cluster", 15, started_at=100.0, ended_at=200.0),
        Phase(2, 1, "Vote", 15, started_at=250.0, ended_at=None),
        Phase(3, 2, "Plan", 30),
    ]
    assert agenda.phase_at(phases, 100.0) == phases[0]
    assert agenda.phase_at(phases, 200.0) is None  # ended: the next one has not started
    assert agenda.phase_at(phases, 900.0) == phases[1]
    assert agenda.phase_at(phases, 50.0) is None
