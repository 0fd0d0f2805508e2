"""Helpers the panels share: the multi-line dialog confirms with Ctrl+Enter, Enter starts a new line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.panels.common import multiline_dialog


def test_enter_adds_a_line_and_ctrl_enter_confirms(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = multiline_dialog(parent, "Edit idea", "Description", "First line")
    dialog.open()
    editor = dialog.findChild(QPlainTextEdit)
    assert editor is not None
    qtbot.waitExposed(dialog)
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "Second line")
    assert dialog.isVisible()  # Enter did not close it
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.textValue() == "First line\nSecond line"
