"""``NamesTableModel``: stakeholder groups or age bands being counted (one name each, renamed in place)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal

from cocity_workshop.core.model import AgeBand, StakeholderGroup
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.i18n import N_

Named = StakeholderGroup | AgeBand


class NamesTableModel(RowsTableModel[Named]):
    """One column of names (a group's ``name`` or an age band's ``label``)."""

    COL_NAME = 0
    HEADERS = (N_("Name"),)

    #: The facilitator renamed a row in place: (row id, new name).
    rename_requested = Signal(int, str)

    def __init__(self, header: str = N_("Name"), parent: Any = None) -> None:
        super().__init__(parent)
        self.HEADERS = (header,)

    @staticmethod
    def name_of(row: Named) -> str:
        """The text of a group or an age band."""
        return row.name if isinstance(row, StakeholderGroup) else row.label

    def display(self, row: Named, column: int) -> Any:
        return self.name_of(row) if column == self.COL_NAME else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.isValid() else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        if str(value) == self.name_of(row):
            return False
        self.rename_requested.emit(row.id, str(value))
        return True
