"""Which vote rounds count, which one phones see, and which one the facilitator ranks ideas by.

Every layer asks these questions (report, bundle, Decidim file, server, projector, GUI); the answers live
here once. ``rounds`` are always given oldest first, as the session lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import RoundState, VoteRound

#: The countdown warns the room when this many seconds of voting are left.
WARNING_SECONDS = 60
#: The longest a round's countdown can be (and the most time added at once).
MAX_DURATION_SECONDS = 24 * 60 * 60


def open_round(rounds: Iterable[VoteRound]) -> VoteRound | None:
    """The round phones can vote in now, if any (at most one is open)."""
    return next((r for r in rounds if r.state is RoundState.OPEN), None)


def counted_rounds(rounds: Iterable[VoteRound]) -> list[VoteRound]:
    """The rounds a report and bundle publish: not practice, and opened at least once."""
    return [r for r in rounds if not r.is_practice and r.state is not RoundState.DRAFT]


def shown_round(rounds: Iterable[VoteRound]) -> VoteRound | None:
    """The round phones and the projector see: the open one, else the latest that has opened."""
    listed = list(rounds)
    running = open_round(listed)
    if running is not None:
        return running
    ran = [r for r in listed if r.state in (RoundState.CLOSED, RoundState.REVEALED)]
    return max(ran, key=lambda r: (r.opened_at or 0.0, r.id)) if ran else None


def last_revealed_round(rounds: Iterable[VoteRound]) -> VoteRound | None:
    """The newest revealed round that is not practice: the one ideas are ranked by for a short list."""
    revealed = [r for r in rounds if r.state is RoundState.REVEALED and not r.is_practice]
    return revealed[-1] if revealed else None


def deciding_round(rounds: Iterable[VoteRound]) -> VoteRound | None:
    """The round whose result the report leads with: the newest counted round (by when it opened)."""
    counted = counted_rounds(rounds)
    return max(counted, key=lambda r: (r.opened_at or 0.0, r.id)) if counted else None


def seconds_left(vote_round: VoteRound, now: float) -> float | None:
    """How long an open round's countdown has left at ``now`` (0 once it ran out), or ``None`` without one."""
    closes_at = vote_round.closes_at
    return None if closes_at is None else max(0.0, closes_at - now)


def is_due(vote_round: VoteRound, now: float) -> bool:
    """Whether an open round that closes itself has reached the end of its countdown at ``now``."""
    closes_at = vote_round.closes_at
    return vote_round.closes_itself and closes_at is not None and now >= closes_at


def validate_duration(duration_seconds: int | None, closes_itself: bool) -> None:
    """Raise unless a round's timer is none, or a whole number of seconds from 1 s to 24 hours."""
    if duration_seconds is None:
        if closes_itself:
            raise RuleViolation("A round closes by itself only when it has a time limit.")
        return
    if type(duration_seconds) is not int or not 0 < duration_seconds <= MAX_DURATION_SECONDS:
        raise RuleViolation("A round's time limit is between 1 second and 24 hours.")
