"""Take the screenshots of running the room (#17): the projector window's join, "Vote now" with its countdown
and reveal screens, and the Voting panel counting down, at 1920x1080 and 1366x768.

Run: ``xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python docs/screenshots/make_room_screenshots.py``
(or with ``QT_QPA_PLATFORM=offscreen``). Phones are simulated from their own loopback addresses.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(os.environ.get("COCITY_SHOTS_TO", Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SIZES = ((1920, 1080), (1366, 768))


def shoot() -> None:
    """Every screen at both sizes."""
    os.environ.setdefault("COCITY_THEME", "light")
    work = Path(tempfile.mkdtemp())
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    os.environ["COCITY_SETTINGS"] = str(work / "settings.ini")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from cocity_workshop.core.model import ResultsMode
    from cocity_workshop.gui.app import make_application
    from cocity_workshop.gui.main_window import FacilitatorWindow
    from cocity_workshop.gui.settings import AppSettings
    from cocity_workshop.gui.theme import apply_theme
    from tests.gui.phones import phone_for

    app = make_application()
    apply_theme(app)
    path = work / "Riverside.cocity"
    from cocity_workshop.session import WorkshopSession

    WorkshopSession.create(
        path,
        title="Riverside: what next?",
        challenge="How can the riverside become a place for everyone, all year round?",
        guiding_questions=("What would bring you to the river?", "What keeps you away today?"),
    ).close()
    window = FacilitatorWindow(AppSettings(), server_host="127.0.0.1", server_port=0, ask=False)
    window.setGeometry(0, 0, 1366, 768)
    window.show()

    def settle(rounds: int = 8) -> None:
        for _ in range(rounds):
            QCoreApplication.processEvents()
            QApplication.instance().thread().msleep(30)  # type: ignore[union-attr]

    window.open_path(path)
    controller, host = window.controller, window.host
    assert controller is not None and host is not None
    controller.set_joining(open=True)
    host.start()
    titles = ("Benches along the river", "A summer café on the old pier", "Lights in the underpass", "Bike racks")
    ideas = [controller.add_idea(title).id for title in titles]
    controller.start_next_phase()
    projector = window.show_projector(0, fullscreen=False)
    assert projector is not None
    phones = [phone_for(host.join_url(), f"127.0.40.{n + 1}").join() for n in range(7)]
    streams = [phone.open_stream() for phone in phones]
    settle(20)
    for width, height in SIZES:
        projector.setGeometry(0, 0, width, height)
        settle()
        projector.grab().save(str(HERE / f"projector-join-{width}x{height}.png"))

    vote = controller.create_round(
        "Which first?", ideas, 5, 3, ResultsMode.HIDDEN, duration_seconds=150, closes_itself=True
    )
    assert vote is not None
    opened = controller.start_round(vote.id)
    assert opened is not None and opened.opened_at is not None
    for n, phone in enumerate(phones[:4]):
        phone.vote(vote.id, {ideas[1]: 2, ideas[n % 3]: 1} if n % 3 != 1 else {ideas[1]: 3})
    settle(30)
    start = opened.opened_at
    for width, height in SIZES:
        projector.setGeometry(0, 0, width, height)
        controller.live.clock = lambda: start + 38
        settle()
        projector.grab().save(str(HERE / f"projector-vote-now-{width}x{height}.png"))
        controller.live.clock = lambda: start + 108
        settle()
        projector.grab().save(str(HERE / f"projector-countdown-{width}x{height}.png"))
    window.show_panel("voting")
    settle()
    window.grab().save(str(HERE / "voting-countdown.png"))

    controller.live.clock = time.time
    for phone in phones[4:]:
        phone.vote(vote.id, {ideas[3]: 2, ideas[0]: 1})
    controller.close_round(vote.id)
    controller.reveal_round(vote.id)
    settle(20)
    for width, height in SIZES:
        projector.setGeometry(0, 0, width, height)
        settle()
        projector.grab().save(str(HERE / f"projector-reveal-{width}x{height}.png"))
    for stream in streams:
        stream.close()
    window.close()


if __name__ == "__main__":
    shoot()
