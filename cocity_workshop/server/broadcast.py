"""One coalescing broadcaster for the live stream (server-sent events) to phones and projector views.

Changes only mark topics dirty; one task waits a short tick, rebuilds the dirty topics once and writes
the same encoded frames to every subscriber ("latest state wins", so the votes of a tick cost one
rebuild and one fan-out, not one per vote). A state read in between (``fresh``) rebuilds at once, so a
phone reading right after its write sees it; the fan-out still waits for the tick. A stream may follow
only some topics (phones do not get the projector's ``room``): a frame goes only to the streams that
follow its topic. Every frame has an id ``<run>-<n>``: a phone that reconnects with ``Last-Event-ID``
gets the frames of its topics it missed from a short history, or the current value of every topic it
follows when the gap is too old or the server restarted. A comment line every 15 seconds keeps idle
connections open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from cocity_workshop.core.text import is_plain_number

Build = Callable[[tuple[str, ...]], Awaitable[dict[str, dict[str, Any]]]]

HEARTBEAT_SECONDS = 15.0
#: Drop a subscriber whose socket has this much unsent data (it reconnects and gets a snapshot).
MAX_BACKLOG_BYTES = 256 * 1024
HISTORY = 512
#: After a change, wait this long before the fan-out, so the ballots of a tick share one write to every
#: stream (at most about 50 a second) instead of one each: at 300 phones voting 600 times a second the
#: per-ballot fan-out was most of a ballot's server CPU (decision 0017). Ballots are acknowledged before
#: and independently of it.
COALESCE_SECONDS = 0.02


#: One frame: its number, its topic and its encoded bytes.
Frame = tuple[int, str, bytes]


class Subscriber:
    """One open event stream, following ``topics``."""

    def __init__(self, request: web.Request, response: web.StreamResponse, topics: frozenset[str]) -> None:
        self.request = request
        self.response = response
        self.topics = topics
        self.gone = asyncio.get_running_loop().create_future()
        self.caught_up_to = 0  # the newest frame number its catch-up held

    def backlog(self) -> int:
        """Bytes written but not yet sent to the client."""
        transport = self.request.transport
        return transport.get_write_buffer_size() if transport is not None else MAX_BACKLOG_BYTES

    def drop(self) -> None:
        """Stop this stream (the handler returns and the connection closes)."""
        if not self.gone.done():
            self.gone.set_result(None)


class Broadcaster:
    """Holds the latest frame of each topic and fans changes out to every subscriber."""

    def __init__(
        self,
        build: Build,
        topics: tuple[str, ...],
        heartbeat: float = HEARTBEAT_SECONDS,
        tick: float = COALESCE_SECONDS,
    ) -> None:
        self._build = build
        self._tick = tick
        self._topics = topics
        self._heartbeat = heartbeat
        self.run_id = secrets.token_hex(4)
        self._counter = 0
        self._latest: dict[str, tuple[int, bytes, str]] = {}  # topic -> (n, frame, payload)
        self._history: deque[Frame] = deque(maxlen=HISTORY)
        self._subscribers: set[Subscriber] = set()
        self._dirty: set[str] = set()
        self._unsent: list[Frame] = []  # rebuilt frames waiting for the tick's fan-out
        self._rebuilding = asyncio.Lock()
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.broadcasts = 0  # how many rebuilds were fanned out (for tests and the benchmark)
        self.values: dict[str, dict[str, Any]] = {}

    @property
    def subscriber_count(self) -> int:
        """Open streams now."""
        return len(self._subscribers)

    @property
    def last_event_id(self) -> str:
        """The id of the newest frame."""
        return f"{self.run_id}-{self._counter}"

    async def start(self) -> None:
        """Build every topic once, then start the fan-out and heartbeat tasks."""
        await self._rebuild(self._topics)
        self._unsent.clear()
        self._tasks = [asyncio.create_task(self._run()), asyncio.create_task(self._beat())]

    async def stop(self) -> None:
        """Stop the tasks and end every stream."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for subscriber in list(self._subscribers):
            subscriber.drop()

    def mark(self, topics: set[str]) -> None:
        """Topics changed: rebuild them soon (changes arriving meanwhile are coalesced)."""
        self._dirty |= topics
        self._wake.set()

    async def fresh(self) -> dict[str, dict[str, Any]]:
        """The latest value of every topic, with every change marked so far in it (read-your-writes)."""
        if self._dirty or self._rebuilding.locked():
            try:
                await self._refresh()
            except Exception:  # the tick's fan-out retries the read; this answer has the last good values
                self._wake.set()
        return self.values

    async def serve(self, request: web.Request, topics: frozenset[str] | None = None) -> web.StreamResponse:
        """Answer an event-stream request: catch the client up, then stream ``topics`` (all) until it leaves."""
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",
            }
        )
        await response.prepare(request)
        subscriber = Subscriber(request, response, frozenset(self._topics) if topics is None else topics)
        # No await between reading the frames and joining the set, so no frame falls in between.
        missed = self._frames_since(request.headers.get("Last-Event-ID", ""), subscriber.topics)
        catch_up = b"retry: 2000\n\n" + b"".join(missed)
        subscriber.caught_up_to = self._counter
        self._subscribers.add(subscriber)
        try:
            await response.write(catch_up)
            await subscriber.gone
        finally:
            self._subscribers.discard(subscriber)
        return response

    def _frames_since(self, last_event_id: str, topics: frozenset[str]) -> list[bytes]:
        run, _, number = last_event_id.partition("-")
        if run == self.run_id and is_plain_number(number):
            seen = int(number)
            if seen >= self._counter:
                return []
            oldest = self._history[0][0] if self._history else self._counter + 1
            if seen >= oldest - 1:
                return [frame for n, topic, frame in self._history if n > seen and topic in topics]
        latest = sorted((n, frame) for topic, (n, frame, _payload) in self._latest.items() if topic in topics)
        return [frame for _n, frame in latest]

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            if self._tick > 0:
                await asyncio.sleep(self._tick)  # changes during the tick share this fan-out
            self._wake.clear()
            try:
                await self._refresh()
            except Exception:  # a failed read must not end live updates; the next change retries
                await asyncio.sleep(0.2)
                self._wake.set()
                continue
            unsent, self._unsent = self._unsent, []
            if unsent:
                self.broadcasts += 1
                await self._send(unsent)

    async def _refresh(self) -> None:
        """Rebuild the dirty topics now; their frames wait in ``_unsent`` for the fan-out."""
        async with self._rebuilding:
            topics, self._dirty = tuple(t for t in self._topics if t in self._dirty), set()
            if not topics:
                return
            try:
                self._unsent.extend(await self._rebuild(topics))
            except Exception:
                self._dirty |= set(topics)
                raise

    async def _rebuild(self, topics: tuple[str, ...]) -> list[Frame]:
        values = await self._build(topics)
        frames: list[Frame] = []
        for topic in topics:
            value = values[topic]
            payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            previous = self._latest.get(topic)
            self.values[topic] = value
            if previous is not None and previous[2] == payload and topic != "status":
                continue
            self._counter += 1
            frame = f"id: {self.run_id}-{self._counter}\nevent: {topic}\ndata: {payload}\n\n".encode()
            self._latest[topic] = (self._counter, frame, payload)
            self._history.append((self._counter, topic, frame))
            frames.append((self._counter, topic, frame))
        return frames

    async def _send(self, frames: list[Frame]) -> None:
        joined: dict[frozenset[str], bytes] = {}  # encoded once per set of topics (phones', projectors')
        for subscriber in list(self._subscribers):
            if subscriber.caught_up_to < frames[0][0]:
                if subscriber.topics not in joined:
                    joined[subscriber.topics] = b"".join(f for _n, t, f in frames if t in subscriber.topics)
                await self._write(subscriber, joined[subscriber.topics])
            else:  # it joined during the tick and its catch-up already held some of these frames
                newer = (f for n, t, f in frames if n > subscriber.caught_up_to and t in subscriber.topics)
                await self._write(subscriber, b"".join(newer))

    async def _write(self, subscriber: Subscriber, data: bytes) -> None:
        if subscriber.gone.done() or not data:
            return
        if subscriber.backlog() > MAX_BACKLOG_BYTES:
            subscriber.drop()
            return
        try:
            await subscriber.response.write(data)
        except (ConnectionError, RuntimeError):
            subscriber.drop()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self._heartbeat)
            for subscriber in list(self._subscribers):
                await self._write(subscriber, b": keep-alive\n\n")
