"""Undo and redo over the session's use cases: the undo stack's command and the kinds of edit.

Every facilitator edit in the session returns what undo needs: the row it added, the row it removed,
the value or the fields it replaced. The session offers the inverse of each (``remove_*`` for an
addition, ``restore_*`` for a removal, the same use case again for a replaced value), so the GUI writes
no inverse by hand: a ``SessionCommand`` keeps ``do`` (run now, and again on redo) and ``undo`` (called
with what ``do`` returned). If the room has moved on and an undo no longer applies (a phone voted for an
idea that the undo would remove), the session refuses, the facilitator is told why, and the command
leaves the stack.

``Operations`` is the base of the ``WorkshopController``: one helper per kind of edit, so that each
operation is a line or two (see docs/decisions/0030-undo-in-the-session.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from cocity_workshop.core.errors import DomainError
from cocity_workshop.gui.live import LiveWorkshop
from cocity_workshop.i18n import _
from cocity_workshop.session import WorkshopSession

T = TypeVar("T")
V = TypeVar("V")


class Row(Protocol):
    """A row of the workshop a use case added (it has an id to remove it by)."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Row)


class SessionCommand(QUndoCommand, Generic[T]):
    """One undoable facilitator edit.

    ``do()`` performs the edit and returns its result (what the session returned); ``undo(result)``
    reverses it. The command is created *after* the first ``do`` succeeded, so pushing it does not run
    the edit a second time.
    """

    def __init__(
        self,
        text: str,
        do: Callable[[], T],
        undo: Callable[[T], object],
        result: T,
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


class Operations(QObject):
    """The session of the open workshop, its live models and the undo stack, with the kinds of edit.

    Room actions (not undoable) run through ``_try``; edits through one of ``_added``, ``_removed``,
    ``_swap`` and ``_fields``, or ``_edit`` for an inverse that fits none of them. Refusals are reported
    through ``error_raised`` (a message for people), never raised at the views.
    """

    error_raised = Signal(str)

    def __init__(self, session: WorkshopSession, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        #: The models and live state the views show, kept up to date from the session's events.
        self.live = LiveWorkshop(session, clock, self)

    def undo(self) -> None:
        """Undo the last edit."""
        self.undo_stack.undo()
        self.live.flush()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.undo_stack.redo()
        self.live.flush()

    def _try(self, operation: Callable[[], T]) -> T | None:
        """Run a room action (not undoable); report a refusal instead of raising it."""
        try:
            result = operation()
        except DomainError as error:
            self.error_raised.emit(str(error))
            return None
        self.live.flush()
        return result

    def _edit(self, text: str, do: Callable[[], T], undo: Callable[[T], object]) -> T | None:
        """Run an undoable edit now and put it on the undo stack as ``text`` (the Edit menu's words)."""
        try:
            result = do()
        except DomainError as error:
            self.error_raised.emit(str(error))
            return None
        self.undo_stack.push(SessionCommand(text, do, undo, result, self._report))
        self.live.flush()
        return result

    def _added(self, text: str, add: Callable[[], R], remove: Callable[[int], object]) -> R | None:
        """An addition: undo removes the row ``add`` returned, by its id (redo adds it again)."""
        return self._edit(text, add, lambda row: remove(row.id))

    def _removed(self, text: str, remove: Callable[[], T], restore: Callable[[T], object]) -> T | None:
        """A removal: undo restores what ``remove`` returned, with its id and place (redo removes it again)."""
        return self._edit(text, remove, restore)

    def _swap(self, text: str, put: Callable[[V], V], value: V) -> V | None:
        """A replaced value: ``put`` returns the value it replaced, and undo puts that back with it."""
        return self._edit(text, lambda: put(value), put)

    def _fields(self, text: str, change: Callable[..., T], changes: Mapping[str, object]) -> T | None:
        """Changed fields: ``change`` returns the thing as it was, and undo writes those fields back."""

        def undo(before: T) -> object:
            return change(**{name: getattr(before, name) for name in changes})

        return self._edit(text, lambda: change(**changes), undo)

    def _report(self, error: DomainError) -> None:
        self.error_raised.emit(_("This step cannot be undone any more: {reason}").format(reason=error))
