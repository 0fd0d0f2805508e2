"""datapackage.json as validators and portals read it: every foreign key resolves, time stamps are datetimes,
the version grows with each export, and the package says where its data comes from (decision 0053)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import frictionless
import pytest
from bundle_files import read_bundle

from cocity_workshop import APP_HOMEPAGE, __version__
from cocity_workshop.bundle import export_bundle
from cocity_workshop.bundle.data import Tier, data_files
from cocity_workshop.bundle.manifest import package_version
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.session import WorkshopSession


def _rows(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter))


def _unresolved(files: dict[str, bytes]) -> list[str]:
    """Every foreign-key value of every table in the bundle that its referenced table does not hold."""
    manifest = json.loads(files["datapackage.json"])
    by_name = {r["name"]: r for r in manifest["resources"]}
    missing = []
    for entry in manifest["resources"]:
        for key in entry.get("schema", {}).get("foreignKeys", []):
            target = by_name[key["reference"]["resource"]]
            keys = {r[key["reference"]["fields"][0]] for r in _rows(files[target["path"]])}
            for row in _rows(files[entry["path"]]):
                value = row[key["fields"][0]]
                if value and value not in keys:
                    missing.append(f"{entry['path']}: {key['fields'][0]} {value}")
    return missing


def _foreign_keys(files: dict[str, bytes]) -> dict[str, list[str]]:
    manifest = json.loads(files["datapackage.json"])
    return {
        r["path"]: [k["fields"][0] for k in r["schema"]["foreignKeys"]]
        for r in manifest["resources"]
        if r.get("schema", {}).get("foreignKeys")
    }


def _validate(bundle: Path, folder: Path) -> frictionless.Report:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return frictionless.validate(str(folder / "datapackage.json"))


def make_merged_and_hidden(path: Path) -> Path:
    """A room whose round had ideas later merged and hidden, and an action from an idea hidden afterwards."""
    with WorkshopSession.create(path, title="Merged and hidden", language="en") as session:
        session.set_joining(open=True)
        ids = [session.add_idea(f"Idea number {n}").id for n in range(1, 6)]
        vote = session.create_round("First round", ids[:4], dots_per_participant=3, max_per_idea=3)
        session.start_round(vote.id)
        for number in range(6):
            token = session.join().token
            session.cast_ballot(token, vote.id, {ids[number % 4]: 2, ids[(number + 1) % 4]: 1})
        session.close_round(vote.id)
        session.set_paper_dots(vote.id, ids[2], 3)
        session.merge_ideas(ids[1], ids[0])  # the second into the first
        session.set_idea_status(ids[2], IdeaStatus.HIDDEN)  # voted for, then taken off the wall
        session.add_action("Follow the fifth idea up", idea_id=ids[4])
        session.set_idea_status(ids[4], IdeaStatus.HIDDEN)
    return path


@pytest.mark.parametrize("name", ["cs-public", "cs-city", "en-public", "en-city"])
def test_every_foreign_key_of_the_demo_resolves(name: str, demo_bundles: dict[str, Path]) -> None:
    """results, actions, votes by group and (city) ballots name ideas that ideas.csv lists."""
    files = read_bundle(demo_bundles[name])
    keys = _foreign_keys(files)
    expected = {"ideas.csv", "results.csv", "actions.csv", "votes_by_group.csv"}
    assert set(keys) == (expected | {"ballots.csv"} if name.endswith("city") else expected)
    assert keys["ideas.csv"] == ["merged_into"] and keys["results.csv"] == ["idea_id"]
    assert _unresolved(files) == []


@pytest.mark.parametrize("tier", ["public", "city"])
def test_merged_and_hidden_ideas_resolve_without_their_words(tier: str, tmp_path: Path) -> None:
    """An idea voted for and then merged or hidden, and one an action came from, keep a row with number and
    status only; frictionless finds every key (it reports one that does not, see the last lines)."""
    workshop = make_merged_and_hidden(tmp_path / "m.cocity")
    with WorkshopSession.open(workshop) as session:
        bundle = export_bundle(session, tmp_path / f"{tier}.zip", tier=tier, allow_personal_data=True).path
    files = read_bundle(bundle)
    assert _unresolved(files) == []
    ideas = {r["idea_id"]: r for r in _rows(files["ideas.csv"])}
    assert [ideas[n]["status"] for n in "12345"] == ["visible", "merged", "hidden", "visible", "hidden"]
    assert ideas["2"]["merged_into"] == "1" and ideas["3"]["title"] == "" and ideas["5"]["title"] == ""
    assert b"Idea number 3" not in files["ideas.csv"] and b"Idea number 5" not in files["ideas.csv"]
    assert "5" in {r["idea_id"] for r in _rows(files["actions.csv"])}
    report = _validate(bundle, tmp_path / "unpacked")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])

    shown_only = files["ideas.csv"].split(b"\r\n")
    kept = [line for line in shown_only if b",visible," in line or line.startswith(b"idea_id")]
    (tmp_path / "unpacked" / "ideas.csv").write_bytes(b"\r\n".join(kept) + b"\r\n")
    descriptor = json.loads(files["datapackage.json"])
    for entry in descriptor["resources"]:
        entry.pop("hash"), entry.pop("bytes")
    (tmp_path / "unpacked" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    broken = frictionless.validate(str(tmp_path / "unpacked" / "datapackage.json"))
    assert "foreign-key" in {error.type for task in broken.tasks for error in task.errors}


def test_log_times_are_datetimes(demo_bundles: dict[str, Path]) -> None:
    """actionlog.csv's times are ISO 8601 UTC with milliseconds, typed datetime; no column is epoch seconds."""
    files = read_bundle(demo_bundles["en-city"])
    manifest = json.loads(files["datapackage.json"])
    log = next(r for r in manifest["resources"] if r["path"] == "actionlog.csv")
    assert {f["name"]: f["type"] for f in log["schema"]["fields"]}["at"] == "datetime"
    assert all(f["type"] != "number" for r in manifest["resources"] for f in r.get("schema", {}).get("fields", []))
    first = _rows(files["actionlog.csv"])[0]["at"]
    assert first.startswith("2026-10-08T") and first.endswith("Z") and len(first) == len("2026-10-08T14:00:00.000Z")


