"""IdeasTableModel: cells, roles, edits as requests, drag payloads; the public proxy passes only visible ideas."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Idea, IdeaOrigin, IdeaStatus
from cocity_workshop.core.personal_data import PersonalKind
from cocity_workshop.gui.models.ideas import IdeasTableModel, PublicIdeasProxy, idea_ids_from_mime

IDEAS = [
    Idea(1, "Bike lanes", theme="Mobility", cluster_id=7, origin=IdeaOrigin.PHONE),
    Idea(2, "Write me at ana@example.org", status=IdeaStatus.PENDING, origin=IdeaOrigin.PHONE),
    Idea(3, "Trees", status=IdeaStatus.HIDDEN, origin=IdeaOrigin.PAPER, attachment_ids=(4, 5)),
    Idea(4, "More trees", status=IdeaStatus.MERGED, merged_into=3),
]


def _model() -> IdeasTableModel:
    model = IdeasTableModel()
    model.set_cluster_names({7: "Streets"})
    model.set_rows(IDEAS)
    return model


def test_cells(qtmodeltester: ModelTester) -> None:
    """Each column shows what the facilitator expects; model passes Qt's model checks."""
    model = _model()
    qtmodeltester.check(model)

    def cell(row: int, column: int) -> str:
        return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)

    assert cell(0, IdeasTableModel.COL_TITLE) == "Bike lanes"
    assert cell(0, IdeasTableModel.COL_CLUSTER) == "Streets"
    assert cell(0, IdeasTableModel.COL_ORIGIN) == "phone"
    assert cell(1, IdeasTableModel.COL_STATUS) == "waiting for approval"
    assert cell(2, IdeasTableModel.COL_ORIGIN) == "paper"
    assert cell(2, IdeasTableModel.COL_PHOTOS) == "2"
    assert cell(3, IdeasTableModel.COL_STATUS) == "merged into no. 3"
    assert model.data(model.index(2, 0), IdeasTableModel.SortRole) == 3


def test_title_tooltip_has_the_whole_title() -> None:
    """A title cut by a narrow column is shown whole in its tooltip, then the description."""
    model = IdeasTableModel()
    long_title = "Close Masarykova street to cars on Saturdays and plant a row of lime trees"
    model.set_rows([Idea(1, long_title), Idea(2, "Benches", description="Along the river")])
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(0, IdeasTableModel.COL_TITLE), tip) == long_title
    assert model.data(model.index(1, IdeasTableModel.COL_TITLE), tip) == "Benches\n\nAlong the river"
    assert model.data(model.index(1, IdeasTableModel.COL_THEME), tip) is None


def test_roles_and_personal_data() -> None:
    """Custom roles give the row, status, cluster and likely personal data."""
    model = _model()
    index = model.index(1, IdeasTableModel.COL_TITLE)
    assert model.data(index, IdeasTableModel.RowRole) == IDEAS[1]
    assert model.data(index, IdeasTableModel.StatusRole) is IdeaStatus.PENDING
    assert model.data(model.index(0, 0), IdeasTableModel.ClusterRole) == 7
    spans = model.data(index, IdeasTableModel.PersonalDataRole)
    assert [s.kind for s in spans] == [PersonalKind.EMAIL]


def test_edits_become_requests(qtbot: QtBot) -> None:
    """Typing a new title asks the controller (the model itself changes only after the session did)."""
    model = _model()
    with qtbot.waitSignal(model.edit_requested) as blocker:
        assert model.setData(model.index(0, IdeasTableModel.COL_TITLE), "Safe bike lanes")
    assert blocker.args == [1, "title", "Safe bike lanes"]
    assert model.data(model.index(0, IdeasTableModel.COL_TITLE)) == "Bike lanes"
    assert not model.setData(model.index(0, IdeasTableModel.COL_STATUS), "visible")


def test_drag_payload_carries_ids() -> None:
    """Dragging rows carries their idea ids."""
    model = _model()
    mime = model.mimeData([model.index(0, 1), model.index(0, 2), model.index(2, 1)])
    assert idea_ids_from_mime(mime) == [1, 3]


def test_public_proxy_lets_only_visible_ideas_through(qtmodeltester: ModelTester) -> None:
    """The projector's filter never passes pending, hidden or merged ideas, even after changes."""
    model = _model()
    proxy = PublicIdeasProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    titles = lambda: [proxy.index(r, 1).data() for r in range(proxy.rowCount())]  # noqa: E731
    assert titles() == ["Bike lanes"]
    model.update_rows([IDEAS[0], Idea(2, "Write me", status=IdeaStatus.VISIBLE), *IDEAS[2:]])
    assert titles() == ["Bike lanes", "Write me"]
    model.update_rows([Idea(1, "Bike lanes", status=IdeaStatus.HIDDEN), *IDEAS[1:]])
    assert titles() == []
