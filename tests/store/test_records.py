"""What the single writer's Records cache: rounds and participants' ids, forgotten after a rollback."""

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
