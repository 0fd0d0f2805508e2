"""The participant server as the GUI sees it: start, stop, addresses, QR code and the network self-check.

The server package is imported only when the facilitator starts it or lists the addresses (aiohttp is
not needed to open a file, and is slow to load): an ordinary import inside those methods, typed like any
other. If it cannot be imported, the room panel says so and everything else keeps working.
"""

from __future__ import annotations

import importlib.util
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cocity_workshop.gui.tasks import run_task
from cocity_workshop.i18n import _, ngettext
from cocity_workshop.session import WorkshopSession

if TYPE_CHECKING:
    from cocity_workshop.server import Limits, ParticipantServer, SelfCheckResult
    from cocity_workshop.server.process import ServerProcess

#: A server process that stops unexpectedly is started again at once, unless it did so this recently.
RESTART_WINDOW_SECONDS = 60.0


def capacity_advice(expected_phones: int) -> list[str]:
    """Plain advice about whether the room's network can hold ``expected_phones`` phones."""
    notes = [
        _(
            "How many phones a network holds: a Windows mobile hotspot admits 8 devices, an Android hotspot "
            "about 10, a consumer Wi-Fi router 20 to 50; a travel router or a venue's access points more."
        )
    ]
    if expected_phones > 50:
        notes.append(
            ngettext(
                "{count} phone is more than a consumer router holds: use the venue's access points or several "
                "routers, and pair people up on one phone.",
                "{count} phones are more than a consumer router holds: use the venue's access points or "
                "several routers, and pair people up on one phone.",
                expected_phones,
            ).format(count=expected_phones)
        )
    elif expected_phones > 10:
        notes.append(
            ngettext(
                "{count} phone is too many for a laptop or phone hotspot: use a Wi-Fi router.",
                "{count} phones are too many for a laptop or phone hotspot: use a Wi-Fi router.",
                expected_phones,
            ).format(count=expected_phones)
        )
    return notes


def connection_advice() -> list[str]:
    """What to do when phones cannot reach the laptop."""
    return [
        _(
            "Guest Wi-Fi often keeps devices from seeing each other (client isolation): phones then cannot "
            "open the page. Use your own hotspot or a travel router instead."
        ),
        _(
            "A firewall may block the port: allow CoCity Workshop on private networks when the system asks, "
            "or mark this network as private."
        ),
        _("No network at all: switch Wi-Fi on, or start the laptop's mobile hotspot and let phones join it."),
    ]


