"""``IdeasTableModel``: every idea of the workshop, for the board, the moderation queue and the projector's wall."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from cocity_workshop.core.model import ORIGIN_LABELS, STATUS_LABELS, Idea, IdeaStatus
from cocity_workshop.core.personal_data import find_personal_data
from cocity_workshop.core.text import is_plain_number
from cocity_workshop.gui.models.base import Index, RowsTableModel
from cocity_workshop.i18n import N_, _

#: The drag-and-drop format for ideas: their ids, comma-separated.
IDEA_IDS_MIME = "application/x-cocity-idea-ids"


def idea_ids_from_mime(mime: QMimeData) -> list[int]:
    """The idea ids a drag carries (empty when it carries none)."""
    if not mime.hasFormat(IDEA_IDS_MIME):
        return []
    raw = bytes(mime.data(IDEA_IDS_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if is_plain_number(part)]


def mime_for_idea_ids(ids: Iterable[int]) -> QMimeData:
    """A drag payload carrying ``ids``."""
    mime = QMimeData()
    mime.setData(IDEA_IDS_MIME, QByteArray(",".join(str(i) for i in ids).encode("ascii")))
    return mime


class IdeasTableModel(RowsTableModel[Idea]):
    """Ideas with their theme, cluster, origin and status; titles are edited in place (undoably)."""

    COL_ID = 0
    COL_TITLE = 1
    COL_THEME = 2
    COL_CLUSTER = 3
    COL_ORIGIN = 4
    COL_STATUS = 5
    COL_PHOTOS = 6
    HEADERS = (N_("No."), N_("Idea"), N_("Theme"), N_("Cluster"), N_("From"), N_("Status"), N_("Photos"))

    #: The idea's status (an ``IdeaStatus``), for filtering.
    StatusRole = Qt.ItemDataRole.UserRole + 2
    #: Spans of likely personal data in the title and description (``personal_data.Span`` lists).
    PersonalDataRole = Qt.ItemDataRole.UserRole + 3
    #: The idea's cluster id (or ``None``).
    ClusterRole = Qt.ItemDataRole.UserRole + 4
    #: Whether the idea waits for the facilitator: pending itself, or with photos waiting for approval.
    WaitsRole = Qt.ItemDataRole.UserRole + 5

    #: The facilitator typed a new title into a cell: (idea id, field, new text).
    edit_requested = Signal(int, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cluster_names: dict[int, str] = {}

    def set_cluster_names(self, names: Mapping[int, str]) -> None:
        """The names shown in the cluster column."""
        if dict(names) != self._cluster_names:
            self._cluster_names = dict(names)
            if self._rows:
                column = self.COL_CLUSTER
                self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def display(self, row: Idea, column: int) -> Any:
        if column == self.COL_ID:
            return str(row.id)
        if column == self.COL_TITLE:
            return row.title
        if column == self.COL_THEME:
            return row.theme
        if column == self.COL_CLUSTER:
            return self._cluster_names.get(row.cluster_id, "") if row.cluster_id is not None else ""
        if column == self.COL_ORIGIN:
            return _(ORIGIN_LABELS[row.origin])
        if column == self.COL_STATUS:
            if row.status is IdeaStatus.MERGED and row.merged_into is not None:
                return _("merged into no. {id}").format(id=row.merged_into)
            return _(STATUS_LABELS[row.status])
        if column == self.COL_PHOTOS:
            if row.pending_attachment_ids:
                return _("{shown} + {waiting} waiting").format(
                    shown=len(row.attachment_ids), waiting=len(row.pending_attachment_ids)
                )
            return str(len(row.attachment_ids)) if row.attachment_ids else ""
        return None

    def sort_value(self, row: Idea, column: int) -> Any:
        if column in (self.COL_ID, self.COL_PHOTOS):
            return row.id if column == self.COL_ID else len(row.attachment_ids) + len(row.pending_attachment_ids)
        return super().sort_value(row, column)

    def tooltip(self, row: Idea, column: int) -> Any:
        if column == self.COL_TITLE:  # the whole title, cut in a narrow column, then the description
            return f"{row.title}\n\n{row.description}" if row.description else row.title
        return None

    def other_data(self, row: Idea, column: int, role: int) -> Any:
        if role == self.StatusRole:
            return row.status
        if role == self.ClusterRole:
            return row.cluster_id
        if role == self.WaitsRole:
            return row.status is IdeaStatus.PENDING or bool(row.pending_attachment_ids)
        if role == self.PersonalDataRole:
            return find_personal_data(row.title) + find_personal_data(row.description)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in (IdeaStatus.HIDDEN, IdeaStatus.MERGED):
            return QBrush(QColor(128, 128, 128))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_ID, self.COL_PHOTOS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- editing and drag and drop ------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() in (self.COL_TITLE, self.COL_THEME):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = {self.COL_TITLE: "title", self.COL_THEME: "theme"}.get(index.column())
        if field is None:
            return False
        row = self._rows[index.row()]
        text = str(value)
        if text == getattr(row, field):
            return False
        # The change goes through the session (and the undo stack); the model follows its event.
        self.edit_requested.emit(row.id, field, text)
        return True

    def mimeTypes(self) -> list[str]:
        return [IDEA_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self._rows[i.row()].id for i in indexes if i.isValid()))
        return mime_for_idea_ids(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class PublicIdeasProxy(QSortFilterProxyModel):
    """Only the ideas the room may see (visible ones): what the projector's wall shows.

    ``statuses`` can be changed to build other filtered views (the moderation queue shows pending ones).
    """

    def __init__(self, statuses: Iterable[IdeaStatus] = (IdeaStatus.VISIBLE,), parent: Any = None) -> None:
        super().__init__(parent)
        self._statuses = frozenset(statuses)
        self._waiting = False

    def set_statuses(self, statuses: Iterable[IdeaStatus], *, waiting: bool = False) -> None:
        """Show ideas with these statuses; with ``waiting``, every idea that waits for the facilitator
        instead (pending, or with photos waiting for approval, whatever its status)."""
        self.beginFilterChange()
        self._statuses = frozenset(statuses)
        self._waiting = waiting
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def idea_at(self, index: QModelIndex) -> Idea | None:
        """The idea shown at ``index`` of this view (``None`` for an index that shows none)."""
        row = self.data(index, IdeasTableModel.RowRole)
        return row if isinstance(row, Idea) else None

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, IdeasTableModel.COL_TITLE, source_parent)
        if self._waiting:
            return bool(self.sourceModel().data(index, IdeasTableModel.WaitsRole))
        return self.sourceModel().data(index, IdeasTableModel.StatusRole) in self._statuses
