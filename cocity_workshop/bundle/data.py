"""The bundle's data files, made from a snapshot: the same snapshot always gives the same bytes.

Public tier: ideas shown to the room, participation and votes by group with small groups suppressed,
tallies, actions, the Decidim import files. City tier adds the anonymous ballots (sorted, no participant, time or
order) and the hash-chained action log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from cocity_workshop.bundle import decidim
from cocity_workshop.bundle.group_votes import NOT_STATED, group_votes_file
from cocity_workshop.bundle.hackathon import hackathon_files
from cocity_workshop.bundle.readme import readme_file
from cocity_workshop.bundle.room_files import event_tickets_file, room_of_event
from cocity_workshop.bundle.tables import IDEA_KEY, Column, DataFile, ForeignKey, csv_bytes, schema
from cocity_workshop.core.actionlog import canonical_json
from cocity_workshop.core.model import ORIGIN_LABELS, Ballot, IdeaStatus, VoteRound
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import SMALL_GROUP_THRESHOLD


class Tier(StrEnum):
    """Who a bundle is for."""

    PUBLIC = "public"
    CITY = "city"


IDEA_COLUMNS = (
    Column("idea_id", "integer", "The idea's number in the workshop", required=True),
    Column("title", "string", "The idea as written (empty when it was not shown to the room)"),
    Column("description", "string", "More detail, if any"),
    Column("theme", "string", "The theme it was filed under"),
    Column("origin", "string", "phone, floor (typed in by the facilitator) or paper (from a sticky note)"),
    Column("cluster", "string", "The cluster the facilitator put it in"),
    Column("merged_duplicates", "integer", "How many duplicate ideas were merged into it"),
    Column("photos", "integer", "How many photos are attached"),
    Column(
        "status",
        "string",
        "visible (shown to the room); merged or hidden when another file names the idea, its text left out",
        required=True,
    ),
    Column("merged_into", "integer", "The idea it was merged into, if it was"),
)
RESULT_COLUMNS = (
    Column("round_id", "integer", "The vote round's number", required=True),
    Column("round_title", "string", "The vote round's name"),
    Column("rank", "integer", "Place by total dots (ties share a place)"),
    Column("idea_id", "integer", "The idea's number", required=True),
    Column("idea_title", "string", "The idea as written"),
    Column("phone_dots", "integer", "Dots from phones"),
    Column("paper_dots", "integer", "Dots counted on paper charts"),
    Column("total_dots", "integer", "Phone and paper dots together"),
)
ACTION_COLUMNS = (
    Column("action_id", "integer", "The action's number", required=True),
    Column("title", "string", "What is to be done", required=True),
    Column("idea_id", "integer", "The idea it comes from, if any"),
    Column("owner", "string", "Who leads it"),
    Column("department", "string", "The city department involved"),
    Column("next_step", "string", "The next step"),
    Column("milestones", "string", "Milestones as 'title (due date, status)', separated by ' | '"),
    Column("go_official", "string", "Steps to make it official as '[x] kind: text', separated by ' | '"),
)
PARTICIPATION_COLUMNS = (
    Column("category", "string", "stakeholder_group or age_band", required=True),
    Column("name", "string", f"The group or age band ('{NOT_STATED}': people who did not say)", required=True),
    Column("people", "integer", f"How many took part; empty when fewer than {SMALL_GROUP_THRESHOLD}"),
    Column(
        "suppressed",
        "boolean",
        f"True when the group had fewer than {SMALL_GROUP_THRESHOLD} people, "
        "or when its count would reveal such a group",
    ),
)
BALLOT_COLUMNS = (
    Column("round_id", "integer", "The vote round's number", required=True),
    Column("ballot", "integer", "The ballot's place after sorting the round's ballots by content", required=True),
    Column("idea_id", "integer", "The idea as it was on the ballot (before merges)", required=True),
    Column("dots", "integer", "Dots this ballot gave the idea", required=True),
)
LOG_COLUMNS = (
    Column("height", "integer", "The entry's place in the chain, from 1", required=True),
    Column("prev_hash", "string", "The hash of the entry before (64 zeros for the first)", required=True),
    Column("type", "string", "What happened", required=True),
    Column("payload_hash", "string", "SHA-256 of the payload", required=True),
    Column("hash", "string", "SHA-256 of height, prev_hash, type and payload_hash, one per line", required=True),
    Column("at", "datetime", "When (UTC)"),
    Column("payload", "string", "The payload as canonical JSON"),
)


def iso_time(timestamp: float | None, timespec: str = "seconds") -> str | None:
    """A UTC ISO 8601 time (``timespec`` as ``datetime.isoformat`` takes it), or ``None``."""
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec=timespec).replace("+00:00", "Z")


def listed_idea_ids(snapshot: WorkshopSnapshot) -> set[int]:
    """Every idea a file of the bundle names: those shown to the room, those on a counted round's ballot
    or paper chart, those actions come from and both ends of every merge, each with what it was merged into."""
    counted = {r.id for r in counted_rounds(snapshot.rounds)}
    named = {i.id for i in snapshot.public_ideas()}
    named |= {i for r in snapshot.rounds if r.id in counted for i in r.idea_ids}
    named |= {p.idea_id for p in snapshot.paper_dots if p.round_id in counted}
    named |= {a.idea_id for a in snapshot.actions if a.idea_id is not None}
    merges = snapshot.merged_into()
    named |= set(merges) | set(merges.values())
    while True:  # an idea merged into one that was merged again
        more = {merges[i] for i in named if i in merges} - named
        if not more:
            return named
        named |= more


def sorted_ballots(ballots: Iterable[Ballot]) -> list[dict[int, int]]:
    """A round's allocations with participants dropped, sorted by their canonical JSON (no order left)."""
    allocations = [{k: v for k, v in sorted(b.dots.items())} for b in ballots]
    return sorted(allocations, key=lambda d: canonical_json({str(k): v for k, v in d.items()}))


