"""Use cases: clusters of similar ideas, and which cluster each idea is in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Cluster
from cocity_workshop.core.text import NAME_MAX, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import cluster_or_raise, idea_or_raise
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Tx


@dataclass(frozen=True)
class RemovedCluster:
    """A removed cluster and the ideas that were in it: what ``restore_cluster`` puts back."""

    cluster: Cluster
    idea_ids: tuple[int, ...]


def _set_cluster(tx: Tx, idea_id: int, cluster_id: int | None) -> int | None:
    idea = idea_or_raise(tx, idea_id)
    if cluster_id is not None:
        cluster_or_raise(tx, cluster_id)
    tx.records.update_idea(idea_id, {"cluster_id": cluster_id})
    tx.log("idea_clustered", {"idea": idea_id, "cluster": cluster_id})
    tx.emit(EventKind.IDEA_CHANGED, idea=idea_id)
    return idea.cluster_id


class ClusterUses(SessionBase):
    """Clustering the board: similar ideas side by side."""

    def clusters(self) -> list[Cluster]:
        """The clusters, in order."""
        return self._records().clusters()

    def add_cluster(self, name: str) -> Cluster:
        """Start a new cluster."""
        name = required_text(name, max_length=NAME_MAX, what=_("The cluster name"))

        def command(tx: Tx) -> Cluster:
            cluster_id = tx.records.insert_cluster(name)
            tx.log("cluster_added", {"cluster": cluster_id, "name": sha256_hex(name)})
            tx.emit(EventKind.CLUSTERS_CHANGED)
            return cluster_or_raise(tx, cluster_id)

        return self._write(command)

    def rename_cluster(self, cluster_id: int, name: str) -> str:
        """Rename a cluster; returns the old name."""
        name = required_text(name, max_length=NAME_MAX, what=_("The cluster name"))

        def command(tx: Tx) -> str:
            before = cluster_or_raise(tx, cluster_id).name
            tx.records.rename("clusters", "name", cluster_id, name)
            tx.log("cluster_renamed", {"cluster": cluster_id, "name": sha256_hex(name)})
            tx.emit(EventKind.CLUSTERS_CHANGED)
            return before

        return self._write(command)

    def remove_cluster(self, cluster_id: int) -> RemovedCluster:
        """Remove a cluster; its ideas become unclustered. Returns it with their ids (for undo)."""

        def command(tx: Tx) -> RemovedCluster:
            cluster = cluster_or_raise(tx, cluster_id)
            members = tuple(i.id for i in tx.records.ideas() if i.cluster_id == cluster_id)
            tx.records.delete("clusters", cluster_id)
            tx.records.renumber("clusters")
            tx.log("cluster_removed", {"cluster": cluster_id})
            tx.emit(EventKind.CLUSTERS_CHANGED)
            return RemovedCluster(cluster, members)

        return self._write(command)

    def restore_cluster(self, removed: RemovedCluster) -> Cluster:
        """Put a removed cluster back at its place with its id, with those of its ideas still on the board
        (undo of ``remove_cluster``)."""
        cluster = removed.cluster
        name = required_text(cluster.name, max_length=NAME_MAX, what=_("The cluster name"))

        def command(tx: Tx) -> Cluster:
            put_back(tx, "clusters", {"id": cluster.id, "name": name, "position": cluster.position})
            members = [i for i in removed.idea_ids if tx.records.idea(i) is not None]
            for idea_id in members:
                tx.records.update_idea(idea_id, {"cluster_id": cluster.id})
                tx.emit(EventKind.IDEA_CHANGED, idea=idea_id)
            tx.log("cluster_restored", {"cluster": cluster.id, "name": sha256_hex(name), "ideas": members})
            tx.emit(EventKind.CLUSTERS_CHANGED)
            return cluster_or_raise(tx, cluster.id)

        return self._write(command)

    def set_idea_cluster(self, idea_id: int, cluster_id: int | None) -> int | None:
        """Put an idea into a cluster (or none); returns its previous cluster."""
        return self._write(lambda tx: _set_cluster(tx, idea_id, cluster_id))

    def set_idea_clusters(self, clusters: Mapping[int, int | None]) -> dict[int, int | None]:
        """Put several ideas into a cluster each (or none), all or none; returns their previous clusters
        (undo passes them back in)."""
        return self._write(lambda tx: {i: _set_cluster(tx, i, cluster) for i, cluster in clusters.items()})
