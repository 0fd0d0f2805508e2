"""The Hackathon panel's results page (#19): each challenge's jury ranking as the scores stand, how jurors'
scores are compared (chosen before judging), and the facilitator's awards, each with its reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.jury import NORMALISATION_LABELS, Normalisation
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import button, heading
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import N_, _, format_number

RANKING_HEADERS = (N_("Place"), N_("Project and team"), N_("Total"), N_("Jurors"), N_("Conflicts of interest"))


class ResultsPage(QWidget):
    """Passive over the controller: reads the ranking from ``controller.live``, gives awards through it."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        body = QHBoxLayout(self)
        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(heading(_("Jury's ranking"), 1.0))
        self.challenge_combo = QComboBox()
        self.challenge_combo.setAccessibleName(_("Challenge"))
        self.challenge_combo.currentIndexChanged.connect(lambda _i: self.show_ranking())
        top.addWidget(self.challenge_combo, 1)
        left.addLayout(top)
        how = QHBoxLayout()
        how.addWidget(plain_label(_("Compare jurors' scores")))
        self.normalisation_combo = QComboBox()
        self.normalisation_combo.setAccessibleName(_("Compare jurors' scores"))
        for normalisation in Normalisation:
            self.normalisation_combo.addItem(_(NORMALISATION_LABELS[normalisation]), normalisation.value)
        self.normalisation_combo.activated.connect(self._normalisation_chosen)
        how.addWidget(self.normalisation_combo, 1)
        left.addLayout(how)
        self.ranking = QTableWidget(0, len(RANKING_HEADERS))
        self.ranking.setHorizontalHeaderLabels([_(h) for h in RANKING_HEADERS])
        self.ranking.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.ranking.verticalHeader().setVisible(False)
        header = self.ranking.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        left.addWidget(self.ranking, 1)
        self.ties_label = plain_label()
        left.addWidget(self.ties_label)
        body.addLayout(left, 3)

        right = QVBoxLayout()
        right.addWidget(heading(_("Awards"), 1.0))
        self.awards_list = QListWidget()
        right.addWidget(self.awards_list, 1)
        self.award_project = QComboBox()
        self.award_project.setAccessibleName(_("Project"))
        self.award_title = QLineEdit()
        self.award_title.setPlaceholderText(_("e.g. Jury prize"))
        self.award_reason = QLineEdit()
        self.award_reason.setPlaceholderText(_("Why this project (the report prints it)"))
        for widget in (self.award_project, self.award_title, self.award_reason):
            right.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(button(_("Give award"), self.give_award))
        row.addWidget(button(_("Remove award"), self.remove_award))
        right.addLayout(row)
        body.addLayout(right, 2)
        controller.live.hackathon_changed.connect(self.show_results)
        self.show_results()

    def show_results(self) -> None:
        """Challenges, the ranking, the normalisation and the awards as the session has them."""
        view = self.controller.live.hackathon
        current = self.challenge_combo.currentData()
        self.challenge_combo.blockSignals(True)
        self.challenge_combo.clear()
        for challenge in view.challenges:
            self.challenge_combo.addItem(challenge.title, challenge.id)
        if current is not None:
            self.challenge_combo.setCurrentIndex(max(0, self.challenge_combo.findData(current)))
        self.challenge_combo.blockSignals(False)
        self.normalisation_combo.setCurrentIndex(self.normalisation_combo.findData(view.normalisation.value))
        self.normalisation_combo.setEnabled(view.state.judging.value == "not-started")
        chosen = self.award_project.currentData()
        self.award_project.clear()
        for project in view.projects.values():
            self.award_project.addItem(view.project_label(project.id), project.id)
        if chosen is not None:
            self.award_project.setCurrentIndex(max(0, self.award_project.findData(chosen)))
        self.awards_list.clear()
        for award in view.awards:
            item = QListWidgetItem(f"{award.title}: {view.project_label(award.project_id)} \u2014 {award.reason}")
            item.setData(Qt.ItemDataRole.UserRole, award.id)
            self.awards_list.addItem(item)
        self.show_ranking()

    def show_ranking(self) -> None:
        """The chosen challenge's ranking, place by place (plain text cells)."""
        challenge = self.challenge_combo.currentData()
        self.ranking.setRowCount(0)
        self.ties_label.setText("")
        if challenge is None:
            return
        view = self.controller.live.hackathon
        ranking = self.controller.live.jury_ranking(int(challenge))
        for place, result in zip(ranking.places(), ranking.results, strict=True):
            row = self.ranking.rowCount()
            self.ranking.insertRow(row)
            total = "\u2013" if result.total is None else format_number(float(result.total))
            cells = [
                "\u2013" if place is None else str(place),
                view.project_label(result.project_id),
                total,
                str(result.jurors),
                str(result.conflicts),
            ]
            for column, text in enumerate(cells):
                self.ranking.setItem(row, column, QTableWidgetItem(text))
        names = {c.id: c.name for c in view.criteria}
        notes = []
        for tie in ranking.ties:
            tied = ", ".join(view.project_label(p) for p in tie.project_ids)
            if tie.deciding_criterion is None:
                notes.append(_("Tied, equal on every criterion: {projects}").format(projects=tied))
            else:
                notes.append(
                    _("Tied: {projects}; they differ first on {criterion}").format(
                        projects=tied, criterion=names.get(tie.deciding_criterion, "")
                    )
                )
        self.ties_label.setText("\n".join(notes))

    def _normalisation_chosen(self, _index: int) -> None:
        chosen = Normalisation(self.normalisation_combo.currentData())
        if chosen is not self.controller.live.hackathon.normalisation:
            self.controller.set_normalisation(chosen)
            self.show_results()

    def give_award(self) -> None:
        """Give the chosen project the typed award with its reason (for the chosen challenge)."""
        project = self.award_project.currentData()
        if project is None:
            return
        challenge = self.challenge_combo.currentData()
        award = self.controller.add_award(
            int(project), self.award_title.text(), self.award_reason.text(), int(challenge) if challenge else None
        )
        if award is not None:
            self.award_title.clear()
            self.award_reason.clear()

    def remove_award(self) -> None:
        """Take the selected award back."""
        item = self.awards_list.currentItem()
        if item is not None:
            self.controller.remove_award(int(item.data(Qt.ItemDataRole.UserRole)))
