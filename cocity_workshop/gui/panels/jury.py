"""The Hackathon panel's jury page (#19): the criteria with weights and scales, jury tickets, and judging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.hackathon import JUDGING_STATE_LABELS, SCALE_LIMIT, WEIGHT_MAX, JudgingState
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.panels.common import button, heading
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _, ngettext


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    spin.setAccessibleName(tip)
    return spin


class JuryPage(QWidget):
    """Criteria on one side; jury tickets, jurors and judging on the other."""

    def __init__(self, controller: WorkshopController, host: ServerHost | None, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.host = host
        #: Tests replace this to choose where the jury tickets go.
        self.ask_path = self._ask_path
        body = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(heading(_("Criteria"), 1.0))
        left.addWidget(plain_label(_("The jury scores every project on each criterion; fixed once judging opens.")))
        self.criteria_list = QListWidget()
        left.addWidget(self.criteria_list, 1)
        add = QHBoxLayout()
        self.criterion_name = QLineEdit()
        self.criterion_name.setPlaceholderText(_("e.g. Impact"))
        self.criterion_name.returnPressed.connect(self.add_criterion)
        self.weight = _spin(1, WEIGHT_MAX, 1, _("Weight"))
        self.scale_min = _spin(0, SCALE_LIMIT - 1, 1, _("Lowest score"))
        self.scale_max = _spin(1, SCALE_LIMIT, 5, _("Highest score"))
        for widget in (self.criterion_name, self.weight, self.scale_min, self.scale_max):
            add.addWidget(widget, 2 if widget is self.criterion_name else 0)
        add.addWidget(button(_("Add criterion"), self.add_criterion))
        left.addLayout(add)
        left.addWidget(button(_("Remove criterion"), self.remove_criterion))
        body.addLayout(left, 3)

        right = QVBoxLayout()
        right.addWidget(heading(_("Jury"), 1.0))
        self.jurors_label = plain_label()
        right.addWidget(self.jurors_label)
        tickets = QHBoxLayout()
        self.ticket_count = _spin(1, 100, 5, _("How many jury tickets"))
        tickets.addWidget(self.ticket_count)
        tickets.addWidget(button(_("Print jury tickets…"), self.print_tickets))
        right.addLayout(tickets)
        self.tickets_label = plain_label()
        right.addWidget(self.tickets_label)
        right.addWidget(heading(_("Judging"), 1.0))
        self.judging_label = plain_label()
        right.addWidget(self.judging_label)
        judging = QHBoxLayout()
        self.open_button = button(_("Open judging"), controller.open_judging)
        self.close_button = button(_("Close judging"), controller.close_judging)
        judging.addWidget(self.open_button)
        judging.addWidget(self.close_button)
        right.addLayout(judging)
        right.addStretch(1)
        body.addLayout(right, 2)
        controller.live.hackathon_changed.connect(self.show_jury)
        self.show_jury()

    def show_jury(self) -> None:
        """Criteria, jurors and judging as the session has them."""
        view = self.controller.live.hackathon
        self.criteria_list.clear()
        for criterion in view.criteria:
            text = _("{name} · weight {weight} · {low} to {high}").format(
                name=criterion.name, weight=criterion.weight, low=criterion.scale_min, high=criterion.scale_max
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, criterion.id)
            self.criteria_list.addItem(item)
        joined = sum(1 for juror in view.jurors if juror.joined)
        self.jurors_label.setText(
            ngettext("{count} juror", "{count} jurors", len(view.jurors)).format(count=len(view.jurors))
            + " · "
            + ngettext("{count} with a phone", "{count} with a phone", joined).format(count=joined)
        )
        judging = view.state.judging
        self.judging_label.setText(
            _(JUDGING_STATE_LABELS[judging])
            + " · "
            + ngettext("{count} score sheet", "{count} score sheets", view.sheets).format(count=view.sheets)
            + " · "
            + ngettext("{count} conflict of interest", "{count} conflicts of interest", view.conflicts).format(
                count=view.conflicts
            )
        )
        self.open_button.setEnabled(judging is not JudgingState.OPEN)
        self.close_button.setEnabled(judging is JudgingState.OPEN)

    def add_criterion(self) -> None:
        """Add the typed criterion with its weight and scale."""
        name = self.criterion_name.text()
        if not name.strip():
            return
        added = self.controller.add_criterion(name, self.weight.value(), self.scale_min.value(), self.scale_max.value())
        if added is not None:
            self.criterion_name.clear()

    def remove_criterion(self) -> None:
        """Remove the selected criterion."""
        item = self.criteria_list.currentItem()
        if item is not None:
            self.controller.remove_criterion(int(item.data(Qt.ItemDataRole.UserRole)))

    def _ask_path(self) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save jury tickets"), "jury-tickets.pdf", "PDF (*.pdf)")
        return Path(chosen) if chosen else None

    def print_tickets(self) -> None:
        """Make the jury tickets and write them to a PDF (the server must run: the tickets lead to it)."""
        join_url = self.host.join_url() if self.host is not None else ""
        if not join_url:
            self.controller.error_raised.emit(
                _("Start taking part from phones first (Run the room): the jury tickets lead to this laptop.")
            )
            return
        path = self.ask_path()
        if path is None:
            return
        tickets = self.controller.create_jury_tickets(self.ticket_count.value())
        if tickets is None:
            return
        pairs = [(ticket.number, ticket.code) for ticket in tickets]
        title = self.controller.live.workshop.title
        self.tickets_label.setText(_("Writing the jury tickets…"))

        def write() -> Path:
            from cocity_workshop.server.tickets import write_jury_tickets

            return write_jury_tickets(path, title, join_url, pairs)

        run_task(write, self._written, self._failed)

    def _written(self, path: Path) -> None:
        self.tickets_label.setText(_("Jury tickets written to {file}.").format(file=path))

    def _failed(self, error: BaseException) -> None:
        self.tickets_label.setText(_("The jury tickets could not be written: {reason}").format(reason=error))
