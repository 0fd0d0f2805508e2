"""``PhasesTableModel``: the agenda, with each phase's planned minutes and where it stands."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont

from cocity_workshop.core import agenda
from cocity_workshop.core.model import Phase
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.i18n import N_, _


def phase_state(phase: Phase) -> str:
    """ "planned", "running", "paused" or "done", translated."""
    if phase.started_at is None:
        return _("planned")
    if phase.ended_at is not None:
        return _("done")
    return _("paused") if phase.paused_at is not None else _("running")


def format_seconds(seconds: float) -> str:
    """A countdown as ``m:ss`` (``h:mm:ss`` from an hour), with a minus sign when over time."""
    sign = "\u2212" if seconds < 0 else ""
    total = int(abs(seconds) + (0.999 if seconds >= 0 else 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


class PhasesTableModel(RowsTableModel[Phase]):
    """The agenda's phases in order; names and planned minutes are edited in place (undoably)."""

    COL_TITLE = 0
    COL_MINUTES = 1
    COL_STATE = 2
    HEADERS = (N_("Phase"), N_("Minutes"), N_("State"))

    #: The facilitator edited a cell: (phase id, "title" or "planned_minutes", new value).
    edit_requested = Signal(int, str, object)

    def __init__(self, clock: Callable[[], float] = time.time, parent: Any = None) -> None:
        super().__init__(parent)
        self._clock = clock

    def display(self, row: Phase, column: int) -> Any:
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_MINUTES:
            return str(row.planned_minutes)
        if column == self.COL_STATE:
            state = phase_state(row)
            if row.started_at is not None and row.ended_at is None:
                left = agenda.clock(row, self._clock()).remaining_seconds
                return _("{state}, {time} left").format(state=state, time=format_seconds(left))
            return state
        return None

    def edit_value(self, row: Phase, column: int) -> Any:
        if column == self.COL_MINUTES:
            return row.planned_minutes
        return self.display(row, column)

    def sort_value(self, row: Phase, column: int) -> Any:
        return row.planned_minutes if column == self.COL_MINUTES else row.position

    def other_data(self, row: Phase, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.started_at is not None and row.ended_at is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_MINUTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (self.COL_TITLE, self.COL_MINUTES):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        if index.column() == self.COL_TITLE and str(value) != row.title:
            self.edit_requested.emit(row.id, "title", str(value))
            return True
        if index.column() == self.COL_MINUTES:
            try:
                minutes = int(value)
            except (TypeError, ValueError):
                return False
            if minutes != row.planned_minutes:
                self.edit_requested.emit(row.id, "planned_minutes", minutes)
                return True
        return False

    def tick(self) -> None:
        """Update the running phase's time left (called once a second)."""
        for position, row in enumerate(self._rows):
            if row.started_at is not None and row.ended_at is None:
                index = self.index(position, self.COL_STATE)
                self.dataChanged.emit(index, index)
