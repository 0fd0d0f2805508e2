"""The sync settings list dialog: the targets of "Deliver to the city", added, edited and removed.

``SyncSettingsDialog`` lists the targets of ``sync.toml`` and opens ``SyncTargetDialog``
(``cocity_workshop.gui.sync_target_dialog``) to add or edit one; the pieces both share are in
``cocity_workshop.gui.sync_fields``. The form's texts and the target dialog are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.gui.models.sync_targets import SyncTargetsTableModel, TargetRow
from cocity_workshop.gui.panels.common import table
from cocity_workshop.gui.sync_fields import FIELD_TEXTS as FIELD_TEXTS
from cocity_workshop.gui.sync_fields import FORM_KEYS as FORM_KEYS
from cocity_workshop.gui.sync_fields import display_path, error_colour, message_label, show_message, write_changes
from cocity_workshop.gui.sync_fields import placeholder as placeholder
from cocity_workshop.gui.sync_target_dialog import SyncTargetDialog as SyncTargetDialog
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _
from cocity_workshop.sync.editing import (
    describe_target,
)
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.settings import (
    TargetSettings,
    default_settings_path,
    load_settings,
)


class SyncSettingsDialog(QDialog):
    """The targets "Export for the city" and "Sync now" deliver to: a list with Add, Edit and Remove.

    Every change is written to ``sync.toml`` at once; ``settings_saved`` tells the outbox to look again.
    ``ask`` is off in tests: Remove then does not ask for confirmation.
    """

    #: The settings file was written.
    settings_saved = Signal()

    def __init__(self, path: Path | None = None, parent: QWidget | None = None, *, ask: bool = True) -> None:
        super().__init__(parent)
        self.path = path or default_settings_path()
        self.ask = ask
        self.targets: tuple[TargetSettings, ...] = ()
        self.editor: SyncTargetDialog | None = None
        self.setWindowTitle(_("Sync settings"))
        outer = QVBoxLayout(self)
        outer.addWidget(
            plain_label(
                _(
                    "Where Export for the city delivers the workshop's results. Passwords and tokens are kept "
                    "only in the settings file on this computer, readable by you alone:"
                )
            )
        )
        self.path_label = plain_label(display_path(self.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.path_label)
        self.model = SyncTargetsTableModel(self)
        self.view = table(self.model, stretch=SyncTargetsTableModel.COL_WHERE, editable=False)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _index: self.edit_target())
        self.view.setMinimumHeight(140)
        outer.addWidget(self.view, 1)
        self.problem_label = message_label()
        outer.addWidget(self.problem_label)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add…"))
        self.add_button.clicked.connect(lambda _c=False: self.add_target())
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(lambda _c=False: self.edit_target())
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(lambda _c=False: self.remove_target())
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.reload()
        self.resize(760, 420)

    # -- the list ------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> bool:
        """Read the settings file again; a file with a mistake is shown, not edited."""
        try:
            settings = load_settings(self.path)
        except SettingsError as error:
            self.targets = ()
            self.model.set_rows([])
            show_message(
                self.problem_label,
                _(
                    "The settings file has a mistake, so it cannot be edited here: {problem} Fix it in a text editor."
                ).format(problem=error),
                error_colour(),
            )
            self.add_button.setEnabled(False)
            self._update_buttons()
            return False
        self.targets = settings.targets
        self.model.update_rows([self._row(t) for t in self.targets])
        self.add_button.setEnabled(True)
        if not self.targets:
            show_message(self.problem_label, _("No targets yet: Add one to deliver results to the city."))
        else:
            show_message(self.problem_label, "")
        if select is not None and (row := self.model.row_of(select)) >= 0:
            self.view.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()
        return True

    @staticmethod
    def _row(target: TargetSettings) -> TargetRow:
        return TargetRow(target.name, target.type, target.tier, target.enabled, describe_target(target))

    def selected(self) -> TargetSettings | None:
        """The target selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        name = self.model.row_at(rows[0].row()).name
        return next((t for t in self.targets if t.name == name), None)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # -- changes -------------------------------------------------------------------------------
    def add_target(self) -> SyncTargetDialog:
        """Open an empty target form (window-modal; the list follows when it is saved)."""
        return self._open_editor(None)

    def edit_target(self, name: str | None = None) -> SyncTargetDialog | None:
        """Open the form of the selected target (or of ``name``)."""
        target = self.selected() if name is None else next((t for t in self.targets if t.name == name), None)
        if target is None:
            return None
        return self._open_editor(target)

    def _open_editor(self, saved: TargetSettings | None) -> SyncTargetDialog:
        others = tuple(t.name for t in self.targets if saved is None or t.name != saved.name)
        editor = SyncTargetDialog(saved, taken_names=others, path=self.path, parent=self)
        self.editor = editor

        def finished(result: int) -> None:
            if self.editor is editor:
                self.editor = None
            if result == QDialog.DialogCode.Accepted and editor.saved_target is not None:
                self.reload(select=editor.saved_target.name)
                self.settings_saved.emit()
            editor.deleteLater()

        editor.finished.connect(finished)
        editor.open()
        return editor

    def remove_target(self, name: str | None = None) -> bool:
        """Take the selected target (or ``name``) out of the settings, after asking."""
        target = self.selected() if name is None else next((t for t in self.targets if t.name == name), None)
        if target is None:
            return False
        if self.ask and not self._confirm(
            _(
                "Remove the target {name}? Copies already delivered there stay where they are; bundles still "
                "waiting for it are no longer delivered there."
            ).format(name=target.name)
        ):
            return False
        if not write_changes({target.name: None}, self.path, self.problem_label):
            return False
        self.reload()
        self.settings_saved.emit()
        return True

    def _confirm(self, text: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Remove the target"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def open_sync_settings(parent: QWidget | None, on_saved: Callable[[], Any] | None = None) -> SyncSettingsDialog:
    """Show the sync settings (window-modal, not blocking); ``on_saved`` runs after each change is written."""
    dialog = SyncSettingsDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_saved is not None:
        dialog.settings_saved.connect(on_saved)
    dialog.open()
    return dialog
