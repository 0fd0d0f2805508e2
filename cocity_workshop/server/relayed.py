"""The workshop as the participant server's own process sees it: read here, written by the app's writer.

``RelayedSession`` is a read-only ``WorkshopSession`` on the workshop file (its own SQLite connections, in
WAL mode beside the app's), whose changes are relayed: ``submit_then`` sends the command over the
channel to the app, whose single writer commits it and sends the answer back; the writer's events come
back the same way and are published to this session's subscribers. The app sends a group's events
before its answers, in one ordered stream, so a phone that reads right after its answer finds its
change already announced, as in one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from cocity_workshop.i18n import N_
from cocity_workshop.server.channel import Channel, encode_command
from cocity_workshop.session import Command, StorageError, WorkshopSession
from cocity_workshop.session.writer import Handoff

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Said to a phone whose change was sent while the app could not be reached.
GONE = N_("The workshop app cannot be reached; try again in a moment.")


class RelayedSession(WorkshopSession):
    """Reads from the file, changes through the app's writer (open with ``open(path, readonly=True)``)."""

    _channel: Channel | None = None

    def relay_to(self, channel: Channel) -> None:
        """Send changes over ``channel`` from now on (``serve_answers`` must run on a thread of its own)."""
        self._channel = channel
        self._handoffs: dict[int, Handoff] = {}
        self._numbers = itertools.count(1)
        self._outgoing: list[tuple[int, str, tuple[Any, ...]]] = []
        self._outgoing_lock = threading.Lock()
        self._flush_scheduled = False
        self._gone = False

    def submit_then(self, command: Command[Any], handoff: Handoff) -> None:
        """Send ``command`` to the app's writer; ``handoff(result, error)`` runs when its answer is back.

        Commands queued in one turn of the event loop leave in one message, sent at the loop's next turn.
        """
        if self._channel is None:
            super().submit_then(command, handoff)  # not relayed: refused as read-only
            return
        name, fields = encode_command(command)
        with self._outgoing_lock:
            if self._gone:
                gone = True
            else:
                gone = False
                number = next(self._numbers)
                self._handoffs[number] = handoff
                self._outgoing.append((number, name, fields))
                schedule = not self._flush_scheduled
                self._flush_scheduled = True
        if gone:
            handoff(None, StorageError(GONE))
            return
        if schedule:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # not on an event loop (a test, a thread): send now
                self.flush()

    def submit(self, command: Command[T]) -> Future[T]:
        """Send ``command`` to the app's writer; the future resolves with its answer."""
        future: Future[T] = Future()

        def answered(result: Any, error: BaseException | None) -> None:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

        self.submit_then(command, answered)
        return future

    def flush(self) -> None:
        """Send the commands queued so far in one message."""
        channel = self._channel
        with self._outgoing_lock:
            batch, self._outgoing = self._outgoing, []
            self._flush_scheduled = False
        if batch and channel is not None:
            try:
                channel.send(("commands", batch))
            except (OSError, EOFError, ValueError):
                self._lost()

    def serve_answers(self, on_message: Callable[[tuple[Any, ...]], None]) -> None:
        """Read the app's messages until the channel closes: events are published, answers handed back;
        anything else goes to ``on_message`` (``stop``)."""
        channel = self._channel
        assert channel is not None
        while True:
            try:
                message = channel.recv()
            except (EOFError, OSError):
                self._lost()
                on_message(("stop",))
                return
            if message[0] != "batch":
                on_message(message)
                continue
            for item in message[1]:
                if item[0] == "events":
                    self._publish(item[1])
                else:
                    self._answer(item[1], item[2], item[3])

    def _answer(self, number: int, result: Any, error: BaseException | None) -> None:
        with self._outgoing_lock:
            handoff = self._handoffs.pop(number, None)
        if handoff is None:
            return
        try:
            handoff(result, error)
        except Exception:  # a caller's mistake must not stop the answers after it
            log.exception("relayed session: a commit callback failed")

    def _lost(self) -> None:
        """The app is gone: every change still waiting is told so (it may have been committed: phones
        retry with the same key, which the writer answers from what it stored)."""
        with self._outgoing_lock:
            self._gone = True
            waiting, self._handoffs = self._handoffs, {}
            self._outgoing = []
        for handoff in waiting.values():
            with contextlib.suppress(Exception):
                handoff(None, StorageError(GONE))
