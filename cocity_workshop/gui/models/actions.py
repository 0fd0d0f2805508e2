"""``ActionsTableModel``: the action plan, edited in place (undoably)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal

from cocity_workshop.core.model import Action, MilestoneStatus
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.i18n import N_


class ActionsTableModel(RowsTableModel[Action]):
    """Actions with owner, department, next step, milestones done and go-official steps done."""

    COL_TITLE = 0
    COL_OWNER = 1
    COL_DEPARTMENT = 2
    COL_NEXT_STEP = 3
    COL_MILESTONES = 4
    COL_OFFICIAL = 5
    HEADERS = (N_("Action"), N_("Owner"), N_("Department"), N_("Next step"), N_("Milestones"), N_("Go official"))
    _FIELDS: ClassVar[dict[int, str]] = {
        COL_TITLE: "title",
        COL_OWNER: "owner",
        COL_DEPARTMENT: "department",
        COL_NEXT_STEP: "next_step",
    }

    #: The facilitator edited a cell: (action id, field, new text).
    edit_requested = Signal(int, str, str)

    def tooltip(self, row: Action, column: int) -> Any:
        """A text cell's whole text (the plain-text filter shows it literally), for a narrow column."""
        if column not in self._FIELDS:
            return None
        return getattr(row, self._FIELDS[column]) or None

    def display(self, row: Action, column: int) -> Any:
        if column in self._FIELDS:
            return getattr(row, self._FIELDS[column])
        if column == self.COL_MILESTONES:
            done = sum(1 for m in row.milestones if m.status is MilestoneStatus.DONE)
            return f"{done}/{len(row.milestones)}" if row.milestones else ""
        if column == self.COL_OFFICIAL:
            done = sum(1 for g in row.go_official if g.done)
            return f"{done}/{len(row.go_official)}" if row.go_official else ""
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in self._FIELDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in self._FIELDS:
            return False
        row = self._rows[index.row()]
        field = self._FIELDS[index.column()]
        if str(value) == getattr(row, field):
            return False
        self.edit_requested.emit(row.id, field, str(value))
        return True
