"""Use cases: a vote round's countdown, and closing a round, by the facilitator or by the writer at zero.

A round that closes itself is closed by the app's single writer (``Writer.schedule``), not by a phone or a
browser: the close is one more command in the writer's next group, logged like the facilitator's. The
writer is told again whenever the moment can have moved (the round opened, got more time, the file was
opened); a scheduled close that finds the round no longer due does nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from cocity_workshop.core import rounds as round_rules
from cocity_workshop.core.actionlog import ballots_digest
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Ballot, RoundState, VoteRound
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import round_or_raise
from cocity_workshop.session.writer import Tx


def raw_phone_dots(ballots: Sequence[Ballot]) -> dict[str, int]:
    """The dots phones gave each idea (before merges and paper), as the action log records them."""
    totals: dict[int, int] = {}
    for ballot in ballots:
        for idea_id, dots in ballot.dots.items():
            totals[idea_id] = totals.get(idea_id, 0) + dots
    return {str(k): v for k, v in sorted(totals.items())}


def close_in(tx: Tx, round_id: int, *, by_timer: bool = False) -> VoteRound:
    """Close an open round inside ``tx``; the log records a digest of the anonymous ballots and the dots per
    idea (and, when the countdown closed it, that it did)."""
    vote_round = round_or_raise(tx, round_id)
    if vote_round.state is not RoundState.OPEN:
        raise RuleViolation("Only an open round can be closed.")
    tx.records.update_round(round_id, {"state": RoundState.CLOSED.value, "closed_at": tx.now})
    ballots = tx.records.ballots(round_id)
    payload: dict[str, object] = {
        "round": round_id,
        "ballots": len(ballots),
        "ballots_digest": ballots_digest((b.participant_id, b.dots) for b in ballots),
        "phone_dots": raw_phone_dots(ballots),
    }
    if by_timer:
        payload["by_timer"] = True
    tx.log("round_closed", payload)
    tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=RoundState.CLOSED.value)
    return round_or_raise(tx, round_id)


class CloseWhenDue:
    """The writer's scheduled command: close the round if it is still open, closes itself and is due."""

    def __init__(self, round_id: int) -> None:
        self.round_id = round_id

    def __call__(self, tx: Tx) -> VoteRound | None:
        vote_round = tx.records.vote_round(self.round_id)
        if vote_round is None or not round_rules.is_due(vote_round, tx.now):
            return None  # reopened, given more time, closed by hand, or no longer closing itself
        return close_in(tx, self.round_id, by_timer=True)


class RoundTimerUses(SessionBase):
    """A round's countdown and its closing."""

    def set_round_timer(self, round_id: int, duration_seconds: int | None, closes_itself: bool = False) -> VoteRound:
        """Give a round a countdown of ``duration_seconds`` from when it opens (``None``: no time limit) and say
        whether it closes by itself at zero; returns the round as it was before.

        An open round's countdown counts from when it opened: a shorter one can be due at once.
        """
        round_rules.validate_duration(duration_seconds, closes_itself)

        def command(tx: Tx) -> VoteRound:
            before = round_or_raise(tx, round_id)
            if before.state is RoundState.REVEALED:
                raise RuleViolation("A revealed round's time cannot be changed.")
            values = {"duration_seconds": duration_seconds, "closes_itself": int(closes_itself)}
            tx.records.update_round(round_id, values)
            tx.log("round_timer", {"round": round_id, "duration": duration_seconds, "closes_itself": closes_itself})
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=before.state.value)
            return before

        before = self._write(command)
        self._schedule_close(round_id)
        return before

    def add_round_time(self, round_id: int, seconds: int) -> VoteRound:
        """Give an open round ``seconds`` more to vote (a round without a countdown gets one: ``seconds`` from
        now); returns the round as it is now."""
        if type(seconds) is not int or not 0 < seconds <= round_rules.MAX_DURATION_SECONDS:
            raise RuleViolation("A round's time limit is between 1 second and 24 hours.")

        def command(tx: Tx) -> VoteRound:
            vote_round = round_or_raise(tx, round_id)
            if vote_round.state is not RoundState.OPEN or vote_round.opened_at is None:
                raise RuleViolation("Only an open round can be given more time.")
            left = round_rules.seconds_left(vote_round, tx.now)
            ran = math.ceil(max(0.0, tx.now - vote_round.opened_at))
            duration = (ran if left is None or left <= 0 else vote_round.duration_seconds or 0) + seconds
            round_rules.validate_duration(duration, vote_round.closes_itself)
            tx.records.update_round(round_id, {"duration_seconds": duration})
            tx.log("round_timer", {"round": round_id, "duration": duration, "closes_itself": vote_round.closes_itself})
            tx.emit(EventKind.ROUND_CHANGED, round=round_id, state=vote_round.state.value)
            return round_or_raise(tx, round_id)

        changed = self._write(command)
        self._schedule_close(round_id)
        return changed

    def close_round(self, round_id: int) -> VoteRound:
        """Stop voting; the log records a digest of the anonymous ballots and the dots per idea."""
        return self._write(lambda tx: close_in(tx, round_id))

    def _schedule_close(self, round_id: int) -> None:
        """Tell the writer when the round closes itself, if it is open and does (called after each change)."""
        vote_round = self._records().vote_round(round_id)
        if self._writer is None or vote_round is None or not vote_round.closes_itself:
            return
        closes_at = vote_round.closes_at
        if closes_at is not None:
            self._writer.schedule(closes_at, CloseWhenDue(round_id))

    def _resume_round_timer(self) -> None:
        """After opening the file: the open round that closes itself is closed at its moment (at once if the
        moment passed while the file was closed)."""
        running = round_rules.open_round(self._records().vote_rounds())
        if running is not None:
            self._schedule_close(running.id)
