"""Merge the rooms' bundles into the event's bundle (decisions 0051, 0052), then check it as ``verify`` would.

Each room's bundle is verified first (``verify_contents``) and refused with one line if anything in it does not
match; a bundle of another event, the same room twice, or a bundle that is not a room's city bundle is refused
too. The event bundle holds the merged tables, ``event.json``, the event's report and every room's own bundle.
Given each room's public bundle as well, the merge also writes the public event bundle: the same tables and
report with the rooms' public bundles inside (for the city's portal).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cocity_workshop.atomicfile import atomic_file
from cocity_workshop.bundle.event_files import event_data_files, event_manifest, room_files
from cocity_workshop.bundle.export import REPORT, BundleNotVerified
from cocity_workshop.bundle.manifest import MANIFEST
from cocity_workshop.bundle.room_results import bundle_tier, room_result, zip_contents
from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.bundle.verify import VerifyReport, verify_bundle, verify_contents
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.event_merge import EventDefinition, EventResult, MergeRefused, RoomResult, merge_rooms
from cocity_workshop.core.model import Workshop
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.i18n import normalise_language
from cocity_workshop.report.event_report import render_event_report
from cocity_workshop.session import WorkshopSession

#: The time stamp of every file in an event bundle (the same rooms give the same bytes).
ZIP_TIME = (2020, 1, 1, 0, 0, 0)

#: ``progress(fraction, message)`` as the export's.
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class EventMergeResult:
    """What ``merge_event`` wrote and what reading it back found (``public``: the public event bundle, if any)."""

    path: Path
    result: EventResult
    verification: VerifyReport
    public: Path | None = None


@dataclass(frozen=True)
class RoomBundle:
    """One room's bundle as read: what it says, its tier and its bytes."""

    room: RoomResult
    tier: str
    data: bytes


def read_room(path: Path) -> RoomBundle:
    """A room's bundle (either tier), read once, verified and understood; ``MergeRefused`` with one line saying
    why it cannot be merged."""
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
    tier = bundle_tier(files) if MANIFEST in files else ""
    return RoomBundle(room_result(str(path), files, "public" if tier == "public" else "city"), tier, data)


def _pair_public(city: Sequence[RoomBundle], public: Sequence[RoomBundle]) -> dict[str, bytes]:
    """Each room's public bundle by room id; refused when one is missing or is of another state of the room."""
    by_room = {b.room.room_id: b for b in city}
    paired: dict[str, bytes] = {}
    for bundle in public:
        twin = by_room.get(bundle.room.room_id)
        if twin is None:
            raise MergeRefused(
                "{source} is a public bundle; the merge needs each room's city bundle (export --tier city).",
                source=bundle.room.source,
            )
        if twin.room.fingerprint != bundle.room.fingerprint:
            raise MergeRefused(
                "{source} is the room “{name}” at another moment than {other}: export both again.",
                source=bundle.room.source,
                name=bundle.room.name,
                other=twin.room.source,
            )
        paired[bundle.room.room_id] = bundle.data
    for room_id, twin in by_room.items():
        if room_id not in paired:
            raise MergeRefused(
                "The public event bundle needs the public bundle of the room “{name}” too.", name=twin.room.name
            )
    return paired


def merge_event(
    event: WorkshopSession | WorkshopSnapshot,
    bundles: Sequence[str | os.PathLike[str]],
    path: str | os.PathLike[str],
    *,
    public_path: str | os.PathLike[str] | None = None,
    language: str | None = None,
    progress: Progress | None = None,
) -> EventMergeResult:
    """Merge the rooms' city bundles into the event bundle at ``path`` (written safely, then verified).

    With ``public_path``, ``bundles`` holds each room's public bundle too and the public event bundle is written
    there as well. ``language`` is the report's (default: the event's). Safe in a background thread."""
    report_progress = progress or (lambda fraction, message: None)
    snapshot = event.snapshot() if isinstance(event, WorkshopSession) else event
    definition = EventDefinition.from_snapshot(snapshot)
    read = [read_room(Path(bundle)) for bundle in bundles]
    city = [b for b in read if b.tier != "public"]
    public = [b for b in read if b.tier == "public"]
    if public and public_path is None:
        _pair_public([], public[:1])  # refused: a public bundle where a city one is needed
    result = merge_rooms(definition, [b.room for b in city])
    paired = _pair_public(city, public) if public_path is not None else {}
    data = {b.room.room_id: b.data for b in city}
    language = normalise_language(language or snapshot.workshop.language)
    report_progress(0.1, "")
    tables = event_data_files(result)
    hashes = {f.path: sha256_hex(f.data) for f in tables}
    pdf = render_event_report(result, snapshot.workshop, language, hashes, progress=report_progress)
    report = DataFile("report", REPORT, pdf, "application/pdf", "The event's report")
    workshop = snapshot.workshop
    target = _write_checked(Path(path), result, [*tables, report, *room_files(result, data)], "city", workshop)
    written_public = None
    if public_path is not None:
        public_files = [*tables, report, *room_files(result, paired)]
        written_public = _write_checked(Path(public_path), result, public_files, "public", workshop).path
    return EventMergeResult(target.path, result, target.verification, written_public)


@dataclass(frozen=True)
class _Written:
    path: Path
    verification: VerifyReport


def _write_checked(
    target: Path, result: EventResult, files: Sequence[DataFile], tier: str, workshop: Workshop
) -> _Written:
    write_event_zip(target, files, event_manifest(result, files, tier, workshop))
    verification = verify_bundle(target)
    if not verification.ok:
        target.unlink(missing_ok=True)
        first = verification.problems[0] if verification.problems else None
        problem = f"{first.subject}: {first.message}" if first else "?"
        raise BundleNotVerified(
            "The bundle could not be verified after writing ({problem}); it was removed.", problem=problem
        )
    return _Written(target, verification)


def write_event_zip(target: Path, files: Sequence[DataFile], manifest: bytes) -> None:
    """The ZIP of ``files`` and the manifest, written under a temporary name and renamed."""
    with atomic_file(target) as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [*((f.path, f.data) for f in files), (MANIFEST, manifest)]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".zip") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
