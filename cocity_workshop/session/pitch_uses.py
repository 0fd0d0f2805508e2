"""Use cases: a hackathon's pitches, in the facilitator's order, one team at a time against a pitch timer
(decision 0049). Every change is logged: the order as set or shuffled, and each pitch started or ended."""

from __future__ import annotations

import secrets

from cocity_workshop.core import hackathon as rules
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.hackathon import PitchState, Team
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.team_phone import team_or_raise
from cocity_workshop.session.writer import Tx


def _reorder(tx: Tx, order: list[int], how: str) -> list[int]:
    tx.records.set_team_order(order)
    tx.log("pitch_order_set", {"teams": order, "how": how})
    tx.emit(EventKind.TEAMS_CHANGED, pitch_order=order)
    return order


def _start(tx: Tx, team_id: int | None) -> PitchState:
    """Let ``team_id`` pitch from now (``None``: nobody pitches); returns the pitch before."""
    before = tx.records.pitch()
    if before.team_id is not None:
        tx.log("pitch_ended", {"team": before.team_id, "seconds": round(tx.now - (before.started_at or tx.now), 1)})
    if team_id is not None:
        team_or_raise(tx, team_id)
        tx.log("pitch_started", {"team": team_id, "seconds": before.seconds})
    started = tx.now if team_id is not None else None
    tx.records.update_hackathon_state({"pitch_team_id": team_id, "pitch_started_at": started})
    tx.emit(EventKind.TEAMS_CHANGED, pitch=team_id)
    return before


class PitchUses(SessionBase):
    """The pitch order and the pitch running now."""

    def pitch(self) -> PitchState:
        """The team pitching now, since when, and how long a pitch lasts."""
        return self._records().pitch()

    def pitch_order(self) -> list[Team]:
        """Every team in pitch order (registration order until it is changed)."""
        return self._records().teams()

    def set_pitch_order(self, team_ids: list[int]) -> list[int]:
        """Put the teams in this pitch order (every team once); returns the order before, for undo."""

        def command(tx: Tx) -> list[int]:
            before = [t.id for t in tx.records.teams()]
            _reorder(tx, rules.check_order(before, team_ids), "set")
            return before

        return self._write(command)

    def shuffle_pitch_order(self) -> list[int]:
        """Draw a new pitch order at random (the operating system's randomness); returns the order drawn."""

        def command(tx: Tx) -> list[int]:
            order = [t.id for t in tx.records.teams()]
            secrets.SystemRandom().shuffle(order)
            return _reorder(tx, order, "shuffled")

        return self._write(command)

    def set_pitch_seconds(self, seconds: int) -> PitchState:
        """How long each pitch lasts (the timer on the projector and phones); returns the pitch before."""
        seconds = rules.check_pitch_seconds(seconds)

        def command(tx: Tx) -> PitchState:
            before = tx.records.pitch()
            tx.records.update_hackathon_state({"pitch_seconds": seconds})
            tx.log("pitch_seconds_set", {"seconds": seconds})
            tx.emit(EventKind.TEAMS_CHANGED, pitch_seconds=seconds)
            return before

        return self._write(command)

    def start_pitch(self, team_id: int) -> PitchState:
        """Let a team pitch now, its timer starting (the team pitching before, if any, ends)."""
        return self._write(lambda tx: _start(tx, team_id))

    def next_pitch(self) -> PitchState:
        """Let the next team in the order pitch (the first when nobody has); refused after the last."""

        def command(tx: Tx) -> PitchState:
            order = [t.id for t in tx.records.teams()]
            following = rules.team_after(order, tx.records.pitch().team_id)
            if following is None:
                raise RuleViolation("Every team has pitched.")
            return _start(tx, following)

        return self._write(command)

    def end_pitch(self) -> PitchState:
        """End the pitch running now (nobody pitches); returns the pitch before."""
        return self._write(lambda tx: _start(tx, None))
