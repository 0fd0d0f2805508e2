"""Phones connected now: the joined phones holding an open live stream at this moment.

A phone counts once however many streams it holds (two tabs, a reconnect that overlaps the old stream).
Projector views are not phones and are never counted. The count lives in memory only, on the server's
event loop; listeners hear of each change there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator


class ConnectedPhones:
    """Counts the participants with at least one open live stream."""

    def __init__(self) -> None:
        self._streams: dict[int, int] = {}  # participant id -> open streams
        self._listeners: list[Callable[[int], None]] = []

    @property
    def count(self) -> int:
        """Phones connected now."""
        return len(self._streams)

    @property
    def ids(self) -> frozenset[int]:
        """The participant ids of the phones connected now."""
        return frozenset(self._streams)

    def watch(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(count)`` whenever the count changes (on the event loop)."""
        self._listeners.append(listener)

    @contextlib.contextmanager
    def holding(self, participant_id: int) -> Iterator[None]:
        """Count ``participant_id`` as connected while the block (its open stream) runs."""
        held = self._streams.get(participant_id, 0)
        self._streams[participant_id] = held + 1
        if not held:
            self._changed()
        try:
            yield
        finally:
            left = self._streams[participant_id] - 1
            if left:
                self._streams[participant_id] = left
            else:
                del self._streams[participant_id]
                self._changed()

    def _changed(self) -> None:
        for listener in self._listeners:
            listener(self.count)
