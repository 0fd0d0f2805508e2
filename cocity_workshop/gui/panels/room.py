"""Run the room: phase control and countdown, joining, the server's address and self-check, a practice round."""

from __future__ import annotations

import ipaddress
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core import agenda
from cocity_workshop.core.model import RoundState
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost, capacity_advice, connection_advice
from cocity_workshop.gui.models.phases import format_seconds
from cocity_workshop.gui.panels.common import button, table
from cocity_workshop.gui.widgets import QrLabel, plain_label
from cocity_workshop.i18n import _, ngettext
from cocity_workshop.session import JoiningState

#: How often the panel shows what the server refused.
REFUSALS_MS = 2000


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


class RoomPanel(QWidget):
    """The controls the facilitator uses while the room is full."""

    #: The facilitator asked for the projector window on the screen with this index.
    projector_requested = Signal(int)
    #: The facilitator chose the network address phones use ("": automatic).
    address_chosen = Signal(str)

    def __init__(self, controller: WorkshopController, host: ServerHost, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.host = host
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)

        # -- phase and countdown
        phase_box = QGroupBox(_("Agenda"))
        phase_layout = QVBoxLayout(phase_box)
        self.phase_label = plain_label()
        font = QFont(self.phase_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.phase_label.setFont(font)
        self.countdown_label = plain_label(wrap=False)
        big = QFont(self.countdown_label.font())
        big.setPointSizeF(big.pointSizeF() * 3.2)
        big.setBold(True)
        self.countdown_label.setFont(big)
        phase_layout.addWidget(self.phase_label)
        phase_layout.addWidget(self.countdown_label)
        controls = QHBoxLayout()
        self.next_button = button(_("Start next phase"), controller.start_next_phase, tip="Ctrl+Shift+N")
        self.pause_button = button(_("Pause"), controller.toggle_pause, tip="Ctrl+Shift+P")
        controls.addWidget(self.next_button)
        controls.addWidget(self.pause_button)
        controls.addWidget(button(_("+1 min"), lambda: controller.extend_phase(60), tip="Ctrl+Shift+Up"))
        controls.addWidget(button(_("+5 min"), lambda: controller.extend_phase(300)))
        controls.addWidget(button(_("−1 min"), lambda: controller.extend_phase(-60), shortcut="Ctrl+Shift+Down"))
        controls.addWidget(button(_("End phase"), controller.end_phase))
        phase_layout.addLayout(controls)
        self.phases_view = table(controller.live.phases_model, stretch=0, editable=False)
        self.phases_view.doubleClicked.connect(lambda index: self.start_phase_asked(index.row()))
        self.phases_view.setToolTip(_("Double-click a phase to start it (you are asked first)."))
        phase_layout.addWidget(self.phases_view, 1)
        grid.addWidget(phase_box, 0, 0, 2, 1)

        # -- joining
        join_box = QGroupBox(_("Joining"))
        join_layout = QGridLayout(join_box)
        self.open_check = QCheckBox(_("Phones can join"))
        self.open_check.clicked.connect(lambda checked: controller.set_joining(open=bool(checked)))
        self.shared_check = QCheckBox(_("Shared device (one tablet for several people)"))
        self.shared_check.setToolTip(
            _(
                "After voting, the phone page offers “Next person”: the same device starts again as a new "
                "anonymous participant, counted once per person."
            )
        )
        self.shared_check.clicked.connect(lambda checked: controller.set_joining(shared_device=bool(checked)))
        self.cap_spin = QSpinBox()
        self.cap_spin.setRange(0, 5000)
        self.cap_spin.setSpecialValueText(_("no cap"))
        self.cap_spin.setToolTip(_("At most this many phones can join (0: no cap)."))
        self.cap_spin.editingFinished.connect(self._commit_cap)
        self.joined_label = plain_label()
        joined_font = QFont(self.joined_label.font())
        joined_font.setPointSizeF(joined_font.pointSizeF() * 1.5)
        self.joined_label.setFont(joined_font)
        self.connected_label = plain_label()
        self.connected_label.setFont(joined_font)
        self.connected_label.setToolTip(
            _(
                "Phones with the workshop page open now. Fewer than joined: some phones left the page, "
                "went to sleep or lost the Wi-Fi."
            )
        )
        join_layout.addWidget(self.open_check, 0, 0)
        join_layout.addWidget(plain_label(_("Headcount cap")), 0, 1)
        join_layout.addWidget(self.cap_spin, 0, 2)
        join_layout.addWidget(self.shared_check, 1, 0, 1, 3)
        join_layout.addWidget(self.joined_label, 2, 0)
        join_layout.addWidget(self.connected_label, 2, 1, 1, 2)
        join_layout.addWidget(button(_("New QR code (a code leaked)…"), self.new_code), 3, 0, 1, 3)
        self.practice_button = button(_("Start a practice round"), self.toggle_practice)
        join_layout.addWidget(self.practice_button, 4, 0, 1, 3)
        grid.addWidget(join_box, 0, 1)

        # -- server and network
        server_box = QGroupBox(_("Phones and network"))
        server_layout = QGridLayout(server_box)
        self.server_button = button(_("Start the participant server"), self.toggle_server)
        self.address_label = plain_label()
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QrLabel()
        self.qr.setMinimumSize(150, 150)
        self.check_label = plain_label()
        self.advice_label = plain_label()
        self.capacity_label = plain_label()
        self.refusals_label = plain_label()
        self.check_button = button(_("Check again"), host.run_check)
        self.address_combo = QComboBox()
        self.address_combo.setToolTip(
            _("The network phones use to reach this laptop. Automatic picks the likeliest Wi-Fi or LAN address.")
        )
        self.address_combo.activated.connect(self._address_chosen)
        address_row = QHBoxLayout()
        address_row.addWidget(plain_label(_("Network address"), wrap=False))
        address_row.addWidget(self.address_combo, 1)
        server_layout.addWidget(self.server_button, 0, 0)
        server_layout.addWidget(self.check_button, 0, 1)
        server_layout.addLayout(address_row, 1, 0, 1, 2)
        server_layout.addWidget(self.address_label, 2, 0, 1, 2)
        server_layout.addWidget(self.check_label, 3, 0, 1, 2)
        server_layout.addWidget(self.advice_label, 4, 0, 1, 2)
        server_layout.addWidget(self.capacity_label, 5, 0, 1, 2)
        server_layout.addWidget(self.refusals_label, 6, 0, 1, 2)
        server_layout.addWidget(self.qr, 0, 2, 7, 1)
        server_layout.setColumnStretch(0, 1)
        server_layout.setRowStretch(7, 1)
        self.refusals_timer = QTimer(self)
        self.refusals_timer.setInterval(REFUSALS_MS)
        self.refusals_timer.timeout.connect(self.show_refusals)
        grid.addWidget(server_box, 1, 1)

        # -- projector
        projector_row = QHBoxLayout()
        self.screen_combo = QComboBox()
        projector_row.addWidget(plain_label(_("Projector on"), wrap=False))
        projector_row.addWidget(self.screen_combo, 1)
        projector_row.addWidget(
            button(
                _("Show projector window"),
                lambda: self.projector_requested.emit(self.screen_combo.currentIndex()),
                shortcut="F5",
            )
        )
        grid.addLayout(projector_row, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)

        controller.live.phases_changed.connect(self.show_clock)
        controller.live.phases_model.dataChanged.connect(lambda *_a: self.show_clock())
        controller.live.joining_changed.connect(self.show_joining)
        controller.live.join_secret_changed.connect(self.show_server)
        controller.live.rounds_changed.connect(self.show_practice)
        host.state_changed.connect(self.show_server)
        host.room_changed.connect(self.show_connected)
        host.checked.connect(lambda ok, problems: self.show_check(ok, problems))
        host.addresses_found.connect(self.show_addresses)
        self.show_addresses([])
        host.list_addresses()
        self.refresh_screens()
        self.show_clock()
        self.show_joining(controller.live.joining)
        self.show_server()
        self.show_connected()
        self.show_practice()

    # -- showing -----------------------------------------------------------------------------
    def refresh_screens(self) -> None:
        """List the screens the projector window can go to (the last one is usually the projector)."""
        self.screen_combo.clear()
        screens = QGuiApplication.screens()
        for index, screen in enumerate(screens):
            size = screen.size()
            self.screen_combo.addItem(
                _("Screen {number}: {name} ({width}×{height})").format(
                    number=index + 1, name=screen.name(), width=size.width(), height=size.height()
                )
            )
        self.screen_combo.setCurrentIndex(len(screens) - 1)

    def show_addresses(self, addresses: list[str]) -> None:
        """The addresses to choose from: Automatic first, then this computer's, the chosen one selected."""
        chosen = self.host.chosen_address
        listed = list(addresses)
        if chosen and chosen not in listed:
            listed.append(chosen)
        self.address_combo.clear()
        self.address_combo.addItem(_("Automatic"), "")
        for address in listed:
            label = _("{address} (this laptop only)").format(address=address) if _is_loopback(address) else address
            self.address_combo.addItem(label, address)
        self.address_combo.setCurrentIndex(max(0, self.address_combo.findData(chosen or "")))

    def _address_chosen(self, index: int) -> None:
        address = str(self.address_combo.itemData(index) or "") or None
        if address != self.host.chosen_address:
            self.host.choose_address(address)
            self.address_chosen.emit(address or "")

    def show_clock(self) -> None:
        """The running phase and its countdown."""
        running = self.controller.live.running_phase()
        if running is None:
            upcoming = agenda.next_phase(self.controller.live.phases_model.rows)
            self.phase_label.setText(
                _("Next: {phase}").format(phase=upcoming.title) if upcoming else _("The agenda is done.")
            )
            self.countdown_label.setText("–:––")
            self.pause_button.setText(_("Pause"))
            return
        clock = agenda.clock(running, self.controller.live.clock())
        self.phase_label.setText(running.title)
        text = format_seconds(clock.remaining_seconds)
        self.countdown_label.setText(_("{time} (paused)").format(time=text) if clock.paused else text)
        self.pause_button.setText(_("Resume") if clock.paused else _("Pause"))

    def show_joining(self, joining: JoiningState) -> None:
        """Whether phones can join, the cap and how many joined."""
        self.open_check.setChecked(joining.open)
        self.shared_check.setChecked(joining.shared_device)
        if not self.cap_spin.hasFocus():
            self.cap_spin.setValue(joining.headcount_cap or 0)
        if joining.headcount_cap:
            text = ngettext("{joined} of {cap} joined", "{joined} of {cap} joined", joining.headcount_cap)
        else:
            text = ngettext("{joined} phone joined", "{joined} phones joined", joining.joined)
        self.joined_label.setText(text.format(joined=joining.joined, cap=joining.headcount_cap))
        expected = max(joining.joined, joining.headcount_cap or 0)
        self.capacity_label.setText("\n".join(capacity_advice(expected)))

    def show_connected(self) -> None:
        """How many phones are connected now, while the server runs."""
        count = self.host.connected
        text = ngettext("{count} phone connected now", "{count} phones connected now", count).format(count=count)
        self.connected_label.setText(text if self.host.running else "")

    def show_server(self) -> None:
        """The server's state, addresses and QR code."""
        host = self.host
        self.show_connected()
        if not host.available:
            self.server_button.setEnabled(False)
            self.check_button.setEnabled(False)
            self.address_label.setText(_("The participant server is not available in this version."))
            self.qr.set_png(b"", _("No QR code"))
            self.check_label.setText("")
            self.advice_label.setText("")
            return
        self.server_button.setEnabled(True)
        self.check_button.setEnabled(host.running)
        if not host.running:
            self.server_button.setText(_("Start the participant server"))
            self.address_label.setText(host.error or _("Phones cannot join until the server runs."))
            self.qr.set_png(b"", _("No QR code"))
            self.check_label.setText("")
            self.advice_label.setText("")
            self.refusals_timer.stop()
            self.refusals_label.setText("")
            return
        self.server_button.setText(_("Stop the participant server"))
        self.refusals_timer.start()
        self.show_refusals()
        lines = [host.notice] if host.notice else []
        lines.append(_("Phones open: {url}").format(url=host.short_url() or host.join_url()))
        addresses = host.addresses()
        if addresses:
            lines.append(_("This laptop's addresses: {addresses}").format(addresses=", ".join(addresses)))
        self.address_label.setText("\n".join(lines))
        self.qr.set_png(host.qr_png(300), _("No QR code"))
        if host.last_check is not None:
            self.show_check(*host.last_check)
        else:
            self.check_label.setText(_("Checking the network…"))

    def show_refusals(self) -> None:
        """What the server turned away so far, by reason, each with what to do (refreshed every few seconds)."""
        lines = [self.host.capacity_warning()] if self.host.capacity_warning() else []
        refused = self.host.refusals()
        if refused:
            lines.append(_("Refused so far:"))
            lines.extend(f"• {line}" for line in refused)
        text = "\n".join(lines)
        if text != self.refusals_label.text():
            self.refusals_label.setText(text)

    def show_check(self, ok: bool, problems: list[str]) -> None:
        """The self-check's result, with advice when phones may not get through."""
        if ok:
            self.check_label.setText(_("Self-check passed: phones on this network should reach the laptop."))
            self.advice_label.setText("")
        else:
            self.check_label.setText(
                _("Phones may not reach the laptop:") + "\n" + "\n".join(f"• {p}" for p in problems)
            )
            self.advice_label.setText("\n".join(f"– {a}" for a in connection_advice()))

    def show_practice(self) -> None:
        """Offer to start a practice round, or to end the one running."""
        practice = self._practice_round()
        self.practice_button.setText(_("End the practice round") if practice else _("Start a practice round"))

    def _practice_round(self) -> Any:
        return next((r for r in self.controller.live.rounds_model.rows if r.is_practice), None)

    # -- actions -----------------------------------------------------------------------------
    def _commit_cap(self) -> None:
        value = self.cap_spin.value() or None
        if value != self.controller.live.joining.headcount_cap:
            self.controller.set_joining(headcount_cap=value)

    def start_phase_asked(self, row: int) -> None:
        """Start the phase on ``row`` after a confirmation that names it and the phase it ends: a stray
        double-click must not move the whole room to another phase. The running phase itself is left alone."""
        phase = self.controller.live.phases_model.row_at(row)
        running = self.controller.live.running_phase()
        if running is not None and running.id == phase.id:
            return
        if running is not None:
            question = _("Start “{phase}” now? “{running}” ends, and the phones and projector move on.").format(
                phase=phase.title, running=running.title
            )
        else:
            question = _("Start “{phase}” now? The phones and projector move on.").format(phase=phase.title)
        answer = QMessageBox.question(self, _("Start a phase"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.start_phase(phase.id)

    def new_code(self) -> None:
        """Replace the join secret after a confirmation."""
        answer = QMessageBox.question(
            self,
            _("New QR code"),
            _(
                "Make a new QR code? The old code and address stop admitting new phones; phones that already "
                "joined stay in."
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.rotate_join_secret()

    def toggle_server(self) -> None:
        """Start or stop the participant server."""
        if self.host.running:
            self.host.stop()
        else:
            self.host.start()

    def toggle_practice(self) -> None:
        """Start a practice round, or end (and remove) the running one."""
        practice = self._practice_round()
        if practice is None:
            self.controller.start_practice_round()
            return
        if practice.state is RoundState.OPEN:
            self.controller.close_round(practice.id)
        self.controller.delete_round(practice.id)
