"""``SyncTargetsTableModel``: the sync targets in the settings dialog (name, kind, bundle, where, state)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from cocity_workshop.gui.models.base import RowsTableModel
from cocity_workshop.i18n import N_, _

#: Each kind of target in words (``cocity_workshop.sync`` is imported lazily, so its type names are repeated).
KIND_LABELS = {
    "folder": N_("Folder or USB stick"),
    "webdav": N_("Nextcloud / WebDAV"),
    "ckan": N_("CKAN open-data portal"),
    "email": N_("E-mail"),
}
#: The bundle a target takes, in a word.
TIER_LABELS = {"public": N_("public"), "city": N_("city")}


@dataclass(frozen=True)
class TargetRow:
    """One configured target as the list shows it (no secrets: ``where`` is the target's own description)."""

    name: str
    type: str
    tier: str
    enabled: bool
    where: str


class SyncTargetsTableModel(RowsTableModel[TargetRow]):
    """The configured targets, in the order of the settings file."""

    COL_NAME = 0
    COL_KIND = 1
    COL_BUNDLE = 2
    COL_WHERE = 3
    COL_STATE = 4
    HEADERS = (N_("Name"), N_("Kind"), N_("Bundle"), N_("Where"), N_("State"))

    def row_key(self, row: TargetRow) -> Hashable:
        return row.name

    def display(self, row: TargetRow, column: int) -> Any:
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_KIND:
            return _(KIND_LABELS.get(row.type, row.type))
        if column == self.COL_BUNDLE:
            return _(TIER_LABELS.get(row.tier, row.tier))
        if column == self.COL_WHERE:
            return row.where
        if column == self.COL_STATE:
            return _("delivers") if row.enabled else _("paused")
        return None

    def tooltip(self, row: TargetRow, column: int) -> Any:
        return row.where if column == self.COL_WHERE else None

    def other_data(self, row: TargetRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.enabled:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None
