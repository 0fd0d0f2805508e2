"""datapackage.json: it declares the licence chosen for the workshop, and the package stays valid."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import frictionless
from bundle_files import read_bundle
from export_helpers import copy_workshop

from cocity_workshop.bundle import export_bundle
from cocity_workshop.session import WorkshopSession


def test_manifest_declares_the_chosen_licence(demo_file_en: Path, tmp_path: Path) -> None:
    """A workshop published under ODbL says so (Open Definition id, URL, title); frictionless accepts it."""
    workshop = copy_workshop(demo_file_en, tmp_path)
    with WorkshopSession.open(workshop) as session:
        session.update_workshop(data_licence="ODbL-1.0")
        bundle = export_bundle(session, tmp_path / "odbl.zip", tier="public").path
    manifest = json.loads(read_bundle(bundle)["datapackage.json"])
    assert manifest["licenses"] == [
        {
            "name": "ODC-ODbL-1.0",
            "path": "https://opendatacommons.org/licenses/odbl/1-0/",
            "title": "Open Data Commons Open Database License (ODbL) 1.0",
        }
    ]
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "type", "note"])


def test_demo_bundles_keep_the_default_licence(demo_bundles: dict[str, Path]) -> None:
    """The demo workshops never chose a licence: their bundles declare CC BY 4.0, in English in both languages."""
    for name in ("cs-public", "en-city"):
        manifest = json.loads(read_bundle(demo_bundles[name])["datapackage.json"])
        assert manifest["licenses"] == [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 International",
            }
        ]
