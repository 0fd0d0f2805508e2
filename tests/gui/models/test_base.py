"""The shared table-model behaviour: resets, in-place updates, removals and appends."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Cluster
from cocity_workshop.gui.models.clusters import ClustersTableModel


def _names(model: ClustersTableModel) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_update_rows_changes_in_place_and_appends(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """Same rows in the same order give dataChanged; new rows are appended; gone rows are removed."""
    model = ClustersTableModel()
    model.set_clusters([Cluster(1, "A"), Cluster(2, "B")], {})
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        model.set_clusters([Cluster(1, "A2"), Cluster(2, "B")], {})
    with qtbot.waitSignal(model.rowsInserted), qtbot.assertNotEmitted(model.modelReset):
        model.set_clusters([Cluster(1, "A2"), Cluster(2, "B"), Cluster(3, "C")], {})
    with qtbot.waitSignal(model.rowsRemoved), qtbot.assertNotEmitted(model.modelReset):
        model.set_clusters([Cluster(1, "A2"), Cluster(3, "C")], {})
    assert _names(model)[1:] == ["A2", "C"]
    with qtbot.waitSignal(model.modelReset):
        model.set_clusters([Cluster(3, "C"), Cluster(1, "A2")], {})
    assert _names(model)[1:] == ["C", "A2"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Cluster"
    qtmodeltester.check(model)
