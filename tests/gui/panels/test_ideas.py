"""Ideas panel: keyboard entry from the floor and paper, the moderation queue and its banner, photos."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import IdeaOrigin, IdeaStatus
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.ideas import IdeasTableModel
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
    """In youth mode phone ideas wait; the banner counts them; the filter shows them; approving clears it
    and the table stays where it was."""
    session.update_workshop(youth_mode=True)
    session.set_joining(open=True)
    token = session.join().token
    for title in ("Skatepark", "Write to kuba@example.cz"):
        session.add_idea(title, origin=IdeaOrigin.PHONE, token=token)
    controller.live.flush()
    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.show()
    assert not panel.pending_banner.isHidden() and panel.pending_banner.text().startswith("2 ideas wait")
    table_top = panel.ideas_view.mapTo(panel, QPoint(0, 0)).y()
    panel.show_filter("pending")
    assert panel.proxy.rowCount() == 2
    panel.ideas_view.selectAll()
    panel.approve()
    assert panel.proxy.rowCount() == 0 and panel.pending_banner.isHidden()
    qtbot.wait(20)  # the layout settles: the rows under the cursor did not move up into the banner's place
    assert panel.ideas_view.mapTo(panel, QPoint(0, 0)).y() == table_top
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


def test_youth_mode_photo_on_an_approved_idea_waits_in_the_queue(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot
) -> None:
    """A phone's photo on an approved idea puts the idea in the queue with a note; Approve shows the photo,
    undo makes it wait again; a waiting photo can be removed for good."""
    session.update_workshop(youth_mode=True)
    session.set_joining(open=True)
    token = session.join().token
    idea = session.add_idea("Mural", origin=IdeaOrigin.PHONE, token=token)
    session.set_idea_status(idea.id, IdeaStatus.VISIBLE)
    photo = _jpeg_bytes()
    command = session.phone_photo_command(token, idea.id, "image/jpeg", photo, 4, 4, "photo-key-0001")
    waiting = session.submit(command).result(timeout=10).attachment_id
    controller.live.flush()
    panel = IdeasPanel(controller)
    qtbot.addWidget(panel)
    assert panel.pending_banner.text().startswith("1 photo from a phone waits")
    panel.show_filter("pending")
    assert panel.proxy.rowCount() == 1
    panel.select_idea(idea.id)
    notes = [w.text() for w in panel.findChildren(QLabel) if w.text().startswith("This photo waits")]
    assert notes == ["This photo waits for your approval: the room does not see it yet."]
    index = panel.proxy.index(0, IdeasTableModel.COL_PHOTOS)
    assert index.data() == "0 + 1 waiting"
    panel.ideas_view.selectAll()
    panel.approve()
    assert session.idea(idea.id).attachment_ids == (waiting,) and panel.proxy.rowCount() == 0
    controller.undo()
    assert session.idea(idea.id).pending_attachment_ids == (waiting,) and panel.proxy.rowCount() == 1
    controller.remove_photo(waiting)
    assert session.idea(idea.id).pending_attachment_ids == () and panel.pending_banner.isHidden()


def _jpeg_bytes() -> bytes:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("#a33"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    buffer.close()
    return bytes(data.data())