def test_nobody_is_nameless(demo_bundles: dict[str, Path]) -> None:
    """People who did not say their group or age band are named so in participation and votes by group."""
    files = read_bundle(demo_bundles["en-public"])
    for path in ("participation.csv", "votes_by_group.csv"):
        names = [r["name"] for r in _rows(files[path])]
        assert "" not in names and "did not say" in names, path


def test_descriptor_says_where_the_data_comes_from(demo_bundles: dict[str, Path], demo_file_en: Path) -> None:
    """Homepage, sources, themes as keywords, the contact with its e-mail, place, date and app version; every
    resource has a description."""
    manifest = json.loads(read_bundle(demo_bundles["en-public"])["datapackage.json"])
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        workshop = session.workshop()
    assert manifest["homepage"] == workshop.web_page == "https://grenoble.example/living-lab"
    assert manifest["sources"][0]["path"] == workshop.web_page and workshop.title in manifest["sources"][0]["title"]
    app = {"title": f"CoCity Workshop {__version__}", "path": APP_HOMEPAGE, "version": __version__}
    assert manifest["sources"][1] == app
    assert manifest["keywords"][:3] == ["co-creation workshop", "dot voting", "Grenoble"]
    assert set(workshop.themes) <= set(manifest["keywords"])
    roles = {c["roles"][0]: c for c in manifest["contributors"]}
    assert roles["controller"]["title"] == "Ville de Grenoble"
    assert roles["contact"]["email"] == "dpo@grenoble.example"
    assert manifest["cocity"]["place"] == f"{workshop.venue}, {workshop.city}"
    assert manifest["cocity"]["date"] == "2026-10-08" and manifest["cocity"]["app_version"] == __version__
    assert all(r.get("description") for r in manifest["resources"]), [r["path"] for r in manifest["resources"]]


def test_no_homepage_without_a_web_page(tmp_path: Path) -> None:
    """A workshop without a web page has no homepage (none is made up); a contact without an e-mail has none."""
    with WorkshopSession.create(tmp_path / "w.cocity", title="Plain", language="en") as session:
        session.update_workshop(privacy_contact="Town hall, Main square 1")
        session.add_idea("Something to publish")
        bundle = export_bundle(session, tmp_path / "b.zip").path
    manifest = json.loads(read_bundle(bundle)["datapackage.json"])
    assert "homepage" not in manifest and "path" not in manifest["sources"][0]
    assert manifest["contributors"] == [{"title": "Town hall, Main square 1", "roles": ["contact"]}]
    report = _validate(bundle, tmp_path / "unpacked")
    assert report.valid, report.flatten(["resourcePath", "type", "note"])


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_the_version_grows_with_each_export(tmp_path: Path) -> None:
    """A change recorded in the log raises it, so does a later export with no recorded change (ballots, phone
    ideas are not logged one by one); the same snapshot keeps it."""
    with WorkshopSession.create(tmp_path / "v.cocity", title="Versions", language="en") as session:
        first = session.snapshot()
        session.update_workshop(city="Brno")
        second = session.snapshot()
    assert package_version(first) == package_version(first)
    assert _semver(package_version(second)) > _semver(package_version(first))
    later = dataclasses.replace(second, taken_at=second.taken_at + 90)
    assert _semver(package_version(later)) > _semver(package_version(second))
    assert package_version(later).startswith(f"1.{len(second.log)}.")
    bundle = export_bundle(second, tmp_path / "b.zip").path
    assert json.loads(read_bundle(bundle)["datapackage.json"])["version"] == package_version(second)


def test_data_files_do_not_depend_on_the_version(tmp_path: Path) -> None:
    """Only datapackage.json carries the version: two exports of the same data have the same data files."""
    with WorkshopSession.create(tmp_path / "d.cocity", title="Same data", language="en") as session:
        session.add_idea("An idea to keep")
        snapshot = session.snapshot()
    later = dataclasses.replace(snapshot, taken_at=snapshot.taken_at + 3600)
    files: Any = [{f.path: f.data for f in data_files(s, Tier.CITY, "en")} for s in (snapshot, later)]
    assert files[0] == files[1]
