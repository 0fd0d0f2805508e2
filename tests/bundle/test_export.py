"""The results bundle: valid Frictionless package, right files per tier, anonymous ballots, Decidim files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest
from bundle_files import read_bundle
from decidim_rules import check_csv, check_json
from export_helpers import make_hostile_workshop, pdf_text

from cocity_workshop.bundle import export_bundle, public_data_hashes
from cocity_workshop.bundle.tables import FORMULA_STARTERS, neutralise
from cocity_workshop.core.actionlog import canonical_json
from cocity_workshop.session import WorkshopSession

COMMON = {
    "datapackage.json",
    "report.pdf",
    "README.md",
    "ideas.csv",
    "results.csv",
    "results.json",
    "actions.csv",
    "participation.csv",
    "votes_by_group.csv",
    "decidim-proposals.csv",
    "decidim-proposals.json",
}


def _validate(bundle: Path, folder: Path) -> frictionless.Report:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return frictionless.validate(str(folder / "datapackage.json"))


@pytest.mark.parametrize("name", ["cs-public", "cs-city", "en-public", "en-city"])
def test_frictionless_accepts_every_demo_bundle(name: str, demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """frictionless validate accepts the package: schemas, sizes and SHA-256 hashes all hold."""
    report = _validate(demo_bundles[name], tmp_path)
    assert report.valid, report.flatten(["resourcePath", "type", "note"])


def test_frictionless_notices_a_changed_file(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """The validation above can fail: one changed byte in a CSV is reported as a hash error."""
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(demo_bundles["cs-public"]) as archive:
        archive.extractall(folder)
    ideas = folder / "ideas.csv"
    ideas.write_bytes(ideas.read_bytes().replace(b"1", b"2", 1))
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}


def test_files_per_tier(demo_bundles: dict[str, Path]) -> None:
    """The public tier has no ballots or log; the city tier adds exactly those."""
    assert set(read_bundle(demo_bundles["cs-public"])) == COMMON
    assert set(read_bundle(demo_bundles["cs-city"])) == COMMON | {"ballots.csv", "actionlog.csv"}


def test_public_tier_has_dates_only(demo_bundles: dict[str, Path]) -> None:
    """Public vote events carry the workshop date, not the times voting opened and closed."""
    public = json.loads(read_bundle(demo_bundles["cs-public"])["results.json"])
    city = json.loads(read_bundle(demo_bundles["cs-city"])["results.json"])
    assert {e["start_date"] for e in public["vote_events"]} == {"2026-11-14"}
    assert all(e["start_date"].startswith("2026-11-14T") for e in city["vote_events"])


def test_ballots_are_anonymous_and_sorted(demo_bundles: dict[str, Path], demo_file: Path) -> None:
    """ballots.csv has no participant, token or time, and each round's ballots are in content order."""
    files = read_bundle(demo_bundles["cs-city"])
    rows = list(csv.DictReader(io.StringIO(files["ballots.csv"].decode("utf-8"))))
    assert list(rows[0]) == ["round_id", "ballot", "idea_id", "dots"]
    ballots: dict[tuple[int, int], dict[str, int]] = {}
    for row in rows:
        ballots.setdefault((int(row["round_id"]), int(row["ballot"])), {})[row["idea_id"]] = int(row["dots"])
    with WorkshopSession.open(demo_file, readonly=True) as session:
        snapshot = session.snapshot()
    for vote_round in snapshot.rounds:
        mine = [canonical_json(d) for (r, _), d in sorted(ballots.items()) if r == vote_round.id]
        assert mine == sorted(mine)
        stored = sorted(
            canonical_json({str(k): v for k, v in b.dots.items()})
            for b in snapshot.ballots
            if b.round_id == vote_round.id
        )
        assert mine == stored
    text = b"".join(files[n] for n in files if n.endswith((".csv", ".json")))
    for participant_secret in ("token", "participant_id", "ip_address"):
        assert participant_secret.encode() not in text


def test_results_json_holds_popolo_vote_events(demo_bundles: dict[str, Path]) -> None:
    """Each round is a vote event with an id and counts of option and value; value = phone + paper dots."""
    results = json.loads(read_bundle(demo_bundles["en-public"])["results.json"])
    assert len(results["vote_events"]) == 2
    for event in results["vote_events"]:
        assert event["id"].startswith("round-") and event["counts"]
        for count in event["counts"]:
            assert count["option"] == f"idea-{count['idea_id']}"
            assert isinstance(count["value"], int)
            assert count["value"] == count["phone_dots"] + count["paper_dots"]
    assert any(c["paper_dots"] for e in results["vote_events"] for c in e["counts"])


