"""What every table model here shares: rows of immutable values with an id, reset or updated in place."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from cocity_workshop.i18n import _

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """A table of ``rows`` (frozen dataclasses); subclasses name the columns and format the cells."""

    #: Header labels, marked with ``N_`` and translated when shown; one per column.
    HEADERS: tuple[str, ...] = ()
    #: The row value itself (a frozen dataclass).
    RowRole = Qt.ItemDataRole.UserRole
    #: A native value for sorting through a proxy.
    SortRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # -- filling -------------------------------------------------------------------------------
    def row_key(self, row: R) -> Hashable:
        """What identifies a row across refreshes (its id)."""
        key: Hashable = getattr(row, "id")  # noqa: B009 - every row type has an id
        return key

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row (a reset: views forget their selection)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[R]) -> None:
        """Bring the model to ``rows`` keeping views' selection where possible.

        When the old rows are still there in the same order, changed rows get ``dataChanged``, rows that
        went away are removed and new rows at the end are inserted; any other change is a reset.
        """
        new = list(rows)
        old_keys = [self.row_key(r) for r in self._rows]
        new_keys = [self.row_key(r) for r in new]
        new_key_set = set(new_keys)
        survivors = [k for k in old_keys if k in new_key_set]
        if survivors != new_keys[: len(survivors)]:
            self.set_rows(new)
            return
        for position in range(len(old_keys) - 1, -1, -1):
            if old_keys[position] not in new_key_set:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
        last_column = max(0, self.columnCount() - 1)
        for position, row in enumerate(new[: len(survivors)]):
            if row != self._rows[position]:
                self._rows[position] = row
                self.dataChanged.emit(self.index(position, 0), self.index(position, last_column))
        if len(new) > len(self._rows):
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, len(new) - 1)
            self._rows.extend(new[first:])
            self.endInsertRows()

    def refresh_all(self) -> None:
        """Tell views that every cell may look different (names of clusters, the language...)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1))

    # -- reading -------------------------------------------------------------------------------
    @property
    def rows(self) -> list[R]:
        """The rows, in order (do not change the list)."""
        return self._rows

    def row_at(self, row: int) -> R:
        """The value shown in ``row``."""
        return self._rows[row]

    def row_of(self, key: Hashable) -> int:
        """The row number of the row with ``key``, or -1."""
        for position, row in enumerate(self._rows):
            if self.row_key(row) == key:
                return position
        return -1

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.HEADERS):
                return _(self.HEADERS[section])
            return None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, index.column())
        if role == self.SortRole:
            return self.sort_value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        return self.other_data(row, index.column(), role)

    # -- for subclasses ------------------------------------------------------------------------
    def display(self, row: R, column: int) -> Any:
        """The text of one cell."""
        raise NotImplementedError

    def edit_value(self, row: R, column: int) -> Any:
        """What an editor starts with (the display text unless overridden)."""
        return self.display(row, column)

    def sort_value(self, row: R, column: int) -> Any:
        """A comparable value for sorting (the display text unless overridden)."""
        value = self.display(row, column)
        return "" if value is None else value

    def tooltip(self, row: R, column: int) -> Any:
        """A tooltip, if any."""
        return None

    def other_data(self, row: R, column: int, role: int) -> Any:
        """Any other role (colours, alignment, custom roles)."""
        return None
