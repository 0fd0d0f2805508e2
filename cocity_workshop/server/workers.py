"""The threads that keep the event loop from waiting: one pool for session reads, one for slow work.

Reads (a participant's ballot, a photo, the live state) go to two reader threads; work that takes a
while (re-encoding a photo, drawing the QR code) goes to four others, so it never holds up the reads.
Changes do not wait in a thread: joins, ballots, ideas, photos and profiles go to the writer's queue
(``Deliveries.commit``), so many at once share one commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, TypeVarTuple

T = TypeVar("T")
Args = TypeVarTuple("Args")


class Workers:
    """The reader pool and the blocking pool, each awaited from the event loop."""

    def __init__(self) -> None:
        self.readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cocity-reader")
        self.blocking = ThreadPoolExecutor(max_workers=4, thread_name_prefix="cocity-blocking")

    async def read(self, function: Callable[[*Args], T], *args: *Args) -> T:
        """Run a session read on the reader pool."""
        return await asyncio.get_running_loop().run_in_executor(self.readers, function, *args)

    async def run(self, function: Callable[[*Args], T], *args: *Args) -> T:
        """Run slow or waiting work on the blocking pool."""
        return await asyncio.get_running_loop().run_in_executor(self.blocking, function, *args)

    def close(self) -> None:
        """Let the threads finish (called after the loop stopped)."""
        self.readers.shutdown(wait=True)
        self.blocking.shutdown(wait=True)
