"""Clusters of similar ideas: adding, renaming, removing and putting back, and moving ideas between them."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import Conflict, NotFound
from cocity_workshop.session import WorkshopSession


def test_clusters(session: WorkshopSession) -> None:
    """Ideas move between clusters; removing a cluster leaves its ideas unclustered."""
    cluster = session.add_cluster("Mobility")
    idea = session.add_idea("Bus lane")
    assert session.set_idea_cluster(idea.id, cluster.id) is None
    assert session.rename_cluster(cluster.id, "Transport") == "Mobility"
    removed = session.remove_cluster(cluster.id)
    assert removed.idea_ids == (idea.id,) and removed.cluster.name == "Transport"
    assert session.idea(idea.id).cluster_id is None
    with pytest.raises(NotFound):
        session.set_idea_cluster(idea.id, 999)
    with pytest.raises(NotFound):
        session.remove_cluster(cluster.id)


def test_ideas_move_between_clusters_all_or_none(session: WorkshopSession) -> None:
    """Several ideas move in one step that returns where they were; an unknown cluster moves none."""
    streets, parks = session.add_cluster("Streets"), session.add_cluster("Parks")
    a, b = session.add_idea("Bus lane"), session.add_idea("Benches")
    session.set_idea_cluster(b.id, parks.id)
    before = session.set_idea_clusters(dict.fromkeys([a.id, b.id], streets.id))
    assert before == {a.id: None, b.id: parks.id}
    assert session.set_idea_clusters(before) == dict.fromkeys([a.id, b.id], streets.id)
    assert [i.cluster_id for i in session.ideas()] == [None, parks.id]
    with pytest.raises(NotFound):
        session.set_idea_clusters({a.id: streets.id, b.id: 999})
    assert session.idea(a.id).cluster_id is None


def test_a_removed_cluster_comes_back_in_its_place_with_its_ideas(session: WorkshopSession) -> None:
    """Undo of a removal: the same id, the same place, the ideas still on the board back in it."""
    first, middle, last = (session.add_cluster(n) for n in ("Streets", "Parks", "Schools"))
    kept, gone = session.add_idea("Benches"), session.add_idea("Swings")
    session.set_idea_clusters(dict.fromkeys([kept.id, gone.id], middle.id))
    removed = session.remove_cluster(middle.id)
    session.delete_idea(gone.id)
    restored = session.restore_cluster(removed)
    assert restored == middle
    assert [c.id for c in session.clusters()] == [first.id, middle.id, last.id]
    assert session.idea(kept.id).cluster_id == middle.id
    assert session.log_entries()[-1].type == "cluster_restored"


def test_a_cluster_whose_id_was_taken_cannot_come_back(session: WorkshopSession) -> None:
    """SQLite hands the id of the last row removed to the next row added: that restore is refused."""
    cluster = session.add_cluster("Streets")
    removed = session.remove_cluster(cluster.id)
    newer = session.add_cluster("Parks")
    assert newer.id == cluster.id
    with pytest.raises(Conflict, match="taken its place"):
        session.restore_cluster(removed)
    assert [c.name for c in session.clusters()] == ["Parks"]
