"""The server settles the heap when it starts, so collections under load walk only new objects."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.heap import settle_heap
from cocity_workshop.session import WorkshopSession


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """No automatic collections and nothing frozen during the test."""
    gc.unfreeze()
    gc.disable()
    yield
    gc.enable()
    gc.unfreeze()


def test_settle_heap_moves_live_objects_out_of_the_collectors_sight(unfrozen: None) -> None:
    keep = [[n] for n in range(1000)]  # container objects the collector tracks
    settle_heap()
    assert gc.get_freeze_count() >= len(keep)
    assert all(gc.is_tracked(item) for item in keep)


def test_settle_heap_frees_garbage_cycles_instead_of_freezing_them(unfrozen: None) -> None:
    class Node:
        other: object = None

    first, second = Node(), Node()
    first.other, second.other = second, first
    alive = weakref.ref(first)
    del first, second
    settle_heap()
    assert alive() is None


def test_starting_the_server_settles_the_heap(unfrozen: None, open_session: WorkshopSession) -> None:
    server = ParticipantServer(open_session, "127.0.0.1", 0)
    assert gc.get_freeze_count() == 0
    with server:
        assert gc.get_freeze_count() > 0
