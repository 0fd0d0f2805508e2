"""The Export panel's Decidim choices: the city's default language first, other ticked languages, the
separator; the bundle it writes follows them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.export import ExportPanel


def test_bundle_follows_the_decidim_choices(controller: WorkshopController, qtbot: QtBot, tmp_path: Path) -> None:
    """Default: the workshop's language and ``;``. Czech default plus English ticked and a comma: the
    Decidim CSV has title/body columns for both, Czech first, comma-separated."""
    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    assert panel.decidim_locales() == (controller.live.workshop.language,)
    assert panel.separator_combo.currentData() == ";"
    panel.decidim_combo.setCurrentIndex(panel.decidim_combo.findData("cs"))
    english = next(
        panel.decidim_extra.item(i)
        for i in range(panel.decidim_extra.count())
        if panel.decidim_extra.item(i).data(Qt.ItemDataRole.UserRole) == "en"
    )
    english.setCheckState(Qt.CheckState.Checked)
    panel.separator_combo.setCurrentIndex(panel.separator_combo.findData(","))
    assert panel.decidim_locales() == ("cs", "en")
    panel.export_bundle(str(tmp_path / "b.zip"))
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        name = next(n for n in archive.namelist() if n.endswith("decidim-proposals.csv"))
        assert archive.read(name).decode("utf-8").splitlines()[0] == "title/cs,title/en,body/cs,body/en"
