"""``TallyTableModel``: one round's result, phone and paper dots per idea; paper dots are typed in here."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal

from cocity_workshop.core.tally import RoundTally
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.i18n import N_


@dataclass(frozen=True)
class TallyRow:
    """One idea's line of the result."""

    idea_id: int
    title: str
    phone_dots: int
    paper_dots: int
    rank: int

    @property
    def total(self) -> int:
        """Phone and paper dots together."""
        return self.phone_dots + self.paper_dots


class TallyTableModel(RowsTableModel[TallyRow]):
    """A round's ideas ranked by dots; the paper column is editable (paper dots from the wall chart)."""

    COL_RANK = 0
    COL_IDEA = 1
    COL_PHONE = 2
    COL_PAPER = 3
    COL_TOTAL = 4
    HEADERS = (N_("Rank"), N_("Idea"), N_("Phone dots"), N_("Paper dots"), N_("Total"))

    #: Paper dots were typed in: (idea id, count).
    paper_dots_entered = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.round_id: int | None = None
        self.ballots = 0

    def row_key(self, row: TallyRow) -> Hashable:
        return row.idea_id

    def set_tally(self, tally: RoundTally | None, titles: Mapping[int, str]) -> None:
        """Show ``tally`` (``None`` clears the table)."""
        if tally is None:
            self.round_id, self.ballots = None, 0
            self.set_rows([])
            return
        rows = []
        rank = 0
        previous_total: int | None = None
        for position, item in enumerate(tally.ideas, start=1):
            if item.total != previous_total:
                rank, previous_total = position, item.total
            rows.append(TallyRow(item.idea_id, titles.get(item.idea_id, "?"), item.phone_dots, item.paper_dots, rank))
        same_round = self.round_id == tally.round_id
        self.round_id, self.ballots = tally.round_id, tally.ballots
        if same_round:
            self.update_rows(rows)
        else:
            self.set_rows(rows)

    def display(self, row: TallyRow, column: int) -> Any:
        if column == self.COL_RANK:
            return str(row.rank)
        if column == self.COL_IDEA:
            return row.title
        if column == self.COL_PHONE:
            return str(row.phone_dots)
        if column == self.COL_PAPER:
            return str(row.paper_dots)
        if column == self.COL_TOTAL:
            return str(row.total)
        return None

    def edit_value(self, row: TallyRow, column: int) -> Any:
        return row.paper_dots if column == self.COL_PAPER else self.display(row, column)

    def sort_value(self, row: TallyRow, column: int) -> Any:
        return {
            self.COL_RANK: row.rank,
            self.COL_PHONE: row.phone_dots,
            self.COL_PAPER: row.paper_dots,
            self.COL_TOTAL: row.total,
        }.get(column, row.title)

    def other_data(self, row: TallyRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.COL_IDEA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_PAPER:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != self.COL_PAPER:
            return False
        try:
            count = int(value)
        except (TypeError, ValueError):
            return False
        row = self._rows[index.row()]
        if count < 0 or count == row.paper_dots:
            return False
        self.paper_dots_entered.emit(row.idea_id, count)
        return True
