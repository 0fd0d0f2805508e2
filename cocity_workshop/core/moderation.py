"""When youth mode (every phone's idea waits for the facilitator) was on, and so which ideas were checked, read
from the action log; whether the workshop was finished (its codes deleted); and how people could join.

``update_workshop`` logs the hash of each changed field's stored value, so the hash of ``repr(1)`` or
``repr(0)`` under ``youth_mode`` says which way it was switched, in files of every version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.model import Idea, IdeaOrigin, LogEntry, Template
from cocity_workshop.core.templates import TEMPLATES

#: The action-log entry of Finish the workshop.
FINISHED = "workshop_finished"

_ON, _OFF = sha256_hex(repr(1)), sha256_hex(repr(0))


@dataclass(frozen=True)
class YouthPeriods:
    """The spans of time youth mode was on: (start, end) in seconds since the epoch; end ``None`` = still on."""

    periods: tuple[tuple[float, float | None], ...]

    def covers(self, moment: float) -> bool:
        """Whether youth mode was on at ``moment``."""
        return any(start <= moment and (end is None or moment < end) for start, end in self.periods)


def youth_periods(log: Iterable[LogEntry]) -> YouthPeriods | None:
    """When youth mode was on, or ``None`` when the log does not say how the workshop began."""
    on: float | None = None
    known = False
    periods: list[tuple[float, float | None]] = []
    for entry in log:
        if not entry.payload:
            continue
        if entry.type == "workshop_created":
            known = True
            template = json.loads(entry.payload).get("template")
            if template in {t.value for t in Template} and TEMPLATES[Template(template)].youth_mode:
                on = entry.at
        elif entry.type == "workshop_updated":
            value = json.loads(entry.payload).get("fields", {}).get("youth_mode")
            if value == _ON and on is None:
                on = entry.at
            elif value == _OFF and on is not None:
                periods.append((on, entry.at))
                on = None
    if not known:
        return None
    if on is not None:
        periods.append((on, None))
    return YouthPeriods(tuple(periods))


def checked_phone_ideas(ideas: Sequence[Idea], periods: YouthPeriods) -> tuple[list[Idea], list[Idea]]:
    """Ideas from phones split into (sent while youth mode was on: checked first; sent while it was off)."""
    from_phones = [i for i in ideas if i.origin is IdeaOrigin.PHONE]
    checked = [i for i in from_phones if periods.covers(i.created_at)]
    return checked, [i for i in from_phones if not periods.covers(i.created_at)]


def finished_at(log: Iterable[LogEntry]) -> float | None:
    """When the workshop was last finished (codes deleted), or ``None``."""
    return max((e.at for e in log if e.type == FINISHED), default=None)


@dataclass(frozen=True)
class JoiningModes:
    """How people could join, as the log records it: whether ticket mode or shared-device mode was ever on."""

    tickets: bool
    shared_device: bool


def joining_modes(log: Iterable[LogEntry]) -> JoiningModes:
    """Whether single-use tickets or a shared device were ever switched on (``joining_changed`` entries)."""
    tickets = shared = False
    for entry in log:
        if entry.type == "joining_changed" and entry.payload:
            changes = json.loads(entry.payload)
            tickets = tickets or bool(changes.get("ticket_mode"))
            shared = shared or bool(changes.get("shared_device"))
    return JoiningModes(tickets, shared)
