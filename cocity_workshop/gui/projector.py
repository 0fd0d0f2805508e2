"""The projector window: readable from the back of the room, it follows what the facilitator does.

It shows the join QR code and short address, the phase and a big countdown, how many joined, the wall
of visible ideas, "Vote now" while a round is open, a round's tally once the room may see it, and a pause
screen. Every size is a share of the window's height (``projector_sizes``): the QR code is 44 % of it
while people join, smaller while they vote and gone during a reveal. It reads the same models as the
facilitator window through a filter that lets only visible ideas through: pending, hidden and merged
ideas never reach it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QResizeEvent, QScreen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLayout, QListView, QStackedWidget, QVBoxLayout, QWidget

from cocity_workshop.core import agenda
from cocity_workshop.core.model import RoundState, VoteRound
from cocity_workshop.gui import projector_sizes as sizes
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.ideas import IdeasTableModel, PublicIdeasProxy
from cocity_workshop.gui.models.phases import format_seconds
from cocity_workshop.gui.projector_pitch import PitchPage
from cocity_workshop.gui.projector_vote import VoteNowPage, round_clock, voted_text
from cocity_workshop.gui.projector_wall import IdeaCardDelegate, IdeaWall
from cocity_workshop.gui.theme import is_dark, theme_signals
from cocity_workshop.gui.widgets import QrLabel, TallyChart, plain_label
from cocity_workshop.i18n import _, ngettext, text_direction, use_language


class ProjectorView(StrEnum):
    """What the main area of the projector shows."""

    WALL = "wall"
    TALLY = "tally"
    PAUSE = "pause"
    VOTE = "vote"
    PITCH = "pitch"  # a hackathon's pitch (#19)


T = TypeVar("T")


def _in_room_language(method: Callable[..., T]) -> Callable[..., T]:
    """Run a projector method in the workshop's language (the room's), whatever the app's language is."""

    @functools.wraps(method)
    def wrapper(self: ProjectorWindow, *args: Any, **kwargs: Any) -> T:
        controller = getattr(self, "controller", None) or args[0]
        with use_language(controller.live.workshop.language):
            return method(self, *args, **kwargs)

    return wrapper


