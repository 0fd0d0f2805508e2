"""Undo and redo over the session's use cases.

Every facilitator edit in the session returns what it replaced (the old idea, the old status, the
previous order...). A ``SessionCommand`` keeps the two halves: ``do`` (run now, and again on redo) and
``undo`` (built from what ``do`` returned). If the room has moved on and an undo no longer applies (a
phone voted for an idea that the undo would remove), the session refuses, the facilitator is told why,
and the command leaves the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from cocity_workshop.core.errors import DomainError


class SessionCommand(QUndoCommand):
    """One undoable facilitator edit.

    ``do()`` performs the edit and returns its result (what the session returned); ``undo(result)``
    reverses it. The command is created *after* the first ``do`` succeeded, so pushing it does not run
    the edit a second time.
    """

    def __init__(
        self,
        text: str,
        do: Callable[[], Any],
        undo: Callable[[Any], Any],
        result: Any,
        on_error: Callable[[DomainError], None],
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self.result = result
        self._on_error = on_error
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        try:
            self.result = self._do()
        except DomainError as error:
            self.setObsolete(True)
            self._on_error(error)

    def undo(self) -> None:
        try:
            self._undo(self.result)
        except DomainError as error:
            self.setObsolete(True)
            self._on_error(error)
