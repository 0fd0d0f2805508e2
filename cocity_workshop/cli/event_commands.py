"""The ``event`` command: one event across many rooms (decisions 0050, 0051): new, room, merge."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

from cocity_workshop.bundle.event_merge import merge_event
from cocity_workshop.cli.output import print_table
from cocity_workshop.core.model import Template
from cocity_workshop.i18n import LANGUAGES, _, ngettext
from cocity_workshop.server.tickets import write_tickets
from cocity_workshop.session import WorkshopSession


def register(subparsers: Any) -> None:
    """Add ``event new``, ``event room`` and ``event merge``."""
    event = subparsers.add_parser(
        "event",
        help=_("one event across many rooms: prepare it once, make a file for each room"),
        description=_(
            "An event file holds what every room shares: the agenda, challenges, stakeholder groups and, if "
            "you like, ideas and vote rounds every room votes on. Each room runs its own file, alone and offline."
        ),
    )
    commands = event.add_subparsers(dest="event_command", metavar=_("COMMAND"), required=True)

    new = commands.add_parser("new", help=_("create an event file from a template"))
    new.add_argument("file", type=Path, help=_("the .cocity file to create"))
    new.add_argument("--title", required=True, help=_("the event's title"))
    new.add_argument(
        "--template",
        choices=[t.value for t in Template],
        default=Template.CO_DESIGN.value,
        help=_("the kind of workshop"),
    )
    new.add_argument("--lang", choices=LANGUAGES, default="en", help=_("the workshop's language"))
    new.set_defaults(handler=new_command)

    room = commands.add_parser("room", help=_("make the file of one room of an event"))
    room.add_argument("file", type=Path, help=_("the event's .cocity file"))
    room.add_argument("--name", required=True, help=_("the room's name, e.g. “Hall B”"))
    room.add_argument("-o", "--output", type=Path, required=True, help=_("the room's .cocity file to create"))
    room.set_defaults(handler=room_command)

    tickets = commands.add_parser(
        "tickets", help=_("print event-wide tickets: each admits one phone once, in any room of the event")
    )
    tickets.add_argument("file", type=Path, help=_("the event's .cocity file"))
    tickets.add_argument("-n", "--count", type=int, required=True, help=_("how many tickets"))
    tickets.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file to write"))
    tickets.set_defaults(handler=tickets_command)

    merge = commands.add_parser(
        "merge",
        help=_("merge the rooms' city bundles into the event's bundle, each room's verified first"),
    )
    merge.add_argument("file", type=Path, help=_("the event's .cocity file"))
    merge.add_argument("bundles", type=Path, nargs="+", metavar="ROOM.zip", help=_("each room's city bundle"))
    merge.add_argument("-o", "--output", type=Path, required=True, help=_("the event bundle (ZIP) to write"))
    merge.add_argument(
        "--public",
        type=Path,
        metavar="EVENT-public.zip",
        help=_("also write the public event bundle (give each room's public bundle too)"),
    )
    merge.add_argument("--lang", choices=LANGUAGES, help=_("the report's language (default: the event's)"))
    merge.set_defaults(handler=merge_command)


def new_command(args: argparse.Namespace) -> int:
    """Create a workshop file and make it an event."""
    session = WorkshopSession.create(args.file, title=args.title, template=args.template, language=args.lang)
    try:
        session.make_event()
    except BaseException:
        session.close()
        with contextlib.suppress(OSError):
            args.file.unlink()
        raise
    session.close()
    print(
        _(
            "Created the event {file}. Add what every room shares, then make a file for each room with “{command}”."
        ).format(file=args.file, command=f"cocity-workshop event room {args.file} --name … -o …")
    )
    return 0


def room_command(args: argparse.Namespace) -> int:
    """Make one room's file from the event file (which is only read)."""
    with WorkshopSession.open(args.file, readonly=True) as event:
        room = event.make_room(args.name, args.output)
    with WorkshopSession.open(args.output, readonly=True) as made:
        ideas = sum(1 for i in made.ideas() if i.shared)
        rounds = sum(1 for r in made.rounds() if r.shared)
    print(_("Made {file}, the room “{name}” of the event.").format(file=args.output, name=room.room_name))
    print_table([(_("Room id"), room.room_id), (_("Shared ideas"), str(ideas)), (_("Shared vote rounds"), str(rounds))])
    return 0


def tickets_command(args: argparse.Namespace) -> int:
    """Make event-wide tickets in the event file (before its rooms are made) and write the cards."""
    with WorkshopSession.open(args.file) as event:
        codes = event.create_event_tickets(args.count)
        write_tickets(args.output, event.workshop().title, None, codes)
    print(
        _(
            "Wrote {count} tickets to {file}. Make the rooms now: each room accepts every ticket once, and the "
            "merge counts a ticket used in two rooms once."
        ).format(count=len(codes), file=args.output)
    )
    return 0


def merge_command(args: argparse.Namespace) -> int:
    """Merge the rooms' bundles (each verified first; one line when one is refused) and check the result."""
    with WorkshopSession.open(args.file, readonly=True) as event:
        merged = merge_event(event, args.bundles, args.output, public_path=args.public, language=args.lang)
    result = merged.result
    print(
        ngettext(
            "Merged {n} room of “{title}” into {path} and checked it.",
            "Merged {n} rooms of “{title}” into {path} and checked it.",
            len(result.rooms),
        ).format(n=len(result.rooms), title=result.definition.title, path=merged.path)
    )
    if merged.public is not None:
        print(
            _("Wrote the public event bundle {path} (for the city's portal) and checked it.").format(path=merged.public)
        )
    print_table([(room.name, room.fingerprint) for room in result.rooms] + [(_("Fingerprint"), result.fingerprint)])
    left_out = sum(len(once.not_counted_in) for once in result.counted_once)
    if left_out:
        print(
            ngettext(
                "{n} ballot was left out: its ticket was counted in another room.",
                "{n} ballots were left out: their tickets were counted in another room.",
                left_out,
            ).format(n=left_out)
        )
    return 0
