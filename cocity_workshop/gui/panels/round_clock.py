"""The Voting panel's countdown row: the open round's time left as the room sees it, one more minute, and
whether the round closes by itself at zero (the app's writer closes it then, not this widget)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.common import button, heading
from cocity_workshop.gui.projector_vote import WARNING_STYLE, round_clock
from cocity_workshop.i18n import _

#: How often the countdown is redrawn (it shows whole seconds).
TICK_MS = 500


class RoundClockRow(QWidget):
    """Shown while the focused round is open: its countdown (or "no time limit"), "+1 minute" and the
    close-by-itself switch."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._round: VoteRound | None = None
        self.clock_label = heading("", 1.2)
        self.more_button = button(
            _("+1 minute"), self.add_minute, tip=_("Give the room one more minute to vote (starts a countdown).")
        )
        self.closes_check = QCheckBox(_("Close voting by itself when the time is up"))
        self.closes_check.toggled.connect(self._closes_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.clock_label, 1)
        layout.addWidget(self.more_button)
        layout.addWidget(self.closes_check)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self.show_round(None)

    def show_round(self, vote_round: VoteRound | None) -> None:
        """Follow ``vote_round`` (the panel's focused round): the row shows only while it is open."""
        self._round = vote_round if vote_round is not None and vote_round.state is RoundState.OPEN else None
        self.setVisible(self._round is not None)
        if self._round is None:
            self._ticker.stop()
            return
        self.closes_check.blockSignals(True)
        self.closes_check.setChecked(self._round.closes_itself)
        self.closes_check.blockSignals(False)
        self.closes_check.setEnabled(self._round.duration_seconds is not None)
        if not self._ticker.isActive():
            self._ticker.start()
        self.tick()

    def tick(self) -> None:
        """Redraw the countdown: the projector's words, on the warning colour in the last minute."""
        if self._round is None:
            return
        clock = round_clock(self._round, self.controller.live.clock())
        text, warning = clock if clock is not None else (_("No time limit"), False)
        self.clock_label.setText(text)
        if warning != self.clock_label.property("warning"):
            self.clock_label.setProperty("warning", warning)
            self.clock_label.setStyleSheet(WARNING_STYLE if warning else "")

    def add_minute(self) -> None:
        """One more minute for the open round."""
        if self._round is not None:
            self.controller.add_round_time(self._round.id, 60)

    def _closes_toggled(self, checked: bool) -> None:
        if self._round is not None:
            self.controller.set_round_closes_itself(self._round.id, checked)