class ProjectorWindow(QWidget):
    """The room's screen. Passive: it only reads the controller's models and signals."""

    @_in_room_language
    def __init__(self, controller: WorkshopController, host: ServerHost, parent: Any = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.host = host
        #: What the QR code shows now: (server running, joining open, join address).
        self._join_state: tuple[bool, bool | None, str] = (False, None, "")
        self._voted_text = ""  # "N of M have voted" as last shown (the countdown ticks beside it)
        self.setWindowTitle(_("CoCity Workshop — projector"))
        self.setAutoFillBackground(True)
        self.apply_palette()

        top = QHBoxLayout()
        self.title_label = plain_label()
        self.phase_label = plain_label()
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.countdown_label = plain_label(wrap=False)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        clock_box = QVBoxLayout()
        clock_box.setSpacing(0)
        clock_box.addWidget(self.phase_label)
        clock_box.addWidget(self.countdown_label)
        top.addWidget(self.title_label, 1)
        top.addLayout(clock_box)

        side = QVBoxLayout()
        self.scan_label = plain_label(_("Scan to take part"))
        self.scan_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrLabel()
        self.joined_label = plain_label()
        self.joined_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.connected_label = plain_label()
        self.connected_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side.addWidget(self.scan_label)
        side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.joined_label)
        side.addWidget(self.connected_label)
        side.addStretch(1)
        self.side_panel = QFrame()
        self.side_panel.setLayout(side)

        #: Under everything, across the window: "or type" and the short address, 5 % of the height.
        self.type_label = plain_label(_("or type"), wrap=False)
        self.join_label = plain_label(wrap=False)
        self.join_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # an address reads left to right
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.type_label)
        footer.addWidget(self.join_label)
        footer.addStretch(1)
        self.footer = QWidget()
        self.footer.setLayout(footer)

        self.stack = QStackedWidget()
        self.wall_proxy = PublicIdeasProxy(parent=self)
        self.wall_proxy.setSourceModel(controller.live.ideas_model)
        self.card_delegate = IdeaCardDelegate()
        self.wall = IdeaWall(self.card_delegate)
        self.wall.setModel(self.wall_proxy)
        self.wall.setModelColumn(IdeasTableModel.COL_TITLE)
        self.wall.setViewMode(QListView.ViewMode.IconMode)
        self.wall.setFlow(QListView.Flow.LeftToRight)
        self.wall.setWrapping(True)
        self.wall.setResizeMode(QListView.ResizeMode.Adjust)
        self.wall.setMovement(QListView.Movement.Static)
        self.wall.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.wall.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.wall.setFrameShape(QFrame.Shape.NoFrame)
        self.wall.setUniformItemSizes(True)
        self.wall_empty = plain_label(_("Ideas appear here as they come in."))
        self.wall_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        wall_page = QWidget()
        wall_layout = QVBoxLayout(wall_page)
        wall_layout.setContentsMargins(0, 0, 0, 0)
        wall_layout.addWidget(self.wall_empty)
        wall_layout.addWidget(self.wall, 1)

        tally_page = QWidget()
        tally_layout = QVBoxLayout(tally_page)
        self.tally_title = plain_label()
        self.chart = TallyChart(
            controller.live.tally_model,
            scale=1.0,
            max_bars=10,
            left_out=controller.live.hidden_idea_ids,
            language=lambda: controller.live.workshop.language,
        )
        tally_layout.addWidget(self.tally_title)
        tally_layout.addWidget(self.chart, 1)

        pause_page = QWidget()
        pause_layout = QVBoxLayout(pause_page)
        self.pause_label = plain_label(_("Pause"))
        self.pause_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pause_note = plain_label(_("We carry on in a moment."))
        self.pause_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pause_layout.addStretch(1)
        pause_layout.addWidget(self.pause_label)
        pause_layout.addWidget(self.pause_note)
        pause_layout.addStretch(1)

        self.vote_page = VoteNowPage()
        self.pitch_page = PitchPage()
        self.pages = {
            ProjectorView.WALL: wall_page,
            ProjectorView.TALLY: tally_page,
            ProjectorView.PAUSE: pause_page,
            ProjectorView.VOTE: self.vote_page,
            ProjectorView.PITCH: self.pitch_page,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)

        body = QHBoxLayout()
        body.addWidget(self.stack, 1)
        body.addWidget(self.side_panel, 0, Qt.AlignmentFlag.AlignTop)
        self.outer = QVBoxLayout(self)
        # The window takes the screen's size and sizes its content from it: the content, sized for the last
        # screen, must not hold the window at that size (the sizes follow in resizeEvent).
        self.outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.outer.addLayout(top)
        self.outer.addLayout(body, 1)
        self.outer.addWidget(self.footer)

        controller.live.workshop_changed.connect(lambda _w: self.refresh())
        controller.live.phases_changed.connect(self.refresh)
        controller.live.joining_changed.connect(lambda _j: self.show_joining())
        controller.live.join_secret_changed.connect(self.show_join)
        controller.live.rounds_changed.connect(self.refresh)
        controller.live.focus_round_changed.connect(lambda _r: self.refresh())
        controller.live.ideas_changed.connect(self.show_wall_state)
        controller.live.hackathon_changed.connect(self.refresh)
        host.state_changed.connect(self.show_join)
        host.state_changed.connect(self.show_joining)
        host.room_changed.connect(self.show_joining)
        host.room_changed.connect(self.show_vote)
        controller.live.tally_changed.connect(self.show_vote)
        theme_signals().theme_applied.connect(self.restyle)
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self.show_clock)
        self._ticker.timeout.connect(self.show_round_clock)
        self._ticker.start()
        self._sized_for = 0  # the height the sizes were last set for
        self.resize(1280, 720)
        self.apply_sizes()
        self.refresh()
        self.show_join()

    def apply_palette(self) -> None:
        """High contrast: black on white, or white on black in the dark theme."""
        palette = QPalette(self.palette())
        dark = is_dark()
        background, text = (QColor("#000000"), QColor("#ffffff")) if dark else (QColor("#ffffff"), QColor("#000000"))
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, background)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, text)
        self.setPalette(palette)

    # -- sizes: shares of the window's height ----------------------------------------------------
    def apply_sizes(self) -> None:
        """Set every type size, the QR code's and the cards' from the window's height (``projector_sizes``)."""
        height = max(200, self.height())
        if height == self._sized_for:
            return
        self._sized_for = height
        margin = round(sizes.MARGIN * height)
        self.outer.setContentsMargins(margin, margin, margin, margin)
        self.outer.setSpacing(margin)
        for widget, share, bold in (
            (self, sizes.COUNTS, False),
            (self.title_label, sizes.TITLE, True),
            (self.phase_label, sizes.PHASE, True),
            (self.countdown_label, sizes.CLOCK, True),
            (self.tally_title, sizes.HEADING, True),
            (self.chart, sizes.TALLY, False),
            (self.wall, sizes.CARD_TEXT, True),
            (self.wall_empty, sizes.HEADING, False),
            (self.pause_label, sizes.PAUSE, True),
            (self.pause_note, sizes.PAUSE_NOTE, False),
        ):
            sizes.set_type(widget, share, height, bold=bold)
        self.wall.set_unit(height / 100)
        self.vote_page.apply_sizes(height)
        self.pitch_page.apply_sizes(height)
        self.show_join_sizes()

    def show_join_sizes(self) -> None:
        """The QR code 44 % of the height while people join, 26 % while they vote, gone during a reveal; the
        address under everything at 5 % (3.5 % while voting)."""
        height = max(200, self.height())
        view = self.current_view()
        voting = view is ProjectorView.VOTE
        shown = view is not ProjectorView.TALLY
        self.side_panel.setVisible(shown)
        self.footer.setVisible(shown and bool(self.join_label.text()))
        side = round((sizes.QR_VOTE if voting else sizes.QR_JOIN) * height)
        self.qr.setFixedSize(side, side if self.qr.has_code else round(sizes.SCAN * height * 3))
        self.side_panel.setFixedWidth(side + round(sizes.MARGIN * height))
        self.scan_label.setVisible(self.qr.has_code)
        sizes.set_type(self.scan_label, sizes.SCAN_VOTE if voting else sizes.SCAN, height, bold=True)
        sizes.set_type(self.qr, sizes.COUNTS, height)
        for label in (self.joined_label, self.connected_label):
            sizes.set_type(label, sizes.COUNTS_VOTE if voting else sizes.COUNTS, height, bold=True)
        address = sizes.ADDRESS_VOTE if voting else sizes.ADDRESS
        sizes.set_type(self.type_label, address, height)
        sizes.set_type(self.join_label, address, height, bold=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_sizes()

    # -- what is shown -----------------------------------------------------------------------
    def current_view(self) -> ProjectorView:
        """The page shown now."""
        widget = self.stack.currentWidget()
        return next(view for view, page in self.pages.items() if page is widget)

    def choose_view(self) -> ProjectorView:
        """The pause screen while the countdown is paused, a hackathon's pitch while one runs, the tally once
        the room may see it, "Vote now" while a round with hidden results is open, else the wall."""
        running = self.controller.live.running_phase()
        if running is not None and running.paused_at is not None:
            return ProjectorView.PAUSE
        if self.controller.live.hackathon.pitch.team_id is not None:
            return ProjectorView.PITCH
        vote_round = self.controller.live.focus_round()
        if vote_round is not None and vote_round.results_public:
            return ProjectorView.TALLY
        if vote_round is not None and vote_round.state is RoundState.OPEN:
            return ProjectorView.VOTE
        return ProjectorView.WALL

    def refresh(self) -> None:
        """Bring everything up to date with the controller."""
        rtl = text_direction(self.controller.live.workshop.language) == "rtl"
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.title_label.setText(self.controller.live.workshop.title)
        self._show_view(self.choose_view())
        self.show_clock()
        self.show_tally_title()
        self.show_vote()
        self.show_wall_state()
        self.show_joining()

    @_in_room_language
    def show_joining(self) -> None:
        """How many joined and how many are connected now, and the QR code while joining is open."""
        joined = self.controller.live.joining.joined
        self.joined_label.setText(ngettext("{count} joined", "{count} joined", joined).format(count=joined))
        connected = self.host.connected
        text = ngettext("{count} connected now", "{count} connected now", connected).format(count=connected)
        self.connected_label.setText(text if self.host.running else "")
        if self.controller.live.joining.open != self._join_state[1]:  # not per joined phone: the address is read
            self.show_join()

    @_in_room_language
    def show_join(self) -> None:
        """The QR code and the short address while joining is open and the server runs."""
        joining_open = self.controller.live.joining.open
        state = (self.host.running, joining_open, self.host.join_url())
        if state == self._join_state:
            return
        self._join_state = state
        self.scan_label.setText(_("Scan to take part"))
        self.type_label.setText(_("or type"))
        if self.host.running and joining_open:
            self.qr.set_png(self.host.qr_png(720))
            address = self.host.short_url() or self.host.join_url()
            self.join_label.setText(address.removeprefix("http://"))  # nobody needs to type that part
        elif not joining_open:
            self.qr.set_png(b"", _("Joining is closed."))
            self.join_label.setText("")
        else:
            self.qr.set_png(b"", _("Waiting for the server…"))
            self.join_label.setText("")
        self.show_join_sizes()

    @_in_room_language
    def show_clock(self) -> None:
        """The phase and its countdown (and a running pitch's timer)."""
        if self.current_view() is ProjectorView.PITCH:
            self.pitch_page.show_pitch(self.controller.live.hackathon, self.controller.live.clock())
        running = self.controller.live.running_phase()
        if running is None:
            self.phase_label.setText("")
            self.countdown_label.setText("")
            return
        clock = agenda.clock(running, self.controller.live.clock())
        self.phase_label.setText(running.title)
        self.countdown_label.setText(format_seconds(clock.remaining_seconds))
        if clock.overrun != self.countdown_label.property("overrun"):  # restyling is costly: only on change
            self.countdown_label.setProperty("overrun", clock.overrun)
            self.countdown_label.setStyleSheet("color: #ff5555;" if clock.overrun else "")
        if self.current_view() is not ProjectorView.PAUSE and clock.paused:
            self.refresh()

    def show_round_clock(self) -> None:
        """The open round's countdown on "Vote now" (and beside a live tally's title), ticking."""
        vote_round = self.controller.live.focus_round()
        if vote_round is None or vote_round.closes_at is None:
            if not self.vote_page.clock_label.isHidden():
                self.vote_page.show_clock(None)
            return
        self._show_round_clock(vote_round)

    @_in_room_language
    def _show_round_clock(self, vote_round: VoteRound) -> None:
        clock = round_clock(vote_round, self.controller.live.clock())
        self.vote_page.show_clock(clock)
        if vote_round.results_public and clock is not None:
            self.tally_title.setText(f"{vote_round.title} · {self._voted_text} · {clock[0]}")

    def show_tally_title(self) -> None:
        """The round's name above the chart."""
        vote_round = self.controller.live.focus_round()
        if vote_round is None:
            self.tally_title.setText("")
            return
        self.tally_title.setText(vote_round.title)
        if self.current_view() is not self.choose_view():
            self._show_view(self.choose_view())

    def _show_view(self, view: ProjectorView) -> None:
        if self.stack.currentWidget() is not self.pages[view]:
            self.stack.setCurrentWidget(self.pages[view])
            self.show_join_sizes()

    @_in_room_language
    def show_vote(self) -> None:
        """While the focused round is open: its name and how many have voted ("Vote now", and above a live
        tally)."""
        vote_round = self.controller.live.focus_round()
        if vote_round is None or vote_round.state is not RoundState.OPEN:
            return
        counted = self.host.voted(vote_round.id)
        voted, of = counted if counted is not None else (self.controller.live.tally_model.ballots, None)
        self.vote_page.retranslate()
        self.vote_page.show_round(vote_round.title, voted, of)
        self._voted_text = voted_text(voted, of)
        if vote_round.results_public:  # live results: the count goes with the round's name above the chart
            self.tally_title.setText(f"{vote_round.title} · {self._voted_text}")
        self.show_round_clock()

    def show_wall_state(self) -> None:
        """The placeholder while the wall is empty."""
        empty = self.wall_proxy.rowCount() == 0
        self.wall_empty.setVisible(empty)
        self.wall.setVisible(not empty)

    def wall_titles(self) -> list[str]:
        """The idea titles on the wall (tests)."""
        column = IdeasTableModel.COL_TITLE
        return [str(self.wall_proxy.index(r, column).data()) for r in range(self.wall_proxy.rowCount())]

    # -- placing the window ------------------------------------------------------------------
    def show_on(self, screen: QScreen | None, fullscreen: bool = True) -> None:
        """Show the window on ``screen`` (full screen unless told otherwise)."""
        if screen is not None:
            self.setScreen(screen)
            geometry: QRect = screen.geometry()
            self.move(geometry.topLeft())
            if not fullscreen:
                self.resize(min(1280, geometry.width()), min(720, geometry.height()))
        if fullscreen:
            self.showFullScreen()
        else:
            self.showNormal()
        self.refresh()

    def restyle(self, _dark: bool = False) -> None:
        """The system switched between light and dark: take the high-contrast colours of the new scheme."""
        self.apply_palette()
        self.wall.viewport().update()  # the cards take their colours when painted

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)
