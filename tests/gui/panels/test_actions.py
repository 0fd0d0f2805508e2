"""Action plan panel: the table keeps its column widths while cells are edited; the Action column is widest."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.actions import ActionsTableModel
from cocity_workshop.gui.panels.actions import ActionsPanel
from cocity_workshop.session import WorkshopSession


def test_columns_stay_put_when_a_cell_grows(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """A longer owner or next step does not resize the columns under the facilitator's cursor."""
    session.add_action("School streets", owner="Ana")
    controller.live.flush()
    panel = ActionsPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    header = panel.actions_view.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert widths[ActionsTableModel.COL_TITLE] == max(widths)
    (action,) = session.actions()
    long_text = " ".join(["The department of transport and public space, with the district office"] * 2)
    session.update_action(action.id, owner=long_text, next_step=long_text)
    controller.live.flush()
    qtbot.wait(50)
    assert panel.actions_view.model().index(0, ActionsTableModel.COL_OWNER).data() == long_text
    assert [header.sectionSize(c) for c in range(header.count())] == widths
