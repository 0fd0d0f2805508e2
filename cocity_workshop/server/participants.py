"""Which participant a request comes from: the token in its cookie (or header), looked up once.

A phone's token lives in an HttpOnly cookie; the page mirrors it in a header for when the cookie is
lost. Tokens seen before are remembered in memory so most requests never read the file.
"""

from __future__ import annotations

import re

from aiohttp import web

from cocity_workshop.server.guards import Refused
from cocity_workshop.server.workers import Workers
from cocity_workshop.session import WorkshopSession

COOKIE = "cocity"
TOKEN_HEADER = "X-Workshop-Token"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
#: How many tokens are remembered before the memory starts afresh.
KNOWN_KEPT = 20_000


def unknown_participant() -> Refused:
    """The refusal of a request from a phone that has not joined (or whose token is gone)."""
    return Refused(401, "unknown_participant", "This phone is not part of the workshop yet. Scan the QR code again.")


def set_cookie(response: web.StreamResponse, token: str) -> None:
    """Give the phone its token as an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/", max_age=3 * 24 * 3600)


def cookie(header: str) -> str | None:
    """Our cookie's value in a ``Cookie`` header (aiohttp's full cookie parser costs more than a ballot's SQL).

    Only our own name is looked for and the value is checked against the token pattern by the caller, so
    quoting and other cookies' oddities do not matter.
    """
    return cookie_value(header, COOKIE)


def cookie_value(header: str, wanted: str) -> str | None:
    """The value of the cookie named ``wanted`` in a ``Cookie`` header, if any (see ``cookie``)."""
    if wanted not in header:
        return None
    for part in header.split(";"):
        name, _sep, value = part.partition("=")
        if name.strip() == wanted:
            return value.strip()
    return None


def token_of(request: web.Request) -> str | None:
    """The well-formed token a request carries, if any."""
    token = cookie(request.headers.get("Cookie", "")) or request.headers.get(TOKEN_HEADER)
    return token if token and _TOKEN_RE.match(token) else None


class Participants:
    """Finds the participant behind a request's token, remembering the tokens it has seen."""

    def __init__(self, session: WorkshopSession, workers: Workers) -> None:
        self.session = session
        self.workers = workers
        self._known: dict[str, int] = {}

    async def identify(self, request: web.Request) -> tuple[str, int]:
        """The phone's token and participant id, or a 401 when it is not one of ours."""
        token = token_of(request)
        if token is not None:
            known = self._known.get(token)
            if known is None:
                known = await self.workers.read(self.session.participant_id_for_token, token)
                if known is not None:
                    self.remember(token, known)
            if known is not None:
                return token, known
        raise unknown_participant()

    def remember(self, token: str, participant_id: int) -> None:
        """Keep a token that was just found or given out."""
        if len(self._known) > KNOWN_KEPT:
            self._known.clear()
        self._known[token] = participant_id

    async def exists(self, token: str) -> bool:
        """Whether ``token`` belongs to a participant of the workshop."""
        return token in self._known or await self.workers.read(self.session.participant_for_token, token) is not None
