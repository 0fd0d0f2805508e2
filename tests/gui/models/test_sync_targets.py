"""The sync targets table: names, kinds and bundles in words, where it delivers, paused rows greyed; Qt's checks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from cocity_workshop.gui.models.sync_targets import SyncTargetsTableModel, TargetRow
from cocity_workshop.i18n import use_language


def test_targets_in_words(qtmodeltester: ModelTester) -> None:
    """Each column in words (Czech too); a paused target is greyed; rows are kept by name across updates."""
    model = SyncTargetsTableModel()
    model.set_rows(
        [
            TargetRow("usb", "folder", "city", True, "/media/usb"),
            TargetRow("portal", "ckan", "public", False, "https://data.example.org"),
        ]
    )
    qtmodeltester.check(model)
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
    assert cells == [
        ["usb", "Folder or USB stick", "city", "/media/usb", "delivers"],
        ["portal", "CKAN open-data portal", "public", "https://data.example.org", "paused"],
    ]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    with use_language("cs"):
        assert model.index(1, SyncTargetsTableModel.COL_KIND).data() == "Portál otevřených dat CKAN"
        assert model.headerData(SyncTargetsTableModel.COL_WHERE, Qt.Orientation.Horizontal) == "Kam"
    model.update_rows([TargetRow("usb", "folder", "city", False, "/media/usb")])
    assert model.rowCount() == 1 and model.row_of("usb") == 0
