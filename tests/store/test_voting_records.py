"""VotingRecords (a part of Records): the writer's cache of rounds holds until any round is written or a row
deleted, and every Records has a cache of its own."""

from __future__ import annotations

from pathlib import Path

from cocity_workshop.store import Records, WorkshopFile

ROUND = {"title": "Which first?", "dots_per_participant": 3, "max_per_idea": 2, "results_mode": "live"}


def test_the_writer_caches_a_round_until_a_round_is_written_or_a_row_deleted(tmp_path: Path) -> None:
    """A cached round is served again, the next read after an update or a delete reads the file anew, and a
    second Records on the same file keeps a cache of its own."""
    file = WorkshopFile.create(tmp_path / "w.cocity")
    try:
        writer = Records(file.write_conn, cache_rounds=True)
        idea = writer.insert_idea({"title": "Benches", "origin": "paper", "status": "visible", "created_at": 0.0})
        round_id = writer.insert_round({**ROUND, "state": "draft"}, [idea])
        first = writer.vote_round(round_id)
        assert first is not None and first.idea_ids == (idea,)
        file.write_conn.execute("UPDATE vote_rounds SET title = 'changed by hand' WHERE id = ?", [round_id])
        assert writer.vote_round(round_id) is first  # cached: the writer sees every write it makes itself
        other = Records(file.write_conn, cache_rounds=True)
        assert other.vote_round(round_id) is not first  # its own cache, not a shared one
        writer.update_round(round_id, {"state": "open"})
        opened = writer.vote_round(round_id)
        assert opened is not None and opened.title == "changed by hand" and opened.state.value == "open"
        writer.delete("clusters", writer.insert_cluster("Seating"))
        assert writer.vote_round(round_id) is not opened
    finally:
        file.close()
