"""The projector's pitch screen (#19): the team pitching now, its project, the pitch timer and the team next.

It is shown while a pitch runs, as the projector page shows it; the timer counts from the pitch's start.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cocity_workshop.gui import projector_sizes as sizes
from cocity_workshop.gui.hackathon_view import HackathonView
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


def pitch_time(remaining: float) -> str:
    """ "3:05 left", or "0:20 over time" once the pitch has run over (whole seconds)."""
    seconds = int(abs(remaining)) if remaining < 0 else int(remaining + 0.999)
    text = f"{seconds // 60}:{seconds % 60:02d}"
    return _("{time} over time").format(time=text) if remaining < 0 else _("{time} left").format(time=text)


class PitchPage(QWidget):
    """Passive: the projector window tells it what to show."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.heading = plain_label(_("Pitching now"))
        self.team_label = plain_label()
        self.project_label = plain_label()
        self.clock_label = plain_label(wrap=False)
        self.next_label = plain_label()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.heading, self.team_label, self.project_label, self.clock_label, self.next_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)

    def apply_sizes(self, height: int) -> None:
        """Type as shares of the window's ``height``, as the vote screen's (``projector_sizes``)."""
        sizes.set_type(self.heading, sizes.VOTE_CALL, height)
        sizes.set_type(self.team_label, sizes.VOTE_ROUND, height, bold=True)
        sizes.set_type(self.project_label, sizes.VOTE_CLOCK, height)
        sizes.set_type(self.clock_label, sizes.VOTE_COUNT, height, bold=True)
        sizes.set_type(self.next_label, sizes.VOTE_CALL, height)

    def show_pitch(self, view: HackathonView, now: float) -> None:
        """The pitch running in ``view`` at ``now`` (team names and titles as plain text)."""
        pitch = view.pitch
        team = view.team(pitch.team_id)
        remaining = pitch.remaining(now)
        if team is None or remaining is None:
            return
        project = view.projects.get(team.id)
        order = [t.id for t in view.teams]
        following = view.team(order[order.index(team.id) + 1]) if order.index(team.id) + 1 < len(order) else None
        self.heading.setText(_("Pitching now"))
        self.team_label.setText(team.name)
        self.project_label.setText(project.title if project is not None else "")
        self.clock_label.setText(pitch_time(remaining))
        over = remaining < 0
        if over != self.clock_label.property("overrun"):
            self.clock_label.setProperty("overrun", over)
            self.clock_label.setStyleSheet("color: #ff5555;" if over else "")
        self.next_label.setText(_("Next: {team}").format(team=following.name) if following is not None else "")
