"""Which vote rounds count, which one phones see, and which one the facilitator ranks ideas by.

Every layer asks these questions (report, bundle, Decidim file, server, projector, GUI); the answers live
here once. ``rounds`` are always given oldest first, as the session lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from cocity_workshop.core.model import RoundState, VoteRound


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
