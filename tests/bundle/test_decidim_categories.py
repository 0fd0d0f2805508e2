"""Decidim categories: an idea's cluster, else its theme, as the category id the facilitator gave it for the
city's space, in both import files, checked against the importer's rules; the README says how to import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bundle_files import read_bundle
from decidim_rules import check_csv, check_json

from cocity_workshop.__main__ import main
from cocity_workshop.bundle import export_bundle
from cocity_workshop.bundle.decidim import DecidimFormat, category_names, csv_file, json_file
from cocity_workshop.bundle.readme import readme_file
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.session import WorkshopSession

#: The space's categories in the city's Decidim (ids as its admin shows them).
SPACE = {"Parks": 7, "traffic ": 9}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four ideas: one in the cluster "Parks" (theme "Traffic" too), one with the theme "Traffic", one in the
    cluster "Play" nobody mapped, one with neither; and a hidden idea in "Parks" that never leaves."""
    path = tmp_path_factory.mktemp("categories") / "categories.cocity"
    with WorkshopSession.create(path, title="Categories for Decidim", language="en") as session:
        session.update_workshop(themes=("Traffic", "Housing"))
        parks, play = session.add_cluster("Parks"), session.add_cluster("Play")
        first = session.add_idea("Benches along the river", "Shade too.", "Traffic")
        session.set_idea_cluster(first.id, parks.id)
        session.add_idea("Slower cars near the school", "", "Traffic")
        third = session.add_idea("A climbing wall for teenagers")
        session.set_idea_cluster(third.id, play.id)
        session.add_idea("Free wifi on the main square")
        hidden = session.add_idea("Hidden one in the parks cluster")
        session.set_idea_cluster(hidden.id, parks.id)
        session.set_idea_status(hidden.id, IdeaStatus.HIDDEN)
    return path


def _rows(data: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))


def test_clusters_then_themes_become_category_ids(workshop: Path) -> None:
    """The cluster wins over the theme, names match whatever their case and outer spaces, an unmapped cluster
    and an idea with neither get no category (an empty cell, Decidim then sets none)."""
    options = DecidimFormat(categories=tuple(SPACE.items()))
    with WorkshopSession.open(workshop, readonly=True) as session:
        snapshot = session.snapshot()
        rows = _rows(csv_file(snapshot, "en", options).data)
        items = json.loads(json_file(snapshot, "en", options).data)
        names = category_names(snapshot)
    assert names == ["Parks", "Play", "Traffic"]  # clusters in order, then themes ideas fall into
    by_title = {r["title/en"][:20]: (r["category/id"], r["taxonomies/ids"]) for r in rows}
    assert by_title == {
        "Benches along the ri": ("7", "7"),
        "Slower cars near the": ("9", "9"),
        "A climbing wall for ": ("", ""),
        "Free wifi on the mai": ("", ""),
    }
    assert [item["category"] for item in items] == [{"id": 7}, {"id": 9}, {"id": None}, {"id": None}]
    assert [item["taxonomies"] for item in items] == [{"ids": "7"}, {"ids": "9"}, {"ids": ""}, {"ids": ""}]


def test_the_files_pass_the_importers_rules_for_the_space(workshop: Path) -> None:
    """Required headers, the separator, the same keys in every JSON object, and every id one of the space's;
    the checker refuses the same files for a space that lacks category 9, and a JSON object with a key the
    first one lacks (Decidim would drop it)."""
    options = DecidimFormat(("en", "cs"), ";", tuple(SPACE.items()))
    with WorkshopSession.open(workshop, readonly=True) as session:
        snapshot = session.snapshot()
        data_csv, data_json = csv_file(snapshot, "en", options).data, json_file(snapshot, "en", options).data
    space = set(SPACE.values())
    assert check_csv(data_csv, "en", space) == [] and check_json(data_json, "en", space) == []
    assert check_csv(data_csv, "en", {7}) and check_json(data_json, "en", {7})
    items = json.loads(data_json)
    del items[0]["category"]
    assert any("dropped" in p for p in check_json(json.dumps(items).encode(), "en", space))


def test_without_a_mapping_there_are_no_category_columns_and_the_readme_says_why(workshop: Path) -> None:
    with WorkshopSession.open(workshop, readonly=True) as session:
        snapshot = session.snapshot()
        header = csv_file(snapshot, "en").data.decode().splitlines()[0]
        items = json.loads(json_file(snapshot, "en").data)
        readme = readme_file(snapshot, "public", "en").data.decode()
    assert header == "title/en;body/en"
    assert all(set(item) == {"title", "body"} for item in items)
    assert "The file gives no categories" in readme and "Parks, Play, Traffic" in readme
    assert "Import proposals from a file" in readme and "semicolon (;)" in readme


def test_the_bundle_and_its_readme_carry_the_mapping(workshop: Path, tmp_path: Path) -> None:
    """The bundle's README names the locales and how many proposals have a category; the Czech one is in
    Czech; both are listed in datapackage.json."""
    options = DecidimFormat(("en", "cs"), ";", tuple(SPACE.items()))
    with WorkshopSession.open(workshop, readonly=True) as session:
        files = read_bundle(export_bundle(session, tmp_path / "b.zip", language="en", decidim_format=options).path)
        czech = readme_file(session.snapshot(), "public", "cs", options).data.decode()
    readme = files["README.md"].decode()
    assert "2 of 4 proposals have the Decidim category" in readme and "in en, cs; en must be" in readme
    assert "README.md" in {r["path"] for r in json.loads(files["datapackage.json"])["resources"]}
    assert check_csv(files["decidim-proposals.csv"], "en", set(SPACE.values())) == []
    assert "Decidim" in czech and "About this bundle" not in czech


def test_the_export_command_takes_categories(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--decidim-category NAME=ID, repeated; anything else is refused before anything is written."""
    out = tmp_path / "cli.zip"
    args = ["export", str(workshop), "-o", str(out), "--decidim-category", "Parks=7", "--decidim-category", "Traffic=9"]
    assert main(args) == 0
    rows = _rows(read_bundle(out)["decidim-proposals.csv"])
    assert [r["category/id"] for r in rows] == ["7", "9", "", ""]
    bad = tmp_path / "bad.zip"
    assert main(["export", str(workshop), "-o", str(bad), "--decidim-category", "Parks"]) != 0
    assert main(["export", str(workshop), "-o", str(bad), "--decidim-category", "Parks=0"]) != 0
    assert not bad.exists()
    assert "NAME=ID" in capsys.readouterr().err
