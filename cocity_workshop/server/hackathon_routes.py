"""The participant server's hackathon routes (#19): teams and their projects from team members' phones,
and the jury's score sheets and conflicts of interest from jurors' phones.

Each handler is a few lines calling the session, like those in ``app.py``; changes go through the same
prologue (``Writes.begin``: sender, idempotency key, rate, body) and the single writer
(``Deliveries``), and a 2xx is sent only after the commit. A retried change with the same key gets the
stored answer, as a ballot does.
"""

from __future__ import annotations

import collections
from typing import Any

from aiohttp import web
from aiohttp.web_routedef import RouteDef

from cocity_workshop.core.text import is_plain_number
from cocity_workshop.server import hackathon_state
from cocity_workshop.server.deliveries import Deliveries
from cocity_workshop.server.guards import Refused
from cocity_workshop.server.jurors import Jurors, set_jury_cookie, unknown_juror
from cocity_workshop.server.participants import Participants
from cocity_workshop.server.workers import Workers
from cocity_workshop.server.writes import Writes, idempotency_key, is_count, is_id, json_body, whole
from cocity_workshop.session import TeamReceipt, WorkshopSession

#: How many jury-join answers are remembered for a juror's phone that retries (kept in memory only).
JURY_REPLIES_KEPT = 500
TEXT_MAX = 10_000


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str) or len(value) > TEXT_MAX:
        raise Refused(400, "invalid", "The request was refused.")
    return value


def _team_answer(receipt: TeamReceipt, status: int = 200) -> web.Response:
    data = {
        "team": receipt.team_id,
        "name": receipt.name,
        "challenge": receipt.challenge_id,
        "members": receipt.members,
        "code": receipt.code,
    }
    return web.json_response(data, status=status)


