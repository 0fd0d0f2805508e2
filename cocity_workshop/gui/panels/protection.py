"""Prepare: the data-protection settings the report names (decision 0045): who the controller is, whom to ask,
the legal basis and how long the workshop file is kept. Each is saved when the facilitator leaves it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from cocity_workshop.core.model import Workshop
from cocity_workshop.core.privacy import LEGAL_BASIS_LABELS, MAX_RETENTION_MONTHS, LegalBasis, kept_until
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import heading
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


class ProtectionForm(QWidget):
    """The data-protection rows of the Prepare panel."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Data protection")))
        layout.addWidget(
            plain_label(_("The report's data-protection section names these for the city's data protection officer."))
        )
        form = QFormLayout()
        layout.addLayout(form)
        self.controller_edit = QLineEdit()
        self.controller_edit.setToolTip(_("who decides what happens to the data (the controller), e.g. the city"))
        self.contact_edit = QLineEdit()
        self.contact_edit.setToolTip(_("whom participants can ask about their data: an e-mail or postal address"))
        for name, edit in (("controller", self.controller_edit), ("privacy_contact", self.contact_edit)):
            edit.editingFinished.connect(lambda name=name, edit=edit: self._commit_text(name, edit))
        form.addRow(_("Controller"), self.controller_edit)
        form.addRow(_("Data protection contact"), self.contact_edit)
        self.basis_combo = QComboBox()
        self.basis_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.basis_combo.setMinimumContentsLength(24)  # the long labels must not widen the whole form
        for basis in LegalBasis:
            self.basis_combo.addItem(_(LEGAL_BASIS_LABELS[basis]), basis.value)
        self.basis_combo.activated.connect(lambda _i: self._commit_basis())
        form.addRow(_("Legal basis"), self.basis_combo)
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, MAX_RETENTION_MONTHS)
        self.months_spin.setMaximumWidth(120)
        self.months_spin.editingFinished.connect(self._commit_months)
        form.addRow(_("Months to keep the workshop file after the workshop"), self.months_spin)
        self.kept_label = plain_label()
        form.addRow(_("Kept until"), self.kept_label)

    def show_workshop(self, workshop: Workshop) -> None:
        """Fill the rows from the session (a field being edited keeps what is typed)."""
        for edit, text in ((self.controller_edit, workshop.controller), (self.contact_edit, workshop.privacy_contact)):
            if not edit.hasFocus() or edit.text() == text:
                edit.setText(text)
                edit.setCursorPosition(0)
        self.basis_combo.setCurrentIndex(max(0, self.basis_combo.findData(workshop.legal_basis.value)))
        if not self.months_spin.hasFocus():
            self.months_spin.setValue(workshop.retention_months)
        self.kept_label.setText(kept_until(workshop.date, workshop.retention_months))

    def _commit(self, name: str, value: Any) -> None:
        if self.controller.update_workshop(**{name: value}) is None:
            self.show_workshop(self.controller.live.workshop)

    def _commit_text(self, name: str, edit: QLineEdit) -> None:
        if edit.text().strip() != getattr(self.controller.live.workshop, name):
            self._commit(name, edit.text())

    def _commit_basis(self) -> None:
        value = str(self.basis_combo.currentData())
        if value != self.controller.live.workshop.legal_basis.value:
            self._commit("legal_basis", value)

    def _commit_months(self) -> None:
        if self.months_spin.value() != self.controller.live.workshop.retention_months:
            self._commit("retention_months", self.months_spin.value())
