"""What phones and the projector may see, read from the session as plain JSON-ready dictionaries.

These functions read SQLite, so the server runs them on its reader thread, never on its event loop.
Only visible ideas appear; a tally appears only when its round allows it.
"""

from __future__ import annotations

import time
from typing import Any

from cocity_workshop.core import agenda
from cocity_workshop.core.model import VoteRound
from cocity_workshop.core.rounds import open_round, shown_round
from cocity_workshop.server import hackathon_state
from cocity_workshop.session import WorkshopSession

#: The topics of the live stream; each frame carries the whole current value of one topic.
TOPICS = ("status", "ideas", "tally", "room", "hackathon")
#: The topics phones follow (``room``, the projector's view of the room, is not theirs).
PHONE_TOPICS = frozenset({"status", "ideas", "tally", "hackathon"})


def status(session: WorkshopSession, now: float | None = None) -> dict[str, Any]:
    """Workshop title and themes, the agenda's clock, joining, the shown round, groups and age bands."""
    now = time.time() if now is None else now
    workshop = session.workshop()
    phases = session.phases()
    running = agenda.current_phase(phases)
    phase: dict[str, Any] | None = None
    if running is not None:
        clock = agenda.clock(running, now)
        phase = {
            "id": running.id,
            "title": running.title,
            "remaining": round(clock.remaining_seconds, 1),
            "paused": clock.paused,
        }
    finished = running is None and bool(phases) and all(p.ended_at is not None for p in phases)
    joining = session.joining()
    vote_round = shown_round(session.rounds())
    round_data: dict[str, Any] | None = None
    if vote_round is not None:
        hidden = session.hidden_idea_ids()
        round_data = {
            "id": vote_round.id,
            "title": vote_round.title,
            "state": vote_round.state.value,
            "dots": vote_round.dots_per_participant,
            "max_per_idea": vote_round.max_per_idea,
            "ideas": [i for i in vote_round.idea_ids if i not in hidden],
            "results_public": vote_round.results_public,
            "live": vote_round.results_mode.value == "live",
            # The countdown: when it reaches zero on the server's clock (pages correct for their own clock
            # with the state's "now"), and whether the app closes the round then.
            "ends_at": vote_round.closes_at,
            "closes_itself": vote_round.closes_itself,
        }
    return {
        "workshop": {"title": workshop.title, "themes": list(workshop.themes), "language": workshop.language},
        "phase": phase,
        "finished": finished,
        "joining": {
            "open": joining.open,
            "joined": joining.joined,
            "cap": joining.headcount_cap,
            "shared_device": joining.shared_device,
        },
        "round": round_data,
        "groups": [{"id": g.id, "name": g.name} for g in session.groups()],
        "age_bands": [{"id": b.id, "label": b.label} for b in session.age_bands()],
        "server_time": now,
    }


def ideas(session: WorkshopSession) -> dict[str, Any]:
    """The visible ideas (never pending, hidden or merged ones)."""
    return {
        "ideas": [
            {
                "id": idea.id,
                "title": idea.title,
                "description": idea.description,
                "theme": idea.theme,
                "photos": list(idea.attachment_ids),
            }
            for idea in session.public_ideas()
        ]
    }


def tally(session: WorkshopSession, vote_round: VoteRound | None = None) -> dict[str, Any]:
    """The shown round's tally if its results are public now, else ``{"tally": None}``; hidden ideas left out."""
    if vote_round is None:
        vote_round = shown_round(session.rounds())
    if vote_round is None or not vote_round.results_public:
        return {"tally": None}
    result = session.tally(vote_round.id)
    hidden = session.hidden_idea_ids()
    return {
        "tally": {
            "round": vote_round.id,
            "ballots": result.ballots,
            "ideas": [{"id": t.idea_id, "dots": t.total} for t in result.ideas if t.idea_id not in hidden],
        }
    }


def room(session: WorkshopSession, connected: frozenset[int]) -> dict[str, Any]:
    """The room as the projector sees it: how many phones are connected now and, while a round is open, how
    many of them have voted.

    ``connected`` are the participants holding a live stream now. "N of M have voted" counts in M the phones
    connected now and those that voted and left since (a phone that sleeps after voting still voted), so N
    is never more than M.
    """
    vote: dict[str, Any] | None = None
    running = open_round(session.rounds())
    if running is not None:
        voters = session.voters(running.id)
        vote = {"round": running.id, "voted": len(voters), "of": len(voters | connected)}
    return {"room": {"connected": len(connected), "vote": vote}}


def build(
    session: WorkshopSession, topics: tuple[str, ...] = TOPICS, connected: frozenset[int] = frozenset()
) -> dict[str, dict[str, Any]]:
    """The current value of each topic asked for (``connected``: the participants holding a live stream now)."""
    built: dict[str, dict[str, Any]] = {}
    for topic in topics:
        if topic == "status":
            built[topic] = status(session)
        elif topic == "ideas":
            built[topic] = ideas(session)
        elif topic == "tally":
            built[topic] = tally(session)
        elif topic == "room":
            built[topic] = room(session, connected)
        elif topic == "hackathon":
            built[topic] = hackathon_state.hackathon(session)
    return built
