"""Commands on a workshop file: new, info, check, demo."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cocity_workshop.cli.output import format_time, print_table
from cocity_workshop.core.model import TEMPLATE_LABELS, Template
from cocity_workshop.i18n import LANGUAGES, _
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.demo import create_demo
from cocity_workshop.session.demo_hackathon import create_hackathon_demo


def register(subparsers: Any) -> None:
    """Add the workshop-file commands."""
    new = subparsers.add_parser("new", help=_("create a new workshop file from a template"))
    new.add_argument("file", type=Path, help=_("the .cocity file to create"))
    new.add_argument("--title", required=True, help=_("the workshop's title"))
    new.add_argument(
        "--template",
        choices=[t.value for t in Template],
        default=Template.CO_DESIGN.value,
        help=_("the kind of workshop"),
    )
    new.add_argument("--lang", choices=LANGUAGES, default="en", help=_("the workshop's language"))
    new.set_defaults(handler=new_command)

    info = subparsers.add_parser("info", help=_("show what a workshop file holds"))
    info.add_argument("file", type=Path, help=_("the .cocity file"))
    info.set_defaults(handler=info_command)

    check = subparsers.add_parser("check", help=_("check a workshop file's integrity and its action log"))
    check.add_argument("file", type=Path, help=_("the .cocity file"))
    check.set_defaults(handler=check_command)

    demo = subparsers.add_parser("demo", help=_("create a realistic demo workshop to try the app"))
    demo.add_argument("file", type=Path, help=_("the .cocity file to create"))
    demo.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="cs",
        help=_("cs: a Pilsen youth workshop; en: a Grenoble mobility living lab"),
    )
    demo.add_argument(
        "--template",
        choices=("co-design", "hackathon"),
        default="co-design",
        help=_("hackathon: a civic hackathon with teams, a jury, pitches and awards"),
    )
    demo.set_defaults(handler=demo_command)

    finish = subparsers.add_parser(
        "finish",
        help=_(
            "finish a workshop: close joining and voting, delete the phones' codes, tickets and QR secrets "
            "(the anonymous results stay)"
        ),
    )
    finish.add_argument("file", type=Path, help=_("the .cocity file"))
    finish.set_defaults(handler=finish_command)


def finish_command(args: argparse.Namespace) -> int:
    """Finish the workshop and say what was deleted."""
    with WorkshopSession.open(args.file) as session:
        participants, tickets = session.finish_workshop()
    print(
        _(
            "Finished. Deleted the codes of {participants} phones and {tickets} unused tickets, and the QR "
            "secrets; the anonymous ballots and the action log stay."
        ).format(participants=participants, tickets=tickets)
    )
    return 0


def new_command(args: argparse.Namespace) -> int:
    """Create an empty workshop from a template."""
    with WorkshopSession.create(args.file, title=args.title, template=args.template, language=args.lang) as session:
        phases = len(session.phases())
    print(
        _("Created {file} ({template}, {phases} phases).").format(
            file=args.file, template=_(TEMPLATE_LABELS[Template(args.template)]), phases=phases
        )
    )
    return 0


def demo_command(args: argparse.Namespace) -> int:
    """Create the demo workshop (or the hackathon demo)."""
    if args.template == "hackathon":
        with create_hackathon_demo(args.file, args.lang) as session:
            teams, jurors = len(session.teams()), len(session.jurors())
        print(
            _("Created the hackathon demo {file}: {teams} teams, {jurors} jurors, awards given.").format(
                file=args.file, teams=teams, jurors=jurors
            )
        )
        return 0
    with create_demo(args.file, args.lang) as session:
        counts = session.counts()
    print(
        _("Created the demo workshop {file}: {participants} participants, {ideas} ideas, {rounds} vote rounds.").format(
            file=args.file, participants=counts.participants, ideas=counts.ideas, rounds=counts.rounds
        )
    )
    return 0


def info_command(args: argparse.Namespace) -> int:
    """Print the workshop's details, agenda and counts."""
    with WorkshopSession.open(args.file, readonly=True) as session:
        workshop = session.workshop()
        counts = session.counts()
        phases = session.phases()
        joining = session.joining()
        rows = [
            (_("Title"), workshop.title),
            (_("City"), workshop.city),
            (_("Venue"), workshop.venue),
            (_("Date"), workshop.date),
            (_("Organisers"), ", ".join(workshop.organisers)),
            (_("Template"), _(TEMPLATE_LABELS[workshop.template])),
            (_("Language"), workshop.language),
            (_("Youth mode"), _("on") if workshop.youth_mode else _("off")),
            (_("Joining"), _("open") if joining.open else _("closed")),
            (_("Participants"), str(counts.participants)),
            (
                _("Ideas"),
                _("{all} ({visible} visible, {pending} waiting)").format(
                    all=counts.ideas, visible=counts.public_ideas, pending=counts.pending_ideas
                ),
            ),
            (_("Clusters"), str(counts.clusters)),
            (_("Vote rounds"), str(counts.rounds)),
            (_("Ballots"), str(counts.ballots)),
            (_("Actions"), str(counts.actions)),
            (_("Photos"), str(counts.photos)),
            (_("Schema version"), str(session.schema_version())),
            (_("Fingerprint"), session.fingerprint()),
        ]
        print_table(rows)
        if workshop.challenge:
            print()
            print(_("Challenge") + ": " + workshop.challenge)
        print()
        print(_("Agenda"))
        for phase in phases:
            ran = format_time(phase.started_at)
            print(f"  {phase.position + 1}. {phase.title} ({phase.planned_minutes} min){'  ' + ran if ran else ''}")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """Check SQLite integrity, the action log and the ballots' rules; exit 1 when any fails."""
    with WorkshopSession.open(args.file, readonly=True) as session:
        result = session.check()
        entries = len(session.log_entries())
    if result.storage_problems:
        print(_("File integrity: FAILED"))
        for problem in result.storage_problems:
            print(f"  {problem}")
    else:
        print(_("File integrity: ok"))
    if result.chain_problems:
        print(_("Action log: FAILED"))
        for broken in result.chain_problems:
            print("  " + _("entry {height}: {reason}").format(height=broken.height, reason=broken.reason))
    else:
        print(_("Action log: ok ({entries} entries)").format(entries=entries))
    if result.ballot_problems:
        print(_("Ballots: FAILED"))
        for ballot in result.ballot_problems:
            print("  " + _("round {id}: {reason}").format(id=ballot.round_id, reason=ballot.reason))
    else:
        print(_("Ballots: ok (each keeps its round's rules)"))
    return 0 if result.ok else 1
