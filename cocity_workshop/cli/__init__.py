"""The command line: thin commands over the session. Never imports Qt."""

from cocity_workshop.cli.main import COMMAND_MODULES, build_parser, run

__all__ = ["COMMAND_MODULES", "build_parser", "run"]
