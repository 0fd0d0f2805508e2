"""The privacy command: show or set who is responsible for a workshop's data, on which basis, for how long."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cocity_workshop.cli.output import print_table
from cocity_workshop.core.model import Workshop
from cocity_workshop.core.privacy import LEGAL_BASIS_LABELS, MAX_RETENTION_MONTHS, LegalBasis, kept_until
from cocity_workshop.i18n import _
from cocity_workshop.session import WorkshopSession


def register(subparsers: Any) -> None:
    """Add the privacy command."""
    privacy = subparsers.add_parser(
        "privacy",
        help=_(
            "show or set the workshop's data-protection settings (controller, contact, legal basis, how long "
            "the file is kept), as the report states them"
        ),
    )
    privacy.add_argument("file", type=Path, help=_("the .cocity file"))
    privacy.add_argument("--controller", help=_("who decides what happens to the data (the controller), e.g. the city"))
    privacy.add_argument("--contact", help=_("whom participants can ask about their data: an e-mail or postal address"))
    privacy.add_argument(
        "--legal-basis",
        choices=[b.value for b in LegalBasis],
        help=_("why the data may be processed (GDPR Article 6(1))"),
    )
    privacy.add_argument(
        "--retention-months",
        type=int,
        metavar=f"1-{MAX_RETENTION_MONTHS}",
        help=_("how many months after the workshop the file is kept"),
    )
    privacy.set_defaults(handler=privacy_command)


def privacy_command(args: argparse.Namespace) -> int:
    """Change the settings given, then print them all."""
    changes = {
        name: value
        for name, value in (
            ("controller", args.controller),
            ("privacy_contact", args.contact),
            ("legal_basis", args.legal_basis),
            ("retention_months", args.retention_months),
        )
        if value is not None
    }
    with WorkshopSession.open(args.file, readonly=not changes) as session:
        if changes:
            session.update_workshop(**changes)
        print_table(_rows(session.workshop()))
    return 0


def _rows(workshop: Workshop) -> list[tuple[str, str]]:
    return [
        (_("Controller"), workshop.controller),
        (_("Data protection contact"), workshop.privacy_contact),
        (_("Legal basis"), _(LEGAL_BASIS_LABELS[workshop.legal_basis])),
        (_("Kept until"), kept_until(workshop.date, workshop.retention_months)),
    ]
