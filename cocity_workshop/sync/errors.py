"""What can go wrong while delivering a bundle, each with a message a facilitator understands.

Every problem is a ``DeliveryError`` with a ``kind``. The kind decides what the outbox does next: problems
that fix themselves or are fixed in the settings (no network, a server hiccup, wrong credentials, a missing
USB stick) leave the delivery *pending*, to be tried again; problems that need someone to look (a conflict,
a file too large, no permission) mark it *failed* until the next explicit "Sync now".
"""

from __future__ import annotations

import enum
from typing import Any

from cocity_workshop.core.errors import DomainError
from cocity_workshop.i18n import N_


class ProblemKind(enum.StrEnum):
    """Why a delivery did not finish."""

    UNREACHABLE = "unreachable"  #: no network, DNS failure, connection refused or dropped, timeout
    SERVER = "server"  #: the server answered with an error of its own (5xx, 429, a malformed answer)
    CREDENTIALS = "credentials"  #: user name, app password, API token or SMTP password refused
    PERMISSION = "permission"  #: the credentials work but may not write there
    MISSING = "missing"  #: the folder (USB stick, share) or organisation is not there
    TOO_LARGE = "too_large"  #: a file or the message is larger than the server accepts
    CONFLICT = "conflict"  #: someone else changed the copy at the target
    VERIFY = "verify"  #: the copy read back does not match the bundle's SHA-256
    SETTINGS = "settings"  #: the target's settings are incomplete or wrong
    BUNDLE = "bundle"  #: the bundle in the outbox is damaged or missing


#: Kinds that keep a delivery pending (tried again later); the others mark it failed.
STAYS_PENDING = frozenset(
    {ProblemKind.UNREACHABLE, ProblemKind.SERVER, ProblemKind.CREDENTIALS, ProblemKind.MISSING, ProblemKind.VERIFY}
)
#: Kinds worth trying again within the same run, after a pause (the backoff).
TRANSIENT = frozenset({ProblemKind.UNREACHABLE, ProblemKind.SERVER, ProblemKind.VERIFY})


#: Messages that tell what happens to the bundle, and how a connection test (where no bundle goes) says the same.
CHECK_WORDING = {
    N_("Cannot find {host}: no network, or the address is wrong. The bundle stays in the outbox."): N_(
        "Cannot find {host}: no network, or the address is wrong."
    ),
    N_("{host} did not answer in time: the network may be down. The bundle stays in the outbox."): N_(
        "{host} did not answer in time: the network may be down."
    ),
    N_("Cannot reach {host}: no network, or the server is down. The bundle stays in the outbox."): N_(
        "Cannot reach {host}: no network, or the server is down."
    ),
    N_("The connection to {host} broke off: the network may be unstable. The bundle stays in the outbox."): N_(
        "The connection to {host} broke off: the network may be unstable."
    ),
    N_("{where} answered with an error ({status} {reason}). The bundle stays in the outbox."): N_(
        "{where} answered with an error ({status} {reason})."
    ),
}


class DeliveryError(DomainError):
    """A delivery to one target could not finish; ``kind`` says why, the message says it in words.

    Messages are English templates marked with ``N_`` where they are raised, translated when shown.
    """

    code = "delivery"

    def __init__(self, kind: ProblemKind, template: str, /, **params: Any) -> None:
        self.kind = kind
        super().__init__(template, **params)

    @property
    def stays_pending(self) -> bool:
        """Whether the delivery stays pending (True) or is marked failed (False)."""
        return self.kind in STAYS_PENDING

    @property
    def transient(self) -> bool:
        """Whether trying again in a moment may help."""
        return self.kind in TRANSIENT

    def for_check(self) -> DeliveryError:
        """The same problem worded for a connection test: without what happens to a bundle."""
        template = CHECK_WORDING.get(self.template)
        if template is None:
            return self
        return DeliveryError(self.kind, template, **self.params)


class SettingsError(DomainError):
    """The sync settings file cannot be read or has a mistake."""

    code = "settings"


class OutboxError(DomainError):
    """The outbox cannot do what was asked (a sync is already running, the bundle is not valid...)."""

    code = "outbox"
