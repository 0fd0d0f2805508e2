"""The participant server's aiohttp application: the route allowlist, its guards and its handlers.

Every handler is a few lines calling the session. Reads run on a small reader pool, writes are
submitted to the session's writer and awaited, so the event loop never waits on SQLite; a 2xx answer
to a change is sent only after its commit. Guards (``_guard``) run before every route: the ``Host``
must be one of the server's own addresses, changes must come from the server's own origin as JSON
(or an image) with the ``X-Workshop-Client`` header, bodies are capped and rate limits apply.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import re
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeGuard, TypeVar

from aiohttp import web

from cocity_workshop.core.errors import DomainError, InvalidInput
from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.text import is_plain_number
from cocity_workshop.i18n import N_, _, preferred_language, use_language
from cocity_workshop.resources import resource_path
from cocity_workshop.server import photos, state
from cocity_workshop.server.broadcast import Broadcaster
from cocity_workshop.server.connections import ConnectionTracker
from cocity_workshop.server.joining import JoinBuckets
from cocity_workshop.server.limits import Limits, TokenBuckets
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.server.strings import page_strings
from cocity_workshop.session import Command, WorkshopSession

T = TypeVar("T")
log = logging.getLogger("cocity_workshop.server")

COOKIE = "cocity"
CLIENT_HEADER = "X-Workshop-Client"
TOKEN_HEADER = "X-Workshop-Token"
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
#: Static files served from memory, by the name in ``/assets/<name>`` (nothing else is ever read).
ASSETS = {
    "phone.css": "text/css; charset=utf-8",
    "phone.js": "text/javascript; charset=utf-8",
    "projector.css": "text/css; charset=utf-8",
    "projector.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
PAGES = ("phone.html", "projector.html", "openapi.json")
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_HTTP_ERRORS = {
    404: ("not_found", N_("Not found.")),
    405: ("method", N_("This method is not allowed here.")),
    413: ("too_large", N_("The request is too large.")),
}
_ERROR_STATUS = {"invalid": 400, "not_found": 404, "rule": 409, "conflict": 422, "storage": 503}


def _all_scalar_values(value: object) -> bool:
    """Whether every string in a parsed JSON value (keys too) is made of Unicode scalar values only."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_all_scalar_values(k) and _all_scalar_values(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_all_scalar_values(v) for v in value)
    return True


#: Which live topics each kind of event can change.
EVENT_TOPICS: dict[EventKind, set[str]] = {
    EventKind.VOTE_RECORDED: {"tally"},
    EventKind.PAPER_DOTS_CHANGED: {"tally"},
    EventKind.IDEA_ADDED: {"ideas"},
    EventKind.IDEA_CHANGED: {"status", "ideas", "tally"},  # status: a hidden idea leaves the round
    EventKind.IDEAS_MERGED: {"status", "ideas", "tally"},
    EventKind.ATTACHMENT_ADDED: {"ideas"},
    EventKind.ROUND_CHANGED: {"status", "tally"},
    EventKind.PHASE_CHANGED: {"status"},
    EventKind.AGENDA_CHANGED: {"status"},
    EventKind.WORKSHOP_UPDATED: {"status"},
    EventKind.GROUPS_CHANGED: {"status"},
    EventKind.PARTICIPANT_JOINED: {"status"},
    EventKind.JOINING_CHANGED: {"status"},
}

#: How many join answers are remembered for phones that retry a join (the oldest are forgotten first).
JOIN_REPLIES_KEPT = 5000


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


def load_static() -> dict[str, bytes]:
    """Read the allowlisted page files once (the server never touches the disk per request)."""
    return {name: resource_path("web", name).read_bytes() for name in (*ASSETS, *PAGES)}


