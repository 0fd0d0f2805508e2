"""Write a results bundle: data files, the report with their hashes, the manifest; then check it."""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cocity_workshop.atomicfile import atomic_file
from cocity_workshop.bundle.data import Tier, data_files, iso_time
from cocity_workshop.bundle.decidim import DecidimFormat
from cocity_workshop.bundle.manifest import MANIFEST, manifest_bytes
from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.bundle.verify import VerifyReport, verify_bundle
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.personal_data import refuse_unchecked
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.i18n import _, normalise_language
from cocity_workshop.report import Progress, render_report
from cocity_workshop.report.context import PhotoLoader
from cocity_workshop.session import WorkshopSession

REPORT = "report.pdf"


class BundleNotVerified(DomainError):
    """The bundle written could not be read back intact; it was removed."""

    code = "bundle_not_verified"


@dataclass(frozen=True)
class ExportResult:
    """What ``export_bundle`` wrote and what reading it back found."""

    path: Path
    tier: Tier
    files: tuple[str, ...]
    verification: VerifyReport


def public_data_hashes(snapshot: WorkshopSnapshot, language: str) -> dict[str, str]:
    """SHA-256 of each data file a public bundle of ``snapshot`` would hold (for a stand-alone report)."""
    return {f.path: sha256_hex(f.data) for f in data_files(snapshot, Tier.PUBLIC, normalise_language(language))}


def export_bundle(
    source: WorkshopSession | WorkshopSnapshot,
    path: str | os.PathLike[str],
    *,
    tier: Tier | str = Tier.PUBLIC,
    language: str | None = None,
    progress: Progress | None = None,
    decidim_format: DecidimFormat | None = None,
    allow_personal_data: bool = False,
) -> ExportResult:
    """Write the bundle ZIP to ``path`` safely and verify it.

    The ZIP is written under a temporary name in the same folder, fsynced and renamed over ``path``,
    then read back and checked with ``verify_bundle``; if that fails the file is removed and
    ``BundleNotVerified`` is raised. ``language`` (default: the workshop's) is the report's language and
    the Decidim locale unless ``decidim_format`` names the city's Decidim locales (and CSV separator).
    Safe to run in a background thread; ``progress(fraction, message)`` reports.
    Refuses with ``PersonalDataFound`` (nothing written) while a text that would leave looks like personal
    data the facilitator has not redacted, hidden or confirmed, unless ``allow_personal_data``.
    """
    report_progress = progress or (lambda fraction, message: None)
    tier = Tier(tier)
    photos: PhotoLoader | None = None
    if isinstance(source, WorkshopSession):
        snapshot, photos = source.snapshot(), source.photo
    else:
        snapshot = source
    refuse_unchecked(snapshot, allow_personal_data)
    language = normalise_language(language or snapshot.workshop.language)
    report_progress(0.02, _("Writing the data files"))
    files = data_files(snapshot, tier, language, decidim_format)
    hashes = {f.path: sha256_hex(f.data) for f in files}

    def report_part(fraction: float, message: str) -> None:
        report_progress(0.05 + 0.85 * fraction, message)

    pdf = render_report(snapshot, language, photos=photos, data_hashes=hashes, progress=report_part)
    files.append(
        DataFile(
            "report",
            REPORT,
            pdf,
            "application/pdf",
            "Outcome report",
            description="The outcome report for the council: results first, then the method, how the groups "
            "voted, the actions, data protection and the SHA-256 of every data file.",
        )
    )
    manifest = manifest_bytes(snapshot, tier.value, files, iso_time(time.time()) or "")
    report_progress(0.92, _("Saving the bundle"))
    target = Path(path)
    _write_zip(target, files, manifest, snapshot.taken_at)
    report_progress(0.96, _("Checking the bundle"))
    verification = verify_bundle(target)
    if not verification.ok:
        target.unlink(missing_ok=True)
        first = verification.problems[0] if verification.problems else None
        raise BundleNotVerified(
            "The bundle could not be verified after writing ({problem}); it was removed.",
            problem=f"{first.subject}: {first.message}" if first else "?",
        )
    report_progress(1.0, _("Bundle ready"))
    return ExportResult(target, tier, (*(f.path for f in files), MANIFEST), verification)


def _write_zip(target: Path, files: Sequence[DataFile], manifest: bytes, taken_at: float) -> None:
    stamp = time.localtime(taken_at)[:6]
    with atomic_file(target) as raw, zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*((f.path, f.data) for f in files), (MANIFEST, manifest)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
