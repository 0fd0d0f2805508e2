"""A complete, read-only picture of a workshop at one moment, for the report and the bundle."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from cocity_workshop.core.actionlog import fingerprint
from cocity_workshop.core.ballots import BallotProblem, ballot_problems
from cocity_workshop.core.disclosure import hidden_across
from cocity_workshop.core.event import EventInfo
from cocity_workshop.core.group_votes import Breakdown
from cocity_workshop.core.hackathon import HackathonRecord
from cocity_workshop.core.model import (
    Action,
    AgeBand,
    Attachment,
    Ballot,
    Cluster,
    Idea,
    IdeaStatus,
    LogEntry,
    PaperDots,
    Participant,
    Phase,
    StakeholderGroup,
    VoteRound,
    Workshop,
)
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.tally import GroupTally, HeadCount, RoundTally, group_breakdown, head_counts, tally_round


@dataclass(frozen=True)
class WorkshopSnapshot:
    """Everything in a workshop file except secrets, tokens and photo bytes, read in one transaction."""

    workshop: Workshop
    phases: tuple[Phase, ...]
    groups: tuple[StakeholderGroup, ...]
    age_bands: tuple[AgeBand, ...]
    participants: tuple[Participant, ...]
    ideas: tuple[Idea, ...]
    clusters: tuple[Cluster, ...]
    attachments: tuple[Attachment, ...]
    rounds: tuple[VoteRound, ...]
    ballots: tuple[Ballot, ...]
    paper_dots: tuple[PaperDots, ...]
    actions: tuple[Action, ...]
    log: tuple[LogEntry, ...]
    taken_at: float
    schema_version: int
    kept_codes: int = 0  # participants whose join code (its hash) is still in the file
    event: EventInfo | None = None  # the event this file is, or is a room of (decision 0050)
    #: (participant id, pseudonym of the event-wide ticket they joined with) in a room of an event (decision 0051)
    ticket_keys: tuple[tuple[int, str], ...] = ()
    #: A hackathon's challenges, teams, projects, jury and awards (#19); ``None`` without challenges.
    hackathon: HackathonRecord | None = None

    @property
    def fingerprint(self) -> str:
        """The head hash of the action log."""
        return fingerprint(self.log)

    def public_ideas(self) -> list[Idea]:
        """Ideas that were shown to the room (visible), oldest first."""
        return [i for i in self.ideas if i.status is IdeaStatus.VISIBLE]

    def merged_into(self) -> dict[int, int]:
        """Merged idea -> the idea it was merged into."""
        return {i.id: i.merged_into for i in self.ideas if i.merged_into is not None}

    def tally(self, vote_round: VoteRound, *, by_group: bool = False) -> RoundTally:
        """The round's result from this snapshot's ballots and paper dots."""
        groups = {p.id: p.group_id for p in self.participants} if by_group else None
        return tally_round(
            vote_round.id,
            vote_round.idea_ids,
            self.ballots,
            self.paper_dots,
            self.merged_into(),
            groups,
            vote_round.max_per_idea,
        )

    def breakdowns(self) -> list[Breakdown]:
        """The groupings worth a breakdown: those at least one participant said which of they are in."""
        found = []
        if any(p.group_id is not None for p in self.participants):
            found.append(Breakdown.GROUP)
        if any(p.age_band_id is not None for p in self.participants):
            found.append(Breakdown.AGE_BAND)
        return found

    def _keys(self, by: Breakdown) -> dict[int, int | None]:
        """Each participant's stakeholder group or age band (``None``: did not say)."""
        if by is Breakdown.GROUP:
            return {p.id: p.group_id for p in self.participants}
        return {p.id: p.age_band_id for p in self.participants}

    @cached_property
    def _hidden(self) -> dict[Breakdown, frozenset[int | None]]:
        """Per grouping, the groups hidden in all its published tables (``core.disclosure.hidden_across``).

        The tables count everyone who joined (participation) and each counted round's voters. A group that is
        the very same people as an age band in one of them is hidden with it: whoever knows the two coincide
        would read the hidden one's numbers off the other.
        """
        crowds = [frozenset(p.id for p in self.participants)]
        for vote_round in counted_rounds(self.rounds):
            crowds.append(frozenset(b.participant_id for b in self.ballots if b.round_id == vote_round.id))
        keys = {by: self._keys(by) for by in Breakdown}
        tables = {by: [Counter(keys[by].get(p) for p in crowd) for crowd in crowds] for by in Breakdown}
        order = {
            by: {k: i for i, k in enumerate(sorted(set(keys[by].values()), key=lambda k: (k is None, k or 0)))}
            for by in Breakdown
        }
        twins = [
            pair for crowd in crowds for pair in _same_people(crowd, keys[Breakdown.GROUP], keys[Breakdown.AGE_BAND])
        ]
        hidden: dict[Breakdown, frozenset[int | None]] = dict.fromkeys(Breakdown, frozenset())
        for _ in range(len(twins) + 2):  # each pass past the first needs a twin newly hidden
            also = {
                Breakdown.GROUP: frozenset(g for g, b in twins if b in hidden[Breakdown.AGE_BAND]),
                Breakdown.AGE_BAND: frozenset(b for g, b in twins if g in hidden[Breakdown.GROUP]),
            }
            found = {by: hidden_across(tables[by], order[by], hidden[by] | also[by]) for by in Breakdown}
            if found == hidden:
                break
            hidden = found
        return hidden

    def breakdown(self, vote_round: VoteRound, by: Breakdown) -> tuple[GroupTally, ...]:
        """The round's dots from phones per stakeholder group or age band, small groups hidden (also those
        hidden in another table of the same grouping)."""
        keys = self._keys(by)
        merges = self.merged_into()
        hidden = self._hidden[by]
        return group_breakdown(vote_round.id, self.ballots, keys, merges, vote_round.max_per_idea, hidden)

    def ballot_problems(self, rounds: Sequence[VoteRound]) -> list[BallotProblem]:
        """The stored ballots of ``rounds`` that break their round's rules (``core.ballots``)."""
        return [
            problem
            for vote_round in rounds
            for problem in ballot_problems(
                vote_round.id, vote_round, (b.dots for b in self.ballots if b.round_id == vote_round.id)
            )
        ]

    def group_counts(self) -> tuple[HeadCount, ...]:
        """Participants per stakeholder group (``None`` = did not say)."""
        return head_counts((p.group_id for p in self.participants), self._hidden[Breakdown.GROUP])

    def age_band_counts(self) -> tuple[HeadCount, ...]:
        """Participants per age band (``None`` = did not say)."""
        return head_counts((p.age_band_id for p in self.participants), self._hidden[Breakdown.AGE_BAND])


def _same_people(
    crowd: frozenset[int], groups: Mapping[int, int | None], bands: Mapping[int, int | None]
) -> list[tuple[int | None, int | None]]:
    """(group, age band) pairs that are the very same people among ``crowd``."""
    members: dict[tuple[str, int | None], set[int]] = {}
    for person in crowd:
        members.setdefault(("group", groups.get(person)), set()).add(person)
        members.setdefault(("band", bands.get(person)), set()).add(person)
    by_band = {frozenset(people): key for (kind, key), people in members.items() if kind == "band"}
    return [
        (key, by_band[frozenset(people)])
        for (kind, key), people in members.items()
        if kind == "group" and frozenset(people) in by_band
    ]
