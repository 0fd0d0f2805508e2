"""Prepare panel, data protection: controller, contact, legal basis, months kept and the web page are saved
when left, undo brings them back, a refused web page puts the field back and says why."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cocity_workshop.core.privacy import LegalBasis
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.prepare import PreparePanel
from cocity_workshop.session import WorkshopSession


def test_data_protection_settings_are_saved_and_undone(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    panel = PreparePanel(controller)
    qtbot.addWidget(panel)
    form = panel.protection
    session.update_workshop(date="2026-11-14")
    controller.live.flush()
    form.controller_edit.setText("Statutární město Plzeň <b>")
    form.controller_edit.editingFinished.emit()
    form.contact_edit.setText("poverenec@plzen.example")
    form.contact_edit.editingFinished.emit()
    form.basis_combo.setCurrentIndex(form.basis_combo.findData(LegalBasis.CONSENT.value))
    form.basis_combo.activated.emit(form.basis_combo.currentIndex())
    form.months_spin.setValue(24)
    form.months_spin.editingFinished.emit()
    panel.fields["web_page"].setText("https://plzen.example/workshop")
    panel.fields["web_page"].editingFinished.emit()
    workshop = session.workshop()
    assert (workshop.controller, workshop.privacy_contact) == ("Statutární město Plzeň <b>", "poverenec@plzen.example")
    assert (workshop.legal_basis, workshop.retention_months) == (LegalBasis.CONSENT, 24)
    assert workshop.web_page == "https://plzen.example/workshop"
    assert form.kept_label.text() == "November 14, 2028, 24 months after the workshop"
    assert form.basis_combo.currentText() == "the participants' consent (GDPR Article 6(1)(a))"

    controller.undo()  # the web page
    controller.undo()  # the months
    assert session.workshop().retention_months == 12 and form.months_spin.value() == 12
    assert panel.fields["web_page"].text() == "" and form.kept_label.text().startswith("November 14, 2027")


def test_a_web_page_that_is_no_web_address_is_refused(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    panel = PreparePanel(controller)
    qtbot.addWidget(panel)
    panel.fields["web_page"].setText("javascript:alert(1)")
    with qtbot.waitSignal(controller.error_raised, timeout=2000) as said:
        panel.fields["web_page"].editingFinished.emit()
    assert "http" in str(said.args[0])
    assert session.workshop().web_page == "" and panel.fields["web_page"].text() == ""
