"""What the participant server turned away, counted by reason, each reason with one line of advice.

Only counts are kept: no address, token or time of any refused request.
"""

from __future__ import annotations

import threading

from cocity_workshop.i18n import N_, _

#: Every reason, in the order shown, with what the facilitator can do about it.
ADVICE: dict[str, str] = {
    "storage": N_(
        "Changes from phones could not be saved: the drive with the workshop file is full or cannot be "
        "written. Nothing was confirmed without being stored. Free at least 6 MB there; saving resumes by itself."
    ),
    "connections_total": N_(
        "The server is holding as many connections as this computer allows: raise the open-file limit "
        "(ulimit -n) or use a faster computer."
    ),
    "connections_per_address": N_(
        "Many connections come from one address (phones behind one router or a shared tablet): "
        "this is usually harmless; if phones cannot join, ask them to use the room's Wi-Fi."
    ),
    "shed_waiting": N_("Connections that never sent a request were closed to make room (slow networks or an attack)."),
    "shed_idle": N_("Idle connections were closed to make room; phones reconnect by themselves."),
    "header_deadline": N_(
        "Connections that were too slow to send a request were closed (a weak Wi-Fi signal or an attack)."
    ),
    "joins_per_address": N_(
        "Phones share one address: turn on shared-device mode or wait, the join limit refills every minute."
    ),
    "requests_per_address": N_(
        "One address sends more requests than allowed (many phones behind one router, or a misbehaving device)."
    ),
    "streams": N_("As many phones hold the live view as this computer allows: they retry every few seconds."),
}


class Refusals:
    """Counts of refusals by reason; safe to read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def count(self, reason: str) -> None:
        """One more refusal for ``reason`` (one of ``ADVICE``)."""
        with self._lock:
            self._counts[reason] = self._counts.get(reason, 0) + 1

    def replace(self, counts: dict[str, int]) -> None:
        """Take the counts another process keeps (the participant server's own), reasons unknown here dropped."""
        with self._lock:
            self._counts = {str(r): int(n) for r, n in counts.items() if r in ADVICE and isinstance(n, int)}

    def counts(self) -> dict[str, int]:
        """The reasons seen so far and how often, in ``ADVICE`` order."""
        with self._lock:
            return {reason: self._counts[reason] for reason in ADVICE if reason in self._counts}

    def lines(self) -> list[str]:
        """One translated line per reason seen: the count and the advice."""
        return [
            _("{count} × {advice}").format(count=count, advice=_(ADVICE[reason]))
            for reason, count in self.counts().items()
        ]