def ideas_file(snapshot: WorkshopSnapshot) -> DataFile:
    """ideas.csv: every idea shown to the room."""
    clusters = {c.id: c.name for c in snapshot.clusters}
    merged = Counter(snapshot.merged_into().values())
    photos = Counter(a.idea_id for a in snapshot.attachments)
    listed = listed_idea_ids(snapshot)
    rows: list[tuple[object, ...]] = []
    for i in snapshot.ideas:
        if i.id not in listed:
            continue
        if i.status is IdeaStatus.VISIBLE:
            rows.append(
                (
                    i.id,
                    i.title,
                    i.description,
                    i.theme,
                    ORIGIN_LABELS[i.origin],
                    clusters.get(i.cluster_id or -1, ""),
                    merged[i.id],
                    photos[i.id],
                    i.status.value,
                    None,
                )
            )
        else:  # named elsewhere but never published: its number and fate only
            rows.append((i.id, None, None, None, None, None, None, None, i.status.value, i.merged_into))
    return DataFile(
        "ideas",
        "ideas.csv",
        csv_bytes(IDEA_COLUMNS, rows),
        "text/csv",
        "Ideas shown to the room",
        schema(IDEA_COLUMNS, ["idea_id"], [ForeignKey("merged_into", "ideas", "idea_id")]),
        description=(
            "One row per idea shown to the room: its words, theme, cluster and origin. Ideas that were merged "
            "or hidden have a row with their number and status only when another file names them "
            "(a ballot, a result, an action), so every idea number in the bundle can be looked up here."
        ),
    )


def results_file(snapshot: WorkshopSnapshot) -> DataFile:
    """results.csv: each counted round's ranking with phone and paper dots apart."""
    titles = {i.id: i.title for i in snapshot.ideas}
    rows = []
    for vote_round in counted_rounds(snapshot.rounds):
        tally = snapshot.tally(vote_round)
        for rank, item in zip(tally.ranks(), tally.ideas, strict=True):
            rows.append(
                (
                    vote_round.id,
                    vote_round.title,
                    rank,
                    item.idea_id,
                    titles.get(item.idea_id, ""),
                    item.phone_dots,
                    item.paper_dots,
                    item.total,
                )
            )
    return DataFile(
        "results",
        "results.csv",
        csv_bytes(RESULT_COLUMNS, rows),
        "text/csv",
        "Vote results by round",
        schema(RESULT_COLUMNS, ["round_id", "idea_id"], [IDEA_KEY]),
        description=(
            "Each counted vote round's ranking: dots from phones and from paper charts apart and together. "
            "Dots given to an idea later merged are counted for the idea it was merged into."
        ),
    )