class HackathonRoutes:
    """The handlers of the team and jury routes over one open session."""

    def __init__(
        self,
        session: WorkshopSession,
        workers: Workers,
        participants: Participants,
        writes: Writes,
        deliveries: Deliveries,
    ) -> None:
        self.session = session
        self.workers = workers
        self.participants = participants
        self.jurors = Jurors(session, workers)
        self.writes = writes
        self.deliveries = deliveries
        self._jury_replies: collections.OrderedDict[str, tuple[str, int]] = collections.OrderedDict()

    def routes(self) -> list[RouteDef]:
        """The routes, for ``ParticipantApp.make_app``."""
        get, post = web.get, web.post
        return [
            get("/api/team", self.team, allow_head=False),
            post("/api/teams", self.register_team),
            post("/api/teams/join", self.join_team),
            post("/api/project", self.project),
            post("/api/jury/join", self.join_jury),
            get("/api/jury", self.jury, allow_head=False),
            post("/api/jury/sheets", self.sheet),
            post("/api/jury/conflicts", self.conflict),
        ]

    # -- teams (participants' phones) ----------------------------------------------------------
    async def team(self, request: web.Request) -> web.Response:
        """This phone's team with its code, and the team's project as last saved (or nulls)."""
        token, _participant = await self.participants.identify(request)
        return web.json_response(await self.workers.read(hackathon_state.team_view, self.session, token))

    async def register_team(self, request: web.Request) -> web.Response:
        """Register a team from this phone, which becomes its first member's phone."""
        write = await self.writes.begin(request)
        challenge, members = whole(write.body.get("challenge")), whole(write.body.get("members", 1))
        if not is_id(challenge) or not is_count(members):
            raise Refused(400, "invalid", "A team needs a name, a challenge id and its members' count.")
        command = self.session.register_team_command(
            write.token, _text(write.body, "name"), challenge, members, write.key
        )
        return await self.deliveries.save(write, command, lambda receipt: _team_answer(receipt, 201))

    async def join_team(self, request: web.Request) -> web.Response:
        """Join a team by the code on a teammate's phone (joining it again answers the same)."""
        write = await self.writes.begin(request, keyed=False)
        command = self.session.join_team_command(write.token, _text(write.body, "code"))
        return _team_answer(await self.deliveries.commit(command))

    async def project(self, request: web.Request) -> web.Response:
        """Store this phone's team's whole project (refused if a teammate saved since ``base_version``)."""
        write = await self.writes.begin(request)
        base = whole(write.body.get("base_version"))
        if base is not None and not is_count(base):
            raise Refused(400, "invalid", "The request was refused.")
        title, description, link = (_text(write.body, name) for name in ("title", "description", "link"))
        command = self.session.team_project_command(write.token, title, description, link, write.key, base)
        return await self.deliveries.save(
            write,
            command,
            lambda r: web.json_response({"project": r.project_id, "team": r.team_id, "version": r.version}),
        )

    # -- the jury (jurors' phones) -------------------------------------------------------------
    async def join_jury(self, request: web.Request) -> web.Response:
        """Admit a juror's phone with a jury ticket; a retry with the same key gets the same token."""
        key = idempotency_key(request)
        earlier = self._jury_replies.get(key)
        if earlier is not None:
            return _jury_joined(*earlier)
        body = await json_body(request, self.writes.limits)
        ticket = body.get("ticket")
        if not isinstance(ticket, str) or not 1 <= len(ticket) <= 100:
            raise Refused(400, "invalid", "The ticket code is not valid.")

        async def run() -> web.Response:
            result = await self.deliveries.commit(self.session.join_jury_command(ticket.replace(" ", "")))
            self._jury_replies[key] = (result.token, result.juror.number)
            while len(self._jury_replies) > JURY_REPLIES_KEPT:
                self._jury_replies.popitem(last=False)
            return _jury_joined(result.token, result.juror.number)

        return await self.deliveries.once("jury", key, run)

    async def jury(self, request: web.Request) -> web.Response:
        """What this juror's phone shows: criteria, projects, the juror's own sheets and conflicts."""
        token, _number = await self.jurors.identify(request)
        view = await self.workers.read(hackathon_state.jury_view, self.session, token)
        if view is None:
            raise unknown_juror()
        return web.json_response(view)

    async def sheet(self, request: web.Request) -> web.Response:
        """Store this juror's whole sheet for a project (scores per criterion and a comment)."""
        write = await self.writes.begin(request, identify=self.jurors.identify)
        project, scores = whole(write.body.get("project")), write.body.get("scores", {})
        if not is_id(project) or not isinstance(scores, dict) or len(scores) > 100:
            raise Refused(400, "invalid", "A score sheet needs a project id and its scores per criterion.")
        checked: dict[int, int] = {}
        for criterion, value in scores.items():
            score = whole(value)
            if not is_plain_number(criterion) or len(criterion) > 12 or not is_count(score):
                raise Refused(400, "invalid", "Scores must be whole numbers per criterion id.")
            checked[int(criterion)] = score
        command = self.session.score_command(write.token, project, checked, _text(write.body, "comment"), write.key)
        return await self.deliveries.save(
            write, command, lambda receipt: web.Response(text=receipt.to_json(), content_type="application/json")
        )

    async def conflict(self, request: web.Request) -> web.Response:
        """Declare (or withdraw) this juror's conflict of interest with a team."""
        write = await self.writes.begin(request, identify=self.jurors.identify)
        team, conflicted = whole(write.body.get("team")), write.body.get("conflicted", True)
        if not is_id(team) or not isinstance(conflicted, bool):
            raise Refused(400, "invalid", "A conflict of interest needs a team id and true or false.")
        command = self.session.conflict_command(write.token, team, conflicted, write.key)
        return await self.deliveries.save(
            write, command, lambda receipt: web.Response(text=receipt.to_json(), content_type="application/json")
        )


def _jury_joined(token: str, number: int) -> web.Response:
    response = web.json_response({"token": token, "juror": number}, status=201)
    set_jury_cookie(response, token)
    return response
