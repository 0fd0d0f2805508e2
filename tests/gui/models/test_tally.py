"""TallyTableModel: ranks with ties, phone and paper columns, paper dots typed in as requests."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cocity_workshop.core.tally import IdeaTally, RoundTally
from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.i18n import use_language


def test_ranks_columns_and_paper_entry(qtmodeltester: ModelTester, qtbot: QtBot) -> None:
    """Ties share a rank; totals add phone and paper; the paper column is the only editable one."""
    model = TallyTableModel()
    tally = RoundTally(1, (IdeaTally(5, 4, 2), IdeaTally(6, 6, 0), IdeaTally(7, 1, 0)), ballots=3)
    model.set_tally(tally, {5: "Trees", 6: "Bikes", 7: "Bins"})
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [["1", "Trees", "4", "2", "6"], ["1", "Bikes", "6", "0", "6"], ["3", "Bins", "1", "0", "1"]]
    assert model.ballots == 3
    with qtbot.waitSignal(model.paper_dots_entered) as blocker:
        assert model.setData(model.index(2, TallyTableModel.COL_PAPER), "4")
    assert blocker.args == [7, 4]
    assert not model.setData(model.index(2, TallyTableModel.COL_PAPER), "-1")
    assert not model.setData(model.index(2, TallyTableModel.COL_TOTAL), "9")
    model.set_tally(None, {})
    assert model.rowCount() == 0 and model.round_id is None


def test_counts_in_the_languages_way(qtbot: QtBot) -> None:
    """A big paper wall's count is grouped the app language's way ("1 234" in Czech), and that text typed
    back into the paper column reads as the same number."""
    model = TallyTableModel()
    with use_language("cs"):
        model.set_tally(RoundTally(1, (IdeaTally(5, 4, 1230),), ballots=2), {5: "Stromy"})
        assert model.index(0, TallyTableModel.COL_TOTAL).data() == "1\xa0234"
        assert model.index(0, TallyTableModel.COL_PAPER).data() == "1\xa0230"
        with qtbot.waitSignal(model.paper_dots_entered) as blocker:
            assert model.setData(model.index(0, TallyTableModel.COL_PAPER), "1\xa0231")
    assert blocker.args == [5, 1231]
