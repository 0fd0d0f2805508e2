"""The participant server's aiohttp application: the route allowlist and its handlers.

Every handler is a few lines calling the session. What runs around them lives beside this module:
``guards`` checks every request before its route and answers every refusal; ``writes`` is the prologue
of every change (participant, idempotency key, rate, body); ``deliveries`` hands changes to the
session's writer and answers only after the commit; ``workers`` runs reads and slow work off the event
loop; ``participants`` finds who a token is; ``joining`` admits phones; ``topics`` says which live
topics the session's events change.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from cocity_workshop.core.events import Event, EventKind
from cocity_workshop.core.text import is_plain_number
from cocity_workshop.i18n import preferred_language
from cocity_workshop.resources import resource_path
from cocity_workshop.server import photos, state
from cocity_workshop.server.broadcast import Broadcaster
from cocity_workshop.server.connections import ConnectionTracker
from cocity_workshop.server.deliveries import Deliveries
from cocity_workshop.server.guards import CLIENT_HEADER, Guards, Refused, busy
from cocity_workshop.server.hackathon_routes import HackathonRoutes
from cocity_workshop.server.joining import Joins
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.participants import COOKIE, Participants, set_cookie, unknown_participant
from cocity_workshop.server.presence import ConnectedPhones
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.server.strings import PARTS, page_strings
from cocity_workshop.server.topics import changed_topics
from cocity_workshop.server.workers import Workers
from cocity_workshop.server.writes import Writes, is_count, is_id, json_body, photo_body, whole
from cocity_workshop.session import WorkshopSession

#: Static files served from memory, by the name in ``/assets/<name>`` (nothing else is ever read).
ASSETS = {
    "phone.css": "text/css; charset=utf-8",
    "fair.js": "text/javascript; charset=utf-8",
    "hackathon.js": "text/javascript; charset=utf-8",
    "hackathon.css": "text/css; charset=utf-8",
    "phone.js": "text/javascript; charset=utf-8",
    "projector.css": "text/css; charset=utf-8",
    "projector.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
PAGES = ("phone.html", "projector.html", "openapi.json")


def created(data: dict[str, Any]) -> web.Response:
    """The answer to a change that made something: its ids, as JSON, with 201 Created."""
    return web.json_response(data, status=201)


def load_static() -> dict[str, bytes]:
    """Read the allowlisted page files once (the server never touches the disk per request)."""
    return {name: resource_path("web", name).read_bytes() for name in (*ASSETS, *PAGES)}


class ParticipantApp:
    """The routes and live stream over one open session."""

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
        self.refusals = refusals
        assert limits.max_subscribers is not None
        self.max_subscribers = limits.max_subscribers
        self.limits = limits
        self.urls = urls
        self.qr = qr
        self.static = load_static()
        self.guards = Guards(limits, connections, refusals)
        self.workers = Workers()
        self.deliveries = Deliveries(session)
        self.participants = Participants(session, self.workers)
        self.writes = Writes(limits, self.participants)
        self.joins = Joins(limits, self.workers, self.participants, self.deliveries, refusals)
        self.hackathon = HackathonRoutes(session, self.workers, self.participants, self.writes, self.deliveries)
        self.join_secret = ""
        self.room_languages: dict[str, int] = {}  # how many times phones loaded each language's words
        self.projector_secret = ""
        self._tasks: set[asyncio.Future[None]] = set()
        self.broadcaster = Broadcaster(self._build, state.TOPICS, limits.heartbeat_seconds)
        #: Phones holding a live stream now (the projector's "connected now").
        self.connected = ConnectedPhones()
        self.connected.watch(lambda _count: self.broadcaster.mark({"room"}))
        #: The latest ``room`` value (replaced whole, so another thread may read it), and who hears of changes.
        self.room: dict[str, Any] = {}
        self.room_listeners: list[Callable[[], None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        """The aiohttp application with exactly the allowlisted routes."""
        app = web.Application(middlewares=[self.guards.middleware], client_max_size=self.limits.body_bytes)
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
                *self.hackathon.routes(),
            ]
        )
        return app

    async def start(self) -> None:
        """Load the secrets, build the first live state and follow the session's events."""
        self.loop = asyncio.get_running_loop()
        self.deliveries.loop = self.loop
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
        self.workers.close()

    # -- events from the writer thread ---------------------------------------------------------
    def _on_events_threadsafe(self, events: list[Event]) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._on_events, events)

    def _on_events(self, events: list[Event]) -> None:
        if any(event.kind is EventKind.JOINING_CHANGED for event in events):
            task = asyncio.ensure_future(self._refresh_secrets())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        topics = changed_topics(events, self.broadcaster.values.get("status", {}).get("round"))
        if topics:
            self.broadcaster.mark(topics)

    async def _refresh_secrets(self) -> None:
        hosting = await self.workers.read(self.session.hosting)
        self.join_secret = str(hosting["join_secret"])
        self.projector_secret = str(hosting["projector_secret"])

    async def _build(self, topics: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        values = await self.workers.read(state.build, self.session, topics, self.connected.ids)
        room = values.get("room", {}).get("room")
        if room is not None and room != self.room:
            self.room = room
            for listener in self.room_listeners:
                listener()
        return values

    def page(self, name: str) -> web.Response:
        """A page from the in-memory allowlist."""
        return web.Response(body=self.static[name], content_type="text/html", charset="utf-8")

    # -- phone pages and joining ---------------------------------------------------------------
    async def phone_page(self, request: web.Request) -> web.Response:
        """The phone page, for the current join secret or a phone that already joined."""
        if request.match_info["secret"] != self.join_secret:
            try:  # a joined phone (or a juror's) keeps its page after the QR changed
                await self._phone_or_juror(request)
            except Refused:
                raise web.HTTPNotFound() from None
        return self.page("phone.html")

    async def _phone_or_juror(self, request: web.Request) -> int | None:
        """The participant behind a request, ``None`` for a juror's phone, or a refusal for neither."""
        try:
            return (await self.participants.identify(request))[1]
        except Refused:
            await self.hackathon.jurors.identify(request)
            return None

    async def short_link(self, request: web.Request) -> web.Response:
        """The short code typed by hand leads to the join page."""
        if request.match_info["code"].lower() != self.urls()["short_code"]:
            raise web.HTTPNotFound()
        raise web.HTTPSeeOther(f"/w/{self.join_secret}/")

    async def join(self, request: web.Request) -> web.Response:
        """Admit a phone: a new anonymous token in an HttpOnly cookie (the page mirrors it)."""
        if request.match_info["secret"] != self.join_secret:
            raise web.HTTPNotFound()
        body = await json_body(request, self.limits)  # checked before a replay: an invalid request is never "joined"
        ticket = body.get("ticket")
        if ticket is not None and (not isinstance(ticket, str) or len(ticket) > 100):
            raise Refused(400, "invalid", "The ticket code is not valid.")
        previous = body.get("next_after")  # shared-device mode: the token of the person who used it before
        if previous is not None and (not isinstance(previous, str) or len(previous) > 100):
            raise Refused(400, "invalid", "The request was refused.")
        return await self.joins.admit(request, ticket.replace(" ", "") if ticket else None, previous)

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
        part = request.query.get("part", "")
        if part not in PARTS:
            raise web.HTTPNotFound()
        if request.headers.get(CLIENT_HEADER) and not part:
            self.room_languages[language] = self.room_languages.get(language, 0) + 1
        # As UTF-8, not \u escapes: an Arabic, Korean or Chinese phone downloads half the bytes or less.
        text = json.dumps(page_strings(language, part), ensure_ascii=False, separators=(",", ":"))
        return web.json_response(text=text)

    # -- the phone's API -----------------------------------------------------------------------
    async def me(self, request: web.Request) -> web.Response:
        """Who this phone is (anonymous id and declared profile); restores a lost cookie."""
        token, participant_id = await self.participants.identify(request)
        participant = await self.workers.read(self.session.participant_for_token, token)
        if participant is None:
            raise unknown_participant()
        response = web.json_response(
            {"participant": participant_id, "group": participant.group_id, "age_band": participant.age_band_id}
        )
        if request.cookies.get(COOKIE) != token:
            set_cookie(response, token)
        return response

    async def profile(self, request: web.Request) -> web.Response:
        """Save the optional stakeholder group and age band."""
        write = await self.writes.begin(request, keyed=False)
        group, band = whole(write.body.get("group")), whole(write.body.get("age_band"))
        if not all(value is None or is_id(value) for value in (group, band)):
            raise Refused(400, "invalid", "Group and age band must be ids or null.")
        assert (group is None or isinstance(group, int)) and (band is None or isinstance(band, int))
        participant = await self.deliveries.commit(self.session.profile_command(write.token, group, band))
        return web.json_response({"group": participant.group_id, "age_band": participant.age_band_id})

    async def phone_state(self, request: web.Request) -> web.Response:
        """Everything the phone shows, plus its own ballot in the shown round."""
        _token, participant_id = await self.participants.identify(request)
        values = await self.broadcaster.fresh()
        shown = values.get("status", {}).get("round")
        mine = None
        if shown is not None:
            ballot = await self.workers.read(self.session.ballot_of, participant_id, shown["id"])
            if ballot is not None:
                mine = {"round": ballot.round_id, "dots": {str(k): v for k, v in ballot.dots.items()}}
        return web.json_response(
            {
                **values.get("status", {}),
                **values.get("ideas", {}),
                **values.get("tally", {}),
                **values.get("hackathon", {}),
                "my_ballot": mine,
                "now": time.time(),  # the server's clock as it answers: the page's countdowns correct for theirs
            }
        )

    async def phone_events(self, request: web.Request) -> web.StreamResponse:
        """The live stream for a joined phone; the phone counts as connected while it is open."""
        participant_id = await self._phone_or_juror(request)
        self._room_for_a_stream()
        if participant_id is None:  # a juror follows the room too, but is not one of the room's phones
            return await self.broadcaster.serve(request, state.PHONE_TOPICS)
        with self.connected.holding(participant_id):
            return await self.broadcaster.serve(request, state.PHONE_TOPICS)

    def _room_for_a_stream(self) -> None:
        if self.broadcaster.subscriber_count >= self.max_subscribers:
            self.refusals.count("streams")
            raise busy(5)

    async def ballot(self, request: web.Request) -> web.Response:
        """Store the phone's whole allocation for a round; answered after the commit."""
        write = await self.writes.begin(request)
        round_id, dots = whole(write.body.get("round")), write.body.get("dots")
        if not is_id(round_id) or not isinstance(dots, dict) or len(dots) > 500:
            raise Refused(400, "invalid", "A ballot needs a round id and its dots per idea.")
        allocation: dict[int, int] = {}
        for idea, given in dots.items():
            count = whole(given)
            if not is_plain_number(idea) or len(idea) > 12 or not is_count(count):
                raise Refused(400, "invalid", "Dots must be whole numbers per idea id.")
            allocation[int(idea)] = count
        command = self.session.ballot_command(write.token, round_id, allocation, write.key)
        # The receipt's JSON (round_id, dots, spent, remaining, version) was made once, in the writer.
        return await self.deliveries.save(
            write, command, lambda receipt: web.Response(text=receipt.to_json(), content_type="application/json")
        )

    async def idea(self, request: web.Request) -> web.Response:
        """Store an idea from the phone (once per idempotency key)."""
        write = await self.writes.begin(request)
        fields = [write.body.get(name, "") for name in ("title", "description", "theme")]
        if not all(isinstance(value, str) and len(value) <= 10_000 for value in fields):
            raise Refused(400, "invalid", "Title, description and theme must be text.")
        command = self.session.phone_idea_command(write.token, fields[0], fields[1], fields[2], write.key)
        return await self.deliveries.save(write, command, lambda r: created({"idea": r.idea_id, "status": r.status}))

    async def photo(self, request: web.Request) -> web.Response:
        """Attach a photo to the phone's own idea: size-capped, re-encoded without metadata."""
        write = await self.writes.begin(request, with_body=False)
        idea_text = request.match_info["idea"]
        if not is_plain_number(idea_text) or len(idea_text) > 12:
            raise web.HTTPNotFound()
        data = await photo_body(request, self.limits)
        mime, clean, width, height = await self.workers.run(photos.reencode, data)
        command = self.session.phone_photo_command(write.token, int(idea_text), mime, clean, width, height, write.key)
        return await self.deliveries.save(
            write, command, lambda receipt: created({"photo": receipt.attachment_id, "idea": receipt.idea_id})
        )

    async def phone_photo(self, request: web.Request) -> web.Response:
        """A photo of a visible idea."""
        await self.participants.identify(request)
        return await self._photo(request)

    async def _photo(self, request: web.Request) -> web.Response:
        photo_text = request.match_info["photo"]
        if not is_plain_number(photo_text) or len(photo_text) > 12:
            raise web.HTTPNotFound()
        mime, data = await self.workers.read(self.session.public_photo, int(photo_text))
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
        values = await self.broadcaster.fresh()
        urls = self.urls()
        return web.json_response(
            {
                **values.get("status", {}),
                **values.get("ideas", {}),
                **values.get("tally", {}),
                **values.get("room", {}),
                **values.get("hackathon", {}),
                "join_url": urls["join_url"],
                "short_url": urls["short_url"],
                "room_languages": sorted(self.room_languages, key=lambda code: -self.room_languages[code])[:4],
                "now": time.time(),
            }
        )

    async def projector_events(self, request: web.Request) -> web.StreamResponse:
        """The live stream for the projector page (every topic, ``room`` too)."""
        self._projector(request)
        self._room_for_a_stream()
        return await self.broadcaster.serve(request)

    async def projector_qr(self, request: web.Request) -> web.Response:
        """The join QR code as a PNG."""
        self._projector(request)
        png = await self.workers.run(self.qr, 720)
        return web.Response(body=png, headers={"Content-Type": "image/png"})

    async def projector_photo(self, request: web.Request) -> web.Response:
        """A photo of a visible idea, for the projector."""
        self._projector(request)
        return await self._photo(request)
