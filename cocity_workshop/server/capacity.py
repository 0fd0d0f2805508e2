"""How many connections this machine lets the participant server hold, from its open-file limit.

Every connection is an open file. At start the server raises its soft limit as far as the hard limit
allows, keeps some files for itself (the workshop file, its journal, threads' pipes, the desktop app)
and sizes the connection caps from what is left. A phone's browser holds about
``CONNECTIONS_PER_PHONE`` connections at once (its live stream, a keep-alive connection for its taps
and, while it sends a photo, one more), so the cap is checked against a room of ``ROOM_PHONES`` phones.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocity_workshop.i18n import _

try:
    import resource
except ImportError:  # Windows: no such limit for sockets
    resource = None  # type: ignore[assignment]

#: Connections one phone's browser holds at most (stream + keep-alive fetch + photo upload).
CONNECTIONS_PER_PHONE = 3
#: The room the caps are checked against.
ROOM_PHONES = 1000
#: Open files kept for everything else in the process.
RESERVED_FILES = 256
#: Used where the system has no open-file limit for sockets (Windows).
NO_LIMIT_FILES = 16384
#: Above this the caps stop growing (memory, not files, is then the limit).
MOST_CONNECTIONS = 16384


@dataclass(frozen=True)
class Capacity:
    """The open-file limit and the caps derived from it."""

    open_files: int
    connections_total: int
    max_subscribers: int

    @property
    def phones(self) -> int:
        """How many phones fit, each with ``CONNECTIONS_PER_PHONE`` connections."""
        return self.connections_total // CONNECTIONS_PER_PHONE

    @property
    def enough_for_room(self) -> bool:
        """Whether a room of ``ROOM_PHONES`` phones fits."""
        return self.phones >= ROOM_PHONES

    def warning(self) -> str | None:
        """Plain advice when a room of ``ROOM_PHONES`` phones does not fit; ``None`` when it does."""
        if self.enough_for_room:
            return None
        return _(
            "This computer lets the server open {files} files, enough for about {phones} phones; "
            "{room} phones need {needed}. Raise the open-file limit (ulimit -n) before starting."
        ).format(
            files=self.open_files,
            phones=self.phones,
            room=ROOM_PHONES,
            needed=ROOM_PHONES * CONNECTIONS_PER_PHONE + RESERVED_FILES,
        )


def raise_open_file_limit() -> int:
    """Raise this process's soft open-file limit to its hard limit; return the limit now in force."""
    if resource is None:
        return NO_LIMIT_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, MOST_CONNECTIONS + RESERVED_FILES)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):  # some systems cap the soft limit below the hard one (macOS)
            pass
    return NO_LIMIT_FILES if soft == resource.RLIM_INFINITY else int(soft)


def capacity_for(open_files: int) -> Capacity:
    """The caps for ``open_files``: every file not reserved may be a connection; half may be live streams.

    Half, so every phone holding a stream still has a connection left for its taps.
    """
    total = max(64, min(MOST_CONNECTIONS, open_files - RESERVED_FILES))
    return Capacity(open_files, total, total // 2)


def machine_capacity() -> Capacity:
    """Raise the open-file limit and derive the caps from it."""
    return capacity_for(raise_open_file_limit())
