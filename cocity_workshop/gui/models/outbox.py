"""``OutboxTableModel``: each queued bundle's delivery to each sync target, and its state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cocity_workshop.gui.models.base import RowsTableModel
from cocity_workshop.gui.theme import is_dark
from cocity_workshop.i18n import N_, _, format_moment

#: The outbox's delivery states (the strings ``cocity_workshop.sync`` uses; kept here to import it lazily).
PENDING, DELIVERED, FAILED, SUPERSEDED = "pending", "delivered", "failed", "superseded"


@dataclass(frozen=True)
class DeliveryRow:
    """One bundle's delivery to one target (a ``BundleStatus`` with one of its ``DeliveryStatus``)."""

    bundle: Any
    delivery: Any


def delivery_rows(bundles: Sequence[Any]) -> list[DeliveryRow]:
    """One row per bundle and target, newest bundle first (as ``Outbox.status()`` orders them)."""
    return [DeliveryRow(b, d) for b in bundles for d in b.deliveries]


def format_time(timestamp: float | None) -> str:
    """A moment in the facilitator's language (CLDR's short date and time) and time zone ("" when none)."""
    if timestamp is None:
        return ""
    return format_moment(dt.datetime.fromtimestamp(timestamp))


class OutboxTableModel(RowsTableModel[DeliveryRow]):
    """What the outbox holds: bundle, target, state and the details (when and where, or why not)."""

    COL_BUNDLE = 0
    COL_TARGET = 1
    COL_STATE = 2
    COL_DETAILS = 3
    HEADERS = (N_("Bundle"), N_("Target"), N_("State"), N_("Details"))

    def row_key(self, row: DeliveryRow) -> Hashable:
        return (row.bundle.id, row.delivery.target)

    def display(self, row: DeliveryRow, column: int) -> Any:
        bundle, delivery = row.bundle, row.delivery
        if column == self.COL_BUNDLE:
            return _("{title} ({tier}, {when})").format(
                title=bundle.title or bundle.name, tier=bundle.tier, when=format_time(bundle.queued_at)
            )
        if column == self.COL_TARGET:
            return f"{delivery.target} ({delivery.target_type})" if delivery.target_type else delivery.target
        if column == self.COL_STATE:
            return delivery.state_label
        if column == self.COL_DETAILS:
            return self.details(delivery)
        return None

    @staticmethod
    def details(delivery: Any) -> str:
        """Delivered: when and where. Pending: why it waits and when it is tried again. Failed: why."""
        if delivery.state == DELIVERED:
            return _("{when} to {where}").format(when=format_time(delivery.delivered_at), where=delivery.where)
        if delivery.state == SUPERSEDED:
            return _("A newer bundle of this workshop goes instead.")
        parts = []
        if not delivery.configured:
            parts.append(_("This target is no longer in the sync settings."))
        if delivery.problem:
            parts.append(delivery.problem)
        if delivery.state == PENDING:
            if delivery.next_try is not None and delivery.problem:
                parts.append(_("Tried again automatically from {when}.").format(when=format_time(delivery.next_try)))
            elif not delivery.problem:
                parts.append(_("Waiting to go to {where}.").format(where=delivery.where))
        return " ".join(parts)

    def tooltip(self, row: DeliveryRow, column: int) -> Any:
        return self.details(row.delivery) if column == self.COL_DETAILS else None

    def other_data(self, row: DeliveryRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATE:
            dark = is_dark()
            if row.delivery.state == FAILED:
                return QColor("#f28b82" if dark else "#c5221f")
            if row.delivery.state == DELIVERED:
                return QColor("#81c995" if dark else "#188038")
        return None
