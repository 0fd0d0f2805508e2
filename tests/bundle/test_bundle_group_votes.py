"""votes_by_group.csv: the same small-cell rule as the report, in both tiers, and nothing to work out from totals."""

from __future__ import annotations

import csv
import io

import pytest
from bundle_files import read_bundle
from export_helpers import GROUP_ROOM, make_group_workshop

from cocity_workshop.bundle import export_bundle
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
