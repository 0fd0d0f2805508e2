"""The Hackathon panel (#19): challenges and teams, the jury, pitches, results; each on a page of its own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.hackathon import MEMBERS_MAX, Challenge
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.teams import TeamsTableModel
from cocity_workshop.gui.panels.common import button, heading, table
from cocity_workshop.gui.panels.jury import JuryPage
from cocity_workshop.gui.panels.pitches import PitchesPage
from cocity_workshop.gui.panels.results import ResultsPage
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


class ChallengeDialog(QDialog):
    """A challenge's title, owner and statement."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New challenge"))
        self.title_edit = QLineEdit()
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText(_("e.g. Transport department"))
        self.statement_edit = QPlainTextEdit()
        form = QFormLayout(self)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Owner"), self.owner_edit)
        form.addRow(_("Statement"), self.statement_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class TeamsPage(QWidget):
    """Challenges on one side, teams on the other, and whether teams can submit from their phones."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        #: Tests replace this to answer the challenge dialog.
        self.ask_challenge = self._ask_challenge
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.submissions_label = plain_label()
        self.submissions_button = button("", self.toggle_submissions)
        top.addWidget(self.submissions_label, 1)
        top.addWidget(self.submissions_button)
        outer.addLayout(top)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(heading(_("Challenges"), 1.0))
        self.challenges_list = QListWidget()
        left.addWidget(self.challenges_list, 1)
        row = QHBoxLayout()
        row.addWidget(button(_("Add challenge…"), self.add_challenge))
        row.addWidget(button(_("Remove"), self.remove_challenge))
        left.addLayout(row)
        body.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(heading(_("Teams"), 1.0))
        self.teams_model = TeamsTableModel(self)
        self.teams_view = table(self.teams_model, stretch=TeamsTableModel.COL_PROJECT, editable=False)
        right.addWidget(self.teams_view, 1)
        add = QHBoxLayout()
        self.team_name = QLineEdit()
        self.team_name.setPlaceholderText(_("Team name"))
        self.team_name.returnPressed.connect(self.add_team)
        self.team_challenge = QComboBox()
        self.team_members = QSpinBox()
        self.team_members.setRange(1, MEMBERS_MAX)
        self.team_members.setValue(3)
        self.team_members.setToolTip(_("Members"))
        add.addWidget(self.team_name, 2)
        add.addWidget(self.team_challenge, 2)
        add.addWidget(self.team_members)
        add.addWidget(button(_("Add team"), self.add_team))
        add.addWidget(button(_("Remove team"), self.remove_team))
        right.addLayout(add)
        body.addLayout(right, 3)
        outer.addLayout(body, 1)
        controller.live.hackathon_changed.connect(self.show_hackathon)
        self.show_hackathon()

    def show_hackathon(self) -> None:
        """Challenges, teams and the submissions' state as the session has them."""
        view = self.controller.live.hackathon
        self.teams_model.show_view(view)
        self.challenges_list.clear()
        current = self.team_challenge.currentData()
        self.team_challenge.clear()
        for challenge in view.challenges:
            text = f"{challenge.title} · {challenge.owner}" if challenge.owner else challenge.title
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, challenge.id)
            item.setToolTip(challenge.statement)
            self.challenges_list.addItem(item)
            self.team_challenge.addItem(challenge.title, challenge.id)
        if current is not None:
            self.team_challenge.setCurrentIndex(max(0, self.team_challenge.findData(current)))
        if view.state.submissions_open:
            self.submissions_label.setText(_("Submissions are open: teams register and edit projects on phones."))
            self.submissions_button.setText(_("Close submissions"))
        else:
            self.submissions_label.setText(_("Submissions are closed."))
            self.submissions_button.setText(_("Open submissions"))

    def _ask_challenge(self) -> tuple[str, str, str] | None:
        dialog = ChallengeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.title_edit.text(), dialog.owner_edit.text(), dialog.statement_edit.toPlainText()

    def add_challenge(self) -> Challenge | None:
        """Ask for a challenge and add it."""
        answer = self.ask_challenge()
        if answer is None or not answer[0].strip():
            return None
        title, owner, statement = answer
        return self.controller.add_challenge(title, statement, owner)

    def remove_challenge(self) -> None:
        """Remove the selected challenge (refused while teams work on it)."""
        item = self.challenges_list.currentItem()
        if item is not None:
            self.controller.remove_challenge(int(item.data(Qt.ItemDataRole.UserRole)))

    def add_team(self) -> None:
        """Add the typed team to the chosen challenge."""
        challenge = self.team_challenge.currentData()
        if challenge is None or not self.team_name.text().strip():
            return
        if self.controller.add_team(self.team_name.text(), int(challenge), self.team_members.value()) is not None:
            self.team_name.clear()

    def remove_team(self) -> None:
        """Remove the selected team with its project."""
        index = self.teams_view.currentIndex()
        if index.isValid():
            self.controller.remove_team(self.teams_model.row_at(index.row()).id)

    def toggle_submissions(self) -> None:
        """Open submissions, or close them."""
        self.controller.set_submissions(not self.controller.live.hackathon.state.submissions_open)


class HackathonPanel(QWidget):
    """The hackathon's pages: challenges and teams, the jury, pitches."""

    def __init__(self, controller: WorkshopController, host: ServerHost | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.pages = QTabWidget()
        self.teams_page = TeamsPage(controller)
        self.jury_page = JuryPage(controller, host)
        self.pitches_page = PitchesPage(controller)
        self.results_page = ResultsPage(controller)
        self.pages.addTab(self.teams_page, _("Challenges and teams"))
        self.pages.addTab(self.jury_page, _("Jury"))
        self.pages.addTab(self.pitches_page, _("Pitches"))
        self.pages.addTab(self.results_page, _("Results"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
