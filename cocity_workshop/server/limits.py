"""Abuse limits kept in memory only: token buckets per address and per participant.

Nothing here is ever written to the workshop file or a log: addresses live in these dictionaries for
the life of the server and old entries are dropped as they go idle.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The participant server's limits (the defaults suit a room of phones on one Wi-Fi).

    Tests whose phones all come from 127.0.0.1 pass wider ones. ``connections_total`` and
    ``max_subscribers`` left ``None`` are derived from the machine's open-file limit at start
    (``capacity.py``).
    """

    body_bytes: int = 16 * 1024
    photo_bytes: int = 8 * 1024 * 1024
    keepalive_seconds: float = 75.0  # an idle keep-alive connection is closed after this (a phone taps rarely)
    header_seconds: float = 10.0  # deadline for a request's line and headers to arrive in full
    request_seconds: float = 30.0  # reading a whole body
    connections_per_address: int = 20
    connections_total: int | None = None  # None: from the open-file limit
    requests_per_address: int = 120  # per window
    writes_per_participant: int = 20  # per window
    window_seconds: float = 10.0
    joins_per_address: int = 3  # at once from one address (tickets not counted) ...
    join_refill_seconds: float = 60.0  # ... and one more every this many seconds
    max_subscribers: int | None = None  # live streams at once; None: from the open-file limit
    heartbeat_seconds: float = 15.0  # a comment line on every live stream, so idle connections stay open


class TokenBuckets:
    """One token bucket per key: ``capacity`` requests per ``window`` seconds, refilled smoothly."""

    def __init__(self, capacity: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(capacity)
        self.rate = capacity / window
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._last_sweep = clock()

    def allow(self, key: str) -> bool:
        """Take one token for ``key``; ``False`` when its bucket is empty."""
        now = self._clock()
        tokens, stamp = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - stamp) * self.rate)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if now - self._last_sweep > 60.0:
            self._sweep(now)
        return allowed

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` may try again."""
        tokens, _stamp = self._buckets.get(key, (self.capacity, 0.0))
        return max(1, int((1.0 - tokens) / self.rate + 0.999))

    def _sweep(self, now: float) -> None:
        """Forget buckets that have refilled (keeps memory bounded under address churn)."""
        full = [
            k for k, (tokens, stamp) in self._buckets.items() if tokens + (now - stamp) * self.rate >= self.capacity
        ]
        for key in full:
            del self._buckets[key]
        self._last_sweep = now
