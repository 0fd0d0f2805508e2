"""Prepare panel: details are saved when the field is left; agenda, groups and youth mode change the session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.prepare import PreparePanel
from cocity_workshop.i18n import set_language
from cocity_workshop.session import WorkshopSession


def test_details_agenda_and_youth_mode(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """Typing into a field and leaving it saves; lists are split; agenda moves are undoable edits."""
    panel = PreparePanel(controller)
    qtbot.addWidget(panel)
    assert panel.fields["title"].text() == "Test workshop"
    panel.fields["city"].setText("Plzeň")
    panel.fields["city"].editingFinished.emit()
    panel.fields["organisers"].setText("City of Plzeň, Youth NGO ,")
    panel.fields["organisers"].editingFinished.emit()
    panel.youth_check.click()
    panel.questions_edit.setPlainText("What would you change?\n\nWho should help?")
    panel.questions_edit.committed.emit(panel.questions_edit.toPlainText())
    workshop = session.workshop()
    assert workshop.city == "Plzeň" and workshop.organisers == ("City of Plzeň", "Youth NGO") and workshop.youth_mode
    assert workshop.guiding_questions == ("What would you change?", "Who should help?")

    first = session.phases()[0]
    panel.phases_view.setCurrentIndex(controller.live.phases_model.index(0, 0))
    panel.move_phase(1)
    assert session.phases()[1].id == first.id
    assert panel.phases_view.currentIndex().row() == 1
    titles = [p.title for p in session.phases()]
    panel.remove_phase()
    assert first.id not in [p.id for p in session.phases()]
    controller.undo()
    assert [p.title for p in session.phases()] == titles
    assert [p.title for p in controller.live.phases_model.rows] == titles

    controller.undo_stack.clear()
    index = controller.live.groups_model.index(0, 0)
    controller.live.groups_model.setData(index, "Residents", Qt.ItemDataRole.EditRole)
    assert session.groups()[0].name == "Residents"
    controller.undo()
    assert session.groups()[0].name != "Residents"


def test_data_licence_combo_saves_and_undoes(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """The combo lists the licences by title; choosing one saves it, Undo brings the old one back in both."""
    panel = PreparePanel(controller)
    qtbot.addWidget(panel)
    combo = panel.licence_combo
    titles = [combo.itemText(i) for i in range(combo.count())]
    assert titles[0] == "Creative Commons Attribution 4.0 International"
    assert "Open Data Commons Public Domain Dedication and License (PDDL) 1.0" in titles
    assert combo.currentData() == "CC-BY-4.0"

    combo.setCurrentIndex(combo.findData("PDDL-1.0"))
    combo.activated.emit(combo.currentIndex())
    assert session.workshop().data_licence == "PDDL-1.0"
    assert controller.undo_stack.count() == 1
    combo.activated.emit(combo.currentIndex())  # choosing the licence already set is not a new undo step
    assert controller.undo_stack.count() == 1

    controller.undo()
    assert session.workshop().data_licence == "CC-BY-4.0"
    assert combo.currentData() == "CC-BY-4.0"
    controller.redo()
    assert combo.currentData() == "PDDL-1.0"
    assert not controller.errors  # type: ignore[attr-defined]

    set_language("cs")
    czech = PreparePanel(controller)
    qtbot.addWidget(czech)
    assert czech.licence_combo.itemText(0) == "Creative Commons Uveďte původ 4.0 Mezinárodní"


def test_lists_typed_with_chinese_and_arabic_commas(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Organisers and themes split on 、 ， ، ؛ and ; as well as ","; they show joined the UI language's way."""
    panel = PreparePanel(controller)
    qtbot.addWidget(panel)
    try:
        set_language("zh_Hant")
        panel.fields["organisers"].setText("臺北市政府、青年團，社區協會; NGO")
        panel.fields["organisers"].editingFinished.emit()
        assert session.workshop().organisers == ("臺北市政府", "青年團", "社區協會", "NGO")
        panel.show_workshop(session.workshop())
        assert panel.fields["organisers"].text() == "臺北市政府、青年團、社區協會、NGO"

        set_language("ar")
        panel.fields["themes"].setText("النقل، الحدائق؛ الأمن;المياه")
        panel.fields["themes"].editingFinished.emit()
        assert session.workshop().themes == ("النقل", "الحدائق", "الأمن", "المياه")
        panel.show_workshop(session.workshop())
        assert panel.fields["themes"].text() == "النقل، الحدائق، الأمن، المياه"
    finally:
        set_language("en")
