"""The workshop's data as plain, immutable values.

These are what the session hands to the GUI, the server, the report and the bundle. They carry no
behaviour beyond small derived properties; rules live in the neighbouring modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cocity_workshop.core.licences import DEFAULT_LICENCE
from cocity_workshop.core.privacy import DEFAULT_RETENTION_MONTHS, LegalBasis
from cocity_workshop.i18n import N_


class Template(StrEnum):
    """The kinds of workshop a facilitator can start from."""

    HACKATHON = "hackathon"
    LIVING_LAB = "living-lab"
    YOUTH = "youth"
    CO_DESIGN = "co-design"


class IdeaOrigin(StrEnum):
    """Where an idea came from."""

    PHONE = "phone"
    FACILITATOR = "facilitator"  # typed in by the facilitator from the floor
    PAPER = "paper"  # copied from a sticky note


class IdeaStatus(StrEnum):
    """Whether an idea is shown to the room."""

    PENDING = "pending"
    VISIBLE = "visible"
    HIDDEN = "hidden"
    MERGED = "merged"


class ResultsMode(StrEnum):
    """When participants and the projector see a round's tally."""

    HIDDEN = "hidden"  # only after the facilitator reveals it
    LIVE = "live"  # while the round is open


class RoundState(StrEnum):
    """The life of a vote round: draft -> open -> closed -> revealed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REVEALED = "revealed"


class MilestoneStatus(StrEnum):
    """Progress of one milestone of an action."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


class GoOfficialKind(StrEnum):
    """The steps that turn an action into something the city does officially."""

    COUNCIL_ACT = "council-act"
    DEPARTMENT = "department"
    DATASET = "dataset"
    ANNOUNCEMENT = "announcement"


#: Labels for showing the enums to people (translate with ``_`` at display time).
ORIGIN_LABELS = {
    IdeaOrigin.PHONE: N_("phone"),
    IdeaOrigin.FACILITATOR: N_("floor"),
    IdeaOrigin.PAPER: N_("paper"),
}
STATUS_LABELS = {
    IdeaStatus.PENDING: N_("waiting for approval"),
    IdeaStatus.VISIBLE: N_("visible"),
    IdeaStatus.HIDDEN: N_("hidden"),
    IdeaStatus.MERGED: N_("merged"),
}
ROUND_STATE_LABELS = {
    RoundState.DRAFT: N_("draft"),
    RoundState.OPEN: N_("open"),
    RoundState.CLOSED: N_("closed"),
    RoundState.REVEALED: N_("revealed"),
}
TEMPLATE_LABELS = {
    Template.HACKATHON: N_("Hackathon"),
    Template.LIVING_LAB: N_("Living-lab sprint"),
    Template.YOUTH: N_("Youth workshop"),
    Template.CO_DESIGN: N_("Co-design session"),
}
MILESTONE_STATUS_LABELS = {
    MilestoneStatus.PLANNED: N_("planned"),
    MilestoneStatus.IN_PROGRESS: N_("in progress"),
    MilestoneStatus.DONE: N_("done"),
    MilestoneStatus.DROPPED: N_("dropped"),
}
GO_OFFICIAL_LABELS = {
    GoOfficialKind.COUNCIL_ACT: N_("Council act needed"),
    GoOfficialKind.DEPARTMENT: N_("Department involved"),
    GoOfficialKind.DATASET: N_("Dataset to open"),
    GoOfficialKind.ANNOUNCEMENT: N_("Public announcement"),
}


@dataclass(frozen=True)
class Workshop:
    """The workshop's details, as set by the facilitator."""

    title: str
    city: str = ""
    venue: str = ""
    date: str = ""  # ISO date, e.g. "2026-11-21"
    organisers: tuple[str, ...] = ()
    challenge: str = ""
    guiding_questions: tuple[str, ...] = ()
    language: str = "en"
    template: Template = Template.CO_DESIGN
    youth_mode: bool = False
    themes: tuple[str, ...] = ()
    data_licence: str = DEFAULT_LICENCE  # SPDX id of the licence the bundle and report are published under
    controller: str = ""  # who decides what happens to the data (GDPR's controller); "" = not set
    privacy_contact: str = ""  # whom participants can ask about their data
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK
    retention_months: int = DEFAULT_RETENTION_MONTHS  # the workshop file is kept this long after the workshop
    web_page: str = ""  # the city's page about the workshop (http or https), the bundle's homepage; "" = none


@dataclass(frozen=True)
class Phase:
    """One step of the agenda, with what actually happened when it ran.

    Times are seconds since the epoch (UTC). ``paused_at`` is set while the phase is paused;
    ``paused_seconds`` adds up earlier pauses; ``extra_seconds`` is time the facilitator added.
    """

    id: int
    position: int
    title: str
    planned_minutes: int
    started_at: float | None = None
    ended_at: float | None = None
    paused_at: float | None = None
    paused_seconds: float = 0.0
    extra_seconds: float = 0.0


