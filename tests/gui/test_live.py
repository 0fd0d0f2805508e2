"""Every kind of session event is either mapped to the parts of the GUI's models it makes stale or
ignored on purpose (the server's half is tests/server/test_topics.py)."""

from __future__ import annotations

from cocity_workshop.core.events import EventKind
from cocity_workshop.gui.live import EVENT_PARTS, IGNORED_EVENTS, PARTS


def test_every_event_kind_is_mapped_to_refreshes_or_listed_as_ignored() -> None:
    """A new kind of event fails here until someone decides what the facilitator's views must refresh."""
    unmapped = set(EventKind) - set(EVENT_PARTS) - IGNORED_EVENTS
    assert not unmapped, f"map these to parts of the models or list them as ignored: {sorted(unmapped)}"
    assert not set(EVENT_PARTS) & IGNORED_EVENTS, "a kind is both mapped and ignored"


def test_events_map_only_to_parts_the_models_refresh() -> None:
    assert all(parts and parts <= PARTS | {"secret"} for parts in EVENT_PARTS.values())
