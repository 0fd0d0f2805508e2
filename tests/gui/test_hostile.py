"""Hostile strings come out as the same literal text in every widget that shows participant text."""

from __future__ import annotations

from hostile_strings import HOSTILE, expected_visible
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.ideas import IdeasTableModel
from cocity_workshop.gui.panels.actions import ActionsPanel
from cocity_workshop.gui.panels.ideas import IdeasPanel
from cocity_workshop.gui.panels.voting import RoundDialog
from cocity_workshop.gui.projector import ProjectorWindow
from cocity_workshop.session import WorkshopSession


def _labels_showing(widget: object, text: str) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if label.text() == text]  # type: ignore[attr-defined]


def test_hostile_strings_are_literal_everywhere(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """Board, detail pane, projector wall, tally chart, round dialog and action plan show the exact text."""
    ideas = [controller.add_idea(text, description=text) for text in HOSTILE]
    assert all(ideas)
    expected = [expected_visible(text) for text in HOSTILE]
    model = controller.live.ideas_model
    assert [model.index(r, IdeasTableModel.COL_TITLE).data() for r in range(model.rowCount())] == expected

    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    assert projector.wall_titles() == expected
    for idea, text in zip(ideas, expected, strict=True):
        panel.select_idea(idea.id)
        assert panel.detail_title.text() == text
        assert panel.detail_title.textFormat() == Qt.TextFormat.PlainText
        shown = _labels_showing(panel, text)
        assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)

    dialog = RoundDialog(controller)
    qtbot.addWidget(dialog)
    items = dialog.findChild(QListWidget)
    assert sorted(items.item(r).text() for r in range(items.count())) == sorted(expected)
    vote_round = controller.create_round("R", [i.id for i in ideas], 5, 3, ResultsMode.LIVE)
    controller.start_round(vote_round.id)
    bars = projector.chart.bars()
    assert len(bars) == 10 and {title for title, _p, _q in bars} <= set(expected)
    assert projector.current_view().value == "tally"
    projector.grab()  # painting hostile text must not fail

    actions = ActionsPanel(controller)
    qtbot.addWidget(actions)
    combo_texts = {actions.idea_combo.itemText(i) for i in range(actions.idea_combo.count())}
    assert combo_texts == set(expected)
    controller.add_action(HOSTILE[0], owner=HOSTILE[1])
    assert controller.live.actions_model.index(0, 0).data() == expected_visible(HOSTILE[0])
