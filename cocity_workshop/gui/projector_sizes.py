"""The projector's sizes as shares of the screen's height, so a 1366x768 beamer and a 1920x1080 screen show
the same picture, readable from the back of the room (at 2 m of image height, 5 % is 10 cm). The projector
page (``resources/web/projector.css``) uses the same shares in ``vh``; the tests measure both."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

#: The QR code's side while people join (the wall) and while they vote; during a reveal it is not shown.
QR_JOIN = 0.44
QR_VOTE = 0.26
#: Type: the workshop's title, the phase, its countdown, "Scan to take part", the address to type.
TITLE = 0.05
PHASE = 0.035
CLOCK = 0.06
SCAN = 0.045
SCAN_VOTE = 0.03
ADDRESS = 0.05
ADDRESS_VOTE = 0.035
COUNTS = 0.03
COUNTS_VOTE = 0.024
#: A round's name above its tally, the tally's rows, an idea card's title, the pause screen.
HEADING = 0.05
TALLY = 0.035
CARD_TEXT = 0.03
PAUSE = 0.12
PAUSE_NOTE = 0.045
#: "Vote now": the round's name, "N of M have voted", the countdown, the call to vote.
VOTE_ROUND = 0.07
VOTE_COUNT = 0.09
VOTE_CLOCK = 0.055
VOTE_CALL = 0.045
#: An idea card, in shares of the height (and so of the type).
CARD_WIDTH = 40.0  # in units of 1 % of the height
CARD_HEIGHT = 15.0
#: Margins around the window's content, in shares of the height.
MARGIN = 0.02


def set_type(widget: QWidget, share: float, height: int, *, bold: bool = False) -> None:
    """Give ``widget`` type ``share`` of ``height`` pixels tall (never under 8 px)."""
    font = QFont(widget.font())
    font.setPixelSize(max(8, round(share * height)))
    font.setBold(bold)
    widget.setFont(font)
