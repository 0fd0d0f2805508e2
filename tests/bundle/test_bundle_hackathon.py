"""A hackathon's bundle: challenges, projects, criteria, jurors' scores by number, conflicts, the jury's ranking
and awards in both tiers (comments in the city tier only), valid Frictionless tables whose keys resolve; verify
recomputes the ranking from the scores and catches a changed score even when the hashes are fixed."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import frictionless
import pytest
from bundle_files import read_bundle, rewrite_bundle
from hackathon_workshop import make_judged_hackathon
from test_frictionless import _unresolved

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.session import WorkshopSession

HACKATHON_FILES = [
    "challenges.csv",
    "projects.csv",
    "jury_criteria.csv",
    "jury_scores.csv",
    "jury_conflicts.csv",
    "jury_ranking.csv",
    "awards.csv",
]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A judged hackathon (two challenges, four teams, three jurors, one conflict, an award), both tiers."""
    folder = tmp_path_factory.mktemp("hackathon")
    with WorkshopSession.open(make_judged_hackathon(folder / "hack.cocity")) as session:
        yield {tier: export_bundle(session, folder / f"{tier}.zip", tier=tier).path for tier in ("public", "city")}


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("tier", ["public", "city"])
def test_both_tiers_carry_the_hackathon_and_verify(tier: str, bundles: dict[str, Path], tmp_path: Path) -> None:
    """The hackathon's tables are in both tiers, valid Frictionless tables whose foreign keys resolve, jurors
    only by number; verify recomputes each challenge's ranking (and in the city tier checks the sheets
    against the action log's digest)."""
    files = read_bundle(bundles[tier])
    assert all(name in files for name in HACKATHON_FILES)
    assert ("jury_sheets.csv" in files) == (tier == "city")
    assert _unresolved(files) == []
    with zipfile.ZipFile(bundles[tier]) as archive:
        archive.extractall(tmp_path / "unpacked")
    report = frictionless.validate(str(tmp_path / "unpacked" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert {r["juror"] for r in _rows(files["jury_scores.csv"])} == {"1", "2", "3"}
    assert not any("code" in name for r in _rows(files["projects.csv"]) for name in r)
    verified = verify_bundle(bundles[tier])
    assert verified.ok, [f"{c.subject}: {c.message}" for c in verified.problems]
    messages = [f"{c.subject}: {c.message}" for c in verified.checks]
    assert sum("jury's ranking recomputed" in m for m in messages) == 2
    assert any("digest the action log recorded when judging closed" in m for m in messages) == (tier == "city")
    # Blue: impact 5, 4, 5 on 1-5 is 100, 75, 100 (mean 91.67); feasibility 7, 6, 9 on 0-10 is 73.33;
    # weighted (2 x 91.67 + 73.33) / 3 = 85.56. Red: impact 3, 4, 2 -> 50; feasibility 9, 5, 2 -> 53.33; 51.11.
    ranking = [r for r in _rows(files["jury_ranking.csv"]) if r["challenge_id"] == "1"]
    assert [(r["place"], r["total"], r["jurors"]) for r in ranking] == [("1", "85.56", "3"), ("2", "51.11", "3")]
    oak = next(r for r in _rows(files["jury_ranking.csv"]) if r["project_id"] == "3")
    assert (oak["jurors"], oak["conflicts"]) == ("2", "1")  # juror 3 declared a conflict with Oak


def _change_score(data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    rows[1][3] = "1" if rows[1][3] != "1" else "2"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("tier", ["public", "city"])
def test_a_changed_score_is_caught_even_with_new_hashes(tier: str, bundles: dict[str, Path], tmp_path: Path) -> None:
    """A score changed and the manifest re-hashed: the recomputed ranking differs from the published one, and
    in the city tier the scores no longer match the digest sealed when judging closed."""
    source = bundles[tier]
    scores = read_bundle(source)["jury_scores.csv"]
    changed = rewrite_bundle(source, tmp_path / "t.zip", {"jury_scores.csv": _change_score(scores)}, fix_manifest=True)
    problems = [f"{c.subject}: {c.message}" for c in verify_bundle(changed).problems]
    assert any(p.startswith("challenge 1: project") and "the scores give total" in p for p in problems), problems
    assert any("scores do not match the digest" in p for p in problems) == (tier == "city")
    unhashed = rewrite_bundle(source, tmp_path / "u.zip", {"jury_scores.csv": _change_score(scores)})
    assert any("jury_scores.csv missing or changed" in c.message for c in verify_bundle(unhashed).problems)
