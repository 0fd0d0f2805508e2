"""``ClustersTableModel``: the clusters, with a first row for ideas in no cluster; ideas are dropped onto rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal

from cocity_workshop.core.model import Cluster
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.gui.models.ideas import IDEA_IDS_MIME, idea_ids_from_mime
from cocity_workshop.i18n import N_, _

#: The id of the first row: "no cluster".
NO_CLUSTER = 0


class ClustersTableModel(RowsTableModel[Cluster]):
    """Clusters with how many ideas each holds. Row 0 stands for "no cluster" (id ``NO_CLUSTER``)."""

    COL_NAME = 0
    COL_COUNT = 1
    HEADERS = (N_("Cluster"), N_("Ideas"))

    #: Ideas were dropped on a row: (cluster id or ``None`` for no cluster, idea ids).
    ideas_dropped = Signal(object, list)
    #: A cluster was renamed in place: (cluster id, new name).
    rename_requested = Signal(int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._counts: dict[int | None, int] = {}

    def set_clusters(self, clusters: Sequence[Cluster], counts: Mapping[int | None, int]) -> None:
        """Show ``clusters`` (a "no cluster" row is added first) with the number of ideas in each."""
        changed = dict(counts) != self._counts
        self._counts = dict(counts)
        self.update_rows([Cluster(NO_CLUSTER, ""), *clusters])
        if changed:
            self.refresh_all()

    @staticmethod
    def cluster_id(row: Cluster) -> int | None:
        """The cluster a row stands for (``None`` for the "no cluster" row)."""
        return None if row.id == NO_CLUSTER else row.id

    def display(self, row: Cluster, column: int) -> Any:
        if column == self.COL_NAME:
            return _("(no cluster)") if row.id == NO_CLUSTER else row.name
        if column == self.COL_COUNT:
            return str(self._counts.get(self.cluster_id(row), 0))
        return None

    def edit_value(self, row: Cluster, column: int) -> Any:
        return row.name

    def sort_value(self, row: Cluster, column: int) -> Any:
        if column == self.COL_COUNT:
            return self._counts.get(self.cluster_id(row), 0)
        return row.position

    def other_data(self, row: Cluster, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.id == NO_CLUSTER:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if index.column() == self.COL_NAME and self._rows[index.row()].id != NO_CLUSTER:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != self.COL_NAME:
            return False
        row = self._rows[index.row()]
        if row.id == NO_CLUSTER or str(value) == row.name:
            return False
        self.rename_requested.emit(row.id, str(value))
        return True

    def mimeTypes(self) -> list[str]:
        return [IDEA_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return parent.isValid() and bool(idea_ids_from_mime(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        ids = idea_ids_from_mime(data)
        if not parent.isValid() or not ids:
            return False
        self.ideas_dropped.emit(self.cluster_id(self._rows[parent.row()]), ids)
        # The session moves the ideas; nothing is inserted into this model.
        return False
