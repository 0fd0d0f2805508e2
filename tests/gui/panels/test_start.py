"""Start screen: four templates, recent workshops and the demo; the new-workshop dialog's values."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Template
from cocity_workshop.gui.panels.start import NewWorkshopDialog, StartScreen


def test_templates_and_recent(qtbot: QtBot, tmp_path: Path) -> None:
    """Each template button asks for that template; recent files are listed and chosen."""
    screen = StartScreen()
    qtbot.addWidget(screen)
    assert set(screen.template_buttons) == set(Template)
    with qtbot.waitSignal(screen.template_chosen) as blocker:
        screen.template_buttons[Template.YOUTH].click()
    assert blocker.args == [Template.YOUTH]
    screen.set_recent([])
    assert screen.recent_list.isHidden() and not screen.empty_recent.isHidden()
    path = tmp_path / "a.cocity"
    screen.set_recent([path])
    with qtbot.waitSignal(screen.recent_chosen) as blocker:
        screen.recent_list.itemActivated.emit(screen.recent_list.item(0))
    assert blocker.args == [path]


def test_new_workshop_dialog(qtbot: QtBot) -> None:
    """The dialog returns title, template and language."""
    dialog = NewWorkshopDialog(Template.HACKATHON, "cs")
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("  Open data hack  ")
    assert dialog.values() == ("Open data hack", Template.HACKATHON, "cs")
