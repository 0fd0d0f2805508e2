"""Commands that hand results over: report (the PDF), export (the bundle), verify (check a bundle)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from cocity_workshop.bundle import Tier, export_bundle, public_data_hashes, verify_bundle
from cocity_workshop.bundle.decidim import SEPARATORS, DecidimFormat
from cocity_workshop.core.personal_data import KIND_LABELS, Finding, finding_place
from cocity_workshop.i18n import LANGUAGES, _, ngettext, normalise_language
from cocity_workshop.report import write_report
from cocity_workshop.session import DomainError, InvalidInput, WorkshopSession
from cocity_workshop.sync import Outbox

#: The exit code of an export refused because texts that would leave look like personal data.
EXIT_PERSONAL_DATA = 3


def register(subparsers: Any) -> None:
    """Add the report, export and verify commands."""
    report = subparsers.add_parser("report", help=_("write the PDF outcome report of a workshop"))
    report.add_argument("file", type=Path, help=_("the .cocity file"))
    report.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file to write"))
    report.add_argument(
        "--lang", choices=LANGUAGES, default=None, help=_("the report's language (default: the workshop's)")
    )
    _allow_option(report)
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
    add_decidim_options(export)
    _allow_option(export)
    export.set_defaults(handler=export_command)

    verify = subparsers.add_parser("verify", help=_("check a results bundle: hashes, tallies and the action log"))
    verify.add_argument("bundle", type=Path, help=_("the bundle's ZIP file"))
    verify.set_defaults(handler=verify_command)


def _allow_option(parser: Any) -> None:
    parser.add_argument(
        "--allow-personal-data",
        action="store_true",
        help=_(
            "write it although some texts look like personal data (the decision is recorded in the workshop's "
            "action log)"
        ),
    )


def print_findings(findings: Sequence[Finding], out: TextIO) -> None:
    """One line per finding: where the text is and what in it looks like personal data."""
    for finding in findings:
        looks = ", ".join(f"{finding.text[s.start : s.end]} ({_(KIND_LABELS[s.kind])})" for s in finding.spans)
        print(f"  {finding_place(finding)}: {looks}", file=out)


def _checked_session(args: argparse.Namespace) -> WorkshopSession | None:
    """The workshop, open read-only while nothing personal would leave; with ``--allow-personal-data``, open
    to record that the findings were allowed (in the action log) before the export reads it; ``None`` (the
    findings printed) when the export is refused."""
    session = WorkshopSession.open(args.file, readonly=True)
    found = session.personal_data_findings()
    if not found:
        return session
    session.close()
    if not args.allow_personal_data:
        print(
            ngettext(
                "Refused: {count} text that would leave looks like personal data:",
                "Refused: {count} texts that would leave look like personal data:",
                len(found),
            ).format(count=len(found)),
            file=sys.stderr,
        )
        print_findings(found, sys.stderr)
        print(
            _(
                "Redact, hide or confirm them in the app (Export), or run again with --allow-personal-data to "
                "let them leave as they are (recorded in the action log)."
            ),
            file=sys.stderr,
        )
        return None
    session = WorkshopSession.open(args.file)
    session.confirm_personal_data(session.personal_data_findings(), by="command line")
    print(
        ngettext(
            "Allowed {count} text that looks like personal data to leave (recorded in the action log).",
            "Allowed {count} texts that look like personal data to leave (recorded in the action log).",
            len(found),
        ).format(count=len(found))
    )
    return session


def report_command(args: argparse.Namespace) -> int:
    """Write the report, listing the hashes a public bundle's data files would have."""
    checked = _checked_session(args)
    if checked is None:
        return EXIT_PERSONAL_DATA
    with checked as session:
        language = args.lang or session.workshop().language
        hashes = public_data_hashes(session.snapshot(), language)
        write_report(session, args.output, language, data_hashes=hashes)
    print(_("Wrote {path}.").format(path=args.output))
    return 0


def add_decidim_options(parser: argparse.ArgumentParser) -> None:
    """``--decidim-locales`` and ``--decidim-separator``: how the bundle's Decidim files are written."""
    parser.add_argument(
        "--decidim-locales",
        default=None,
        metavar="LOCALES",
        help=_("the city's Decidim locales, comma-separated, its default first (default: the report's language)"),
    )
    parser.add_argument(
        "--decidim-separator",
        choices=SEPARATORS,
        default=";",
        help=_("the separator of the Decidim CSV file (default: ;)"),
    )
    parser.add_argument(
        "--decidim-category",
        action="append",
        default=[],
        metavar="NAME=ID",
        help=_(
            "the Decidim category id of a cluster or theme in the city's participatory space; repeat for each "
            "(default: no categories)"
        ),
    )


def decidim_format(args: argparse.Namespace) -> DecidimFormat:
    """The Decidim locales, separator and categories given on the command line (an unknown language, or a
    category not written NAME=ID with a whole number from 1, is refused)."""
    locales = tuple(code.strip() for code in (args.decidim_locales or "").split(",") if code.strip())
    unknown = [code for code in locales if normalise_language(code) == "en" and code.lower()[:2] != "en"]
    if unknown:
        raise InvalidInput("Unknown language {language}.", language=", ".join(unknown))
    categories = []
    for given in args.decidim_category:
        name, _sep, number = str(given).rpartition("=")
        if not name.strip() or not (number.strip().isascii() and number.strip().isdigit()) or int(number) < 1:
            raise InvalidInput("Write a Decidim category as NAME=ID, for example Cycling=12: {given}", given=given)
        categories.append((name.strip(), int(number)))
    return DecidimFormat(locales, args.decidim_separator, tuple(categories))


def export_command(args: argparse.Namespace) -> int:
    """Write and verify the bundle (refused while texts that would leave look like personal data)."""
    decidim = decidim_format(args)
    checked = _checked_session(args)
    if checked is None:
        return EXIT_PERSONAL_DATA
    with checked as session:
        result = export_bundle(
            session,
            args.output,
            tier=args.tier,
            language=args.lang,
            decidim_format=decidim,
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
