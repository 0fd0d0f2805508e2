"""Ideas panel: keyboard entry from the floor and paper, the moderation queue and its banner, photos."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import IdeaOrigin, IdeaStatus
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.ideas import IdeasPanel
from cocity_workshop.session import WorkshopSession


def test_keyboard_entry(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """Type, Enter, type the next; Ctrl+T switches to paper notes; the field stays ready."""
    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    panel.focus_entry()
    qtbot.keyClicks(panel.entry_edit, "Bike lanes")
    qtbot.keyClick(panel.entry_edit, Qt.Key.Key_Return)
    panel.switch_origin()
    qtbot.keyClicks(panel.entry_edit, "Benches")
    qtbot.keyClick(panel.entry_edit, Qt.Key.Key_Return)
    assert [(i.title, i.origin) for i in session.ideas()] == [
        ("Bike lanes", IdeaOrigin.FACILITATOR),
        ("Benches", IdeaOrigin.PAPER),
    ]
    assert panel.entry_edit.text() == ""


def test_moderation_queue(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """In youth mode phone ideas wait; the banner counts them; the filter shows them; approving clears it."""
    session.update_workshop(youth_mode=True)
    session.set_joining(open=True)
    token = session.join().token
    for title in ("Skatepark", "Write to kuba@example.cz"):
        session.add_idea(title, origin=IdeaOrigin.PHONE, token=token)
    controller.bridge.flush()
    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    assert not panel.pending_banner.isHidden() and panel.pending_banner.text().startswith("2 ideas wait")
    panel.show_filter("pending")
    assert panel.proxy.rowCount() == 2
    panel.ideas_view.selectAll()
    panel.approve()
    assert panel.proxy.rowCount() == 0 and panel.pending_banner.isHidden()
    assert {i.status for i in session.ideas()} == {IdeaStatus.VISIBLE}
    assert panel.filter_combo.itemText(2) == "Visible (2)"


def test_photo_is_resized_and_shown(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """A big photo is stored as a JPEG of at most 1600 px and appears with its idea."""
    image = QImage(3200, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    path = tmp_path / "wall.png"
    image.save(str(path))
    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    idea = controller.add_idea("Sticky-note wall")
    panel.select_idea(idea.id)
    panel.attach_photo(str(path))
    (attachment,) = session.snapshot().attachments
    assert (attachment.width, attachment.height, attachment.mime) == (1600, 500, "image/jpeg")
    assert panel.photos_box.count() == 2  # the photo and a stretch
