"""votes_by_group.csv: the same small-cell rule as the report, in both tiers, and nothing to work out from totals."""

from __future__ import annotations

import csv
import io
import json
from itertools import product
from pathlib import Path

import pytest
from bundle_files import read_bundle
from export_helpers import GROUP_ROOM, LINKED_ROOM, TWIN_ROOM, make_group_workshop, make_linked_tables_workshop

from cocity_workshop.bundle import export_bundle
from cocity_workshop.core.group_votes import Breakdown
from cocity_workshop.session import WorkshopSession


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture(scope="module")
def group_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("groups")
    workshop = make_group_workshop(folder / "groups.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        return {
            tier: read_bundle(export_bundle(session, folder / f"{tier}.zip", tier=tier, language="en").path)
            for tier in ("public", "city")
        }


def test_both_tiers_carry_the_same_table(group_bundles: dict[str, dict[str, bytes]]) -> None:
    assert group_bundles["public"]["votes_by_group.csv"] == group_bundles["city"]["votes_by_group.csv"]


def test_the_group_of_four_and_the_next_smallest_are_hidden(group_bundles: dict[str, dict[str, bytes]]) -> None:
    """Youth club (4) is hidden, Traders (6) too; only the residents' voters and dots are published."""
    rows = _rows(group_bundles["public"]["votes_by_group.csv"])
    assert list(rows[0]) == ["round_id", "category", "name", "voters", "idea_id", "dots", "suppressed"]
    by_name: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    assert set(by_name) == set(GROUP_ROOM)
    for hidden in ("Youth club", "Traders"):
        assert all(r["voters"] == "" and r["dots"] == "" and r["suppressed"] == "true" for r in by_name[hidden])
    assert {r["voters"] for r in by_name["Residents"]} == {"10"}
    assert all(r["suppressed"] == "false" for r in by_name["Residents"])