def actions_file(snapshot: WorkshopSnapshot) -> DataFile:
    """actions.csv: the action plan, one row per action."""
    rows = []
    for action in sorted(snapshot.actions, key=lambda a: (a.position, a.id)):
        milestones = " | ".join(f"{m.title} ({m.due_date or '-'}, {m.status.value})" for m in action.milestones)
        official = " | ".join(f"[{'x' if g.done else ' '}] {g.kind.value}: {g.text}" for g in action.go_official)
        rows.append(
            (
                action.id,
                action.title,
                action.idea_id,
                action.owner,
                action.department,
                action.next_step,
                milestones,
                official,
            )
        )
    return DataFile(
        "actions",
        "actions.csv",
        csv_bytes(ACTION_COLUMNS, rows),
        "text/csv",
        "Action plan",
        schema(ACTION_COLUMNS, ["action_id"], [IDEA_KEY]),
        description="The actions the room agreed on: who leads each, the next step, milestones and the steps "
        "to make it official.",
    )


def participation_file(snapshot: WorkshopSnapshot) -> DataFile:
    """participation.csv: people per stakeholder group and age band, groups under 5 suppressed."""
    rows: list[tuple[object, ...]] = []
    tables = (
        ("stakeholder_group", snapshot.group_counts(), {g.id: g.name for g in snapshot.groups}),
        ("age_band", snapshot.age_band_counts(), {b.id: b.label for b in snapshot.age_bands}),
    )
    for category, counts, names in tables:
        for count in counts:
            name = names.get(count.key, "") if count.key is not None else NOT_STATED
            rows.append((category, name, None if count.hidden else count.count, count.hidden))
    return DataFile(
        "participation",
        "participation.csv",
        csv_bytes(PARTICIPATION_COLUMNS, rows),
        "text/csv",
        "Participation by stakeholder group and age band",
        schema(PARTICIPATION_COLUMNS),
        description=(
            f"How many people took part, per stakeholder group and per age band. A group of fewer than "
            f"{SMALL_GROUP_THRESHOLD} is not shown, nor a second one when the first could be worked out from it."
        ),
    )


def _vote_event(snapshot: WorkshopSnapshot, vote_round: VoteRound, tier: Tier) -> dict[str, Any]:
    tally = snapshot.tally(vote_round)
    titles = {i.id: i.title for i in snapshot.ideas}
    ranks = tally.ranks()
    if tier is Tier.CITY:
        start, end = iso_time(vote_round.opened_at), iso_time(vote_round.closed_at)
    else:
        start = end = snapshot.workshop.date or None  # the public tier carries the date only
    paper = sorted((p for p in snapshot.paper_dots if p.round_id == vote_round.id), key=lambda p: p.idea_id)
    return {
        "id": f"round-{vote_round.id}",
        "identifier": str(vote_round.id),
        "motion": {"text": vote_round.title},
        "start_date": start,
        "end_date": end,
        "state": vote_round.state.value,
        "method": {
            "type": "dot-voting",
            "dots_per_participant": vote_round.dots_per_participant,
            "max_per_idea": vote_round.max_per_idea,
            "results": vote_round.results_mode.value,
        },
        "ballot_idea_ids": list(vote_round.idea_ids),
        "ballots_cast": tally.ballots,
        "paper_dots": [{"idea_id": p.idea_id, "count": p.count} for p in paper],
        "counts": [
            {
                "option": f"idea-{item.idea_id}",
                "option_title": titles.get(item.idea_id, ""),
                "value": item.total,
                "idea_id": item.idea_id,
                "rank": rank,
                "phone_dots": item.phone_dots,
                "paper_dots": item.paper_dots,
            }
            for rank, item in zip(ranks, tally.ideas, strict=True)
        ],
    }


