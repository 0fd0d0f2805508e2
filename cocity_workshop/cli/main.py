"""The ``cocity-workshop`` command line: one subcommand per module, errors as one line on stderr."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from cocity_workshop import __version__
from cocity_workshop.i18n import _, set_language, system_language
from cocity_workshop.session import DomainError

#: Modules that each add subcommands with ``register(subparsers)``; later issues append theirs.
COMMAND_MODULES = (
    "cocity_workshop.cli.workshop_commands",
    "cocity_workshop.cli.privacy_commands",
    "cocity_workshop.cli.server_commands",
    "cocity_workshop.cli.export_commands",
    "cocity_workshop.cli.sync_commands",
    "cocity_workshop.cli.event_commands",
)

EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one translated line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: {_('error')}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand."""
    parser = _Parser(
        prog="cocity-workshop",
        description=_(
            "Run in-person co-creation workshops offline. Without a command, opens the desktop app "
            "(optionally with a workshop file)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"CoCity Workshop {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run one subcommand; returns the exit code (2 on any error, with one line on stderr)."""
    set_language(system_language())
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        code: int = args.handler(args)
    except DomainError as error:
        print(f"cocity-workshop: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(f"cocity-workshop: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # a bug: still one line; COCITY_DEBUG=1 shows the traceback
        if os.environ.get("COCITY_DEBUG"):
            raise
        message = _("internal error ({kind}): {error}. Run again with COCITY_DEBUG=1 for details.")
        print("cocity-workshop: " + message.format(kind=type(error).__name__, error=error), file=sys.stderr)
        return EXIT_ERROR
    return code
