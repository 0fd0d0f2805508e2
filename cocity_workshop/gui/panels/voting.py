"""Voting: rounds (long list, short list), open/close/reveal, the live tally chart and paper dots."""

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
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.model import IdeaStatus, ResultsMode, RoundState, VoteRound
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.gui.panels.common import button, heading, table
from cocity_workshop.gui.projector_vote import voted_text
from cocity_workshop.gui.widgets import TallyChart, plain_label
from cocity_workshop.i18n import _, ngettext

#: The facilitator's chart follows a live round four times a second (the projector's at once).
PANEL_CHART_INTERVAL = 0.25


class RoundDialog(QDialog):
    """A new vote round: which ideas are on the ballot, dots per participant, cap per idea, when results show."""

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
        form = QFormLayout(self)
        form.addRow(_("Name"), self.title_edit)
        form.addRow(_("Ideas on the ballot"), self.ideas_list)
        form.addRow("", pick)
        form.addRow("", self.short_list_note)
        form.addRow(_("Dots per participant"), self.dots_spin)
        form.addRow(_("Most dots on one idea"), self.cap_spin)
        form.addRow(_("Results"), self.results_combo)
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
        )


class VotingPanel(QWidget):
    """Rounds on the left; the focused round's tally (table with paper dots, and chart) on the right."""

    def __init__(self, controller: WorkshopController, host: ServerHost | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.host = host
        self._shown_ballots: tuple[VoteRound | None, int] | None = None
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading(_("Vote rounds"), 1.0))
        self.rounds_view = table(controller.live.rounds_model, stretch=0, editable=False)
        self.rounds_view.selectionModel().currentRowChanged.connect(self._round_chosen)
        left_layout.addWidget(self.rounds_view, 1)
        row1 = QHBoxLayout()
        row1.addWidget(button(_("New round…"), self.new_round, shortcut="Ctrl+Shift+R"))
        row1.addWidget(button(_("Delete"), lambda: self._on_focus(controller.delete_round)))
        left_layout.addLayout(row1)
        row2 = QHBoxLayout()
        self.open_button = button(
            _("Open voting"), lambda: self._on_focus(controller.start_round), shortcut="Ctrl+Shift+O"
        )
        self.close_button = button(
            _("Close voting"), lambda: self._on_focus(controller.close_round), shortcut="Ctrl+Shift+C"
        )
        self.reveal_button = button(
            _("Reveal results"), lambda: self._on_focus(controller.reveal_round), shortcut="Ctrl+Shift+V"
        )
        for widget in (self.open_button, self.close_button, self.reveal_button):
            row2.addWidget(widget)
        left_layout.addLayout(row2)
        self.state_label = plain_label()
        left_layout.addWidget(self.state_label)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.tally_title = heading("", 1.0)
        right_layout.addWidget(self.tally_title)
        #: While the round is open and phones are served: "N of M have voted", as the projector shows it.
        self.voted_label = heading("", 1.4)
        self.voted_label.setToolTip(
            _("Phones that voted in this round, of the phones connected now and those that voted and left.")
        )
        right_layout.addWidget(self.voted_label)
        # Not sized to its contents: that would measure every cell again on each count while phones vote.
        self.tally_view = table(controller.live.tally_model, stretch=TallyTableModel.COL_IDEA, fit_contents=False)
        for column in range(len(TallyTableModel.HEADERS)):
            if column != TallyTableModel.COL_IDEA:
                self.tally_view.resizeColumnToContents(column)
        self.tally_view.setToolTip(_("Type the dots counted on the paper wall chart into the Paper dots column."))
        self.chart = TallyChart(controller.live.tally_model, min_interval=PANEL_CHART_INTERVAL)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self.tally_view)
        inner.addWidget(self.chart)
        inner.setSizes([340, 260])
        right_layout.addWidget(inner, 1)
        self.paper_check = QCheckBox(_("Paper dots are counted in the total, labelled as paper"))
        self.paper_check.setChecked(True)
        self.paper_check.setEnabled(False)
        right_layout.addWidget(self.paper_check)
        splitter.addWidget(right)
        splitter.setSizes([600, 760])
        QVBoxLayout(self).addWidget(splitter)

        controller.live.focus_round_changed.connect(lambda _r: self.show_focus())
        controller.live.rounds_changed.connect(self.show_focus)
        controller.live.tally_changed.connect(self.show_ballots)
        if host is not None:
            host.room_changed.connect(self.show_voted)
            host.state_changed.connect(self.show_voted)
        self.show_focus()

    def _round_chosen(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.controller.live.set_focus_round(self.controller.live.rounds_model.row_at(current.row()).id)

    def _on_focus(self, operation: Any) -> None:
        vote_round = self.controller.live.focus_round()
        if vote_round is None:
            self.controller.error_raised.emit(_("Choose a vote round first."))
            return
        operation(vote_round.id)

    def show_focus(self) -> None:
        """The focused round's state, buttons that apply to it, and its tally."""
        vote_round = self.controller.live.focus_round()
        if vote_round is None:
            self.tally_title.setText(_("No vote round yet"))
            self.state_label.setText(_("Create a round with the ideas to vote on."))
            for widget in (self.open_button, self.close_button, self.reveal_button):
                widget.setEnabled(False)
            return
        row = self.controller.live.rounds_model.row_of(vote_round.id)
        if self.rounds_view.currentIndex().row() != row:
            self.rounds_view.selectionModel().blockSignals(True)
            self.rounds_view.setCurrentIndex(self.controller.live.rounds_model.index(row, 0))
            self.rounds_view.selectionModel().blockSignals(False)
        self.open_button.setEnabled(vote_round.state in (RoundState.DRAFT, RoundState.CLOSED))
        self.close_button.setEnabled(vote_round.state is RoundState.OPEN)
        self.reveal_button.setEnabled(vote_round.state is RoundState.CLOSED)
        self._shown_ballots = None
        self.show_ballots()
        self.show_voted()
        on_projector = (
            _("the projector shows the result")
            if vote_round.results_public
            else _("the projector does not show the result")
        )
        self.state_label.setText(
            _("This round is {state}; {projector}.").format(
                state=self.controller.live.rounds_model.display(
                    vote_round, self.controller.live.rounds_model.COL_STATE
                ),
                projector=on_projector,
            )
        )

    def show_ballots(self) -> None:
        """The focused round's name and ballots (while phones vote: only when the count changed)."""
        vote_round = self.controller.live.focus_round()
        shown = (vote_round, self.controller.live.tally_model.ballots)
        if vote_round is None or shown == self._shown_ballots:
            return
        self._shown_ballots = shown
        self.tally_title.setText(
            ngettext("{title}: {count} ballot", "{title}: {count} ballots", shown[1]).format(
                title=vote_round.title, count=shown[1]
            )
        )

    def show_voted(self) -> None:
        """How many of the room have voted in the focused round while it is open and the server runs."""
        vote_round = self.controller.live.focus_round()
        counted = self.host.voted(vote_round.id) if self.host is not None and vote_round is not None else None
        self.voted_label.setText(voted_text(*counted) if counted is not None else "")
        self.voted_label.setVisible(counted is not None)

    def new_round(self) -> None:
        """Open the round dialog and create the round."""
        dialog = RoundDialog(self.controller, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            dialog.create_round()
