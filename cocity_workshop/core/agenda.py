"""The agenda's clock: which phase runs, how long it has left, and pauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import Phase


@dataclass(frozen=True)
class PhaseClock:
    """Where the running phase stands at one moment."""

    phase_id: int
    elapsed_seconds: float
    remaining_seconds: float  # negative when the phase runs over
    paused: bool

    @property
    def overrun(self) -> bool:
        """Whether the phase has used more than its planned (and extended) time."""
        return self.remaining_seconds < 0


def current_phase(phases: Sequence[Phase]) -> Phase | None:
    """The phase that has started and not ended, if any."""
    for phase in phases:
        if phase.started_at is not None and phase.ended_at is None:
            return phase
    return None


def next_phase(phases: Sequence[Phase]) -> Phase | None:
    """The first phase that has not started yet."""
    ordered = sorted(phases, key=lambda p: p.position)
    for phase in ordered:
        if phase.started_at is None:
            return phase
    return None


def clock(phase: Phase, now: float) -> PhaseClock:
    """Elapsed and remaining time of ``phase`` at ``now`` (pauses do not count)."""
    if phase.started_at is None:
        return PhaseClock(phase.id, 0.0, phase.planned_minutes * 60 + phase.extra_seconds, False)
    end = phase.ended_at if phase.ended_at is not None else now
    paused = phase.paused_seconds
    if phase.paused_at is not None:
        paused += end - phase.paused_at
    elapsed = max(0.0, end - phase.started_at - paused)
    budget = phase.planned_minutes * 60 + phase.extra_seconds
    return PhaseClock(phase.id, elapsed, budget - elapsed, phase.paused_at is not None)


def start(phase: Phase, now: float) -> Phase:
    """Start ``phase`` (or restart it after it ended: its earlier run is forgotten)."""
    return replace(phase, started_at=now, ended_at=None, paused_at=None, paused_seconds=0.0)


def end(phase: Phase, now: float) -> Phase:
    """End ``phase``; a running pause ends with it."""
    if phase.started_at is None:
        raise RuleViolation("This phase has not started.")
    resumed = resume(phase, now) if phase.paused_at is not None else phase
    return replace(resumed, ended_at=now)


def pause(phase: Phase, now: float) -> Phase:
    """Pause the countdown of a running phase."""
    if phase.started_at is None or phase.ended_at is not None:
        raise RuleViolation("Only a running phase can be paused.")
    if phase.paused_at is not None:
        return phase
    return replace(phase, paused_at=now)


def resume(phase: Phase, now: float) -> Phase:
    """Carry on after a pause."""
    if phase.paused_at is None:
        return phase
    return replace(phase, paused_at=None, paused_seconds=phase.paused_seconds + max(0.0, now - phase.paused_at))


def extend(phase: Phase, seconds: float) -> Phase:
    """Give a phase more time (or less, with a negative number, never below zero extra)."""
    return replace(phase, extra_seconds=max(-phase.planned_minutes * 60.0, phase.extra_seconds + seconds))


def validate_phase(title: str, planned_minutes: int) -> None:
    """Raise when a phase cannot be added as given."""
    if not title.strip():
        raise RuleViolation("A phase needs a name.")
    if not 0 <= planned_minutes <= 24 * 60:
        raise RuleViolation("A phase lasts between 0 minutes and 24 hours.")


def phase_at(phases: Sequence[Phase], timestamp: float) -> Phase | None:
    """The phase that was running at ``timestamp`` (started at or before it, not yet ended), if any."""
    for phase in sorted(phases, key=lambda p: p.position):
        if phase.started_at is None or phase.started_at > timestamp:
            continue
        if phase.ended_at is None or timestamp < phase.ended_at:
            return phase
    return None
