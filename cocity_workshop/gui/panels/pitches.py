"""The Hackathon panel's pitches page (#19): the pitch order (drag, move or draw at random), the pitch's
length, and the pitch running now with its timer and the team next."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.hackathon import PITCH_SECONDS_MAX, Team
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import button, heading
from cocity_workshop.gui.projector_pitch import pitch_time
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


class PitchOrderList(QListWidget):
    """The teams in pitch order; dragging one elsewhere asks for the new order."""

    def __init__(self, page: PitchesPage) -> None:
        super().__init__()
        self.page = page
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event: Any) -> None:
        super().dropEvent(event)
        self.page.order_changed()


class PitchesPage(QWidget):
    """Passive over the controller: the order, the length and the pitch now."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        body = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(heading(_("Pitch order"), 1.0))
        left.addWidget(plain_label(_("Drag a team to change the order, or draw the order at random.")))
        self.order_list = PitchOrderList(self)
        left.addWidget(self.order_list, 1)
        row = QHBoxLayout()
        row.addWidget(button(_("Move up"), lambda: self.move_team(-1)))
        row.addWidget(button(_("Move down"), lambda: self.move_team(1)))
        row.addWidget(button(_("Draw at random"), controller.shuffle_pitch_order))
        left.addLayout(row)
        body.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(heading(_("Pitching now"), 1.0))
        self.now_label = plain_label()
        self.clock_label = plain_label()
        self.next_label = plain_label()
        for label in (self.now_label, self.clock_label, self.next_label):
            right.addWidget(label)
        length = QHBoxLayout()
        length.addWidget(plain_label(_("Minutes per pitch")))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, PITCH_SECONDS_MAX // 60)
        self.minutes.setAccessibleName(_("Minutes per pitch"))
        self.minutes.editingFinished.connect(self.set_length)
        length.addWidget(self.minutes)
        length.addStretch(1)
        right.addLayout(length)
        buttons = QHBoxLayout()
        buttons.addWidget(button(_("Start next pitch"), controller.next_pitch, shortcut="Ctrl+Shift+Right"))
        buttons.addWidget(button(_("Start selected team"), self.start_selected))
        buttons.addWidget(button(_("End pitch"), controller.end_pitch))
        right.addLayout(buttons)
        right.addStretch(1)
        body.addLayout(right, 1)
        controller.live.hackathon_changed.connect(self.show_pitches)
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self.show_clock)
        self._ticker.start()
        self.show_pitches()

    def show_pitches(self) -> None:
        """The order and the pitch now, as the session has them."""
        view = self.controller.live.hackathon
        selected = self.order_list.currentItem()
        keep = selected.data(Qt.ItemDataRole.UserRole) if selected is not None else None
        self.order_list.clear()
        for number, team in enumerate(view.teams, start=1):
            challenge = view.challenge_title(team.challenge_id)
            item = QListWidgetItem(f"{number}. {team.name} · {challenge}")
            item.setData(Qt.ItemDataRole.UserRole, team.id)
            self.order_list.addItem(item)
            if team.id == keep:
                self.order_list.setCurrentItem(item)
        if not self.minutes.hasFocus():
            self.minutes.setValue(max(1, view.pitch.seconds // 60))
        pitching = view.team(view.pitch.team_id)
        order = [t.id for t in view.teams]
        following: Team | None = None
        if pitching is not None and order.index(pitching.id) + 1 < len(order):
            following = view.teams[order.index(pitching.id) + 1]
        elif pitching is None and view.teams:
            following = view.teams[0]
        self.now_label.setText(pitching.name if pitching is not None else _("Nobody is pitching."))
        self.next_label.setText(_("Next: {team}").format(team=following.name) if following is not None else "")
        self.show_clock()

    def show_clock(self) -> None:
        """The running pitch's time left (or over)."""
        remaining = self.controller.live.hackathon.pitch.remaining(self.controller.live.clock())
        self.clock_label.setText(pitch_time(remaining) if remaining is not None else "")

    def order_list_ids(self) -> list[int]:
        """The team ids as the list shows them now."""
        return [int(self.order_list.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.order_list.count())]

    def order_changed(self) -> None:
        """The facilitator dragged a team: store the order the list shows."""
        order = self.order_list_ids()
        if order != [t.id for t in self.controller.live.hackathon.teams]:
            self.controller.set_pitch_order(order)

    def move_team(self, offset: int) -> None:
        """Move the selected team up (-1) or down (+1) in the order."""
        row = self.order_list.currentRow()
        order = self.order_list_ids()
        if not 0 <= row < len(order) or not 0 <= row + offset < len(order):
            return
        order.insert(row + offset, order.pop(row))
        if self.controller.set_pitch_order(order) is not None:
            self.order_list.setCurrentRow(row + offset)

    def set_length(self) -> None:
        """Store the minutes per pitch when the field is left."""
        seconds = self.minutes.value() * 60
        if seconds != self.controller.live.hackathon.pitch.seconds:
            self.controller.set_pitch_seconds(seconds)

    def start_selected(self) -> None:
        """Let the selected team pitch now."""
        item = self.order_list.currentItem()
        if item is not None:
            self.controller.start_pitch(int(item.data(Qt.ItemDataRole.UserRole)))
