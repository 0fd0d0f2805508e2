"""The action plan: actions from the top ideas, milestones and checkpoints, the go-official checklist."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.model import (
    GO_OFFICIAL_LABELS,
    MILESTONE_STATUS_LABELS,
    Action,
    GoOfficialKind,
    IdeaStatus,
    MilestoneStatus,
)
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.actions import ActionsTableModel
from cocity_workshop.gui.panels.common import button, heading, table
from cocity_workshop.i18n import _, format_iso_day


class ActionsPanel(QWidget):
    """Actions on top; the focused action's milestones and go-official checklist below."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        self.idea_combo = QComboBox()
        self.idea_combo.setMinimumContentsLength(30)
        self.idea_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        row.addWidget(heading(_("Action plan"), 1.0))
        row.addStretch(1)
        row.addWidget(self.idea_combo, 2)
        row.addWidget(button(_("Action from this idea"), self.add_from_idea, shortcut="Ctrl+Shift+A"))
        row.addWidget(button(_("Other action…"), self.add_other))
        row.addWidget(button(_("Remove"), self.remove_action))
        outer.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.actions_view = table(
            controller.live.actions_model, stretch=ActionsTableModel.COL_TITLE, fit_contents=False
        )  # fixed widths the facilitator can drag: an edit does not move the cells under the cursor
        self._set_column_widths()
        self.actions_view.setToolTip(_("Double-click a cell to edit owner, department or next step."))
        self.actions_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_details())
        splitter.addWidget(self.actions_view)
        details = QWidget()
        details_layout = QHBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        milestones = QVBoxLayout()
        milestones.addWidget(heading(_("Milestones and checkpoints"), 1.0))
        self.milestones_list = QListWidget()
        milestones.addWidget(self.milestones_list, 1)
        m_row = QHBoxLayout()
        self.milestone_title = QLineEdit()
        self.milestone_title.setPlaceholderText(_("Milestone"))
        self.milestone_date = QLineEdit()
        self.milestone_date.setPlaceholderText(_("YYYY-MM-DD"))
        self.milestone_date.setMaximumWidth(120)
        self.milestone_title.returnPressed.connect(self.add_milestone)
        self.milestone_date.returnPressed.connect(self.add_milestone)
        m_row.addWidget(self.milestone_title, 1)
        m_row.addWidget(self.milestone_date)
        m_row.addWidget(button(_("Add"), self.add_milestone))
        milestones.addLayout(m_row)
        s_row = QHBoxLayout()
        self.status_combo = QComboBox()
        for status in MilestoneStatus:
            self.status_combo.addItem(_(MILESTONE_STATUS_LABELS[status]), status.value)
        s_row.addWidget(self.status_combo, 1)
        s_row.addWidget(button(_("Set status"), self.set_milestone_status))
        milestones.addLayout(s_row)
        details_layout.addLayout(milestones, 1)
        official = QVBoxLayout()
        official.addWidget(heading(_("Go official"), 1.0))
        self.official_list = QListWidget()
        self.official_list.itemChanged.connect(self._official_ticked)
        official.addWidget(self.official_list, 1)
        o_row = QHBoxLayout()
        self.kind_combo = QComboBox()
        for kind in GoOfficialKind:
            self.kind_combo.addItem(_(GO_OFFICIAL_LABELS[kind]), kind.value)
        self.official_text = QLineEdit()
        self.official_text.setPlaceholderText(_("e.g. Council resolution on school streets"))
        self.official_text.returnPressed.connect(self.add_official)
        o_row.addWidget(self.kind_combo)
        o_row.addWidget(self.official_text, 1)
        o_row.addWidget(button(_("Add"), self.add_official))
        official.addLayout(o_row)
        details_layout.addLayout(official, 1)
        splitter.addWidget(details)
        splitter.setSizes([320, 300])
        outer.addWidget(splitter, 1)

        controller.live.actions_changed.connect(self.show_details)
        controller.live.ideas_changed.connect(self.show_ideas)
        controller.live.rounds_changed.connect(self.show_ideas)
        self.show_ideas()
        self.show_details()

    def show_ideas(self) -> None:
        """Offer ideas for new actions, the top of the last revealed round first."""
        totals = self.controller.live.revealed_totals()
        ideas = [row for row in self.controller.live.ideas_model.rows if row.status is IdeaStatus.VISIBLE]
        ideas.sort(key=lambda idea: (-totals.get(idea.id, 0), idea.id))
        current = self.idea_combo.currentData()
        self.idea_combo.clear()
        for idea in ideas:
            dots = totals.get(idea.id)
            label = _("{title} ({dots} dots)").format(title=idea.title, dots=dots) if dots else idea.title
            self.idea_combo.addItem(label, idea.id)
        if current is not None:
            self.idea_combo.setCurrentIndex(max(0, self.idea_combo.findData(current)))

    def current_action(self) -> Action | None:
        """The focused action."""
        index = self.actions_view.currentIndex()
        return self.controller.live.actions_model.row_at(index.row()) if index.isValid() else None

    def _set_column_widths(self) -> None:
        """Starting widths: about 22 characters for owner, department and next step (their whole text is
        in the tooltip), the counts' columns as wide as their headings; the Action column takes the rest."""
        header = self.actions_view.horizontalHeader()
        metrics = self.actions_view.fontMetrics()
        model = self.actions_view.model()
        for column in (ActionsTableModel.COL_OWNER, ActionsTableModel.COL_DEPARTMENT, ActionsTableModel.COL_NEXT_STEP):
            header.resizeSection(column, metrics.averageCharWidth() * 22)
        for column in (ActionsTableModel.COL_MILESTONES, ActionsTableModel.COL_OFFICIAL):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, metrics.horizontalAdvance(title) + 4 * metrics.averageCharWidth())

    def show_details(self) -> None:
        """The focused action's milestones and checklist."""
        action = self.current_action()
        self.milestones_list.clear()
        self.official_list.blockSignals(True)
        self.official_list.clear()
        if action is not None:
            for milestone in action.milestones:
                due = format_iso_day(milestone.due_date) if milestone.due_date else "—"
                text = f"{milestone.title} · {due} · {_(MILESTONE_STATUS_LABELS[milestone.status])}"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, milestone.id)
                self.milestones_list.addItem(item)
            for step in action.go_official:
                item = QListWidgetItem(f"{_(GO_OFFICIAL_LABELS[step.kind])}: {step.text}")
                item.setData(Qt.ItemDataRole.UserRole, step.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if step.done else Qt.CheckState.Unchecked)
                self.official_list.addItem(item)
        self.official_list.blockSignals(False)

    def select_action(self, action_id: int) -> None:
        """Put the focus on an action."""
        row = self.controller.live.actions_model.row_of(action_id)
        if row >= 0:
            self.actions_view.setCurrentIndex(self.controller.live.actions_model.index(row, 0))

    def add_from_idea(self) -> None:
        """Turn the chosen idea into an action (its title as the action's title)."""
        idea_id = self.idea_combo.currentData()
        if idea_id is None:
            return
        title = self.controller.live.idea_titles().get(int(idea_id), "")
        action = self.controller.add_action(title, idea_id=int(idea_id))
        if action is not None:
            self.select_action(action.id)

    def add_other(self) -> None:
        """An action that comes from no single idea."""
        title, ok = QInputDialog.getText(self, _("New action"), _("What will be done?"))
        if ok and title.strip():
            action = self.controller.add_action(title)
            if action is not None:
                self.select_action(action.id)

    def remove_action(self) -> None:
        """Remove the focused action (undo brings it back with its milestones)."""
        action = self.current_action()
        if action is not None:
            self.controller.remove_action(action.id)

    def add_milestone(self) -> None:
        """Add the typed milestone to the focused action."""
        action = self.current_action()
        if action is None or not self.milestone_title.text().strip():
            return
        if (
            self.controller.add_milestone(action.id, self.milestone_title.text(), self.milestone_date.text())
            is not None
        ):
            self.milestone_title.clear()
            self.milestone_date.clear()

    def set_milestone_status(self) -> None:
        """Set the chosen status on the selected milestone."""
        item = self.milestones_list.currentItem()
        if item is not None:
            status = MilestoneStatus(self.status_combo.currentData())
            self.controller.set_milestone_status(int(item.data(Qt.ItemDataRole.UserRole)), status)

    def add_official(self) -> None:
        """Add a go-official step to the focused action."""
        action = self.current_action()
        if action is None or not self.official_text.text().strip():
            return
        kind = GoOfficialKind(self.kind_combo.currentData())
        if self.controller.add_go_official(action.id, kind, self.official_text.text()) is not None:
            self.official_text.clear()

    def _official_ticked(self, item: QListWidgetItem) -> None:
        self.controller.set_go_official_done(
            int(item.data(Qt.ItemDataRole.UserRole)), item.checkState() == Qt.CheckState.Checked
        )