def test_the_group_of_four_cannot_be_worked_out_from_the_totals(group_bundles: dict[str, dict[str, bytes]]) -> None:
    """The room's dots from phones (results.csv) minus every group shown is never the youth club's own count."""
    files = group_bundles["public"]
    titles = {r["idea_id"]: r["title"] for r in _rows(files["ideas.csv"])}
    room = {r["idea_id"]: int(r["phone_dots"]) for r in _rows(files["results.csv"])}
    shown: dict[str, int] = dict.fromkeys(room, 0)
    voters: dict[str, int] = {}
    for row in _rows(files["votes_by_group.csv"]):
        if row["suppressed"] == "false":
            shown[row["idea_id"]] += int(row["dots"])
            voters[row["name"]] = int(row["voters"])
    voters_shown = sum(voters.values())
    youth_people, youth_ballot = GROUP_ROOM["Youth club"]
    left = {titles[i]: room[i] - shown[i] for i in room}
    assert left["Lights"] != youth_people * youth_ballot["Lights"]  # 18 (traders and youth), not 12
    assert sum(p for p, _ in GROUP_ROOM.values()) - voters_shown != youth_people  # 10 left, not 4


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, set[str]], int]:
    """The linked-tables workshop's public bundle, which hidden groups the report says are the small ones (per
    grouping), and how many took part (the report's summary says)."""
    folder = tmp_path_factory.mktemp("linked")
    workshop = make_linked_tables_workshop(folder / "linked.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        files = read_bundle(export_bundle(session, folder / "public.zip", tier="public", language="en").path)
        snapshot = session.snapshot()
        [vote_round] = snapshot.rounds
        names = {
            Breakdown.GROUP: {g.id: g.name for g in snapshot.groups},
            Breakdown.AGE_BAND: {b.id: b.label for b in snapshot.age_bands},
        }
        small = {
            by.value: {names[by][g.group_id] for g in snapshot.breakdown(vote_round, by) if g.suppressed}
            for by in snapshot.breakdowns()
        }
    return files, small, len(snapshot.participants)


def _splits(shown: dict[str, int], hidden: dict[str, range], total: int) -> list[dict[str, int]]:
    """Every way to fill the hidden counts so that the table adds up to ``total``."""
    names = list(hidden)
    if not names:
        return [dict(shown)] if sum(shown.values()) == total else []
    rest = total - sum(shown.values())
    found = []
    for values in product(*(hidden[n] for n in names[:-1])):
        if (last := rest - sum(values)) in hidden[names[-1]]:
            found.append({**shown, **dict(zip(names, (*values, last), strict=True))})
    return found


@pytest.mark.parametrize(("category", "target"), [("stakeholder_group", "Youth club"), ("age_band", "60+")])
def test_a_hidden_group_cannot_be_worked_out_from_the_other_tables(
    linked: tuple[dict[str, bytes], dict[str, set[str]], int], category: str, target: str
) -> None:
    """An attacker holding the published tables (participants per group or age band, the round's voters per
    group or age band, the ballots cast, which hidden group the report calls small) who knows that a voter is a
    participant finds more than one number of voters for the group of 4. Shown in full, participation's youth
    club of 6 and traders of 7 would leave only 4 (red before decision 0055). The other grouping's table adds
    nothing: groups and age bands are never crossed, and both add up to the same ballots."""
    files, small, people = linked
    [event] = json.loads(files["results.json"])["vote_events"]
    ballots = int(event["ballots_cast"])
    participation = [r for r in _rows(files["participation.csv"]) if r["category"] == category]
    round_rows = {r["name"]: r for r in _rows(files["votes_by_group.csv"]) if r["category"] == category}

    def cells(rows: list[dict[str, str]], column: str) -> tuple[dict[str, int], dict[str, range]]:
        shown = {r["name"]: int(r[column]) for r in rows if r["suppressed"] == "false"}
        hidden = {
            r["name"]: range(1, 5) if r["name"] in small[category] else range(5, people + 1)
            for r in rows
            if r["suppressed"] == "true"
        }
        return shown, hidden

    assert target in small[category]
    voters = _splits(*cells(list(round_rows.values()), "voters"), ballots)
    participants = _splits(*cells(participation, "people"), people)
    possible = {v[target] for v in voters for p in participants if all(v[name] <= p[name] for name in v)}
    assert len(possible) > 1, f"{target}'s voters can be worked out: {possible}"


def test_participation_hides_the_groups_a_round_hides(
    linked: tuple[dict[str, bytes], dict[str, set[str]], int],
) -> None:
    """The youth club (6 people, 4 voters) and the traders (7) are hidden in participation.csv too, and so are
    the age bands 60+ and 30-59; the residents and 18-29 (10 each, all voted) are shown everywhere."""
    files, _small, _people = linked
    hidden = {(r["category"], r["name"]) for r in _rows(files["participation.csv"]) if r["suppressed"] == "true"}
    in_round = {(r["category"], r["name"]) for r in _rows(files["votes_by_group.csv"]) if r["suppressed"] == "true"}
    expected = {
        ("stakeholder_group", "Youth club"),
        ("stakeholder_group", "Traders"),
        ("age_band", "60+"),
        ("age_band", "30-59"),
    }
    assert hidden == in_round == expected
    assert sum(n for *_, n in LINKED_ROOM) == 23


def test_an_age_band_that_is_a_hidden_group_is_hidden_with_it(tmp_path: Path) -> None:
    """The traders, hidden with the youth club of 4, are all 30-59 and the only ones: whoever knows it would
    read the traders' dots off the band, and the youth club's as the room's minus the residents' and the
    traders'. The band is hidden too, and so the smallest other band (red before: all bands shown)."""
    workshop = make_linked_tables_workshop(tmp_path / "twin.cocity", TWIN_ROOM)
    with WorkshopSession.open(workshop, readonly=True) as session:
        files = read_bundle(export_bundle(session, tmp_path / "public.zip", tier="public", language="en").path)
    hidden = {(r["category"], r["name"]) for r in _rows(files["votes_by_group.csv"]) if r["suppressed"] == "true"}
    assert hidden == {
        ("stakeholder_group", "Youth club"),
        ("stakeholder_group", "Traders"),
        ("age_band", "30-59"),
        ("age_band", "under 18"),
    }
    shown = {(r["category"], r["name"]) for r in _rows(files["participation.csv"]) if r["suppressed"] == "false"}
    assert shown == {("stakeholder_group", "Residents"), ("age_band", "60+")}
