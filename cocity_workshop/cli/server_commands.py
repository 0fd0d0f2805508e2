"""Commands for taking part over the network: serve (the participant server, headless), tickets and jury
tickets."""

from __future__ import annotations

import argparse
import signal
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

from cocity_workshop.i18n import _
from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.process import ServerProcess
from cocity_workshop.server.qr import qr_terminal
from cocity_workshop.server.tickets import write_jury_tickets, write_tickets
from cocity_workshop.session import WorkshopSession

#: Whether ``serve`` runs the participant server in a process of its own unless told (decision 0028).
SERVER_IN_OWN_PROCESS = False
#: A server process that stops unexpectedly is started again, unless it did so this recently.
RESTART_WINDOW_SECONDS = 60.0


def register(subparsers: Any) -> None:
    """Add the serve and tickets commands."""
    serve = subparsers.add_parser("serve", help=_("let phones join and take part over the local network"))
    serve.add_argument("file", type=Path, help=_("the .cocity file"))
    serve.add_argument("--host", help=_("the network address phones use (default: this computer's LAN address)"))
    serve.add_argument("--port", type=int, help=_("the port (default: the workshop's own, so QR codes keep working)"))
    serve.add_argument("--open-joining", action="store_true", help=_("open joining when the server starts"))
    serve.add_argument(
        "--own-process",
        action=argparse.BooleanOptionalAction,
        default=SERVER_IN_OWN_PROCESS,
        help=_("run the participant server in a process of its own (the workshop file is still written by this one)"),
    )
    serve.set_defaults(handler=serve_command)

    tickets = subparsers.add_parser("tickets", help=_("print single-use QR tickets (one person, one phone)"))
    _ticket_arguments(tickets, _("how many tickets"))
    tickets.set_defaults(handler=tickets_command)
    jury = subparsers.add_parser("jury-tickets", help=_("print single-use jury tickets (one juror, one phone)"))
    _ticket_arguments(jury, _("how many jury tickets"))
    jury.set_defaults(handler=jury_tickets_command)


def _ticket_arguments(parser: argparse.ArgumentParser, count_help: str) -> None:
    """The arguments every ticket-printing command takes: the file, how many, the PDF, where they lead."""
    parser.add_argument("file", type=Path, help=_("the .cocity file"))
    parser.add_argument("-n", "--count", type=int, required=True, help=count_help)
    parser.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file to write"))
    parser.add_argument("--host", help=_("the network address the tickets lead to (default: the LAN address)"))
    parser.add_argument("--port", type=int, help=_("the port (default: the workshop's own)"))


def serve_command(args: argparse.Namespace) -> int:
    """Serve the workshop to phones until Ctrl-C, then close the file cleanly."""
    stop = threading.Event()
    exited: list[int | None] = []

    def on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    def on_exit(code: int | None) -> None:
        exited.append(code)
        stop.set()

    with WorkshopSession.open(args.file) as session:
        if args.open_joining:
            session.set_joining(open=True)
        server: ParticipantServer | ServerProcess
        if args.own_process:
            server = ServerProcess(session, args.host, args.port, on_exit=on_exit)
        else:
            server = ParticipantServer(session, args.host, args.port)
        server.start()
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            print(qr_terminal(server.join_url))
            print(_("Join URL:      {url}").format(url=server.join_url))
            print(_("Short URL:     {url}").format(url=server.short_url))
            print(_("Projector URL: {url}  (keep it for the big screen only)").format(url=server.projector_url))
            joining = session.joining()
            if not joining.open:
                print(_("Joining is closed: new phones cannot join (use --open-joining)."))
            for problem in server.self_check().problems:
                print(_("Warning: {problem}").format(problem=problem))
            warning = server.capacity.warning()
            if warning:
                print(_("Warning: {problem}").format(problem=warning))
            print(_("Serving {file}. Press Ctrl-C to stop.").format(file=args.file), flush=True)
            shown: dict[str, int] = {}
            restarted: float | None = None
            while True:
                while not stop.wait(0.5):
                    shown = _print_refusals(server, shown)
                if not exited:
                    break
                code = exited.pop()
                server.stop()
                if restarted is not None and time.monotonic() - restarted < RESTART_WINDOW_SECONDS:
                    print(_("The participant server stopped unexpectedly (exit code {code}).").format(code=code))
                    return 1
                print(_("The participant server stopped unexpectedly; starting it again."), flush=True)
                restarted = time.monotonic()
                stop.clear()
                server.start()
        finally:
            server.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    print(_("Stopped; the workshop file is saved and closed."), flush=True)
    return 0


def _print_refusals(server: ParticipantServer | ServerProcess, shown: dict[str, int]) -> dict[str, int]:
    """Print what the server refused when that changed since ``shown``; the counts now."""
    counts = server.refusals.counts()
    if counts != shown:
        print(_("Refused so far:"), flush=False)
        for line in server.refusals.lines():
            print("  " + line)
        print(end="", flush=True)
    return counts


def tickets_command(args: argparse.Namespace) -> int:
    """Make single-use tickets, turn ticket mode on, and write the PDF sheet."""
    with WorkshopSession.open(args.file) as session:
        server = ParticipantServer(session, args.host, args.port)
        codes = session.create_tickets(args.count)
        write_tickets(args.output, session.workshop().title, server.join_url, codes)
    print(
        _("Wrote {count} tickets to {file}; ticket mode is on.").format(count=len(codes), file=args.output),
        flush=True,
    )
    return 0


def jury_tickets_command(args: argparse.Namespace) -> int:
    """Make single-use jury tickets, numbered after the jurors there are, and write the PDF sheet."""
    with WorkshopSession.open(args.file) as session:
        server = ParticipantServer(session, args.host, args.port)
        tickets = session.create_jury_tickets(args.count)
        pairs = [(ticket.number, ticket.code) for ticket in tickets]
        write_jury_tickets(args.output, session.workshop().title, server.join_url, pairs)
    print(
        _("Wrote jury tickets for jurors {first} to {last} to {file}.").format(
            first=tickets[0].number, last=tickets[-1].number, file=args.output
        ),
        flush=True,
    )
    return 0
