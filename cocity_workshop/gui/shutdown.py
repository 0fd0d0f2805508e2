"""Closing the workshop cleanly when the system asks the app to stop, as File › Quit does.

SIGTERM (a service manager, ``kill``), SIGINT (Ctrl+C in the console that started the app) and SIGHUP
(the terminal closed) close the window, which closes the workshop: the write-ahead log is folded into
the file, the file leaves WAL mode and the lock is released. A session logoff or shutdown (Qt's
``commitDataRequest``, and ``aboutToQuit`` however the loop ends) closes the workshop too.

Python runs a signal handler only when the interpreter gets control, and Qt's event loop keeps it in C++;
``signal.set_wakeup_fd`` writes the signal's number to a socket that a ``QSocketNotifier`` watches, so the
loop wakes at once.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication

#: The signals that mean "please stop" (those this system has).
QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name))


class QuitOnSignals(QObject):
    """Calls ``close()`` on the GUI thread when a quit signal arrives or the session ends."""

    def __init__(self, app: QGuiApplication, close: Callable[[], object], close_workshop: Callable[[], object]) -> None:
        super().__init__(app)
        self._close = close
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, _note) for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)
        app.commitDataRequest.connect(lambda _manager: close_workshop())
        app.aboutToQuit.connect(close_workshop)
        previous_fd, previous = self._previous_fd, self._previous

        def restore() -> None:
            signal.set_wakeup_fd(previous_fd)
            for number, handler in previous.items():
                signal.signal(number, handler)

        self.destroyed.connect(restore)

    def _woken(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        if any(number in QUIT_SIGNALS for number in data):
            self._close()


def _note(_number: int, _frame: object) -> None:
    """The Python-level handler: stopping is done by the wakeup socket, on the GUI thread."""
