"""Phases, rounds, clusters, actions and names: cells, edits as requests, Qt's model checks."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import (
    Action,
    Cluster,
    GoOfficialItem,
    GoOfficialKind,
    Milestone,
    MilestoneStatus,
    Phase,
    ResultsMode,
    RoundState,
    StakeholderGroup,
    VoteRound,
)
from cocity_workshop.gui.models import (
    ActionsTableModel,
    ClustersTableModel,
    NamesTableModel,
    PhasesTableModel,
    RoundsTableModel,
)
from cocity_workshop.gui.models.ideas import mime_for_idea_ids
from cocity_workshop.gui.models.outbox import format_time
from cocity_workshop.gui.models.phases import format_seconds
from cocity_workshop.i18n import use_language


def test_phases_show_state_and_time_left(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """A running phase shows its time left; minutes are edited as a request."""
    model = PhasesTableModel(clock=lambda: 1000.0)
    model.set_rows(
        [
            Phase(1, 0, "Welcome", 10, started_at=0.0, ended_at=600.0),
            Phase(2, 1, "Ideate", 30, started_at=900.0),
            Phase(3, 2, "Vote", 15),
        ]
    )
    qtmodeltester.check(model)
    states = [model.index(r, PhasesTableModel.COL_STATE).data() for r in range(3)]
    assert states == ["done", "running, 28:20 left", "planned"]
    with qtbot.waitSignal(model.edit_requested) as blocker:
        model.setData(model.index(2, PhasesTableModel.COL_MINUTES), 20)
    assert blocker.args == [3, "planned_minutes", 20]
    assert not model.setData(model.index(2, PhasesTableModel.COL_MINUTES), "many")
    assert format_seconds(-75) == "\u22121:15" and format_seconds(3725) == "1:02:05"


def test_rounds(qtmodeltester: ModelTester) -> None:
    """Rounds show their state, ballot size, dots and results mode; a revealed round's results are shown."""
    model = RoundsTableModel()
    model.set_rows(
        [
            VoteRound(1, "Long list", (1, 2, 3), 5, 2, ResultsMode.HIDDEN, RoundState.REVEALED),
            VoteRound(2, "Try", (1,), 2, 1, ResultsMode.LIVE, RoundState.OPEN, is_practice=True),
            VoteRound(3, "Short list", (1, 2), 3, 1, ResultsMode.HIDDEN, RoundState.CLOSED),
        ]
    )
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(5)] == [
        "Long list",
        "revealed",
        "3",
        "5 each, 2 per idea",
        "shown to the room",
    ]
    assert model.index(1, 0).data() == "Try (practice)"
    assert model.index(1, RoundsTableModel.COL_RESULTS).data() == "live"
    assert model.index(2, RoundsTableModel.COL_RESULTS).data() == "hidden until reveal"


def test_clusters_accept_dropped_ideas(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """The first row stands for "no cluster"; dropping ideas on a row asks to move them."""
    model = ClustersTableModel()
    model.set_clusters([Cluster(4, "Green")], {None: 2, 4: 3})
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["(no cluster)", "Green"]
    assert [model.index(r, 1).data() for r in range(2)] == ["2", "3"]
    mime = mime_for_idea_ids([8, 9])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))
    with qtbot.waitSignal(model.ideas_dropped) as blocker:
        model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(1, 0))
    assert blocker.args == [4, [8, 9]]
    with qtbot.waitSignal(model.ideas_dropped) as blocker:
        model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, model.index(0, 0))
    assert blocker.args == [None, [8, 9]]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_actions_summarise_progress(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """Milestones and go-official steps are counted as done/total; text cells are edited as requests and
    show their whole text as a tooltip."""
    action = Action(
        1,
        "School streets",
        owner="Transport dept.",
        milestones=(Milestone(1, 1, "Pilot", status=MilestoneStatus.DONE), Milestone(2, 1, "Review")),
        go_official=(GoOfficialItem(1, 1, GoOfficialKind.COUNCIL_ACT, "Resolution"),),
    )
    model = ActionsTableModel()
    model.set_rows([action])
    qtmodeltester.check(model)
    assert model.index(0, ActionsTableModel.COL_MILESTONES).data() == "1/2"
    assert model.index(0, ActionsTableModel.COL_OFFICIAL).data() == "0/1"
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, ActionsTableModel.COL_TITLE).data(tip) == "School streets"
    assert model.index(0, ActionsTableModel.COL_DEPARTMENT).data(tip) is None  # empty cell, no tooltip
    assert model.index(0, ActionsTableModel.COL_MILESTONES).data(tip) is None
    with qtbot.waitSignal(model.edit_requested) as blocker:
        model.setData(model.index(0, ActionsTableModel.COL_OWNER), "Mayor's office")
    assert blocker.args == [1, "owner", "Mayor's office"]


def test_names(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """Groups are renamed in place as a request."""
    model = NamesTableModel("Stakeholder group")
    model.set_rows([StakeholderGroup(1, "Citizens")])
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Stakeholder group"
    with qtbot.waitSignal(model.rename_requested) as blocker:
        model.setData(model.index(0, 0), "Residents")
    assert blocker.args == [1, "Residents"]


def test_outbox_times_in_the_languages_way() -> None:
    """When a bundle was queued or delivered reads as CLDR writes a moment in the app's language."""
    moment = dt.datetime(2026, 11, 14, 14, 5)
    with use_language("cs"):
        assert format_time(moment.timestamp()) == "14.11.26 14:05"
    with use_language("zh_Hant"):
        assert format_time(moment.timestamp()) == "2026/11/14\u2009下午2:05"
    assert format_time(None) == ""
