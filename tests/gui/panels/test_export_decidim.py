"""The Export panel's Decidim choices: the city's default language first, other ticked languages, the
separator; the bundle it writes follows them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.export import ExportPanel
from cocity_workshop.gui.settings import AppSettings


def test_bundle_follows_the_decidim_choices(controller: WorkshopController, qtbot: QtBot, tmp_path: Path) -> None:
    """Default: the workshop's language and ``;``. Czech default plus English ticked and a comma: the
    Decidim CSV has title/body columns for both, Czech first, comma-separated."""
    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    assert panel.decidim_locales() == (controller.live.workshop.language,)
    assert panel.decidim.separator.currentData() == ";"
    panel.decidim.combo.setCurrentIndex(panel.decidim.combo.findData("cs"))
    english = next(
        panel.decidim.extra.item(i)
        for i in range(panel.decidim.extra.count())
        if panel.decidim.extra.item(i).data(Qt.ItemDataRole.UserRole) == "en"
    )
    english.setCheckState(Qt.CheckState.Checked)
    panel.decidim.separator.setCurrentIndex(panel.decidim.separator.findData(","))
    assert panel.decidim_locales() == ("cs", "en")
    panel.export_bundle(str(tmp_path / "b.zip"))
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        name = next(n for n in archive.namelist() if n.endswith("decidim-proposals.csv"))
        assert archive.read(name).decode("utf-8").splitlines()[0] == "title/cs,title/en,body/cs,body/en"


def test_the_citys_decidim_is_remembered_for_the_next_workshop(controller: WorkshopController, qtbot: QtBot) -> None:
    """The choice belongs to the city's Decidim: a panel opened later (another workshop, another run) starts
    from it, not from the workshop's language; unknown remembered codes are dropped."""
    first = ExportPanel(controller)
    qtbot.addWidget(first)
    first.decidim.combo.setCurrentIndex(first.decidim.combo.findData("es"))
    for item in first.decidim.language_items():
        if item.data(Qt.ItemDataRole.UserRole) in ("ar", "fr"):
            item.setCheckState(Qt.CheckState.Checked)
    first.decidim.separator.setCurrentIndex(first.decidim.separator.findData(","))
    later = ExportPanel(controller, settings=AppSettings())
    qtbot.addWidget(later)
    assert later.decidim_locales() == ("es", "fr", "ar")  # the default first, then the others in list order
    assert later.decidim.separator_text() == ","
    AppSettings().set_value("decidim/locales", ["xx", "cs"])
    again = ExportPanel(controller)
    qtbot.addWidget(again)
    assert again.decidim_locales() == ("cs",)
