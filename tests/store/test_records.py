"""Records: what the single writer caches (forgotten after a rollback), and rows put back for undo."""

from __future__ import annotations

from pathlib import Path

from cocity_workshop.store import Records, WorkshopFile


def test_writer_caches_participant_ids_until_a_rollback(tmp_path: Path) -> None:
    """An id cached inside a transaction that was rolled back is gone once the writer forgets its cache."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    try:
        records = Records(file.write_conn, cache_rounds=True)
        file.write_conn.execute("BEGIN IMMEDIATE")
        kept = records.insert_participant("kept-hash", 1)
        file.write_conn.execute("COMMIT")
        file.write_conn.execute("BEGIN IMMEDIATE")
        dropped = records.insert_participant("dropped-hash", 1)
        assert records.participant_id("dropped-hash") == dropped
        file.write_conn.execute("ROLLBACK")
        assert records.participant_id("kept-hash") == kept
        assert records.participant_id("dropped-hash") == dropped  # still cached: the writer must forget it
        records.forget_cached()
        assert records.participant_id("dropped-hash") is None
        assert records.participant_id("kept-hash") == kept
    finally:
        file.close()


def test_readers_do_not_cache(tmp_path: Path) -> None:
    """A reader's Records (no cache) sees what the writer changed since its last read."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    try:
        records = Records(file.write_conn)
        records.insert_participant("some-hash", 1)
        found = records.participant_id("some-hash")
        file.write_conn.execute("UPDATE participants SET token_hash = 'other' WHERE id = ?", [found])
        assert records.participant_id("some-hash") is None
    finally:
        file.close()


def test_put_back_restores_a_row_in_its_place_unless_its_id_is_taken(tmp_path: Path) -> None:
    """A removed row comes back with its id among the rows left in its old order; a taken id is refused."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    try:
        records = Records(file.write_conn)
        ids = [records.insert_cluster(name) for name in ("a", "b", "c")]
        removed = next(c for c in records.clusters() if c.id == ids[1])
        records.delete("clusters", removed.id)
        records.renumber("clusters")
        assert records.put_back("clusters", {"id": removed.id, "name": "b", "position": removed.position})
        assert [(c.id, c.position) for c in records.clusters()] == [(ids[0], 0), (ids[1], 1), (ids[2], 2)]
        assert not records.put_back("clusters", {"id": ids[2], "name": "again", "position": 0})
        assert [c.name for c in records.clusters()] == ["a", "b", "c"]
    finally:
        file.close()