class ServerHost(QObject):
    """Starts and stops the ``ParticipantServer`` of the open workshop and reports its self-check."""

    state_changed = Signal()
    #: The self-check finished: (ok, problems as plain-language strings).
    checked = Signal(bool, list)
    #: This computer's network addresses were listed: (addresses, likeliest LAN address first).
    addresses_found = Signal(list)
    #: ``room`` changed: phones connected now, or how many voted in the open round (empty when stopped).
    room_changed = Signal()
    _room_wake = Signal()
    _process_exited = Signal(object, object)

    def __init__(
        self,
        session: WorkshopSession,
        host: str | None = None,
        port: int | None = None,
        limits: Limits | None = None,
        *,
        own_process: bool = False,
    ) -> None:
        """``own_process``: run the participant server in a process of its own (``ServerProcess``), the
        workshop's one writer staying here; else in a thread of this process (``ParticipantServer``)."""
        super().__init__()
        self._session = session
        self._host = host
        self._port = port
        #: The server's limits (``None``: its defaults); the load benchmark widens them for 127.0.0.1.
        self.limits = limits
        self.own_process = own_process
        self.server: ParticipantServer | ServerProcess | None = None
        self.error = ""
        #: Said beside a running server: it stopped unexpectedly and was started again ("" otherwise).
        self.notice = ""
        self._restarted_at: float | None = None
        self.last_check: tuple[bool, list[str]] | None = None
        self._qr_cache: dict[tuple[str, int], bytes] = {}
        #: The room as the server's projector feed has it (``ParticipantServer.room``), as last shown.
        self.room: dict[str, Any] = {}
        self._room_woken = False
        self._room_wake.connect(self._show_room, Qt.ConnectionType.QueuedConnection)
        self._process_exited.connect(self._server_exited, Qt.ConnectionType.QueuedConnection)

    @property
    def available(self) -> bool:
        """Whether this build has a participant server (found without importing it: aiohttp is slow to load)."""
        try:
            return importlib.util.find_spec("cocity_workshop.server") is not None
        except ImportError:
            return False

    @property
    def running(self) -> bool:
        """Whether phones can reach the server now."""
        return self.server is not None

    def start(self) -> bool:
        """Start serving phones; on failure ``error`` says why."""
        if self.server is not None:
            return True
        try:
            from cocity_workshop.server import ParticipantServer
            from cocity_workshop.server.process import ServerProcess
        except ImportError:
            self.error = _("The participant server is not available in this version.")
            self.state_changed.emit()
            return False
        try:
            server: ParticipantServer | ServerProcess
            if self.own_process:
                server = ServerProcess(
                    self._session,
                    host=self._host,
                    port=self._port,
                    limits=self.limits,
                    on_room=self._room_on_server_thread,
                    on_exit=lambda code: self._process_exited.emit(server, code),
                )
            else:
                server = ParticipantServer(
                    self._session,
                    host=self._host,
                    port=self._port,
                    limits=self.limits,
                    on_room=self._room_on_server_thread,
                )
            server.start()
        except Exception as error:  # a busy port, no network: told to the facilitator in plain words
            self.error = _("The participant server could not start: {reason}").format(reason=error)
            self.state_changed.emit()
            return False
        self.server = server
        self.error = ""
        self.state_changed.emit()
        self.run_check()
        return True

    def stop(self) -> None:
        """Stop serving phones (they keep their place and carry on when it starts again)."""
        self.notice = ""
        if self.server is not None:
            server, self.server = self.server, None
            server.stop()
            self.last_check = None
            self._show_room()
            self.state_changed.emit()

    @Slot(object, object)
    def _server_exited(self, server: object, code: object) -> None:
        """The server's process ended without being stopped: say so, and start it again once a minute at most."""
        if server is not self.server:
            return  # one stopped meanwhile
        self.stop()
        now = time.monotonic()
        if self._restarted_at is None or now - self._restarted_at >= RESTART_WINDOW_SECONDS:
            self._restarted_at = now
            if self.start():
                self.notice = _(
                    "The participant server stopped unexpectedly and was started again; phones reconnect by themselves."
                )
                self.state_changed.emit()
                return
        self.error = _(
            "The participant server stopped unexpectedly (exit code {code}). Start it again: phones carry on "
            "where they were."
        ).format(code=code if code is not None else "?")
        self.state_changed.emit()

    @property
    def connected(self) -> int:
        """Phones connected now (holding the live stream); 0 while the server is stopped."""
        return int(self.room.get("connected", 0))

    def voted(self, round_id: int) -> tuple[int, int] | None:
        """(N, M) of "N of M have voted" while ``round_id`` is open and the server runs, else ``None``."""
        vote = self.room.get("vote")
        if not vote or vote.get("round") != round_id:
            return None
        return int(vote["voted"]), int(vote["of"])

    def _room_on_server_thread(self) -> None:
        if not self._room_woken:  # one queued wake-up per burst of phones coming, going and voting
            self._room_woken = True
            self._room_wake.emit()

    @Slot()
    def _show_room(self) -> None:
        """Take the server's latest room on the GUI thread, where it is shown."""
        self._room_woken = False  # first allow a new wake-up, then read
        room = dict(self.server.room) if self.server is not None else {}
        if room != self.room:
            self.room = room
            self.room_changed.emit()

    def join_url(self) -> str:
        """The address in the QR code."""
        return str(self.server.join_url) if self.server is not None else ""

    def short_url(self) -> str:
        """The address to type."""
        return str(self.server.short_url) if self.server is not None else ""

    def projector_url(self) -> str:
        """The read-only projector feed's address."""
        return str(self.server.projector_url) if self.server is not None else ""

    def addresses(self) -> list[str]:
        """The addresses the server can be reached at."""
        return list(self.server.addresses()) if self.server is not None else []

    @property
    def chosen_address(self) -> str | None:
        """The address the facilitator chose (``None``: the likeliest LAN address, picked by the server)."""
        return self._host

    @property
    def address(self) -> str:
        """The address the running server listens on and advertises ("" when it is not running)."""
        return str(self.server.host) if self.server is not None else ""

    def list_addresses(self) -> None:
        """List this computer's addresses in the background (loading the server is slow); ``addresses_found``."""
        if not self.available:
            return

        def listed(addresses: list[str]) -> None:
            self.addresses_found.emit(addresses)

        def find() -> list[str]:
            try:
                from cocity_workshop.server import ParticipantServer
            except ImportError:
                return []
            return ParticipantServer.addresses()

        run_task(find, listed, lambda _error: self.addresses_found.emit([]))

    def choose_address(self, address: str | None) -> bool:
        """Serve phones on ``address`` (``None``: automatic); a running server moves there at once."""
        if address == self._host:
            return True
        self._host = address
        self._qr_cache = {}
        if self.server is None:
            self.state_changed.emit()
            return True
        self.stop()
        return self.start()

    def qr_png(self, size_px: int) -> bytes:
        """The join QR code as a PNG (empty when the server is not running); made once per address and size."""
        if self.server is None:
            return b""
        key = (self.join_url(), size_px)
        if key not in self._qr_cache:
            self._qr_cache = {key: bytes(self.server.qr_png(size_px)), **self._qr_cache}
        return self._qr_cache[key]

    def refusals(self) -> list[str]:
        """What the running server turned away so far, one line per reason with advice (empty when nothing)."""
        return list(self.server.refusals.lines()) if self.server is not None else []

    def capacity_warning(self) -> str:
        """Advice when this computer's open-file limit is too low for a full room ("" when it is enough)."""
        return str(self.server.capacity.warning() or "") if self.server is not None else ""

    def run_check(self) -> None:
        """Run the network self-check in the background; ``checked`` follows."""
        server = self.server
        if server is None:
            return

        def done(result: SelfCheckResult) -> None:
            self.last_check = (bool(result.ok), [str(p) for p in result.problems])
            self.checked.emit(*self.last_check)

        def failed(error: BaseException) -> None:
            self.last_check = (False, [_("The self-check could not run: {reason}").format(reason=error)])
            self.checked.emit(*self.last_check)

        run_task(server.self_check, done, failed)
