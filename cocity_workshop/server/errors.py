"""Why the participant server could not start."""

from __future__ import annotations

from cocity_workshop.core.errors import DomainError


class ServerError(DomainError):
    """The participant server could not listen (port taken, address not on this machine...)."""

    code = "server"
