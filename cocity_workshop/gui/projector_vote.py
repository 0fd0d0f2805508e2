"""The projector's "Vote now" screen: the open round's name, how many have voted and the call to vote.

Nothing of the tally is on it: it is shown while the round's results are hidden. How many have voted comes
from the participant server's room (the same numbers as the projector page); without the server only the
ballots stored so far are counted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _, ngettext


def voted_text(voted: int, of: int | None) -> str:
    """ "N of M have voted", or "N have voted" when M is not known (no server)."""
    if of is None:
        return ngettext("{count} has voted", "{count} have voted", voted).format(count=voted)
    return ngettext("{voted} of {total} has voted", "{voted} of {total} have voted", voted).format(
        voted=voted, total=of
    )


def _sized(widget: QWidget, factor: float, bold: bool = False) -> None:
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)


class VoteNowPage(QWidget):
    """Passive: the projector window tells it what to show."""

    def __init__(self, scale: float, parent: Any = None) -> None:
        super().__init__(parent)
        self.round_label = plain_label()
        _sized(self.round_label, scale * 2.4, bold=True)
        self.count_label = plain_label()
        _sized(self.count_label, scale * 3.2, bold=True)
        self.call_label = plain_label(_("Vote now on your phone"))
        _sized(self.call_label, scale * 1.6)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.round_label, self.count_label, self.call_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_round(self, title: str, voted: int, of: int | None) -> None:
        """The round's name (plain text) and how many of the room have voted."""
        self.round_label.setText(title)
        self.count_label.setText(voted_text(voted, of))

    def retranslate(self) -> None:
        """The call in the room's language (the window sets the language around this call)."""
        self.call_label.setText(_("Vote now on your phone"))
