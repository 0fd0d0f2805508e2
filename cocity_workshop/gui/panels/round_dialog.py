"""The new vote round dialog: the ballot's ideas (all, none or the top of the last revealed round), its dots,
when results show and how long voting lasts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
)

from cocity_workshop.core.model import IdeaStatus, ResultsMode, VoteRound
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import button
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


class RoundDialog(QDialog):
    """A new vote round: which ideas are on the ballot, dots per participant, cap per idea, when results show,
    and how long voting lasts (optional), closing by itself at zero if asked."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New vote round"))
        self.controller = controller
        count = len(controller.live.rounds_model.rows)
        self.title_edit = QLineEdit(_("Round {number}").format(number=count + 1))
        self.ideas_list = QListWidget()
        visible = [row for row in controller.live.ideas_model.rows if row.status is IdeaStatus.VISIBLE]
        ranked = self._ranking()
        visible.sort(key=lambda idea: (-ranked.get(idea.id, 0), idea.id))
        for idea in visible:
            item = QListWidgetItem(idea.title)  # list items show text literally
            item.setData(Qt.ItemDataRole.UserRole, idea.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.ideas_list.addItem(item)
        pick = QHBoxLayout()
        pick.addWidget(button(_("All"), lambda: self._check_top(len(visible))))
        pick.addWidget(button(_("None"), lambda: self._check_top(0)))
        self.top_spin = QSpinBox()
        self.top_spin.setRange(1, max(1, len(visible)))
        self.top_spin.setValue(min(5, max(1, len(visible))))
        pick.addWidget(button(_("Only the top"), lambda: self._check_top(self.top_spin.value())))
        pick.addWidget(self.top_spin)
        self.short_list_note = plain_label(
            _("The top is taken from the last revealed round (a short list after a long list).") if ranked else ""
        )
        self.dots_spin = QSpinBox()
        self.dots_spin.setRange(1, 50)
        self.dots_spin.setValue(5)
        self.cap_spin = QSpinBox()
        self.cap_spin.setRange(1, 50)
        self.cap_spin.setValue(3)
        self.results_combo = QComboBox()
        self.results_combo.addItem(_("hidden until I reveal them"), ResultsMode.HIDDEN.value)
        self.results_combo.addItem(_("live while the room votes"), ResultsMode.LIVE.value)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(0, 120)
        self.minutes_spin.setSpecialValueText(_("no time limit"))
        self.minutes_spin.setToolTip(_("A countdown on the projector, the phones and here, from when voting opens."))
        self.closes_check = QCheckBox(_("Close voting by itself when the time is up"))
        self.closes_check.setEnabled(False)
        self.minutes_spin.valueChanged.connect(lambda minutes: self.closes_check.setEnabled(minutes > 0))
        form = QFormLayout(self)
        form.addRow(_("Name"), self.title_edit)
        form.addRow(_("Ideas on the ballot"), self.ideas_list)
        form.addRow("", pick)
        form.addRow("", self.short_list_note)
        form.addRow(_("Dots per participant"), self.dots_spin)
        form.addRow(_("Most dots on one idea"), self.cap_spin)
        form.addRow(_("Results"), self.results_combo)
        form.addRow(_("Time to vote (minutes)"), self.minutes_spin)
        form.addRow("", self.closes_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create round"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 560)

    def _ranking(self) -> dict[int, int]:
        return self.controller.live.revealed_totals()

    def _check_top(self, count: int) -> None:
        for row in range(self.ideas_list.count()):
            self.ideas_list.item(row).setCheckState(Qt.CheckState.Checked if row < count else Qt.CheckState.Unchecked)

    def chosen_ids(self) -> list[int]:
        """The ideas ticked for the ballot, in list order."""
        items = (self.ideas_list.item(row) for row in range(self.ideas_list.count()))
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def create_round(self) -> VoteRound | None:
        """Create the round as set in the dialog."""
        return self.controller.create_round(
            self.title_edit.text(),
            self.chosen_ids(),
            self.dots_spin.value(),
            self.cap_spin.value(),
            ResultsMode(self.results_combo.currentData()),
            duration_seconds=self.minutes_spin.value() * 60 or None,
            closes_itself=self.minutes_spin.value() > 0 and self.closes_check.isChecked(),
        )