@dataclass(frozen=True)
class StakeholderGroup:
    """A group the facilitator chose to count (citizens, youth, business, city staff...)."""

    id: int
    name: str
    position: int = 0


@dataclass(frozen=True)
class AgeBand:
    """An age band the facilitator chose to count (e.g. "15-19")."""

    id: int
    label: str
    position: int = 0


@dataclass(frozen=True)
class Participant:
    """An anonymous participant: no name, no address; only what they chose to declare."""

    id: int
    group_id: int | None = None
    age_band_id: int | None = None
    joined_minute: int = 0  # minutes since the epoch: joined time rounded to the minute


@dataclass(frozen=True)
class Attachment:
    """A photo attached to an idea (a sketch, a sticky-note wall)."""

    id: int
    idea_id: int
    mime: str
    width: int
    height: int
    size: int
    pending: bool = False  # in youth mode a phone's photo waits for the facilitator's approval


@dataclass(frozen=True)
class Idea:
    """One idea, from a phone, the floor or a paper note."""

    id: int
    title: str
    description: str = ""
    theme: str = ""
    origin: IdeaOrigin = IdeaOrigin.FACILITATOR
    status: IdeaStatus = IdeaStatus.VISIBLE
    merged_into: int | None = None
    cluster_id: int | None = None
    participant_id: int | None = None
    created_at: float = 0.0
    #: Photos the room may see.
    attachment_ids: tuple[int, ...] = ()
    #: Photos from a phone in youth mode, waiting for the facilitator's approval (never shown to the room).
    pending_attachment_ids: tuple[int, ...] = ()
    #: Given to every room by the event (decision 0050): a room may show or hide it, never change it.
    shared: bool = False

    @property
    def is_public(self) -> bool:
        """Whether phones and the projector may show this idea."""
        return self.status is IdeaStatus.VISIBLE


@dataclass(frozen=True)
class Cluster:
    """A group of related ideas, named by the facilitator."""

    id: int
    name: str
    position: int = 0


@dataclass(frozen=True)
class VoteRound:
    """A dot-voting round: which ideas, how many dots, and when results are shown."""

    id: int
    title: str
    idea_ids: tuple[int, ...]
    dots_per_participant: int = 5
    max_per_idea: int = 3
    results_mode: ResultsMode = ResultsMode.HIDDEN
    state: RoundState = RoundState.DRAFT
    is_practice: bool = False
    opened_at: float | None = None
    closed_at: float | None = None
    revealed_at: float | None = None
    #: How long voting lasts once opened (the countdown), in seconds; ``None``: no time limit.
    duration_seconds: int | None = None
    #: Whether the app closes the round by itself when its countdown reaches zero.
    closes_itself: bool = False

    #: Prepared by the event for every room (decision 0050): a room runs it, never changes it.
    shared: bool = False

    @property
    def closes_at(self) -> float | None:
        """When an open round's countdown reaches zero (seconds since the epoch), if it has one."""
        if self.state is not RoundState.OPEN or self.duration_seconds is None or self.opened_at is None:
            return None
        return self.opened_at + self.duration_seconds

    @property
    def results_public(self) -> bool:
        """Whether phones and the projector may show this round's tally now."""
        if self.state is RoundState.REVEALED:
            return True
        return self.results_mode is ResultsMode.LIVE and self.state in (RoundState.OPEN, RoundState.CLOSED)


@dataclass(frozen=True)
class Ballot:
    """One participant's whole allocation of dots in one round (replaced on resubmit)."""

    round_id: int
    participant_id: int
    dots: dict[int, int]  # idea id -> dots
    version: int = 1


@dataclass(frozen=True)
class PaperDots:
    """Dots counted from a paper wall chart for one idea."""

    id: int
    round_id: int
    idea_id: int
    count: int
    note: str = ""


@dataclass(frozen=True)
class Milestone:
    """A dated checkpoint of an action."""

    id: int
    action_id: int
    title: str
    due_date: str = ""  # ISO date
    status: MilestoneStatus = MilestoneStatus.PLANNED


@dataclass(frozen=True)
class GoOfficialItem:
    """One step towards making an action official (council act, dataset to open...)."""

    id: int
    action_id: int
    kind: GoOfficialKind
    text: str
    done: bool = False


@dataclass(frozen=True)
class Action:
    """A next step agreed in the room, usually from one of the top ideas."""

    id: int
    title: str
    idea_id: int | None = None
    owner: str = ""
    department: str = ""
    next_step: str = ""
    position: int = 0
    milestones: tuple[Milestone, ...] = ()
    go_official: tuple[GoOfficialItem, ...] = ()


@dataclass(frozen=True)
class LogEntry:
    """One link of the hash-chained action log."""

    height: int
    prev_hash: str
    type: str
    payload_hash: str
    hash: str
    at: float
    payload: str = field(default="", compare=False)  # canonical JSON the payload hash was made from