def results_json_file(snapshot: WorkshopSnapshot, tier: Tier) -> DataFile:
    """results.json: the rounds as Popolo-style vote events with counts per idea."""
    workshop = snapshot.workshop
    document = {
        "format": "cocity-workshop-results/1",
        "tier": tier.value,
        "workshop": {
            "title": workshop.title,
            "city": workshop.city,
            "venue": workshop.venue,
            "date": workshop.date,
            "language": workshop.language,
            "organisers": list(workshop.organisers),
        },
        "fingerprint": snapshot.fingerprint,
        "log_entries": len(snapshot.log),
        "merged_ideas": [
            {"idea_id": source, "merged_into": target} for source, target in sorted(snapshot.merged_into().items())
        ],
        "vote_events": [_vote_event(snapshot, r, tier) for r in counted_rounds(snapshot.rounds)],
    }
    if snapshot.event is not None and snapshot.event.is_room:
        document["event"] = room_of_event(snapshot)
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return DataFile(
        "results-json",
        "results.json",
        data,
        "application/json",
        "Vote results as Popolo vote events",
        description="The vote rounds as Popolo-style vote events: the rules, the ballots cast, the paper dots "
        "and the counts per idea, with the action log's fingerprint.",
    )


def ballots_file(snapshot: WorkshopSnapshot) -> DataFile:
    """ballots.csv (city tier): every counted round's anonymous ballots, sorted by content."""
    rows = []
    for vote_round in counted_rounds(snapshot.rounds):
        mine = [b for b in snapshot.ballots if b.round_id == vote_round.id]
        for number, allocation in enumerate(sorted_ballots(mine), start=1):
            rows += [(vote_round.id, number, idea_id, dots) for idea_id, dots in allocation.items()]
    return DataFile(
        "ballots",
        "ballots.csv",
        csv_bytes(BALLOT_COLUMNS, rows),
        "text/csv",
        "Anonymous ballots, sorted by content",
        schema(BALLOT_COLUMNS, ["round_id", "ballot", "idea_id"], [IDEA_KEY]),
        description=(
            "Every ballot of each counted round, without who cast it or when: sorted by content and numbered "
            "in that order, so the tallies can be recounted. Ideas as they were on the ballot, before merges."
        ),
    )


def log_file(snapshot: WorkshopSnapshot) -> DataFile:
    """actionlog.csv (city tier): the hash-chained log of facilitator actions and round closings."""
    rows = [
        (e.height, e.prev_hash, e.type, e.payload_hash, e.hash, iso_time(e.at, "milliseconds"), e.payload)
        for e in snapshot.log
    ]
    return DataFile(
        "actionlog",
        "actionlog.csv",
        csv_bytes(LOG_COLUMNS, rows),
        "text/csv",
        "The workshop's hash-chained action log",
        schema(LOG_COLUMNS, ["height"]),
        description=(
            "The facilitator's actions and the rounds' closings, each entry holding the hash of the one before; "
            "the last hash is the fingerprint printed in the report."
        ),
    )


def data_files(
    snapshot: WorkshopSnapshot, tier: Tier | str, language: str, decidim_format: decidim.DecidimFormat | None = None
) -> list[DataFile]:
    """Every data file of a bundle (all but report.pdf and datapackage.json), in a fixed order.

    ``decidim_format`` gives the city's Decidim locales and CSV separator (default: the workshop's language, ``;``).
    """
    tier = Tier(tier)
    files = [
        ideas_file(snapshot),
        results_file(snapshot),
        results_json_file(snapshot, tier),
        actions_file(snapshot),
        participation_file(snapshot),
        group_votes_file(snapshot),
        decidim.csv_file(snapshot, language, decidim_format),
        decidim.json_file(snapshot, language, decidim_format),
    ]
    if snapshot.hackathon is not None:
        files += hackathon_files(snapshot.hackathon, city=tier is Tier.CITY)
    if tier is Tier.CITY:
        files += [ballots_file(snapshot), log_file(snapshot)]
        tickets = event_tickets_file(snapshot)
        if tickets is not None:
            files.append(tickets)
    return [*files, readme_file(snapshot, tier.value, language, decidim_format)]
