"""Events the session publishes after each commit, named as past-tense facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    """What changed in the workshop."""

    WORKSHOP_UPDATED = "workshop_updated"
    AGENDA_CHANGED = "agenda_changed"
    PHASE_CHANGED = "phase_changed"
    GROUPS_CHANGED = "groups_changed"
    PARTICIPANT_JOINED = "participant_joined"
    PARTICIPANT_UPDATED = "participant_updated"
    JOINING_CHANGED = "joining_changed"
    IDEA_ADDED = "idea_added"
    IDEA_CHANGED = "idea_changed"
    IDEAS_MERGED = "ideas_merged"
    ATTACHMENT_ADDED = "attachment_added"
    CLUSTERS_CHANGED = "clusters_changed"
    ROUND_CHANGED = "round_changed"
    VOTE_RECORDED = "vote_recorded"
    PAPER_DOTS_CHANGED = "paper_dots_changed"
    ACTIONS_CHANGED = "actions_changed"
    LOG_APPENDED = "log_appended"
    TEAMS_CHANGED = "teams_changed"  # challenges, teams, projects, submissions opened or closed
    JURY_CHANGED = "jury_changed"  # criteria, jurors, conflicts of interest, judging opened or closed
    SCORE_RECORDED = "score_recorded"


@dataclass(frozen=True)
class Event:
    """One fact, with the ids it concerns. ``seq`` grows by one per event in a session."""

    kind: EventKind
    data: dict[str, Any] = field(default_factory=dict)
    seq: int = 0