class ParticipantApp:
    """The routes, guards and live stream over one open session."""

    def __init__(
        self,
        session: WorkshopSession,
        limits: Limits,
        urls: Callable[[], dict[str, str]],
        qr: Callable[[int], bytes],
        *,
        connections: ConnectionTracker,
        refusals: Refusals,
    ) -> None:
        self.session = session
        self.connections = connections
        self.refusals = refusals
        assert limits.max_subscribers is not None
        self.max_subscribers = limits.max_subscribers
        self.limits = limits
        self.urls = urls
        self.qr = qr
        self.allowed_hosts: set[str] = set()
        self.static = load_static()
        self.readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cocity-reader")
        self.blocking = ThreadPoolExecutor(max_workers=4, thread_name_prefix="cocity-blocking")
        self.requests = TokenBuckets(limits.requests_per_address, limits.window_seconds)
        self.writes = TokenBuckets(limits.writes_per_participant, limits.window_seconds)
        self.joins = JoinBuckets(limits.joins_per_address, limits.join_refill_seconds)
        self.join_secret = ""
        self.room_languages: dict[str, int] = {}  # how many times phones loaded each language's words
        self.projector_secret = ""
        self._known: dict[str, int] = {}
        self._in_flight: set[str] = set()
        #: Tokens whose device was passed on to the next person (shared-device mode), in memory only.
        self._handed_on: set[str] = set()
        #: Join answers by the phone's retry key, so a join whose answer was lost is not a second person.
        self._join_replies: collections.OrderedDict[str, tuple[str, int]] = collections.OrderedDict()
        self._tasks: set[asyncio.Future[None]] = set()
        self.broadcaster = Broadcaster(self._build, state.TOPICS, limits.heartbeat_seconds)
        self._unsubscribe: Callable[[], None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._deliveries = _Deliveries()

    # -- lifecycle -----------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        """The aiohttp application with exactly the allowlisted routes."""
        app = web.Application(middlewares=[self._guard], client_max_size=self.limits.body_bytes)
        get, post = web.get, web.post
        app.add_routes(
            [
                get("/w/{secret}/", self.phone_page, allow_head=False),
                post("/w/{secret}/join", self.join),
                get("/j/{code}", self.short_link, allow_head=False),
                get("/assets/{name}", self.asset, allow_head=False),
                get("/openapi.json", self.openapi, allow_head=False),
                get("/api/strings/{lang}", self.strings, allow_head=False),
                get("/api/me", self.me, allow_head=False),
                post("/api/profile", self.profile),
                get("/api/state", self.phone_state, allow_head=False),
                get("/api/events", self.phone_events, allow_head=False),
                post("/api/ballot", self.ballot),
                post("/api/ideas", self.idea),
                post("/api/ideas/{idea}/photo", self.photo),
                get("/api/photos/{photo}", self.phone_photo, allow_head=False),
                get("/p/{secret}/", self.projector_page, allow_head=False),
                get("/p/{secret}/state", self.projector_state, allow_head=False),
                get("/p/{secret}/events", self.projector_events, allow_head=False),
                get("/p/{secret}/qr.png", self.projector_qr, allow_head=False),
                get("/p/{secret}/photos/{photo}", self.projector_photo, allow_head=False),
            ]
        )
        return app

    async def start(self) -> None:
        """Load the secrets, build the first live state and follow the session's events."""
        self.loop = asyncio.get_running_loop()
        self._deliveries.loop = self.loop
        await self._refresh_secrets()
        await self.broadcaster.start()
        self._unsubscribe = self.session.subscribe(self._on_events_threadsafe)

    async def stop(self) -> None:
        """Stop following events and end every live stream."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        await self.broadcaster.stop()

    def close_pools(self) -> None:
        """Let the reader threads finish (called after the loop stopped)."""
        self.readers.shutdown(wait=True)
        self.blocking.shutdown(wait=True)

    # -- events from the writer thread ---------------------------------------------------------
    def _on_events_threadsafe(self, events: list[Event]) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._on_events, events)

    def _on_events(self, events: list[Event]) -> None:
        topics: set[str] = set()
        shown = self.broadcaster.values.get("status", {}).get("round")
        for event in events:
            if event.kind is EventKind.JOINING_CHANGED:
                task = asyncio.ensure_future(self._refresh_secrets())
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if event.kind is EventKind.IDEA_ADDED and event.data.get("status") == "pending":
                continue
            if (
                event.kind is EventKind.VOTE_RECORDED
                and shown
                and shown.get("id") == event.data.get("round")
                and not shown.get("results_public")
            ):
                # This round's tally is hidden: a vote changes nothing anyone sees. (When the status shown is
                # for another round, it may be about to change: rebuild, an unchanged tally is not resent.)
                continue
            topics |= EVENT_TOPICS.get(event.kind, set())
        if topics:
            self.broadcaster.mark(topics)

    async def _refresh_secrets(self) -> None:
        hosting = await self.read(self.session.hosting)
        self.join_secret = str(hosting["join_secret"])
        self.projector_secret = str(hosting["projector_secret"])

    async def _build(self, topics: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        return await self.read(state.build, self.session, topics)

    # -- helpers -------------------------------------------------------------------------------
    async def read(self, function: Callable[..., T], *args: Any) -> T:
        """Run a session read on the reader pool."""
        return await asyncio.get_running_loop().run_in_executor(self.readers, function, *args)

    async def commit(self, command: Command[T]) -> T:
        """Run a session command and await its commit (a phone that hangs up meanwhile does not undo it)."""
        return await self._deliveries.submit(self.session, command)

    @staticmethod
    def language(request: web.Request) -> str:
        """The language a phone asked for (its header, else the browser's first choice)."""
        asked = request.headers.get(LANG_HEADER) or request.headers.get("Accept-Language") or ""
        return preferred_language(asked)

    @staticmethod
    def _token(request: web.Request) -> str | None:
        token = _cookie(request.headers.get("Cookie", "")) or request.headers.get(TOKEN_HEADER)
        return token if token and _TOKEN_RE.match(token) else None

    async def participant(self, request: web.Request) -> tuple[str, int]:
        """The phone's token and participant id, or a 401 when it is not one of ours."""
        token = self._token(request)
        if token is not None:
            known = self._known.get(token)
            if known is None:
                known = await self.read(self.session.participant_id_for_token, token)
                if known is not None:
                    if len(self._known) > 20_000:
                        self._known.clear()
                    self._known[token] = known
            if known is not None:
                return token, known
        raise Refused(401, "unknown_participant", "This phone is not part of the workshop yet. Scan the QR code again.")

    def check_write_rate(self, token: str) -> None:
        """Refuse a phone sending changes faster than a person can."""
        if not self.writes.allow(token):
            raise Refused(
                429, "busy", "Too many requests. Wait a moment.", {"Retry-After": str(self.writes.retry_after(token))}
            )

    async def json_body(self, request: web.Request) -> dict[str, Any]:
        """The request's JSON object (size-capped, read within the request deadline)."""
        if request.content.is_eof():  # the whole body is already here (the usual case): take it as it is
            raw = request.content.read_nowait()  # (``request.read()`` costs a ballot's SQL in coroutine steps)
            if len(raw) > self.limits.body_bytes:
                raise Refused(413, "too_large", "The request is too large.")
        else:
            try:
                async with asyncio.timeout(self.limits.request_seconds):
                    raw = await request.read()
            except TimeoutError:
                raise Refused(408, "timeout", "The request took too long.") from None
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise Refused(400, "invalid", "The request is not valid JSON.") from None
        if not isinstance(data, dict):
            raise Refused(400, "invalid", "The request must be a JSON object.")
        try:
            scalar = b"\\u" not in raw or _all_scalar_values(data)  # only a \u escape can carry a lone surrogate
        except RecursionError:
            raise Refused(400, "invalid", "The request is not valid JSON.") from None
        if not scalar:
            raise Refused(400, "invalid", "The request holds text that is not valid Unicode (a lone surrogate).")
        return data

    @staticmethod
    def idempotency_key(request: web.Request) -> str:
        """The ``Idempotency-Key`` every change must carry."""
        key = request.headers.get("Idempotency-Key", "")
        if not 8 <= len(key) <= 100 or not key.isascii() or not key.isprintable():
            raise Refused(400, "invalid", "Every change needs an Idempotency-Key header (8 to 100 characters).")
        return key

    async def once(self, token: str, key: str, run: Callable[[], Awaitable[T]]) -> T:
        """Run a change unless the same key is still being saved (then 409: the phone retries later)."""
        slot = f"{token}:{key}"
        if slot in self._in_flight:
            raise Refused(409, "in_flight", "This request is still being saved.", {"Retry-After": "1"})
        self._in_flight.add(slot)
        try:
            return await run()
        finally:
            self._in_flight.discard(slot)

    def page(self, name: str) -> web.Response:
        """A page from the in-memory allowlist."""
        return web.Response(body=self.static[name], content_type="text/html", charset="utf-8")

    # -- guards --------------------------------------------------------------------------------
    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        connection = self.connections.find(request.transport)
        if connection is None:  # already shed or closed: answer anyway, nothing to track
            return await self._answer(request, handler)
        self.connections.busy(connection)
        try:
            return await self._answer(request, handler)
        finally:
            self.connections.idle(connection)

    async def _answer(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            self._check_request(request)
            response = await handler(request)
        except Refused as refused:
            with use_language(self.language(request)):
                message = _(refused.message)
                if refused.params:
                    message = message.format(**refused.params)
            response = web.json_response(
                {"error": refused.code, "message": message}, status=refused.status, headers=refused.headers
            )
        except DomainError as error:
            status = _ERROR_STATUS.get(error.code, 409)
            if status == 503:  # the file could not be written (a full disk): the facilitator must hear of it
                self.refusals.count("storage")
            headers = {"Retry-After": "2"} if status == 503 else {}
            response = web.json_response(
                {"error": error.code, "message": error.message(self.language(request))}, status=status, headers=headers
            )
        except web.HTTPException as http_error:
            if http_error.status >= 400:
                code, text = _HTTP_ERRORS.get(http_error.status, ("refused", N_("The request was refused.")))
                with use_language(self.language(request)):
                    message = _(text)
                response = web.json_response(
                    {"error": code, "message": message}, status=http_error.status, headers=_allow(http_error)
                )
            else:  # a redirect: aiohttp wants it raised, not returned
                for name, value in SECURITY_HEADERS.items():
                    http_error.headers.setdefault(name, value)
                raise
        except (asyncio.CancelledError, ConnectionError):
            raise
        except Exception as error:  # never leak details (or a request's addresses) to the phone or the log
            log.error("participant server: unexpected %s", type(error).__name__)
            response = web.json_response({"error": "server", "message": "Something went wrong."}, status=500)
        if not response.prepared:
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    def _check_request(self, request: web.Request) -> None:
        if request.host.lower() not in self.allowed_hosts:
            raise Refused(400, "bad_host", "Unknown host.")
        address = request.remote or ""
        if not self.requests.allow(address):
            self.refusals.count("requests_per_address")
            raise Refused(
                429,
                "busy",
                "Too many requests. Wait a moment.",
                {"Retry-After": str(self.requests.retry_after(address))},
            )
        routing_error = request.match_info.http_exception
        if routing_error is not None:  # no such route (404), or a method the route lacks: 405, its own Allow
            raise routing_error
        if request.method not in ("GET", "POST"):
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "POST"])
        if request.method == "POST":
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

    # -- phone pages and joining ---------------------------------------------------------------
    async def phone_page(self, request: web.Request) -> web.Response:
        """The phone page, for the current join secret or a phone that already joined."""
        if request.match_info["secret"] != self.join_secret:
            try:
                await self.participant(request)  # a joined phone keeps its page after the QR code changed
            except Refused:
                raise web.HTTPNotFound() from None
        return self.page("phone.html")

    async def short_link(self, request: web.Request) -> web.Response:
        """The short code typed by hand leads to the join page."""
        if request.match_info["code"].lower() != self.urls()["short_code"]:
            raise web.HTTPNotFound()
        raise web.HTTPSeeOther(f"/w/{self.join_secret}/")

    async def join(self, request: web.Request) -> web.Response:
        """Admit a phone: a new anonymous token in an HttpOnly cookie (the page mirrors it)."""
        if request.match_info["secret"] != self.join_secret:
            raise web.HTTPNotFound()
        key = request.headers.get("Idempotency-Key")
        body = await self.json_body(request)  # checked before a replay: an invalid request is never "joined"
        ticket = body.get("ticket")
        if ticket is not None and (not isinstance(ticket, str) or len(ticket) > 100):
            raise Refused(400, "invalid", "The ticket code is not valid.")
        ticket = ticket.replace(" ", "") if ticket else None
        previous = body.get("next_after")  # shared-device mode: the token of the person who used it before
        if previous is not None and (not isinstance(previous, str) or len(previous) > 100):
            raise Refused(400, "invalid", "The request was refused.")
        if key is not None:
            key = self.idempotency_key(request)
            earlier = self._join_replies.get(key)
            if earlier is not None:  # the phone never heard the first answer: give it the same token again
                return self._joined(*earlier)
            return await self.once("join", key, lambda: self._join(request, ticket, previous, key))
        return await self._join(request, ticket, previous, None)

    async def _hands_on(self, previous: str | None) -> bool:
        """Whether this join is the next person on a shared device: shared-device mode is on and ``previous``
        is a participant's token not handed on before (so each person passes the device on once)."""
        if previous is None or previous in self._handed_on:
            return False
        joining = await self.read(self.session.joining)
        if not joining.shared_device:
            return False
        return previous in self._known or await self.read(self.session.participant_for_token, previous) is not None

    async def _join(
        self, request: web.Request, ticket: str | None, previous: str | None, key: str | None
    ) -> web.Response:
        address = request.remote or ""
        # A ticket admits one person by itself, and the next person on a shared device is let in by the
        # one before: neither is counted against the address.
        handed_on = await self._hands_on(previous)
        counted = ticket is None and not handed_on
        if counted and not self.joins.take(address):
            self.refusals.count("joins_per_address")
            wait = self.joins.retry_after(address)
            raise Refused(
                429,
                "busy",
                N_("Several people have just joined from this device or network. Try again in {seconds} s."),
                {"Retry-After": str(wait)},
                {"seconds": wait},
            )
        try:
            result = await asyncio.get_running_loop().run_in_executor(self.blocking, self.session.join, ticket)
        except DomainError as error:
            if counted:
                self.joins.give_back(address)
            joining = await self.read(self.session.joining)
            return web.json_response(
                {"error": error.code, "message": error.message(self.language(request)), "ticket": joining.ticket_mode},
                status=_ERROR_STATUS.get(error.code, 409),
            )
        except Exception:  # whatever went wrong, no phone joined: the place is this address's again
            if counted:
                self.joins.give_back(address)
            raise
        self._known[result.token] = result.participant.id
        if handed_on and previous is not None:
            self._handed_on.add(previous)
        if key is not None:  # kept in memory only, briefly: never in the workshop file or a log
            self._join_replies[key] = (result.token, result.participant.id)
            while len(self._join_replies) > JOIN_REPLIES_KEPT:
                self._join_replies.popitem(last=False)
        return self._joined(result.token, result.participant.id)

    def _joined(self, token: str, participant_id: int) -> web.Response:
        response = web.json_response({"token": token, "participant": participant_id}, status=201)
        self.set_cookie(response, token)
        return response

    @staticmethod
    def set_cookie(response: web.StreamResponse, token: str) -> None:
        """Give the phone its token as an HttpOnly, SameSite=Strict cookie."""
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/", max_age=3 * 24 * 3600)

    async def asset(self, request: web.Request) -> web.Response:
        """A static file from the in-memory allowlist."""
        name = request.match_info["name"]
        if name not in ASSETS:
            raise web.HTTPNotFound()
        response = web.Response(body=self.static[name], headers={"Content-Type": ASSETS[name]})
        response.headers["Cache-Control"] = "no-cache"
        return response

    async def openapi(self, request: web.Request) -> web.Response:
        """The description of this API (kept in the repository as ``resources/web/openapi.json``)."""
        return web.Response(body=self.static["openapi.json"], content_type="application/json")

    async def strings(self, request: web.Request) -> web.Response:
        """The pages' words in a language, or in the first of a browser's list we speak (English otherwise).

        A phone's request (it says so in a header; the projector's does not) counts its language as one of
        the room's, so the projector can show the join instructions in each.
        """
        language = preferred_language(request.match_info["lang"])
        if request.headers.get(CLIENT_HEADER):
            self.room_languages[language] = self.room_languages.get(language, 0) + 1
        return web.json_response(page_strings(language))

    # -- the phone's API -----------------------------------------------------------------------
    async def me(self, request: web.Request) -> web.Response:
        """Who this phone is (anonymous id and declared profile); restores a lost cookie."""
        token, participant_id = await self.participant(request)
        participant = await self.read(self.session.participant_for_token, token)
        if participant is None:
            raise Refused(
                401, "unknown_participant", "This phone is not part of the workshop yet. Scan the QR code again."
            )
        response = web.json_response(
            {"participant": participant_id, "group": participant.group_id, "age_band": participant.age_band_id}
        )
        if request.cookies.get(COOKIE) != token:
            self.set_cookie(response, token)
        return response

    async def profile(self, request: web.Request) -> web.Response:
        """Save the optional stakeholder group and age band."""
        token, _participant_id = await self.participant(request)
        self.check_write_rate(token)
        body = await self.json_body(request)
        group, band = _whole(body.get("group")), _whole(body.get("age_band"))
        if not all(value is None or _is_id(value) for value in (group, band)):
            raise Refused(400, "invalid", "Group and age band must be ids or null.")
        assert (group is None or isinstance(group, int)) and (band is None or isinstance(band, int))
        participant = await asyncio.get_running_loop().run_in_executor(
            self.blocking, self.session.set_profile, token, group, band
        )
        return web.json_response({"group": participant.group_id, "age_band": participant.age_band_id})

    async def phone_state(self, request: web.Request) -> web.Response:
        """Everything the phone shows, plus its own ballot in the shown round."""
        _token, participant_id = await self.participant(request)
        values = self.broadcaster.values
        shown = values.get("status", {}).get("round")
        mine = None
        if shown is not None:
            ballot = await self.read(self.session.ballot_of, participant_id, shown["id"])
            if ballot is not None:
                mine = {"round": ballot.round_id, "dots": {str(k): v for k, v in ballot.dots.items()}}
        return web.json_response(
            {**values.get("status", {}), **values.get("ideas", {}), **values.get("tally", {}), "my_ballot": mine}
        )

    async def phone_events(self, request: web.Request) -> web.StreamResponse:
        """The live stream for a joined phone."""
        await self.participant(request)
        return await self._events(request)

    async def _events(self, request: web.Request) -> web.StreamResponse:
        if self.broadcaster.subscriber_count >= self.max_subscribers:
            self.refusals.count("streams")
            raise Refused(429, "busy", "Too many requests. Wait a moment.", {"Retry-After": "5"})
        response = await self.broadcaster.serve(request)
        return response

    async def ballot(self, request: web.Request) -> web.Response:
        """Store the phone's whole allocation for a round; answered after the commit."""
        token, _participant_id = await self.participant(request)
        key = self.idempotency_key(request)
        self.check_write_rate(token)
        body = await self.json_body(request)
        round_id, dots = _whole(body.get("round")), body.get("dots")
        if not _is_id(round_id) or not isinstance(dots, dict) or len(dots) > 500:
            raise Refused(400, "invalid", "A ballot needs a round id and its dots per idea.")
        allocation: dict[int, int] = {}
        for idea, given in dots.items():
            count = _whole(given)
            if not is_plain_number(idea) or len(idea) > 12 or not _is_count(count):
                raise Refused(400, "invalid", "Dots must be whole numbers per idea id.")
            allocation[int(idea)] = count
        command = self.session.ballot_command(token, round_id, allocation, key)

        async def run() -> web.Response:
            receipt = await self.commit(command)
            # The receipt's JSON (round_id, dots, spent, remaining, version) was made once, in the writer.
            return web.Response(text=receipt.to_json(), content_type="application/json")

        return await self.once(token, key, run)

    async def idea(self, request: web.Request) -> web.Response:
        """Store an idea from the phone (once per idempotency key)."""
        token, _participant_id = await self.participant(request)
        key = self.idempotency_key(request)
        self.check_write_rate(token)
        body = await self.json_body(request)
        fields = [body.get(name, "") for name in ("title", "description", "theme")]
        if not all(isinstance(value, str) and len(value) <= 10_000 for value in fields):
            raise Refused(400, "invalid", "Title, description and theme must be text.")
        command = self.session.phone_idea_command(token, fields[0], fields[1], fields[2], key)

        async def run() -> web.Response:
            receipt = await self.commit(command)
            return web.json_response({"idea": receipt.idea_id, "status": receipt.status}, status=201)

        return await self.once(token, key, run)

    async def photo(self, request: web.Request) -> web.Response:
        """Attach a photo to the phone's own idea: size-capped, re-encoded without metadata."""
        token, _participant_id = await self.participant(request)
        key = self.idempotency_key(request)
        self.check_write_rate(token)
        idea_text = request.match_info["idea"]
        if not is_plain_number(idea_text) or len(idea_text) > 12:
            raise web.HTTPNotFound()
        data = bytearray()
        try:
            async with asyncio.timeout(self.limits.request_seconds):
                async for chunk in request.content.iter_chunked(64 * 1024):
                    data.extend(chunk)
                    if len(data) > self.limits.photo_bytes:
                        raise Refused(413, "too_large", "The photo is too large.")
        except TimeoutError:
            raise Refused(408, "timeout", "The request took too long.") from None
        if not data:
            raise InvalidInput("This file is not a photo we can read.")
        mime, clean, width, height = await asyncio.get_running_loop().run_in_executor(
            self.blocking, photos.reencode, bytes(data)
        )
        command = self.session.phone_photo_command(token, int(idea_text), mime, clean, width, height, key)

        async def run() -> web.Response:
            receipt = await self.commit(command)
            return web.json_response({"photo": receipt.attachment_id, "idea": receipt.idea_id}, status=201)

        return await self.once(token, key, run)

    async def phone_photo(self, request: web.Request) -> web.Response:
        """A photo of a visible idea."""
        await self.participant(request)
        return await self._photo(request)

    async def _photo(self, request: web.Request) -> web.Response:
        photo_text = request.match_info["photo"]
        if not is_plain_number(photo_text) or len(photo_text) > 12:
            raise web.HTTPNotFound()
        mime, data = await self.read(self.session.public_photo, int(photo_text))
        return web.Response(body=data, headers={"Content-Type": mime})

    # -- the projector (read-only, behind its own secret) --------------------------------------
    def _projector(self, request: web.Request) -> None:
        if request.match_info["secret"] != self.projector_secret:
            raise web.HTTPNotFound()

    async def projector_page(self, request: web.Request) -> web.Response:
        """The projector page."""
        self._projector(request)
        return self.page("projector.html")

    async def projector_state(self, request: web.Request) -> web.Response:
        """What the big screen shows, with the join URL and the short code."""
        self._projector(request)
        values = self.broadcaster.values
        urls = self.urls()
        return web.json_response(
            {
                **values.get("status", {}),
                **values.get("ideas", {}),
                **values.get("tally", {}),
                "join_url": urls["join_url"],
                "short_url": urls["short_url"],
                "room_languages": sorted(self.room_languages, key=lambda code: -self.room_languages[code])[:4],
            }
        )

    async def projector_events(self, request: web.Request) -> web.StreamResponse:
        """The live stream for the projector page."""
        self._projector(request)
        return await self._events(request)

    async def projector_qr(self, request: web.Request) -> web.Response:
        """The join QR code as a PNG."""
        self._projector(request)
        png = await asyncio.get_running_loop().run_in_executor(self.blocking, self.qr, 720)
        return web.Response(body=png, headers={"Content-Type": "image/png"})

    async def projector_photo(self, request: web.Request) -> web.Response:
        """A photo of a visible idea, for the projector."""
        self._projector(request)
        return await self._photo(request)


class _Deliveries:
    """Hands committed results from the writer thread to the event loop, one wake-up per batch.

    ``asyncio.wrap_future`` would wake the loop once per ballot; a group commit answers dozens at once,
    so answers are queued and the loop drains them in one call.
    """

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self._pending: deque[tuple[asyncio.Future[Any], Any, BaseException | None]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def submit(self, session: WorkshopSession, command: Command[T]) -> asyncio.Future[T]:
        """Queue ``command``; the asyncio future completes (on the loop) after its commit.

        The light path: the writer calls back instead of resolving a ``concurrent.futures.Future``.
        """
        assert self.loop is not None
        waiter: asyncio.Future[T] = self.loop.create_future()
        session.submit_then(command, lambda result, error: self._answer(waiter, result, error))
        return waiter

    def _answer(self, waiter: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
        """On the writer thread: queue the answer; wake the loop unless a wake-up is already on its way."""
        with self._lock:
            self._pending.append((waiter, result, error))
            if self._scheduled:
                return
            self._scheduled = True
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._drain)

    def _drain(self) -> None:
        with self._lock:
            items = list(self._pending)
            self._pending.clear()
            self._scheduled = False
        for waiter, result, error in items:
            if waiter.done():  # the phone hung up meanwhile; its change is committed all the same
                continue
            if error is not None:
                waiter.set_exception(error)
            else:
                waiter.set_result(result)


def _cookie(header: str) -> str | None:
    """Our cookie's value in a ``Cookie`` header (aiohttp's full cookie parser costs more than a ballot's SQL).

    Only our own name is looked for and the value is checked against the token pattern by the caller, so
    quoting and other cookies' oddities do not matter.
    """
    if COOKIE not in header:
        return None
    for part in header.split(";"):
        name, _sep, value = part.partition("=")
        if name.strip() == COOKIE:
            return value.strip()
    return None


def _whole(value: object) -> object:
    """A JSON number with no fraction as an ``int`` (JSON, and the description, do not tell 3 from 3.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _is_id(value: object) -> TypeGuard[int]:
    """Whether ``value`` can be a row id (a JSON whole number SQLite can hold; never a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def _is_count(value: object) -> TypeGuard[int]:
    """Whether ``value`` can be a number of dots (the rules then check the budget and the cap)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) < value < 2**31


def _allow(error: web.HTTPException) -> dict[str, str]:
    allow = error.headers.get("Allow")
    return {"Allow": allow} if allow else {}
