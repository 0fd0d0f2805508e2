"""Commands that hand results over: report (the PDF), export (the bundle), verify (check a bundle)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cocity_workshop.bundle import Tier, export_bundle, public_data_hashes, verify_bundle
from cocity_workshop.bundle.decidim import SEPARATORS, DecidimFormat
from cocity_workshop.i18n import LANGUAGES, _, ngettext, normalise_language
from cocity_workshop.report import write_report
from cocity_workshop.session import DomainError, InvalidInput, WorkshopSession
from cocity_workshop.sync import Outbox


def register(subparsers: Any) -> None:
    """Add the report, export and verify commands."""
    report = subparsers.add_parser("report", help=_("write the PDF outcome report of a workshop"))
    report.add_argument("file", type=Path, help=_("the .cocity file"))
    report.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file to write"))
    report.add_argument(
        "--lang", choices=LANGUAGES, default=None, help=_("the report's language (default: the workshop's)")
    )
    report.set_defaults(handler=report_command)

    export = subparsers.add_parser("export", help=_("write the results bundle (ZIP) for the city"))
    export.add_argument("file", type=Path, help=_("the .cocity file"))
    export.add_argument("-o", "--output", type=Path, required=True, help=_("the ZIP file to write"))
    export.add_argument(
        "--tier",
        choices=[t.value for t in Tier],
        default=Tier.PUBLIC.value,
        help=_("public: ideas and tallies; city: adds the anonymous ballots and the action log"),
    )
    export.add_argument(
        "--lang", choices=LANGUAGES, default=None, help=_("the report's language (default: the workshop's)")
    )
    export.add_argument(
        "--decidim-locales",
        default=None,
        metavar="LOCALES",
        help=_("the city's Decidim locales, comma-separated, its default first (default: the report's language)"),
    )
    export.add_argument(
        "--decidim-separator",
        choices=SEPARATORS,
        default=";",
        help=_("the separator of the Decidim CSV file (default: ;)"),
    )
    export.set_defaults(handler=export_command)

    verify = subparsers.add_parser("verify", help=_("check a results bundle: hashes, tallies and the action log"))
    verify.add_argument("bundle", type=Path, help=_("the bundle's ZIP file"))
    verify.set_defaults(handler=verify_command)


def report_command(args: argparse.Namespace) -> int:
    """Write the report, listing the hashes a public bundle's data files would have."""
    with WorkshopSession.open(args.file, readonly=True) as session:
        language = args.lang or session.workshop().language
        hashes = public_data_hashes(session.snapshot(), language)
        write_report(session, args.output, language, data_hashes=hashes)
    print(_("Wrote {path}.").format(path=args.output))
    return 0


def export_command(args: argparse.Namespace) -> int:
    """Write and verify the bundle."""
    with WorkshopSession.open(args.file, readonly=True) as session:
        locales = tuple(code.strip() for code in (args.decidim_locales or "").split(",") if code.strip())
        unknown = [code for code in locales if normalise_language(code) == "en" and code.lower()[:2] != "en"]
        if unknown:
            raise InvalidInput("Unknown language {language}.", language=", ".join(unknown))
        result = export_bundle(
            session,
            args.output,
            tier=args.tier,
            language=args.lang,
            decidim_format=DecidimFormat(locales, args.decidim_separator),
        )
    print(
        _("Wrote {path} ({tier} bundle, {n} files) and checked it.").format(
            path=result.path, tier=result.tier.value, n=len(result.files)
        )
    )
    _queue_for_sync(result.path, result.tier.value, args.file)
    return 0


def _queue_for_sync(bundle: Path, tier: str, workshop: Path) -> None:
    """Put the bundle in the outbox when sync targets take this tier (a broken settings file only warns)."""
    try:
        outbox = Outbox()
        if tier not in outbox.tiers_needed():
            return
        outbox.enqueue(bundle, workshop=workshop)
    except DomainError as error:
        print(_("Not queued for sync: {reason}").format(reason=error), file=sys.stderr)
        return
    print(_("Queued for sync; `cocity-workshop sync` delivers it, `cocity-workshop sync --status` shows where."))


def verify_command(args: argparse.Namespace) -> int:
    """Print every check; exit 1 if anything does not match."""
    report = verify_bundle(args.bundle)
    for check in report.checks:
        mark = _("ok") if check.ok else _("MISMATCH")
        print(f"{mark:>8}  {check.subject}: {check.message}")
    if report.ok:
        print(_("Everything matches."))
        return 0
    count = len(report.problems)
    print(
        ngettext(
            "{n} problem found: this bundle is not what was exported.",
            "{n} problems found: this bundle is not what was exported.",
            count,
        ).format(n=count)
    )
    return 1
