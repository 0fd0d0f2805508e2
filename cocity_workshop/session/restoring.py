"""Putting a removed row back for undo: its own id, its old place among the rows left.

A restored row keeps its id, so steps further down the facilitator's undo stack that name it still
apply. Ids are not reserved (SQLite may hand a removed row's id to the next row added), so a row whose
id was taken since cannot come back and the undo is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocity_workshop.core.errors import Conflict
from cocity_workshop.i18n import N_
from cocity_workshop.session.writer import Tx

TAKEN = N_("Something added since then has taken its place.")


def put_back(tx: Tx, table: str, values: Mapping[str, Any]) -> None:
    """Insert a removed row of ``table`` again as ``values`` (with its ``id`` and, if ordered, ``position``)."""
    if not tx.records.put_back(table, values):
        raise Conflict(TAKEN)
