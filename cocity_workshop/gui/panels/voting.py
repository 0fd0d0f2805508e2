"""Voting: rounds (long list, short list), open/close/reveal, the live tally chart and paper dots."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.gui.panels.common import button, heading, table
from cocity_workshop.gui.panels.round_clock import RoundClockRow
from cocity_workshop.gui.panels.round_dialog import RoundDialog
from cocity_workshop.gui.projector_vote import voted_text
from cocity_workshop.gui.widgets import TallyChart, plain_label
from cocity_workshop.i18n import _, ngettext

__all__ = ["RoundDialog", "VotingPanel"]

#: The facilitator's chart follows a live round four times a second (the projector's at once).
PANEL_CHART_INTERVAL = 0.25


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
        self.clock_row = RoundClockRow(controller)
        right_layout.addWidget(self.clock_row)
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
            self.clock_row.show_round(None)
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
        self.clock_row.show_round(vote_round)
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
