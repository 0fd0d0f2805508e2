"""One event across many rooms (decision 0050): what an event file and a room file are, and what a room may
not change of what the event shares.

An event file is prepared once: agenda, challenges, stakeholder groups, and optionally a shortlist of ideas and
rounds that every room votes on (the shared ones). A room file is a copy of it with the event's id, its own
room id and secrets; the ideas and rounds it got from the event are marked shared. A room runs alone and
offline, adding its own ideas and rounds; a shared idea can only be shown or hidden there, a shared round only
run (opened, closed, revealed, counted on paper), so that every room's tally of it counts the same ballot.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.core.model import Idea, IdeaStatus, VoteRound
from cocity_workshop.i18n import N_

#: Why a room cannot change a shared idea.
SHARED_IDEA = N_("“{title}” is shared by every room of the event; here it can only be hidden.")


class EventRole(StrEnum):
    """What a file is in an event."""

    EVENT = "event"  # prepared once; rooms are made from it and merged into it
    ROOM = "room"  # one room of the event, run on its own laptop


@dataclass(frozen=True)
class EventInfo:
    """The event a file belongs to; a room file also has its room's id and name."""

    event_id: str
    role: EventRole
    room_id: str = ""
    room_name: str = ""

    @property
    def is_room(self) -> bool:
        """Whether this file is a room of the event (not the event file itself)."""
        return self.role is EventRole.ROOM


def check_idea_editable(idea: Idea) -> None:
    """Refuse changing, merging away or deleting a shared idea (a room may only show or hide it)."""
    if idea.shared:
        raise RuleViolation(SHARED_IDEA, title=idea.title)


def check_shared_status(idea: Idea, status: IdeaStatus) -> None:
    """Refuse any status of a shared idea other than shown or hidden (it is never pending or merged)."""
    if idea.shared and status not in (IdeaStatus.VISIBLE, IdeaStatus.HIDDEN):
        raise RuleViolation(SHARED_IDEA, title=idea.title)


def check_round_editable(vote_round: VoteRound) -> None:
    """Refuse changing or deleting a shared round (a room runs it as the event prepared it)."""
    if vote_round.shared:
        raise RuleViolation(
            "The round “{title}” is shared by every room of the event; here it can be run but not changed.",
            title=vote_round.title,
        )


def ticket_key(secret: str, ticket_id: int) -> str:
    """The pseudonym of the event-wide ticket ``ticket_id`` (decision 0051): an HMAC of its number under the event's
    ticket secret, so it is the same in every room and cannot be worked out from a bundle."""
    return hmac.new(secret.encode(), f"cocity-ticket/1\n{ticket_id}".encode(), hashlib.sha256).hexdigest()


def ballot_tag(key: str, round_id: int) -> str:
    """What a room's bundle says of a ballot cast with the ticket whose pseudonym is ``key`` in round ``round_id``:
    the same in every room, another in every round, so the tags show a ticket used in two rooms but do not link
    one person's ballots of different rounds."""
    return hashlib.sha256(f"cocity-ballot-tag/1\n{key}\n{round_id}".encode()).hexdigest()[:32]
