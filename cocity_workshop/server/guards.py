"""What every request passes before its route, and how a refusal is answered.

The guard runs around every route: the ``Host`` must be one of the server's own addresses, each address
has a request budget, only the allowlisted routes and methods exist, and a change must come from the
server's own origin as JSON (or an image) with the ``X-Workshop-Client`` header and a body under the cap.
Whatever a route raises is answered here as a generic, translated JSON error, and every answer carries
the security headers (the CSP among them).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from cocity_workshop.core.errors import DomainError
from cocity_workshop.i18n import N_, _, preferred_language, use_language
from cocity_workshop.server.connections import ConnectionTracker
from cocity_workshop.server.limits import Limits, TokenBuckets
from cocity_workshop.server.refusals import Refusals

log = logging.getLogger("cocity_workshop.server")

CLIENT_HEADER = "X-Workshop-Client"
LANG_HEADER = "X-Workshop-Lang"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
#: The HTTP status each kind of domain error is answered with.
ERROR_STATUS = {"invalid": 400, "not_found": 404, "rule": 409, "conflict": 422, "storage": 503}
_HTTP_ERRORS = {
    404: ("not_found", N_("Not found.")),
    405: ("method", N_("This method is not allowed here.")),
    413: ("too_large", N_("The request is too large.")),
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """A request refused by a guard, answered with a generic JSON error."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message  # translated at the sink, then formatted with ``params``
        self.headers = dict(headers or {})
        self.params = dict(params or {})


def busy(retry_after: object) -> Refused:
    """The refusal of a phone (or address) asking faster than a person can, or of a full room."""
    return Refused(429, "busy", "Too many requests. Wait a moment.", {"Retry-After": str(retry_after)})


def language(request: web.Request) -> str:
    """The language a phone asked for (its header, else the browser's first choice)."""
    asked = request.headers.get(LANG_HEADER) or request.headers.get("Accept-Language") or ""
    return preferred_language(asked)


class Guards:
    """The middleware every route runs inside: host, rate, route and origin checks, and the error answers."""

    def __init__(self, limits: Limits, connections: ConnectionTracker, refusals: Refusals) -> None:
        self.limits = limits
        self.connections = connections
        self.refusals = refusals
        #: The ``Host`` values a request may name (set by the server once it knows its port).
        self.allowed_hosts: set[str] = set()
        self.requests = TokenBuckets(limits.requests_per_address, limits.window_seconds)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answer ``request`` through ``handler``, with the connection marked busy meanwhile."""
        connection = self.connections.find(request.transport)
        if connection is None:  # already shed or closed: answer anyway, nothing to track
            return await self._answer(request, handler)
        self.connections.busy(connection)
        try:
            return await self._answer(request, handler)
        finally:
            self.connections.idle(connection)

    async def _answer(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            self._check_request(request)
            response = await handler(request)
        except Refused as refused:
            response = self._refusal(request, refused)
        except DomainError as error:
            response = self._domain_error(request, error)
        except web.HTTPException as http_error:
            if http_error.status < 400:  # a redirect: aiohttp wants it raised, not returned
                for name, value in SECURITY_HEADERS.items():
                    http_error.headers.setdefault(name, value)
                raise
            response = self._http_error(request, http_error)
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception as error:  # never leak details (or a request's addresses) to the phone or the log
            log.error("participant server: unexpected %s", type(error).__name__)
            response = web.json_response({"error": "server", "message": "Something went wrong."}, status=500)
        if not response.prepared:
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    @staticmethod
    def _refusal(request: web.Request, refused: Refused) -> web.Response:
        with use_language(language(request)):
            message = _(refused.message)
            if refused.params:
                message = message.format(**refused.params)
        return web.json_response(
            {"error": refused.code, "message": message}, status=refused.status, headers=refused.headers
        )

    def _domain_error(self, request: web.Request, error: DomainError) -> web.Response:
        status = ERROR_STATUS.get(error.code, 409)
        if status == 503:  # the file could not be written (a full disk): the facilitator must hear of it
            self.refusals.count("storage")
        headers = {"Retry-After": "2"} if status == 503 else {}
        return web.json_response(
            {"error": error.code, "message": error.message(language(request))}, status=status, headers=headers
        )

    @staticmethod
    def _http_error(request: web.Request, http_error: web.HTTPException) -> web.Response:
        code, text = _HTTP_ERRORS.get(http_error.status, ("refused", N_("The request was refused.")))
        with use_language(language(request)):
            message = _(text)
        allow = http_error.headers.get("Allow")
        return web.json_response(
            {"error": code, "message": message}, status=http_error.status, headers={"Allow": allow} if allow else {}
        )

    def _check_request(self, request: web.Request) -> None:
        if request.host.lower() not in self.allowed_hosts:
            raise Refused(400, "bad_host", "Unknown host.")
        address = request.remote or ""
        if not self.requests.allow(address):
            self.refusals.count("requests_per_address")
            raise busy(self.requests.retry_after(address))
        routing_error = request.match_info.http_exception
        if routing_error is not None:  # no such route (404), or a method the route lacks: 405, its own Allow
            raise routing_error
        if request.method not in ("GET", "POST"):
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])
        if request.method == "POST":
            self._check_change(request)

    def _check_change(self, request: web.Request) -> None:
        if request.headers.get("Origin", "").lower() != f"http://{request.host.lower()}":
            raise Refused(403, "bad_origin", "Changes are accepted only from this workshop's page.")
        if request.headers.get(CLIENT_HEADER) != "1":
            raise Refused(403, "bad_client", "Changes are accepted only from this workshop's page.")
        is_photo = request.path.endswith("/photo")
        wanted = "image/" if is_photo else "application/json"
        if not request.content_type.startswith(wanted):
            raise Refused(415, "bad_type", "Unsupported content type.")
        cap = self.limits.photo_bytes if is_photo else self.limits.body_bytes
        if request.content_length is not None and request.content_length > cap:
            raise Refused(413, "too_large", "The request is too large.")
