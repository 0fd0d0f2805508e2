"""votes_by_group.csv: each counted round's dots from phones by stakeholder group and age band.

The same breakdown as the report's "How the groups voted" (``WorkshopSnapshot.breakdown``), in both tiers:
a group hidden by the small-cell rule (``core.disclosure``) has its rows with empty voters and dots.
"""

from __future__ import annotations

from cocity_workshop.bundle.tables import IDEA_KEY, Column, DataFile, csv_bytes, schema
from cocity_workshop.core.disclosure import SMALL_GROUP_THRESHOLD
from cocity_workshop.core.group_votes import Breakdown
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.snapshot import WorkshopSnapshot

#: The name the CSV files give people who did not say their group or age band (as participation.csv).
NOT_STATED = "did not say"

GROUP_VOTE_COLUMNS = (
    Column("round_id", "integer", "The vote round's number", required=True),
    Column("category", "string", "stakeholder_group or age_band", required=True),
    Column("name", "string", f"The group or age band ('{NOT_STATED}': people who did not say)", required=True),
    Column("voters", "integer", "Ballots from the group in the round; empty when not shown"),
    Column("idea_id", "integer", "The idea's number", required=True),
    Column("dots", "integer", "Dots from phones the group gave the idea; empty when not shown"),
    Column(
        "suppressed",
        "boolean",
        f"True when the group had fewer than {SMALL_GROUP_THRESHOLD} voters in the round, "
        "or when its numbers would reveal such a group",
    ),
)


def group_votes_file(snapshot: WorkshopSnapshot) -> DataFile:
    """votes_by_group.csv: one row per round, grouping, group and idea that got dots from phones (a grouping
    nobody said which of they are in is left out, as in the report)."""
    names = {
        Breakdown.GROUP: {g.id: g.name for g in snapshot.groups},
        Breakdown.AGE_BAND: {b.id: b.label for b in snapshot.age_bands},
    }
    rows: list[tuple[object, ...]] = []
    for vote_round in counted_rounds(snapshot.rounds):
        voted = [t.idea_id for t in snapshot.tally(vote_round).ideas if t.phone_dots]
        for by in snapshot.breakdowns():
            for group in snapshot.breakdown(vote_round, by):
                name = names[by].get(group.group_id, "") if group.group_id is not None else NOT_STATED
                for idea_id in voted:
                    if group.hidden:
                        rows.append((vote_round.id, by.value, name, None, idea_id, None, True))
                    else:
                        dots = group.dots.get(idea_id, 0)
                        rows.append((vote_round.id, by.value, name, group.voters, idea_id, dots, False))
    return DataFile(
        "votes-by-group",
        "votes_by_group.csv",
        csv_bytes(GROUP_VOTE_COLUMNS, rows),
        "text/csv",
        "Dots from phones by stakeholder group and age band",
        schema(GROUP_VOTE_COLUMNS, foreign_keys=[IDEA_KEY]),
        description=(
            f"Each counted round's dots from phones by stakeholder group and by age band. A group with fewer "
            f"than {SMALL_GROUP_THRESHOLD} voters in the round is not shown, nor a second one when the first "
            "could be worked out from it; paper dots have no group."
        ),
    )
