"""verify_bundle: intact bundles pass; any changed file, ballot or log entry fails and is named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bundle_files import read_bundle, rewrite_bundle
from export_helpers import copy_workshop

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.session import WorkshopSession

ALL_FILES = [
    "report.pdf",
    "ideas.csv",
    "results.csv",
    "results.json",
    "actions.csv",
    "participation.csv",
    "votes_by_group.csv",
    "decidim-proposals.csv",
    "decidim-proposals.json",
    "ballots.csv",
    "actionlog.csv",
]


def _problems(path: Path) -> list[str]:
    return [f"{c.subject}: {c.message}" for c in verify_bundle(path).problems]


@pytest.mark.parametrize("name", ["cs-public", "cs-city", "en-public", "en-city"])
def test_intact_bundles_pass(name: str, demo_bundles: dict[str, Path]) -> None:
    """Every check of an untouched bundle matches; the city tier's tallies are recomputed from ballots."""
    report = verify_bundle(demo_bundles[name])
    assert report.ok, _problems(demo_bundles[name])
    messages = " ".join(c.message for c in report.checks)
    if name.endswith("city"):
        assert "recomputed from 28 ballots" in messages and "chain intact" in messages
    else:
        assert "published tallies are consistent" in messages


@pytest.mark.parametrize("name", ALL_FILES)
def test_a_changed_file_is_named(name: str, demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """Changing one byte of any file fails verification, naming that file."""
    original = read_bundle(demo_bundles["cs-city"])[name]
    changed = original[:-20] + bytes([original[-20] ^ 0x01]) + original[-19:]
    bundle = rewrite_bundle(demo_bundles["cs-city"], tmp_path / "t.zip", {name: changed})
    report = verify_bundle(bundle)
    assert not report.ok
    assert report.problems[0].subject == name
    assert "changed" in report.problems[0].message
    # a changed file is not used for further checks; those say so instead of reporting false mismatches
    follow_on = {c.subject for c in report.problems[1:]}
    assert follow_on <= {name, "action log"}


def _change_one_ballot(data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    rows[1][3] = str(int(rows[1][3]) + 1 if int(rows[1][3]) < 2 else int(rows[1][3]) - 1)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_changed_ballot_is_caught_even_with_new_hashes(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """A ballot changed and the manifest re-hashed: the recount and the log's digest both disagree."""
    source = demo_bundles["cs-city"]
    ballots = read_bundle(source)["ballots.csv"]
    bundle = rewrite_bundle(source, tmp_path / "t.zip", {"ballots.csv": _change_one_ballot(ballots)}, fix_manifest=True)
    problems = _problems(bundle)
    assert problems
    assert all(p.startswith("round 1:") for p in problems)
    assert any("the ballots give" in p for p in problems)
    assert any("digest the action log recorded" in p for p in problems)


def _drop_log_entry(data: bytes, height: int) -> bytes:
    lines = data.decode("utf-8").split("\r\n")
    kept = [line for line in lines if not line.startswith(f"{height},")]
    assert len(kept) == len(lines) - 1
    return "\r\n".join(kept).encode("utf-8")


def test_a_deleted_log_entry_is_caught(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """Deleting an entry from the middle of the log breaks the chain at that point."""
    source = demo_bundles["cs-city"]
    log = _drop_log_entry(read_bundle(source)["actionlog.csv"], 40)
    bundle = rewrite_bundle(source, tmp_path / "t.zip", {"actionlog.csv": log}, fix_manifest=True)
    problems = _problems(bundle)
    assert "action log: entry 41: expected entry 40, found 41" in problems
    assert "action log: entry 41: does not follow the entry before it" in problems


def test_deleting_the_last_log_entry_is_caught(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """The chain without its last entry is still a chain, but its head is no longer the fingerprint."""
    source = demo_bundles["cs-city"]
    manifest = json.loads(read_bundle(source)["datapackage.json"])
    last = manifest["cocity"]["log_entries"]
    log = _drop_log_entry(read_bundle(source)["actionlog.csv"], last)
    bundle = rewrite_bundle(source, tmp_path / "t.zip", {"actionlog.csv": log}, fix_manifest=True)
    problems = _problems(bundle)
    assert len(problems) == 1 and "is not the fingerprint" in problems[0]


def test_public_tallies_that_disagree_are_caught(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """In a public bundle, a total changed in results.csv (re-hashed) disagrees with results.json."""
    source = demo_bundles["en-public"]
    rows = list(csv.DictReader(io.StringIO(read_bundle(source)["results.csv"].decode("utf-8"))))
    rows[0]["total_dots"] = str(int(rows[0]["total_dots"]) + 5)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    bundle = rewrite_bundle(source, tmp_path / "t.zip", {"results.csv": out.getvalue().encode()}, fix_manifest=True)
    problems = _problems(bundle)
    assert problems == [
        f"round 1: idea {rows[0]['idea_id']}: total_dots is {rows[0]['total_dots']} in results.csv but "
        f"{int(rows[0]['total_dots']) - 5} in results.json"
    ]


def test_an_inflated_public_round_is_caught(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """Dots added to results.json and results.csv alike still break the round's dot budget and ranks."""
    source = demo_bundles["en-public"]
    results = json.loads(read_bundle(source)["results.json"])
    last = results["vote_events"][0]["counts"][-1]
    last["phone_dots"] += 500
    last["value"] += 500
    data = json.dumps(results).encode()
    bundle = rewrite_bundle(source, tmp_path / "t.zip", {"results.json": data, "results.csv": None}, fix_manifest=True)
    problems = " | ".join(_problems(bundle))
    assert "phone dots are more than" in problems and "not in order of their totals" in problems


def test_missing_and_extra_files_are_named(demo_bundles: dict[str, Path], tmp_path: Path) -> None:
    """A file removed, or one slipped in, is reported by name."""
    bundle = rewrite_bundle(demo_bundles["cs-public"], tmp_path / "t.zip", {"ideas.csv": None, "extra.exe": b"MZ"})
    problems = _problems(bundle)
    assert "ideas.csv: listed in datapackage.json but missing from the bundle" in problems
    assert "extra.exe: is in the bundle but not listed in datapackage.json" in problems


def test_not_a_bundle(tmp_path: Path) -> None:
    """A file that is not a ZIP, and a ZIP without a manifest, fail with a plain message."""
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert not verify_bundle(junk).ok
    assert not verify_bundle(tmp_path / "missing.zip").ok


def test_a_round_still_open_is_exported_and_verified(demo_file: Path, tmp_path: Path) -> None:
    """Exporting during a round: its ballots are recounted, and verify notes they are not sealed yet."""
    workshop = copy_workshop(demo_file, tmp_path)
    with WorkshopSession.open(workshop) as session:
        ideas = [i.id for i in session.public_ideas()[:4]]
        vote = session.create_round("Extra", ideas, dots_per_participant=3, max_per_idea=2)
        session.start_round(vote.id)
        session.set_joining(open=True)
        session.cast_ballot(session.join().token, vote.id, {ideas[0]: 2, ideas[1]: 1})
        result = export_bundle(session, tmp_path / "open.zip", tier="city")
    assert result.verification.ok
    notes = [c.message for c in result.verification.checks if c.subject == f"round {vote.id}"]
    assert any("still open" in n for n in notes) and any("recomputed from 1 ballots" in n for n in notes)


def test_an_empty_workshop_exports_and_verifies(session: WorkshopSession, tmp_path: Path) -> None:
    """A workshop with no ideas, rounds or actions still gives a valid report and bundle."""
    result = export_bundle(session, tmp_path / "empty.zip", tier="city")
    assert result.verification.ok
    assert json.loads(read_bundle(result.path)["results.json"])["vote_events"] == []


def test_a_withdrawn_ballot_is_left_out_of_both_tiers(session: WorkshopSession, tmp_path: Path) -> None:
    """A phone that takes back all its dots does not block the city bundle: no tier counts its ballot."""
    session.set_joining(open=True)
    tokens = [session.join().token for _ in range(3)]
    ideas = [session.add_idea(f"Idea {i}").id for i in range(2)]
    vote_round = session.start_round(session.create_round("R", ideas).id)
    for token in tokens:
        session.cast_ballot(token, vote_round.id, {ideas[0]: 1})
    session.cast_ballot(tokens[1], vote_round.id, {})
    session.close_round(vote_round.id)
    for tier in ("city", "public"):
        bundle = export_bundle(session, tmp_path / f"{tier}.zip", tier=tier).path
        assert verify_bundle(bundle).ok, _problems(bundle)
        event = json.loads(read_bundle(bundle)["results.json"])["vote_events"][0]
        assert event["ballots_cast"] == 2 and event["counts"][0]["phone_dots"] == 2
    log = read_bundle(tmp_path / "city.zip")["actionlog.csv"].decode()
    assert "ballot_withdrawn" in log
