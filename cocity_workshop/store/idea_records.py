"""The ideas, their photos and the clusters: part of ``Records`` (its base class), on the same connection."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cocity_workshop.core.model import Attachment, Cluster, Idea, IdeaOrigin, IdeaStatus
from cocity_workshop.store.row_access import Row, RowAccess


def _idea_from_row(row: Row, attachments: Sequence[int] = (), pending: Sequence[int] = ()) -> Idea:
    return Idea(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        theme=row["theme"],
        origin=IdeaOrigin(row["origin"]),
        status=IdeaStatus(row["status"]),
        merged_into=row["merged_into"],
        cluster_id=row["cluster_id"],
        participant_id=row["participant_id"],
        created_at=row["created_at"],
        attachment_ids=tuple(attachments),
        pending_attachment_ids=tuple(pending),
        shared=bool(row.get("shared", 0)),  # no such column before 0010_event_rooms (opened read-only)
    )


class IdeaRecords(RowAccess):
    """Reads and writes of ideas, photos and clusters."""

    _pending_column: bool | None = None

    # -- ideas ---------------------------------------------------------------------------------
    def _has_pending_photos_column(self) -> bool:
        # A file saved before 0004_pending_photos and opened read-only (so not migrated) has no such column;
        # its photos were all shown.
        if self._pending_column is None:
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(attachments)")}
            self._pending_column = "pending" in columns
        return self._pending_column

    def _attachment_ids(
        self, idea_ids: Sequence[int] | None = None
    ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """Photo ids by idea: (shown, pending)."""
        shown: dict[int, list[int]] = {}
        pending: dict[int, list[int]] = {}
        flag = "pending" if self._has_pending_photos_column() else "0"
        if idea_ids is None:
            rows = self.conn.execute(f"SELECT idea_id, id, {flag} FROM attachments ORDER BY id")
        else:
            marks = ",".join("?" for _ in idea_ids)
            rows = self.conn.execute(
                f"SELECT idea_id, id, {flag} FROM attachments WHERE idea_id IN ({marks}) ORDER BY id", list(idea_ids)
            )
        for idea_id, attachment_id, waits in rows:
            (pending if waits else shown).setdefault(idea_id, []).append(attachment_id)
        return shown, pending

    def ideas(self, statuses: Iterable[IdeaStatus] | None = None) -> list[Idea]:
        """Ideas, oldest first, optionally only those with the given statuses."""
        if statuses is None:
            rows = self._rows("SELECT * FROM ideas ORDER BY id")
        else:
            wanted = [s.value for s in statuses]
            marks = ",".join("?" for _ in wanted)
            rows = self._rows(f"SELECT * FROM ideas WHERE status IN ({marks}) ORDER BY id", wanted)
        shown, pending = self._attachment_ids()
        return [_idea_from_row(r, shown.get(r["id"], ()), pending.get(r["id"], ())) for r in rows]

    def idea(self, idea_id: int) -> Idea | None:
        """One idea, or ``None``."""
        row = self._one("SELECT * FROM ideas WHERE id = ?", [idea_id])
        if row is None:
            return None
        shown, pending = self._attachment_ids([idea_id])
        return _idea_from_row(row, shown.get(idea_id, ()), pending.get(idea_id, ()))

    def insert_idea(self, values: Mapping[str, Any]) -> int:
        """Add an idea."""
        return self._insert("ideas", values)

    def idea_count_from(self, participant_id: int) -> int:
        """How many ideas this participant's phone sent (merged, hidden and pending ones too)."""
        row = self.conn.execute("SELECT COUNT(*) FROM ideas WHERE participant_id = ?", [participant_id]).fetchone()
        return int(row[0])

    def update_idea(self, idea_id: int, values: Mapping[str, Any]) -> None:
        """Change columns of one idea."""
        self._update("ideas", "id", idea_id, values)

    def idea_ids_with_status(self, status: IdeaStatus) -> set[int]:
        """The ids of every idea with ``status`` (one small query, for live views)."""
        return {int(r[0]) for r in self.conn.execute("SELECT id FROM ideas WHERE status = ?", [status.value])}

    def off_board_ideas(self, idea_ids: Iterable[int]) -> list[tuple[int, str, int | None, str]]:
        """``(id, status, merged_into, title)`` of those of ``idea_ids`` that are not simply visible."""
        ids = [int(i) for i in idea_ids]
        if not ids:
            return []
        marks = ",".join("?" for _ in ids)
        rows = self.conn.execute(
            f"SELECT id, status, merged_into, title FROM ideas WHERE id IN ({marks}) AND status != 'visible'", ids
        )
        return [(int(i), str(s), None if m is None else int(m), str(t)) for i, s, m, t in rows]

    def merged_into_map(self) -> dict[int, int]:
        """Every merged idea and the idea it was merged into."""
        rows = self.conn.execute("SELECT id, merged_into FROM ideas WHERE merged_into IS NOT NULL")
        return {int(a): int(b) for a, b in rows}

    def insert_attachment(
        self, idea_id: int, mime: str, width: int, height: int, data: bytes, *, pending: bool = False
    ) -> int:
        """Store a photo of an idea (``pending``: it waits for the facilitator's approval)."""
        values = {"idea_id": idea_id, "mime": mime, "width": width, "height": height, "data": data}
        return self._insert("attachments", {**values, "pending": int(pending)})

    def set_attachments_pending(self, attachment_ids: Sequence[int], pending: bool) -> None:
        """Approve photos (``pending`` false) or make them wait again (undo)."""
        marks = ",".join("?" for _ in attachment_ids)
        self.conn.execute(f"UPDATE attachments SET pending = ? WHERE id IN ({marks})", [int(pending), *attachment_ids])

    def delete_attachment(self, attachment_id: int) -> bool:
        """Remove a photo (its bytes are overwritten: the file has ``secure_delete`` on)."""
        return self.conn.execute("DELETE FROM attachments WHERE id = ?", [attachment_id]).rowcount == 1

    def attachments(self, *, include_pending: bool = False) -> list[Attachment]:
        """Metadata of every photo the room may see (no image data); with ``include_pending``, waiting ones too."""
        flag = "pending" if self._has_pending_photos_column() else "0"
        where = "" if include_pending else f" WHERE {flag} = 0"
        rows = self._rows(
            f"SELECT id, idea_id, mime, width, height, length(data) AS size, {flag} AS pending FROM attachments"
            f"{where} ORDER BY id"
        )
        return [Attachment(**{**r, "pending": bool(r["pending"])}) for r in rows]

    def attachment_data(self, attachment_id: int) -> tuple[str, bytes] | None:
        """The MIME type and bytes of one photo."""
        row = self.conn.execute("SELECT mime, data FROM attachments WHERE id = ?", [attachment_id]).fetchone()
        return (str(row[0]), bytes(row[1])) if row else None

    # -- clusters ------------------------------------------------------------------------------
    def clusters(self) -> list[Cluster]:
        """Clusters in order."""
        return [Cluster(**r) for r in self._rows("SELECT * FROM clusters ORDER BY position, id")]

    def insert_cluster(self, name: str) -> int:
        """Add a cluster at the end."""
        return self._insert("clusters", {"name": name, "position": self._next_position("clusters")})
