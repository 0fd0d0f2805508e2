"""Changes from phones delivered to the session's one writer, and its answers back to the event loop.

A 2xx answer to a change is sent only after its commit. A change whose idempotency key is still being
saved is refused (409, retry later) rather than queued twice; a phone that hangs up meanwhile does not
undo its change.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from cocity_workshop.server.guards import Refused
from cocity_workshop.server.writes import Write
from cocity_workshop.session import Command, WorkshopSession

T = TypeVar("T")
R = TypeVar("R")


class Deliveries:
    """Hands committed results from the writer thread to the event loop, one wake-up per batch.

    ``asyncio.wrap_future`` would wake the loop once per ballot; a group commit answers dozens at once,
    so answers are queued and the loop drains them in one call.
    """

    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        #: The event loop the answers are handed to (set when the server starts).
        self.loop: asyncio.AbstractEventLoop | None = None
        self._pending: deque[tuple[asyncio.Future[Any], Any, BaseException | None]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False
        self._in_flight: set[str] = set()

    async def save(self, write: Write, command: Command[T], answer: Callable[[T], R]) -> R:
        """Commit ``write``'s ``command`` once per key (see ``once``) and turn its result into the answer."""

        async def run() -> R:
            return answer(await self.commit(command))

        return await self.once(write.token, write.key, run)

    async def once(self, token: str, key: str, run: Callable[[], Awaitable[T]]) -> T:
        """Run a change unless the same key is still being saved (then 409: the phone retries later)."""
        slot = f"{token}:{key}"
        if slot in self._in_flight:
            raise Refused(409, "in_flight", "This request is still being saved.", {"Retry-After": "1"})
        self._in_flight.add(slot)
        try:
            return await run()
        finally:
            self._in_flight.discard(slot)

    def commit(self, command: Command[T]) -> asyncio.Future[T]:
        """Queue ``command``; the asyncio future completes (on the loop) after its commit.

        The light path: the writer calls back instead of resolving a ``concurrent.futures.Future``.
        """
        assert self.loop is not None
        waiter: asyncio.Future[T] = self.loop.create_future()
        self.session.submit_then(command, lambda result, error: self._answer(waiter, result, error))
        return waiter

    def _answer(self, waiter: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
        """On the writer thread: queue the answer; wake the loop unless a wake-up is already on its way."""
        with self._lock:
            self._pending.append((waiter, result, error))
            if self._scheduled:
                return
            self._scheduled = True
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        with self._lock:
            items = list(self._pending)
            self._pending.clear()
            self._scheduled = False
        for waiter, result, error in items:
            if waiter.done():  # the phone hung up meanwhile; its change is committed all the same
                continue
            if error is not None:
                waiter.set_exception(error)
            else:
                waiter.set_result(result)
