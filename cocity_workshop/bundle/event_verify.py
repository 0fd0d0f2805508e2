"""Check an event's bundle (decision 0051): every file against datapackage.json, every room's own bundle as
``verify`` checks a room's, the merged tables against a merge of those rooms, and the chained fingerprint."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cocity_workshop.bundle.event_files import EVENT_JSON, event_data_files
from cocity_workshop.bundle.room_results import room_result, zip_contents
from cocity_workshop.bundle.verify import VerifyReport, verify_contents
from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.event_merge import EventDefinition, RoomResult, merge_rooms
from cocity_workshop.core.event_tickets import CountedOnce
from cocity_workshop.i18n import _


def check_event(report: VerifyReport, files: Mapping[str, bytes], manifest: Mapping[str, Any]) -> None:
    """Add the event's checks to ``report`` (``files``: those whose SHA-256 matched datapackage.json)."""
    subject = _("event")
    raw = files.get(EVENT_JSON)
    if raw is None:
        report.add(False, EVENT_JSON, _("cannot be checked (missing or changed)"))
        return
    document = json.loads(raw)
    definition = EventDefinition.from_json(document["event"])
    public = manifest.get("cocity", {}).get("tier") == "public"
    tier = "public" if public else "city"
    rooms = [_check_room(report, files, entry, tier) for entry in document.get("rooms", [])]
    listed = {str(entry.get("bundle")) for entry in document.get("rooms", [])}
    for name in sorted(str(r.get("path")) for r in manifest.get("resources", [])):
        if name.startswith("rooms/") and name not in listed:
            report.add(False, name, _("is a room's bundle that event.json does not list"))
    found = [room for room in rooms if room is not None]
    if len(found) != len(rooms):
        return  # a room could not be checked: its problems are reported, the merge cannot be redone
    # The public bundle's rooms have no ballots: the tickets counted once are those event.json states (the
    # city's event bundle recounts them from the rooms' ballots, and the fingerprint chains them).
    stated = [CountedOnce.from_json(c) for c in document.get("counted_once", [])] if public else None
    try:
        result = merge_rooms(definition, found, stated, check_origin=not public)
    except DomainError as error:
        report.add(False, subject, str(error))
        return
    for rebuilt in event_data_files(result):
        stored = files.get(rebuilt.path)
        if stored is None:
            report.add(False, rebuilt.path, _("cannot be checked (missing or changed)"))
        elif stored != rebuilt.data:
            report.add(False, rebuilt.path, _("differs from the merge of the rooms' bundles"))
        else:
            report.add(True, rebuilt.path, _("equals the merge of the rooms' bundles"))
    stated = manifest.get("cocity", {}).get("fingerprint")
    if stated != result.fingerprint or document.get("fingerprint") != result.fingerprint:
        report.add(False, subject, _("its fingerprint is not the one chained from the event and its rooms"))
    else:
        report.add(
            True,
            subject,
            _("fingerprint {fingerprint} chains the event and the fingerprints of its {n} rooms").format(
                fingerprint=result.fingerprint, n=len(found)
            ),
        )


def _check_room(
    report: VerifyReport, files: Mapping[str, bytes], entry: Mapping[str, Any], tier: str
) -> RoomResult | None:
    """Verify one room's own bundle inside the event's; its result, or ``None`` (the problems reported)."""
    path = str(entry.get("bundle", ""))
    label = _("room “{name}”").format(name=entry.get("room_name", "?"))
    data = files.get(path)
    if data is None:
        report.add(False, label, _("its bundle {path} cannot be checked (missing or changed)").format(path=path))
        return None
    nested = VerifyReport(Path(path))
    try:
        contents = zip_contents(data)
    except zipfile.BadZipFile as error:
        report.add(False, label, _("cannot be read as a ZIP file ({error})").format(error=error))
        return None
    verify_contents(nested, contents)
    if not nested.ok:
        for problem in nested.problems:
            report.add(False, f"{label}, {problem.subject}", problem.message)
        return None
    try:
        room = room_result(path, contents, tier)
    except DomainError as error:
        report.add(False, label, str(error))
        return None
    if (room.room_id, room.fingerprint) != (entry.get("room_id"), entry.get("fingerprint")):
        report.add(False, label, _("its bundle is another room's than event.json says"))
        return None
    if tier == "public":
        message = _("its own public bundle verifies ({n} checks of its files and results)")
    else:
        message = _("its own bundle verifies ({n} checks: files, tallies recounted from its ballots, its action log)")
    report.add(True, label, message.format(n=len(nested.checks)))
    return room
