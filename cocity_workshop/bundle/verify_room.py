"""Check that a room's bundle is the room it says it is (decision 0051): results.json's ``event`` against the
``room_created`` entry of its own hash-chained action log."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cocity_workshop.core.model import LogEntry
from cocity_workshop.i18n import _

ROOM_CREATED = "room_created"


def check_room_claim(
    add: Callable[[bool, str, str], None], results: Mapping[str, Any], log: Sequence[LogEntry] | None
) -> None:
    """Report (through ``add(ok, subject, message)``) whether the event, room id and name in results.json are
    those the action log recorded when the room's file was made; nothing for a bundle of no event."""
    claim = results.get("event")
    if claim is None or log is None:
        return
    subject = _("event")
    made = [json.loads(e.payload) for e in log if e.type == ROOM_CREATED and e.payload]
    if not made:
        add(False, subject, _("results.json names a room of an event, but the action log never made this file one"))
        return
    record = made[-1]
    claimed = (claim.get("event_id"), claim.get("room_id"), claim.get("room_name"))
    if claimed != (record.get("event"), record.get("room"), record.get("name")):
        add(False, subject, _("the event or room in results.json differs from the one the action log recorded"))
        return
    add(
        True,
        subject,
        _("the room “{name}” of event {event}, as the action log recorded").format(
            name=record.get("name"), event=record.get("event")
        ),
    )
