"""What stands for an idea's category when it leaves the workshop (a Decidim category, decision 0054): its
cluster's name, else its theme. Names are matched on one line, ignoring case and outer spaces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cocity_workshop.core.model import Cluster, Idea
from cocity_workshop.core.text import single_line


def category_key(name: str) -> str:
    """A cluster's or theme's name as a mapping matches it: one line, case and outer spaces ignored."""
    return single_line(name).strip().casefold()


def category_source(idea: Idea, clusters: Mapping[int, Cluster]) -> str:
    """What stands for the idea's category: its cluster's name, else its theme (empty: neither)."""
    cluster = clusters.get(idea.cluster_id) if idea.cluster_id is not None else None
    return cluster.name if cluster is not None else idea.theme


def category_names(ideas: Iterable[Idea], clusters: Iterable[Cluster], themes: Iterable[str]) -> list[str]:
    """The clusters and themes the ideas shown to the room fall into, each once: clusters in their order,
    then themes in the workshop's order, then themes only ideas name."""
    shown = [i for i in ideas if i.is_public]
    ordered_clusters = sorted(clusters, key=lambda c: (c.position, c.id))
    by_id = {c.id: c for c in ordered_clusters}
    used = {category_key(category_source(i, by_id)) for i in shown}
    found: dict[str, str] = {}
    for name in [*(c.name for c in ordered_clusters), *themes, *(i.theme for i in shown)]:
        key = category_key(name)
        if key and key in used:
            found.setdefault(key, single_line(name).strip())
    return list(found.values())
