"""Prepare: the workshop's details and data licence, challenge and questions, agenda, groups and age bands, and
the data-protection settings (``ProtectionForm``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.licences import LICENCES
from cocity_workshop.core.model import Workshop
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import CommitTextEdit, button, heading, table
from cocity_workshop.gui.panels.protection import ProtectionForm
from cocity_workshop.gui.panels.start import LANGUAGE_NAMES
from cocity_workshop.i18n import LANGUAGES, _, join_list, split_list


def _split(text: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(separator) if part.strip())


class PreparePanel(QWidget):
    """Everything set before the room fills up; each field is saved when the facilitator leaves it."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        content = QWidget()
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout(content)
        grid.setHorizontalSpacing(24)

        details = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for name, label in (
            ("title", _("Title")),
            ("city", _("City")),
            ("venue", _("Venue")),
            ("date", _("Date (YYYY-MM-DD)")),
            ("organisers", _("Organisers (comma-separated)")),
            ("themes", _("Themes (comma-separated)")),
            ("web_page", _("Web page about the workshop")),
        ):
            edit = QLineEdit()
            edit.editingFinished.connect(lambda name=name: self._commit_line(name))
            self.fields[name] = edit
            details.addRow(label, edit)
        self.fields["web_page"].setPlaceholderText("https://")
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.activated.connect(
            lambda _i: self._commit("language", str(self.language_combo.currentData()))
        )
        details.addRow(_("Language of the workshop"), self.language_combo)
        self.licence_combo = QComboBox()
        self.licence_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.licence_combo.setMinimumContentsLength(24)  # the long titles must not widen the whole form
        for licence in LICENCES:
            self.licence_combo.addItem(_(licence.title), licence.id)
            self.licence_combo.setItemData(self.licence_combo.count() - 1, licence.url, Qt.ItemDataRole.ToolTipRole)
        self.licence_combo.setToolTip(_("The open licence the results bundle and the report are published under."))
        self.licence_combo.activated.connect(lambda _i: self._commit_licence())
        details.addRow(_("Data licence"), self.licence_combo)
        self.youth_check = QCheckBox(_("Youth mode: ideas from phones wait for approval"))
        self.youth_check.clicked.connect(lambda checked: self._commit("youth_mode", bool(checked)))
        details.addRow("", self.youth_check)
        self.challenge_edit = CommitTextEdit()
        self.challenge_edit.setPlaceholderText(_("The challenge the room works on, in two or three sentences."))
        self.challenge_edit.committed.connect(lambda text: self._commit("challenge", text))
        self.questions_edit = CommitTextEdit()
        self.questions_edit.setPlaceholderText(_("One guiding question per line."))
        self.questions_edit.committed.connect(lambda text: self._commit("guiding_questions", _split(text, "\n")))
        left = QVBoxLayout()
        left.addWidget(heading(_("Workshop")))
        left.addLayout(details)
        left.addWidget(heading(_("Challenge")))
        left.addWidget(self.challenge_edit)
        left.addWidget(heading(_("Guiding questions")))
        left.addWidget(self.questions_edit)
        grid.addLayout(left, 0, 0, 2, 1)

        agenda = QVBoxLayout()
        agenda.addWidget(heading(_("Agenda")))
        self.phases_view = table(controller.live.phases_model, stretch=0)
        agenda.addWidget(self.phases_view)
        row = QHBoxLayout()
        row.addWidget(button(_("Add phase…"), self.add_phase))
        row.addWidget(button(_("Remove"), self.remove_phase))
        row.addWidget(button(_("Up"), lambda: self.move_phase(-1), shortcut="Alt+Up"))
        row.addWidget(button(_("Down"), lambda: self.move_phase(1), shortcut="Alt+Down"))
        agenda.addLayout(row)
        grid.addLayout(agenda, 0, 1)

        people = QHBoxLayout()
        self.groups_view = self._names_box(
            people, _("Stakeholder groups to count"), controller.live.groups_model, self.add_group, self.remove_group
        )
        self.bands_view = self._names_box(
            people, _("Age bands to count"), controller.live.age_bands_model, self.add_age_band, self.remove_age_band
        )
        grid.addLayout(people, 1, 1)
        self.protection = ProtectionForm(controller)
        grid.addWidget(self.protection, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        controller.live.workshop_changed.connect(self.show_workshop)
        self.show_workshop(controller.live.workshop)

    def _names_box(self, parent: QHBoxLayout, title: str, model: Any, add: Any, remove: Any) -> QTableView:
        box = QVBoxLayout()
        box.addWidget(heading(title, 1.0))
        view = table(model, stretch=0)
        view.horizontalHeader().setVisible(False)
        box.addWidget(view)
        row = QHBoxLayout()
        row.addWidget(button(_("Add…"), add))
        row.addWidget(button(_("Remove"), remove))
        box.addLayout(row)
        parent.addLayout(box)
        return view

    # -- showing -----------------------------------------------------------------------------
    def show_workshop(self, workshop: Workshop) -> None:
        """Fill the fields from the session (fields being edited keep what is typed)."""
        values = {
            "title": workshop.title,
            "city": workshop.city,
            "venue": workshop.venue,
            "date": workshop.date,
            "organisers": join_list(workshop.organisers),
            "themes": join_list(workshop.themes),
            "web_page": workshop.web_page,
        }
        for name, text in values.items():
            edit = self.fields[name]
            if not edit.hasFocus() or edit.text() == text:
                edit.setText(text)
                edit.setCursorPosition(0)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(workshop.language)))
        self.licence_combo.setCurrentIndex(max(0, self.licence_combo.findData(workshop.data_licence)))
        self.youth_check.setChecked(workshop.youth_mode)
        self.challenge_edit.set_text(workshop.challenge)
        self.questions_edit.set_text("\n".join(workshop.guiding_questions))
        self.protection.show_workshop(workshop)

    # -- editing -----------------------------------------------------------------------------
    def _commit_line(self, name: str) -> None:
        text = self.fields[name].text()
        value: Any = split_list(text) if name in ("organisers", "themes") else text
        current = getattr(self.controller.live.workshop, name)
        if value != current:
            self._commit(name, value)

    def _commit_licence(self) -> None:
        licence_id = str(self.licence_combo.currentData())
        if licence_id != self.controller.live.workshop.data_licence:
            self._commit("data_licence", licence_id)

    def _commit(self, name: str, value: Any) -> None:
        if self.controller.update_workshop(**{name: value}) is None:
            self.show_workshop(self.controller.live.workshop)

    def _selected_row(self, view: QTableView) -> int:
        index = view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_phase(self) -> None:
        """Ask for a phase's name and minutes and add it at the end."""
        title, ok = QInputDialog.getText(self, _("Add phase"), _("Name of the phase"))
        if not ok or not title.strip():
            return
        minutes, ok = QInputDialog.getInt(self, _("Add phase"), _("Planned minutes"), 15, 0, 24 * 60)
        if ok:
            self.controller.add_phase(title, minutes)

    def remove_phase(self) -> None:
        """Remove the selected phase."""
        row = self._selected_row(self.phases_view)
        if row >= 0:
            self.controller.remove_phase(self.controller.live.phases_model.row_at(row).id)

    def move_phase(self, offset: int) -> None:
        """Move the selected phase up or down."""
        row = self._selected_row(self.phases_view)
        if row < 0:
            return
        phase_id = self.controller.live.phases_model.row_at(row).id
        self.controller.move_phase(phase_id, offset)
        new_row = self.controller.live.phases_model.row_of(phase_id)
        self.phases_view.setCurrentIndex(self.controller.live.phases_model.index(new_row, 0))

    def add_group(self) -> None:
        """Ask for a group's name and count it."""
        name, ok = QInputDialog.getText(self, _("Add stakeholder group"), _("Name of the group"))
        if ok and name.strip():
            self.controller.add_group(name)

    def remove_group(self) -> None:
        """Stop counting the selected group."""
        row = self._selected_row(self.groups_view)
        if row >= 0:
            self.controller.remove_group(self.controller.live.groups_model.row_at(row).id)

    def add_age_band(self) -> None:
        """Ask for an age band and count it."""
        label, ok = QInputDialog.getText(self, _("Add age band"), _("Age band, e.g. 15-19"))
        if ok and label.strip():
            self.controller.add_age_band(label)

    def remove_age_band(self) -> None:
        """Stop counting the selected age band."""
        row = self._selected_row(self.bands_view)
        if row >= 0:
            self.controller.remove_age_band(self.controller.live.age_bands_model.row_at(row).id)
