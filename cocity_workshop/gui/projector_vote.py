"""The projector's "Vote now" screen: the open round's name, how many have voted, its countdown and the call.

Nothing of the tally is on it: it is shown while the round's results are hidden. How many have voted comes
from the participant server's room (the same numbers as the projector page); without the server only the
ballots stored so far are counted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cocity_workshop.core import rounds as round_rules
from cocity_workshop.core.model import VoteRound
from cocity_workshop.gui import projector_sizes as sizes
from cocity_workshop.gui.models.phases import format_seconds
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _, ngettext

#: The warning colour of a countdown in its last minute (on the projector's black or white).
WARNING_STYLE = "color: #000000; background: #ffd166; border-radius: 8px; padding: 0 12px;"


def voted_text(voted: int, of: int | None) -> str:
    """ "N of M have voted", or "N have voted" when M is not known (no server)."""
    if of is None:
        return ngettext("{count} has voted", "{count} have voted", voted).format(count=voted)
    return ngettext("{voted} of {total} has voted", "{voted} of {total} have voted", voted).format(
        voted=voted, total=of
    )


def round_clock(vote_round: VoteRound | None, now: float) -> tuple[str, bool] | None:
    """An open round's countdown as the room reads it, and whether it is in its last minute (a warning);
    ``None`` when the round is not open or has no time limit. The same words as the phones and the page."""
    if vote_round is None:
        return None
    left = round_rules.seconds_left(vote_round, now)
    if left is None:
        return None
    warning = left <= round_rules.WARNING_SECONDS
    if left > round_rules.WARNING_SECONDS:
        text = _("Voting ends in {time}").format(time=format_seconds(left))
    elif left > 0:
        text = _("Last minute! Voting ends in {time}").format(time=format_seconds(left))
    else:
        text = _("Time is up: voting is closing") if vote_round.closes_itself else _("Time is up")
    return text, warning


class VoteNowPage(QWidget):
    """Passive: the projector window tells it what to show."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.round_label = plain_label()
        self.count_label = plain_label()
        self.clock_label = plain_label(wrap=False)
        self.clock_label.hide()
        self.call_label = plain_label(_("Vote now on your phone"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.round_label, self.count_label, self.clock_label, self.call_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # The countdown's warning colour is as wide as its words; the others take the width and wrap.
            layout.addWidget(
                label, 0, Qt.AlignmentFlag.AlignHCenter if label is self.clock_label else Qt.AlignmentFlag(0)
            )
        layout.addStretch(1)

    def apply_sizes(self, height: int) -> None:
        """Type as shares of the window's ``height`` (``projector_sizes``)."""
        sizes.set_type(self.round_label, sizes.VOTE_ROUND, height, bold=True)
        sizes.set_type(self.count_label, sizes.VOTE_COUNT, height, bold=True)
        sizes.set_type(self.clock_label, sizes.VOTE_CLOCK, height, bold=True)
        sizes.set_type(self.call_label, sizes.VOTE_CALL, height)

    def show_round(self, title: str, voted: int, of: int | None) -> None:
        """The round's name (plain text) and how many of the room have voted."""
        self.round_label.setText(title)
        self.count_label.setText(voted_text(voted, of))

    def show_clock(self, clock: tuple[str, bool] | None) -> None:
        """The round's countdown (from ``round_clock``), on a warning colour in its last minute; hidden without."""
        self.clock_label.setVisible(clock is not None)
        if clock is None:
            return
        text, warning = clock
        self.clock_label.setText(text)
        if warning != self.clock_label.property("warning"):  # restyling is costly: only on change
            self.clock_label.setProperty("warning", warning)
            self.clock_label.setStyleSheet(WARNING_STYLE if warning else "")

    def retranslate(self) -> None:
        """The call in the room's language (the window sets the language around this call)."""
        self.call_label.setText(_("Vote now on your phone"))
