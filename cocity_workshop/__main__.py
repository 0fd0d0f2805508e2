"""``cocity-workshop`` and ``python -m cocity_workshop``: the desktop app, or a headless subcommand."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

#: The argument that starts this executable as the participant server's own process (``server.channel``).
SERVER_PROCESS_FLAG = "--participant-server-process"


def _wants_gui(argv: Sequence[str]) -> bool:
    """No arguments, or a single workshop file path, opens the desktop app."""
    if not argv:
        return True
    return len(argv) == 1 and not argv[0].startswith("-") and argv[0].endswith(".cocity")


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the desktop app or the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [SERVER_PROCESS_FLAG]:  # started by the app (ServerProcess), not by a person
        from cocity_workshop.server.child import main as server_process_main

        return server_process_main(args)
    if _wants_gui(args):
        if importlib.util.find_spec("cocity_workshop.gui") is None:
            print(
                "cocity-workshop: the desktop app is not part of this version yet; "
                "use a command (see cocity-workshop --help).",
                file=sys.stderr,
            )
            return 2
        from cocity_workshop.gui.app import main as gui_main

        return gui_main(args)
    from cocity_workshop.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
