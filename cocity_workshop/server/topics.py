"""Which live topics a batch of the session's events changes, so only those are rebuilt and resent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cocity_workshop.core.events import Event, EventKind

#: Which live topics each kind of event can change.
EVENT_TOPICS: dict[EventKind, set[str]] = {
    EventKind.VOTE_RECORDED: {"tally", "room"},
    EventKind.PAPER_DOTS_CHANGED: {"tally"},
    EventKind.IDEA_ADDED: {"ideas"},
    EventKind.IDEA_CHANGED: {"status", "ideas", "tally"},  # status: a hidden idea leaves the round
    EventKind.IDEAS_MERGED: {"status", "ideas", "tally"},
    EventKind.ATTACHMENT_ADDED: {"ideas"},
    EventKind.ROUND_CHANGED: {"status", "tally", "room"},
    EventKind.PHASE_CHANGED: {"status"},
    EventKind.AGENDA_CHANGED: {"status"},
    EventKind.WORKSHOP_UPDATED: {"status"},
    EventKind.GROUPS_CHANGED: {"status"},
    EventKind.PARTICIPANT_JOINED: {"status"},
    EventKind.JOINING_CHANGED: {"status"},
    EventKind.TEAMS_CHANGED: {"hackathon"},
    EventKind.JURY_CHANGED: {"hackathon"},  # judging opened or closed
}

#: Kinds that change nothing phones or the projector feed show (``tests/server/test_topics.py`` makes every
#: kind appear in ``EVENT_TOPICS`` or here, so a new kind cannot be forgotten silently).
IGNORED_EVENTS: frozenset[EventKind] = frozenset(
    {
        EventKind.PARTICIPANT_UPDATED,  # a phone's own answers: its page already has them
        EventKind.CLUSTERS_CHANGED,  # clusters are the facilitator's sorting, not shown to phones
        EventKind.ACTIONS_CHANGED,  # actions appear only in the app and the report
        EventKind.LOG_APPENDED,  # the action log is never sent to phones
        EventKind.SCORE_RECORDED,  # a juror's scores go to that juror's phone only
    }
)


def changed_topics(events: Iterable[Event], shown: Mapping[str, Any] | None) -> set[str]:
    """The topics ``events`` change, given the round phones are shown now (``shown``, as in the status)."""
    topics: set[str] = set()
    for event in events:
        if event.kind is EventKind.IDEA_ADDED and event.data.get("status") == "pending":
            continue
        if (
            event.kind is EventKind.VOTE_RECORDED
            and shown
            and shown.get("id") == event.data.get("round")
            and not shown.get("results_public")
        ):
            # This round's tally is hidden: a vote changes only how many have voted (the projector's room).
            # (When the status shown is for another round, it may be about to change: rebuild, an unchanged
            # tally is not resent.)
            topics.add("room")
            continue
        topics |= EVENT_TOPICS.get(event.kind, set())
    return topics
