"""Which juror a request comes from: a juror's token in its own cookie (or header), never a participant's.

A juror is not a participant (decision 0047): the phone that used a jury ticket holds a juror's token in
the ``cocity_jury`` cookie, mirrored by the page in ``X-Jury-Token``. Jurors are few and a replaced ticket
must stop the old phone at once, so tokens are looked up every time, not remembered.
"""

from __future__ import annotations

import re

from aiohttp import web

from cocity_workshop.server.guards import Refused
from cocity_workshop.server.participants import cookie_value
from cocity_workshop.server.workers import Workers
from cocity_workshop.session import WorkshopSession

JURY_COOKIE = "cocity_jury"
JURY_HEADER = "X-Jury-Token"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def unknown_juror() -> Refused:
    """The refusal of a juror's request from a phone that holds no juror's token (or a replaced one)."""
    return Refused(401, "unknown_juror", "This phone is not on the jury. Join with your jury ticket.")


def set_jury_cookie(response: web.StreamResponse, token: str) -> None:
    """Give a juror's phone its token as an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(JURY_COOKIE, token, httponly=True, samesite="Strict", path="/", max_age=3 * 24 * 3600)


def jury_token_of(request: web.Request) -> str | None:
    """The well-formed juror's token a request carries, if any."""
    token = cookie_value(request.headers.get("Cookie", ""), JURY_COOKIE) or request.headers.get(JURY_HEADER)
    return token if token and _TOKEN_RE.match(token) else None


class Jurors:
    """Finds the juror behind a request's token."""

    def __init__(self, session: WorkshopSession, workers: Workers) -> None:
        self.session = session
        self.workers = workers

    async def identify(self, request: web.Request) -> tuple[str, int]:
        """The phone's juror token and the juror's number, or a 401."""
        token = jury_token_of(request)
        if token is not None:
            juror = await self.workers.read(self.session.juror_for_token, token)
            if juror is not None:
                return token, juror.number
        raise unknown_juror()