@pytest.mark.parametrize("name", ["cs-public", "en-city"])
def test_decidim_files_pass_the_importer_rules(name: str, demo_bundles: dict[str, Path]) -> None:
    """decidim-proposals.csv and .json satisfy the importer: separator, headers, lengths."""
    files = read_bundle(demo_bundles[name])
    locale = name.split("-")[0]
    assert check_csv(files["decidim-proposals.csv"], locale) == []
    assert check_json(files["decidim-proposals.json"], locale) == []
    assert files["decidim-proposals.csv"].startswith(f"title/{locale};body/{locale}\r\n".encode())
    shown = [r for r in csv.DictReader(io.StringIO(files["ideas.csv"].decode("utf-8"))) if r["status"] == "visible"]
    assert len(json.loads(files["decidim-proposals.json"])) == len(shown)


def test_decidim_checker_rejects_what_decidim_rejects() -> None:
    """The checker itself catches a comma separator, a short title, a short body and a missing header."""
    assert check_csv(b"title/en,body/en\r\nA long enough title,A long enough body\r\n", "en")
    assert check_csv(b"title/en;body/en\r\nShort;A long enough body here\r\n", "en")
    assert check_csv(b"title/en;body/en\r\nA long enough title;short\r\n", "en")
    assert check_json(b'[{"title": {"en": "A long enough title"}}]', "en")
    assert check_json(b'[{"title": {"cs": "A long enough title"}, "body": {"cs": "A long enough body"}}]', "en")
    assert check_json(b'[{"title": {"en": "A long enough title"}, "body": {"en": "A long enough body"}}]', "en") == []


def test_hostile_bundle_is_valid_and_neutral(tmp_path: Path) -> None:
    """Hostile text exports: valid package, no CSV cell starting a formula, text literal in JSON and the report."""
    workshop = make_hostile_workshop(tmp_path / "hostile.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        # Handle-like strings ("@SUM(A1)") are findings; this test is about literal text, so they may leave.
        bundle = export_bundle(session, tmp_path / "hostile.zip", tier="city", allow_personal_data=True).path
    report = _validate(bundle, tmp_path / "unpacked")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])
    files = read_bundle(bundle)
    for name in (n for n in files if n.endswith(".csv")):
        delimiter = ";" if name.startswith("decidim") else ","
        for row in csv.reader(io.StringIO(files[name].decode("utf-8"), newline=""), delimiter=delimiter):
            for cell in row:
                assert not cell.lstrip(" ").startswith(FORMULA_STARTERS), (name, cell[:40])
    ideas = files["ideas.csv"].decode("utf-8")
    assert "\"'=cmd|' /C calc'!A0\"" in ideas or "'=cmd|' /C calc'!A0" in ideas
    titles = [p["title"]["en"] for p in json.loads(files["decidim-proposals.json"])]
    assert "=cmd|' /C calc'!A0" in titles  # JSON is not opened by spreadsheets: kept literally
    assert "你好，城市工作坊 \u2013 <b>Hostile & =cmd|' /C calc'!A0" in titles  # too short for Decidim alone
    assert check_csv(files["decidim-proposals.csv"], "en") == []
    assert check_json(files["decidim-proposals.json"], "en") == []
    (tmp_path / "r.pdf").write_bytes(files["report.pdf"])
    assert '<img src="/etc/passwd"/> look at this' in pdf_text(tmp_path / "r.pdf")


def test_neutralise() -> None:
    """Formula starters get an apostrophe; other text, including inner '=' and '-', is unchanged."""
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("  @SUM(A1)") == "'  @SUM(A1)"
    assert neutralise("-5") == "'-5"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("a=b - c") == "a=b - c"


def test_report_in_the_bundle_lists_the_data_files_hashes(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """The bundled report prints the SHA-256 of each data file, as datapackage.json has it."""
    files = read_bundle(demo_bundles["cs-city"])
    manifest = json.loads(files["datapackage.json"])
    (tmp_path / "r.pdf").write_bytes(files["report.pdf"])
    text = pdf_text(tmp_path / "r.pdf").replace("\n", " ")
    for resource in manifest["resources"]:
        if resource["path"] != "report.pdf":
            assert resource["hash"].removeprefix("sha256:") in text, resource["path"]


def test_stand_alone_report_hashes_match_a_public_export(demo_bundles: dict[str, Path], demo_file: Path) -> None:
    """The data files are the same bytes every time, so a report made alone lists a public bundle's hashes."""
    manifest = json.loads(read_bundle(demo_bundles["cs-public"])["datapackage.json"])
    published = {
        r["path"]: r["hash"].removeprefix("sha256:") for r in manifest["resources"] if r["path"] != "report.pdf"
    }
    with WorkshopSession.open(demo_file, readonly=True) as session:
        assert public_data_hashes(session.snapshot(), "cs") == published


def test_export_replaces_a_file_safely(demo_file_en: Path, tmp_path: Path) -> None:
    """An existing file is replaced whole and no temporary file is left; progress ends at 1."""
    target = tmp_path / "bundle.zip"
    target.write_bytes(b"old")
    seen: list[float] = []
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        result = export_bundle(session, target, progress=lambda fraction, message: seen.append(fraction))
    assert result.verification.ok
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]
    assert seen[-1] == 1.0 and seen == sorted(seen)
