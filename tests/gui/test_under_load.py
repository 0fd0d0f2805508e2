"""The GUI's own work under a flood of room events: refreshes coalesce to one per frame, counts run off-thread."""

from __future__ import annotations

import threading

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.model import ResultsMode
from cocity_workshop.core.tally import IdeaTally, RoundTally
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.live import FRAME_SECONDS
from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.gui.widgets import PHONE_COLOUR, TallyChart
from cocity_workshop.session import WorkshopSession


def test_a_burst_of_room_events_refreshes_the_models_once(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """A hundred wake-ups within one frame cost one refresh of the ideas, not a hundred."""
    for n in range(100):
        session.add_idea(f"From the floor {n}")
    controller.add_idea("From the facilitator")  # an edit shows at once (all 101) and starts a frame
    assert controller.live.ideas_model.rowCount() == 101
    refreshes: list[int] = []
    controller.live.ideas_changed.connect(lambda: refreshes.append(controller.live.ideas_model.rowCount()))
    session.add_idea("One more from a phone")  # the bridge's own wake-up waits in the event queue
    # That commit can outlast a frame on a busy machine; the burst below must fall within one frame.
    controller.live.refresh_pending()  # nothing stale yet: only starts the frame
    for n in range(100):  # and a hundred more wake-ups, as a flood of phones would bring
        controller.live.apply_events([Event(EventKind.IDEA_ADDED, {"idea": n})])
    assert refreshes == []  # nothing read yet: the refresh waits for the frame's timer
    qtbot.waitUntil(lambda: bool(refreshes), timeout=int(FRAME_SECONDS * 1000) + 1000)
    qtbot.wait(int(FRAME_SECONDS * 3000))
    assert refreshes == [102]


def test_votes_are_counted_off_the_gui_thread(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """While phones vote, the tally is counted in a pool thread started by the writer's commit, and shown
    with one dataChanged per count; the GUI thread is not woken for the votes themselves."""
    ids = [controller.add_idea(t).id for t in ("A", "B", "C")]
    vote_round = controller.create_round("Live", ids, 3, 3, ResultsMode.LIVE)
    controller.start_round(vote_round.id)
    session.set_joining(open=True)
    counted_on: list[threading.Thread] = []
    original = session.tally

    def tally(*args: object, **kwargs: object) -> RoundTally:
        counted_on.append(threading.current_thread())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    session.tally = tally  # type: ignore[method-assign]
    changes: list[object] = []
    controller.live.tally_model.dataChanged.connect(lambda *_a: changes.append(1))
    woken: list[Event] = []
    controller.live.bridge.events_arrived.connect(woken.extend)
    for other in ids[1:]:
        session.cast_ballot(session.join().token, vote_round.id, {ids[0]: 2, other: 1})
    qtbot.waitUntil(lambda: controller.live.tally_model.ballots == 2, timeout=5000)
    assert counted_on and threading.main_thread() not in counted_on
    assert [r.phone_dots for r in controller.live.tally_model.rows] == [4, 1, 1]
    assert 1 <= len(changes) <= len(counted_on)
    assert not [e for e in woken if e.kind is EventKind.VOTE_RECORDED]  # votes never wake the GUI thread


def test_tally_model_tells_views_once_per_tally(qtbot: QtBot) -> None:
    """However many cells change, views hear one dataChanged and the chart one tally-shown call."""
    model = TallyTableModel()
    model.set_tally(RoundTally(1, (IdeaTally(5, 1, 0), IdeaTally(6, 0, 0)), ballots=1), {5: "Trees", 6: "Bikes"})
    changes: list[object] = []
    shown: list[object] = []
    model.dataChanged.connect(lambda *_a: changes.append(1))
    model.on_tally_shown(lambda: shown.append(1))
    model.set_tally(RoundTally(1, (IdeaTally(6, 9, 2), IdeaTally(5, 3, 0)), ballots=4), {5: "Trees", 6: "Bikes"})
    assert len(changes) == 1 and len(shown) == 1
    assert [model.index(0, c).data() for c in range(5)] == ["1", "Bikes", "9", "2", "11"]
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_tally(RoundTally(1, (IdeaTally(6, 9, 2), IdeaTally(5, 3, 0)), ballots=4), {5: "Trees", 6: "Bikes"})
    assert len(shown) == 1  # the same tally again: nothing new to draw


def test_chart_is_drawn_once_per_tally_and_repainted_without_python(qtbot: QtBot) -> None:
    """The chart draws a pixmap when the tally changes; repainting the window runs no Python (QLabel's paint)."""
    assert TallyChart.paintEvent is QLabel.paintEvent
    model = TallyTableModel()
    chart = TallyChart(model)
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.show()
    qtbot.waitExposed(chart)
    model.set_tally(RoundTally(1, (IdeaTally(5, 8, 0),), ballots=3), {5: "Trees"})
    image = chart.pixmap().toImage()
    assert image.width() >= 400 and chart.bars() == [("Trees", 8, 0)]
    middle_row = image.height() // 2 + 5
    colours = {QColor(image.pixel(x, middle_row)).name() for x in range(0, image.width(), 4)}
    assert PHONE_COLOUR.name() in colours


def test_a_throttled_chart_draws_the_first_tally_at_once_and_the_last_one_after_the_interval(qtbot: QtBot) -> None:
    """A burst of tallies costs two drawings: the first at once, the newest when the interval is over."""
    model = TallyTableModel()
    chart = TallyChart(model, min_interval=0.2)
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    chart.show()
    qtbot.waitExposed(chart)
    drawn: list[list[tuple[str, int, int]]] = []
    original = chart._draw

    def counting_draw(*args: object) -> None:
        drawn.append(chart.bars())
        original(*args)  # type: ignore[arg-type]

    chart._draw = counting_draw  # type: ignore[method-assign]
    for dots in range(1, 11):
        model.set_tally(RoundTally(1, (IdeaTally(5, dots, 0),), ballots=dots), {5: "Trees"})
    assert drawn == [[("Trees", 1, 0)]]
    qtbot.waitUntil(lambda: len(drawn) == 2, timeout=2000)
    assert drawn[-1] == [("Trees", 10, 0)]
    qtbot.wait(300)
    assert len(drawn) == 2  # nothing new came in: no further drawing


def test_a_destroyed_chart_no_longer_hears_of_new_tallies(qtbot: QtBot) -> None:
    """The projector window (and its chart) can go while the tally model lives on: no call into a dead widget."""
    model = TallyTableModel()
    chart = TallyChart(model)
    chart.resize(300, 150)
    chart.show()
    destroyed: list[object] = []
    chart.destroyed.connect(lambda *_a: destroyed.append(1))
    chart.deleteLater()
    qtbot.waitUntil(lambda: bool(destroyed))
    model.set_tally(RoundTally(1, (IdeaTally(5, 2, 0),), ballots=1), {5: "Trees"})  # would raise on a dead chart
    assert model.ballots == 1
