"""The projector window readable at the back of the room at 1920x1080 and 1366x768: its sizes are shares of
its height, the QR code at least 40 % of it while people join (with "Scan to take part"), the address to
type about 5 % and on screen, smaller while the room votes, gone during a reveal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.gui import widgets
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.projector import ProjectorView, ProjectorWindow
from cocity_workshop.gui.projector_wall import fitted
from cocity_workshop.session import WorkshopSession

SCREENS = [(1920, 1080), (1366, 768)]


@pytest.fixture
def host(session: WorkshopSession) -> Iterator[ServerHost]:
    """The participant server on 127.0.0.1, joining open."""
    session.set_joining(open=True)
    served = ServerHost(session, "127.0.0.1", 0)
    assert served.start()
    yield served
    served.stop()


def _share(label: QLabel, height: int) -> float:
    return label.font().pixelSize() / height


def _on_screen(label: QLabel, window: ProjectorWindow) -> bool:
    left = label.mapTo(window, label.rect().topLeft()).x()
    return left >= 0 and left + label.sizeHint().width() <= window.width()


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_projector_window_is_readable_at_the_back(
    controller: WorkshopController, host: ServerHost, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """Join screen, "Vote now" and the reveal at one screen size, each measured."""
    width, height = size
    projector = ProjectorWindow(controller, host)
    qtbot.addWidget(projector)
    ids = [controller.add_idea(title).id for title in ("Benches by the river", "Lights in the underpass")]
    projector.show()
    projector.resize(1280, 720)  # from another size first: nothing of it may stay
    qtbot.waitUntil(lambda: projector.height() == 720)
    projector.resize(width, height)
    qtbot.waitUntil(lambda: (projector.width(), projector.height()) == size)
    qtbot.waitUntil(lambda: projector.qr.has_code)
    assert projector.current_view() is ProjectorView.WALL
    qr = projector.qr.pixmap()
    assert qr.height() >= 0.40 * height and projector.qr.height() >= 0.40 * height
    assert projector.scan_label.isVisible() and projector.scan_label.text() == "Scan to take part"
    assert _share(projector.scan_label, height) >= 0.04
    assert 0.045 <= _share(projector.join_label, height) <= 0.06
    assert projector.join_label.text() == host.short_url().removeprefix("http://")
    assert projector.footer.isVisible() and _on_screen(projector.join_label, projector)
    assert _share(projector.title_label, height) >= 0.045 and _share(projector.countdown_label, height) >= 0.05
    assert projector.side_panel.geometry().bottom() < projector.footer.geometry().top()

    vote = controller.create_round("Which first?", ids, 3, 3, ResultsMode.HIDDEN)
    assert vote is not None
    controller.start_round(vote.id)
    assert projector.current_view() is ProjectorView.VOTE
    assert 0.2 * height <= projector.qr.height() < 0.40 * height
    assert _share(projector.vote_page.count_label, height) >= 0.08
    assert _on_screen(projector.join_label, projector)

    controller.close_round(vote.id)
    controller.reveal_round(vote.id)
    assert projector.current_view() is ProjectorView.TALLY
    assert not projector.side_panel.isVisible() and not projector.footer.isVisible()
    assert _share(projector.tally_title, height) >= 0.045
    qtbot.waitUntil(lambda: projector.chart.width() >= 0.9 * (width - 2 * 0.02 * height))  # the whole width


def test_a_title_too_long_for_its_card_is_cut_at_a_word() -> None:
    """The card keeps as many whole words as fit with "…"; one word too long is cut inside it."""

    def fits(text: str) -> bool:
        return len(text) <= 12

    assert fitted("Short", fits) == "Short"
    assert fitted("Benches by the river", fits) == "Benches by…"
    assert fitted("Supercalifragilistic", fits) == "Supercalifr…"


def test_the_projectors_chart_speaks_the_rooms_language(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Czech workshop's revealed tally has its legend in Czech while the app is in English."""
    drawn: list[str] = []
    translate = widgets._
    monkeypatch.setattr(widgets, "_", lambda text: drawn.append(translate(text)) or drawn[-1])
    controller.update_workshop(language="cs")
    projector = ProjectorWindow(controller, ServerHost(session))
    qtbot.addWidget(projector)
    projector.show()
    ids = [controller.add_idea(title).id for title in ("Lavičky", "Světla")]
    vote = controller.create_round("Kolo", ids, 3, 3, ResultsMode.LIVE)
    assert vote is not None
    controller.start_round(vote.id)
    qtbot.waitUntil(lambda: "tečky z telefonů" in drawn)
    assert "phone dots" not in drawn
