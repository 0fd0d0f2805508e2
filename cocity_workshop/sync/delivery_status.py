"""What the outbox tells of its deliveries: their states, each bundle's and delivery's status, and a run's
progress and report (``Outbox`` in ``outbox.py`` makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cocity_workshop.i18n import N_, _

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
SUPERSEDED = "superseded"
#: The states, as shown to people.
STATE_LABELS = {
    PENDING: N_("pending"),
    DELIVERED: N_("delivered"),
    FAILED: N_("failed"),
    SUPERSEDED: N_("replaced by a newer bundle"),
}


@dataclass(frozen=True)
class DeliveryStatus:
    """One bundle's delivery to one target, as the outbox knows it."""

    target: str
    target_type: str
    state: str
    #: Where the copy is (delivered) or goes (otherwise): a folder, a URL, an e-mail address.
    where: str
    delivered_at: float | None
    last_try: float | None
    next_try: float | None
    attempts: int
    #: The plain-language reason of the last problem ("" when none), in the current language.
    problem: str
    problem_kind: str
    #: Whether the target is still in the settings (and enabled).
    configured: bool

    @property
    def state_label(self) -> str:
        """The state in words, in the current language."""
        return _(STATE_LABELS.get(self.state, self.state))


@dataclass(frozen=True)
class BundleStatus:
    """A queued bundle and its deliveries."""

    id: str
    name: str
    title: str
    tier: str
    workshop: str | None
    queued_at: float
    size: int
    deliveries: tuple[DeliveryStatus, ...]

    @property
    def done(self) -> bool:
        """Whether no delivery is left to do."""
        return all(d.state in (DELIVERED, SUPERSEDED) for d in self.deliveries)


@dataclass(frozen=True)
class SyncProgress:
    """What a run is doing now (passed to ``progress``; file ``""`` for whole-bundle steps)."""

    bundle_id: str
    bundle_name: str
    target: str
    file: str
    done: int
    total: int


@dataclass
class SyncReport:
    """What a run did: one ``DeliveryStatus`` per delivery it tried."""

    results: list[tuple[str, DeliveryStatus]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def delivered(self) -> list[tuple[str, DeliveryStatus]]:
        """``(bundle name, status)`` of each delivery that arrived."""
        return [r for r in self.results if r[1].state == DELIVERED]

    @property
    def ok(self) -> bool:
        """Whether every delivery tried arrived."""
        return not self.cancelled and all(s.state == DELIVERED for _name, s in self.results)


def render_problem(problem: dict[str, Any] | None) -> str:
    """A recorded problem as a sentence in the current language."""
    if not problem:
        return ""
    template = str(problem.get("template", ""))
    params = problem.get("params") or {}
    try:
        return _(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return template
