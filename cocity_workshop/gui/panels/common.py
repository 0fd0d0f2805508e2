"""Small helpers the panels share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QInputDialog,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)


def button(
    text: str, slot: Callable[[], Any], *, shortcut: str | QKeySequence.StandardKey | None = None, tip: str = ""
) -> QPushButton:
    """A push button that calls ``slot``; the shortcut is shown in its tooltip."""
    widget = QPushButton(text)
    widget.clicked.connect(lambda _checked=False: slot())
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        widget.setShortcut(sequence)
        native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        widget.setToolTip(f"{tip} ({native})" if tip else native)
    elif tip:
        widget.setToolTip(tip)
    return widget


def shortcut(parent: QWidget, keys: str | QKeySequence.StandardKey, slot: Callable[[], Any]) -> QShortcut:
    """A shortcut active while ``parent``'s window is active and ``parent`` is visible."""
    short = QShortcut(QKeySequence(keys), parent)
    short.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    short.activated.connect(slot)
    return short


def table(model: Any, *, stretch: int | None = None, editable: bool = True, fit_contents: bool = True) -> QTableView:
    """A table view with the app's defaults (row selection, alternating rows, no grid)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    if fit_contents:  # reads every row: only for short tables
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if not editable:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    else:
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
    return view


def heading(text: str, scale: float = 1.25) -> Any:
    """A bold section heading (app text, never participant text)."""
    from cocity_workshop.gui.widgets import plain_label

    label = plain_label(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text field that reports its text when it loses focus (the file is always saved)."""

    committed = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._shown = ""

    def set_text(self, text: str) -> None:
        """Show ``text`` (from the session) unless the facilitator is typing here."""
        if not self.hasFocus() and text != self.toPlainText():
            self.setPlainText(text)
        self._shown = text

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText() != self._shown:
            self._shown = self.toPlainText()
            self.committed.emit(self.toPlainText())


def multiline_dialog(parent: QWidget, title: str, label: str, text: str) -> QInputDialog:
    """A dialog asking for several lines: Enter starts a new line, Ctrl+Enter confirms (as OK does)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    editor = dialog.findChild(QPlainTextEdit)
    if editor is not None:  # the text box takes Ctrl+Enter before any shortcut could
        editor.installEventFilter(_CtrlEnterAccepts(dialog))
    return dialog


class _CtrlEnterAccepts(QObject):
    """Accepts its dialog when Ctrl+Enter (or Ctrl+Return) is pressed in the watched text box."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._dialog.accept()
            return True
        return False


def ask_multiline(parent: QWidget, title: str, label: str, text: str) -> tuple[str, bool]:
    """Ask for several lines of text (``QInputDialog.getMultiLineText``, with Ctrl+Enter to confirm)."""
    dialog = multiline_dialog(parent, title, label, text)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.textValue(), accepted
