"""``TallyTableModel``: one round's result, phone and paper dots per idea; paper dots are typed in here.

This is the one table that changes many times a second while a room votes, so its cells live in C++
(a ``QStandardItemModel``): views read them without calling into Python, which would queue behind the
participant server's threads for the interpreter lock and make the GUI stutter under load. The rows are
made by ``tally_rows`` (a pool thread can run it); ``show_rows`` copies them in with the model's signals
held back and then tells views once, so a busy round costs the GUI thread one repaint per refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from cocity_workshop.core.tally import RoundTally
from cocity_workshop.i18n import N_, _, format_number, parse_count

Index = QModelIndex | QPersistentModelIndex


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


def tally_rows(tally: RoundTally | None, titles: Mapping[int, str]) -> tuple[int | None, int, list[TallyRow]]:
    """``(round id, ballots, ranked rows)`` of ``tally``; ties share a rank. Pure: any thread may call it."""
    if tally is None:
        return None, 0, []
    rows = [
        TallyRow(item.idea_id, titles.get(item.idea_id, "?"), item.phone_dots, item.paper_dots, rank)
        for rank, item in zip(tally.ranks(), tally.ideas, strict=True)
    ]
    return tally.round_id, tally.ballots, rows


class TallyTableModel(QStandardItemModel):
    """A round's ideas ranked by dots; the paper column is editable (paper dots from the wall chart)."""

    COL_RANK = 0
    COL_IDEA = 1
    COL_PHONE = 2
    COL_PAPER = 3
    COL_TOTAL = 4
    HEADERS = (N_("Rank"), N_("Idea"), N_("Phone dots"), N_("Paper dots"), N_("Total"))
    #: The row's idea id.
    IdeaRole = Qt.ItemDataRole.UserRole
    #: A native value for sorting through a proxy.
    SortRole = Qt.ItemDataRole.UserRole + 1

    #: Paper dots were typed in: (idea id, count).
    paper_dots_entered = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.round_id: int | None = None
        self.ballots = 0
        self._rows: list[TallyRow] = []
        self._shown_listeners: list[Callable[[], None]] = []

    @property
    def rows(self) -> list[TallyRow]:
        """The rows, ranked (do not change the list)."""
        return self._rows

    def row_at(self, row: int) -> TallyRow:
        """The line shown in ``row``."""
        return self._rows[row]

    def row_of(self, idea_id: int) -> int:
        """The row of ``idea_id``, or -1."""
        return next((n for n, r in enumerate(self._rows) if r.idea_id == idea_id), -1)

    def set_tally(self, tally: RoundTally | None, titles: Mapping[int, str]) -> None:
        """Show ``tally`` (``None`` clears the table); cells change in place, so views keep their state."""
        self.show_rows(*tally_rows(tally, titles))

    def on_tally_shown(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener()`` once per new tally in the cells (however many cells changed); returns a
        function that stops the calls (a widget listening must call it when it is destroyed).

        A plain call, not a Qt signal: PySide6 lets go of the interpreter lock while emitting, and while
        phones vote the server's threads then keep it for a while; this runs for every live count.
        """
        self._shown_listeners.append(listener)

        def stop(*_args: object) -> None:
            if listener in self._shown_listeners:
                self._shown_listeners.remove(listener)

        return stop

    def show_rows(self, round_id: int | None, ballots: int, rows: list[TallyRow]) -> None:
        """Show rows made by ``tally_rows``: only changed cells are touched, and views hear of it once."""
        changed_ballots = (round_id, ballots) != (self.round_id, self.ballots)
        self.round_id, self.ballots = round_id, ballots
        if len(rows) < self.rowCount():
            self.removeRows(len(rows), self.rowCount() - len(rows))
        while self.rowCount() < len(rows):
            self.appendRow(self._new_items())
        changed = [n for n, row in enumerate(rows) if n >= len(self._rows) or self._rows[n] != row]
        if changed:
            # Each setText would otherwise notify every view (and run the views' code) on its own.
            blocked = self.blockSignals(True)
            try:
                for position in changed:
                    self._fill(position, rows[position])
            finally:
                self.blockSignals(blocked)
        self._rows = rows
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.HEADERS) - 1))
        if changed or changed_ballots:
            for listener in list(self._shown_listeners):
                listener()

    def _new_items(self) -> list[QStandardItem]:
        items = []
        for column in range(len(self.HEADERS)):
            item = QStandardItem()
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if column == self.COL_PAPER:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            if column != self.COL_IDEA:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        return items

    def _fill(self, position: int, row: TallyRow) -> None:
        values = {
            self.COL_RANK: (format_number(row.rank), row.rank),
            self.COL_IDEA: (row.title, row.title),
            self.COL_PHONE: (format_number(row.phone_dots), row.phone_dots),
            self.COL_PAPER: (format_number(row.paper_dots), row.paper_dots),
            self.COL_TOTAL: (format_number(row.total), row.total),
        }
        old = self._rows[position] if position < len(self._rows) else None
        old_texts = (
            {}
            if old is None
            else {
                self.COL_RANK: format_number(old.rank),
                self.COL_IDEA: old.title,
                self.COL_PHONE: format_number(old.phone_dots),
                self.COL_PAPER: format_number(old.paper_dots),
                self.COL_TOTAL: format_number(old.total),
            }
        )
        # Touch only what changed: every call into an item is work on the GUI thread.
        for column, (text, native) in values.items():
            if old_texts.get(column) == text:
                continue
            item = self.item(position, column)
            item.setText(text)
            item.setData(native, self.SortRole)
        if old is None or old.idea_id != row.idea_id:
            self.item(position, self.COL_IDEA).setData(row.idea_id, self.IdeaRole)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Typing into the paper column asks the controller; the cell follows the session's event."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != self.COL_PAPER:
            return False  # the cells show the session's tally; only paper dots are typed in
        try:
            count = value if isinstance(value, int) else parse_count(str(value))  # the cell shows "1 234"
        except ValueError:
            return False
        row = self._rows[index.row()]
        if count < 0 or count == row.paper_dots:
            return False
        self.paper_dots_entered.emit(row.idea_id, count)
        return True
