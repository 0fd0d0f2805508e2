"""In the app: the participant server's process's changes go to the session's one writer, and back.

``Relay`` reads the child's messages on a thread of its own. Each command is made again from its plain
fields (``channel.decode_command``) and queued on the writer with ``submit_then``; the writer's answer
is handed back only after the commit, so a phone's 2xx still means its change is stored. The writer's
events, published before it answers anyone, go into the same outgoing queue first, so the child learns
of a change before any phone is answered. One sender thread sends what is queued in one message: the
writer never waits on the child, however slowly the child reads.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from typing import Any

from cocity_workshop.core.events import Event
from cocity_workshop.server.channel import Channel, NotACommand, decode_command
from cocity_workshop.server.topics import IGNORED_EVENTS
from cocity_workshop.session import InvalidInput, WorkshopSession

log = logging.getLogger(__name__)

Item = tuple[Any, ...]


class Relay:
    """Commands from the child to the writer; answers and events from the writer to the child."""

    def __init__(
        self,
        session: WorkshopSession,
        channel: Channel,
        on_status: Callable[[dict[str, Any]], None],
        on_gone: Callable[[], None],
    ) -> None:
        """``on_status(counters)`` runs on the relay's thread for each status message; ``on_gone()`` once,
        when the child's end closed (it exited, or was killed)."""
        self.session = session
        self.channel = channel
        self._on_status = on_status
        self._on_gone = on_gone
        self._items: list[Item] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._unsubscribe: Callable[[], None] | None = None
        self._reader = threading.Thread(target=self._read, name="cocity-relay-in", daemon=True)
        self._sender = threading.Thread(target=self._send, name="cocity-relay-out", daemon=True)

    def start(self) -> None:
        """Follow the writer's events and start both threads."""
        self._unsubscribe = self.session.subscribe(self._on_events)
        self._reader.start()
        self._sender.start()

    def close(self) -> None:
        """Stop following events and stop the sender (the reader ends when the channel closes)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        with self._lock:
            self._closed = True
        self._wake.set()
        if self._sender.is_alive() and threading.current_thread() is not self._sender:
            self._sender.join(timeout=5)

    def join_reader(self, timeout: float) -> None:
        """Wait for the reading thread to end (after the channel closed)."""
        if self._reader.is_alive() and threading.current_thread() is not self._reader:
            self._reader.join(timeout)

    # -- from the writer's thread --------------------------------------------------------------
    def _queue(self, item: Item) -> None:
        with self._lock:
            if self._closed:
                return
            self._items.append(item)
        self._wake.set()

    def _on_events(self, events: list[Event]) -> None:
        shown = [event for event in events if event.kind not in IGNORED_EVENTS]  # nothing a phone sees
        if shown:
            self._queue(("events", shown))

    def _answerer(self, number: int) -> Callable[[Any, BaseException | None], None]:
        def answer(result: Any, error: BaseException | None) -> None:
            self._queue(("answer", number, result, error))

        return answer

    # -- the threads ---------------------------------------------------------------------------
    def _read(self) -> None:
        while True:
            try:
                message = self.channel.recv()
            except (EOFError, OSError, pickle.UnpicklingError, ValueError):
                break
            if not isinstance(message, tuple) or not message:
                continue
            if message[0] == "commands" and isinstance(message[1], list):
                for entry in message[1]:
                    self._submit(entry)
            elif message[0] == "status" and isinstance(message[1], dict):
                self._on_status(message[1])
        self._on_gone()

    def _submit(self, entry: object) -> None:
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], int)):
            return
        number, name, fields = entry
        try:
            command = decode_command(name, fields)
        except (NotACommand, TypeError):
            self._queue(("answer", number, None, InvalidInput("The request was refused.")))
            return
        self.session.submit_then(command, self._answerer(number))

    def _send(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                self._wake.clear()
                items, self._items = self._items, []
                closed = self._closed
            if items:
                try:
                    self.channel.send(("batch", items))
                except (pickle.PicklingError, TypeError, AttributeError):
                    self._send_one_by_one(items)
                except (OSError, EOFError, ValueError):
                    return  # the child is gone: the reader notices and says so
            if closed:
                return

    def _send_one_by_one(self, items: list[Item]) -> None:
        """Send what pickles; an answer whose result or error does not is sent as a generic error."""
        for item in items:
            try:
                self.channel.send(("batch", [item]))
            except (pickle.PicklingError, TypeError, AttributeError):
                if item[0] == "answer":
                    log.error("relay: an answer could not be sent (%s)", type(item[3] or item[2]).__name__)
                    self.channel.send(("batch", [("answer", item[1], None, RuntimeError("unsendable"))]))
