"""The Export panel's Decidim categories: one row per cluster or theme, ids remembered per Decidim space, and
the bundle's import file carries them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.export import ExportPanel
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.session import WorkshopSession

PARK = "https://decidim.example.org/processes/park"


def _ideas(session: WorkshopSession) -> None:
    session.update_workshop(themes=("Traffic",))
    parks = session.add_cluster("Parks <b>")
    first = session.add_idea("Benches along the river")
    session.set_idea_cluster(first.id, parks.id)
    session.add_idea("Slower cars near the school", "", "Traffic")


def test_ids_per_space_reach_the_bundle(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """The dialog's rows are the clusters and themes (names shown as typed); the ids given for a space come
    back for that space in a later dialog, not for another; the panel says how many; the CSV has them."""
    _ideas(session)
    controller.live.flush()
    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    assert panel.categories.summary.text() == "None: the import file leaves categories out."
    assert panel.decidim_format().categories == ()
    dialog = panel.categories.open()
    assert dialog.shown == ["Parks <b>", "Traffic"]
    assert dialog.table.item(0, 0).text() == "Parks <b>"  # type: ignore[union-attr]
    dialog.space.setEditText(PARK)
    dialog.spins()[0].setValue(7)
    dialog.spins()[1].setValue(9)
    dialog.reject()
    assert panel.decidim_format().categories == (("Parks <b>", 7), ("Traffic", 9))
    assert panel.categories.summary.text() == f"2 of 2 have a Decidim category ({PARK})."

    later = ExportPanel(controller, settings=AppSettings()).categories.open()
    qtbot.addWidget(later)
    assert later.space.currentText() == PARK and [s.value() for s in later.spins()] == [7, 9]
    later.space.setEditText("https://decidim.example.org/processes/other")
    assert [s.value() for s in later.spins()] == [0, 0]
    later.spins()[1].setValue(3)
    later.space.setEditText(PARK)
    assert [s.value() for s in later.spins()] == [7, 9]
    later.reject()

    panel.export_bundle(str(tmp_path / "b.zip"))
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("decidim-proposals.csv").decode()), delimiter=";"))
        readme = archive.read("README.md").decode()
    assert [(r["category/id"], r["taxonomies/ids"]) for r in rows] == [("7", "7"), ("9", "9")]
    assert "2 of 2 proposals have the Decidim category" in readme


def test_a_new_cluster_gets_a_row_when_the_dialog_opens_again(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    assert panel.categories.summary.text() == "No clusters or themes yet."
    assert panel.categories.open().shown == []
    _ideas(session)
    controller.live.flush()
    assert panel.categories.open().shown == ["Parks <b>", "Traffic"]
    panel.categories.dialog.reject()  # type: ignore[union-attr]
