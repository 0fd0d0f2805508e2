"""How many people may join from one address: a bucket that refills, not a count for the server's life.

A shared tablet at the door, a phone that cleared its storage or a venue network that puts every phone
behind one address all join several times from one address. Each address may join ``burst`` times at
once and gains one more join every ``refill_seconds``; the refusal says how long to wait, and that is
true. A join that fails (joining closed, a bad ticket) gives its place back. Joins with a ticket are not
counted: the ticket itself limits them to one person each.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class JoinBuckets:
    """One refilling bucket of joins per address (in memory only)."""

    def __init__(self, burst: int, refill_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = float(burst)
        self.refill_seconds = refill_seconds
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def _level(self, address: str, now: float) -> float:
        tokens, stamp = self._buckets.get(address, (self.burst, now))
        return min(self.burst, tokens + (now - stamp) / self.refill_seconds)

    def take(self, address: str) -> bool:
        """Use one join for ``address``; ``False`` when its bucket is empty."""
        now = self._clock()
        tokens = self._level(address, now)
        if tokens < 1.0:
            self._buckets[address] = (tokens, now)
            return False
        self._buckets[address] = (tokens - 1.0, now)
        if len(self._buckets) > 4096:
            self._forget_full(now)
        return True

    def give_back(self, address: str) -> None:
        """Undo one ``take`` (the join did not admit anyone)."""
        now = self._clock()
        self._buckets[address] = (min(self.burst, self._level(address, now) + 1.0), now)

    def retry_after(self, address: str) -> int:
        """Whole seconds until ``address`` may join again (at least 1)."""
        missing = 1.0 - self._level(address, self._clock())
        return max(1, math.ceil(missing * self.refill_seconds))

    def _forget_full(self, now: float) -> None:
        full = [address for address in self._buckets if self._level(address, now) >= self.burst]
        for address in full:
            del self._buckets[address]
