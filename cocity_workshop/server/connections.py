"""Open connections, counted per address and in total, with the least useful shed first near the cap.

Each connection is in one of three states: *waiting* (accepted, or idle and then sent part of a new
request, but no complete request head yet), *busy* (a request being handled, which includes every live
stream) or *idle* (a keep-alive connection between requests). When the total cap is reached, a new
connection takes the place of the connection waiting longest, else of the one idle longest; a busy
connection is never shed, so a phone holding its live stream is never cut off by slow sockets. A
connection still waiting after the header deadline is closed.

Addresses live here only while their connections are open; nothing is written anywhere.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Idle connections younger than this are not shed (their last answer may still be on its way out).
IDLE_GRACE_SECONDS = 1.0
#: How often waiting connections are checked against the header deadline.
SWEEP_SECONDS = 1.0


class State(enum.Enum):
    """Where a connection is in its life."""

    WAITING = "waiting"
    BUSY = "busy"
    IDLE = "idle"


@dataclass(eq=False)
class Connection:
    """One open, counted connection."""

    address: str
    close: Callable[[], None]
    state: State = State.WAITING
    since: float = 0.0
    counted: bool = field(default=True)


class ConnectionTracker:
    """Admits, sheds and times out connections; ``refused``/``shed`` callbacks count why."""

    def __init__(
        self,
        per_address: int,
        total: int,
        header_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        self.per_address = per_address
        self.total = total
        self.header_seconds = header_seconds
        self._clock = clock
        self._on_refused = on_refused or (lambda reason: None)
        self._per_address: dict[str, int] = {}
        self._count = 0
        # Insertion-ordered: the first is the one in that state longest.
        self._waiting: dict[Connection, None] = {}
        self._idle: dict[Connection, None] = {}
        self._by_key: dict[object, Connection] = {}
        self._sweeper: asyncio.TimerHandle | None = None

    # -- admitting and closing -----------------------------------------------------------------
    def admit(self, key: object, address: str, close: Callable[[], None]) -> Connection | None:
        """Count a new connection (shedding one if the total is reached); ``None`` when refused."""
        if self._per_address.get(address, 0) >= self.per_address:
            self._on_refused("connections_per_address")
            return None
        if self._count >= self.total and not self._shed_one():
            self._on_refused("connections_total")
            return None
        connection = Connection(address, close, State.WAITING, self._clock())
        self._per_address[address] = self._per_address.get(address, 0) + 1
        self._count += 1
        self._waiting[connection] = None
        self._by_key[key] = connection
        return connection

    def release(self, key: object) -> None:
        """The connection for ``key`` closed (or was shed): stop counting it."""
        connection = self._by_key.pop(key, None)
        if connection is not None:
            self._forget(connection)

    def _forget(self, connection: Connection) -> None:
        if not connection.counted:
            return
        connection.counted = False
        self._waiting.pop(connection, None)
        self._idle.pop(connection, None)
        left = self._per_address.get(connection.address, 0) - 1
        if left <= 0:
            self._per_address.pop(connection.address, None)
        else:
            self._per_address[connection.address] = left
        self._count -= 1

    def _shed_one(self) -> bool:
        """Close the connection waiting longest, else the one idle longest (past the grace); ``False`` if none."""
        victim = next(iter(self._waiting), None)
        reason = "shed_waiting"
        if victim is None:
            victim = next(iter(self._idle), None)
            reason = "shed_idle"
            if victim is None or self._clock() - victim.since < IDLE_GRACE_SECONDS:
                return False
        self._forget(victim)
        self._on_refused(reason)
        victim.close()
        return True

    # -- state changes -------------------------------------------------------------------------
    def find(self, key: object) -> Connection | None:
        """The counted connection for ``key`` (a transport)."""
        return self._by_key.get(key)

    def busy(self, connection: Connection) -> None:
        """A complete request head arrived: the connection is handling a request (or a stream)."""
        if connection.counted:
            self._waiting.pop(connection, None)
            self._idle.pop(connection, None)
            connection.state = State.BUSY

    def idle(self, connection: Connection) -> None:
        """The request was answered; the connection waits for the next one (keep-alive)."""
        if connection.counted and connection.state is State.BUSY:
            connection.state = State.IDLE
            connection.since = self._clock()
            self._idle[connection] = None

    def data_arrived(self, connection: Connection) -> None:
        """Bytes came in; on an idle connection they start a new request, so it waits again."""
        if connection.counted and connection.state is State.IDLE:
            del self._idle[connection]
            connection.state = State.WAITING
            connection.since = self._clock()
            self._waiting[connection] = None

    # -- the header deadline -------------------------------------------------------------------
    def close_overdue(self) -> int:
        """Close every connection still waiting after the header deadline; how many were closed."""
        deadline = self._clock() - self.header_seconds
        overdue = []
        for connection in self._waiting:
            if connection.since > deadline:
                break
            overdue.append(connection)
        for connection in overdue:
            self._forget(connection)
            self._on_refused("header_deadline")
            connection.close()
        return len(overdue)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Check the header deadline every ``SWEEP_SECONDS`` on ``loop``."""

        def sweep() -> None:
            self.close_overdue()
            self._sweeper = loop.call_later(SWEEP_SECONDS, sweep)

        self._sweeper = loop.call_later(SWEEP_SECONDS, sweep)

    def stop(self) -> None:
        """Stop checking the header deadline."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    # -- counts --------------------------------------------------------------------------------
    @property
    def open_connections(self) -> int:
        """Connections counted now."""
        return self._count

    def counts(self) -> dict[str, int]:
        """Connections now by state."""
        waiting, idle = len(self._waiting), len(self._idle)
        return {"waiting": waiting, "idle": idle, "busy": self._count - waiting - idle}
