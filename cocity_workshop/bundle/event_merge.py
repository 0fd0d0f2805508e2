"""Merge the rooms' bundles into the event's bundle (decision 0051), then check it as ``verify`` would.

Each room's bundle is verified first (``verify_bundle``) and refused with one line if anything in it does not
match; a bundle of another event, the same room twice, or a bundle that is not a room's city bundle is refused
too. The event bundle holds the merged tables, ``event.json`` and every room's own bundle.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cocity_workshop.atomicfile import atomic_file
from cocity_workshop.bundle.event_files import event_data_files, event_manifest, room_files
from cocity_workshop.bundle.export import BundleNotVerified
from cocity_workshop.bundle.manifest import MANIFEST
from cocity_workshop.bundle.room_results import room_result, zip_contents
from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.bundle.verify import VerifyReport, verify_bundle, verify_contents
from cocity_workshop.core.event_merge import EventDefinition, EventResult, MergeRefused, RoomResult, merge_rooms
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.session import WorkshopSession

#: The time stamp of every file in an event bundle (the same rooms give the same bytes).
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class EventMergeResult:
    """What ``merge_event`` wrote and what reading it back found."""

    path: Path
    result: EventResult
    verification: VerifyReport


def read_room(path: Path) -> tuple[RoomResult, bytes]:
    """A room's bundle, read once, verified and understood; ``MergeRefused`` with one line saying why it cannot
    be merged."""
    data = path.read_bytes()
    report = VerifyReport(path)
    try:
        files = zip_contents(data)
    except zipfile.BadZipFile as error:
        raise MergeRefused(
            "{path} cannot be read as a ZIP file ({error}).", path=str(path), error=str(error)
        ) from error
    verify_contents(report, files)
    if not report.ok:
        first = report.problems[0] if report.problems else None
        problem = f"{first.subject}: {first.message}" if first else "?"
        raise MergeRefused(
            "{path} does not verify ({problem}); run “cocity-workshop verify {path}” for the details.",
            path=str(path),
            problem=problem,
        )
    return room_result(str(path), files), data


def merge_event(
    event: WorkshopSession | WorkshopSnapshot, bundles: Sequence[str | os.PathLike[str]], path: str | os.PathLike[str]
) -> EventMergeResult:
    """Merge the rooms' city bundles into the event bundle at ``path`` (written safely, then verified)."""
    snapshot = event.snapshot() if isinstance(event, WorkshopSession) else event
    definition = EventDefinition.from_snapshot(snapshot)
    rooms: list[RoomResult] = []
    data: dict[tuple[str, str], bytes] = {}
    for bundle in bundles:
        room, raw = read_room(Path(bundle))
        rooms.append(room)
        data[(room.room_id, room.source)] = raw
    result = merge_rooms(definition, rooms)
    files = [
        *event_data_files(result),
        *room_files(result, {r.room_id: data[(r.room_id, r.source)] for r in result.rooms}),
    ]
    target = Path(path)
    write_event_zip(target, files, event_manifest(result, files))
    verification = verify_bundle(target)
    if not verification.ok:
        target.unlink(missing_ok=True)
        first = verification.problems[0] if verification.problems else None
        raise BundleNotVerified(
            "The bundle could not be verified after writing ({problem}); it was removed.",
            problem=f"{first.subject}: {first.message}" if first else "?",
        )
    return EventMergeResult(target, result, verification)


def write_event_zip(target: Path, files: Sequence[DataFile], manifest: bytes) -> None:
    """The ZIP of ``files`` and the manifest, written under a temporary name and renamed."""
    with atomic_file(target) as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [*((f.path, f.data) for f in files), (MANIFEST, manifest)]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".zip") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
