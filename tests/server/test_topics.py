"""Every kind of session event is either mapped to the live topics it changes or ignored on purpose."""

from __future__ import annotations

from cocity_workshop.core.events import EventKind
from cocity_workshop.server.state import TOPICS
from cocity_workshop.server.topics import EVENT_TOPICS, IGNORED_EVENTS


def test_every_event_kind_is_mapped_to_topics_or_listed_as_ignored() -> None:
    """A new kind of event fails here until someone decides what phones must rebuild for it."""
    unmapped = set(EventKind) - set(EVENT_TOPICS) - IGNORED_EVENTS
    assert not unmapped, f"map these to live topics or list them as ignored: {sorted(unmapped)}"
    assert not set(EVENT_TOPICS) & IGNORED_EVENTS, "a kind is both mapped and ignored"


def test_events_map_only_to_topics_the_stream_has() -> None:
    assert all(topics and topics <= set(TOPICS) for topics in EVENT_TOPICS.values())
