"""How many people may join from one address: a bucket that refills, not a count for the server's life.

A shared tablet at the door, a phone that cleared its storage or a venue network that puts every phone
behind one address all join several times from one address. Each address may join ``burst`` times at
once and gains one more join every ``refill_seconds``; the refusal says how long to wait, and that is
true. A join that fails (joining closed, a bad ticket) gives its place back. Joins with a ticket are not
counted: the ticket itself limits them to one person each.

``Joins`` admits a phone: it applies the bucket, replays the answer to a join retried with the same key,
and lets the next person on a shared device in on the previous person's token.
"""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Callable

from aiohttp import web

from cocity_workshop.core.errors import DomainError
from cocity_workshop.i18n import N_
from cocity_workshop.server.deliveries import Deliveries
from cocity_workshop.server.guards import ERROR_STATUS, Refused, language
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.participants import Participants, set_cookie
from cocity_workshop.server.refusals import Refusals
from cocity_workshop.server.workers import Workers
from cocity_workshop.server.writes import idempotency_key

#: How many join answers are remembered for phones that retry a join (the oldest are forgotten first).
JOIN_REPLIES_KEPT = 5000


class JoinBuckets:
    """One refilling bucket of joins per address (in memory only)."""

    def __init__(self, burst: int, refill_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = float(burst)
        self.refill_seconds = refill_seconds
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def _level(self, address: str, now: float) -> float:
        tokens, stamp = self._buckets.get(address, (self.burst, now))
        return min(self.burst, tokens + (now - stamp) / self.refill_seconds)

    def take(self, address: str) -> bool:
        """Use one join for ``address``; ``False`` when its bucket is empty."""
        now = self._clock()
        tokens = self._level(address, now)
        if tokens < 1.0:
            self._buckets[address] = (tokens, now)
            return False
        self._buckets[address] = (tokens - 1.0, now)
        if len(self._buckets) > 4096:
            self._forget_full(now)
        return True

    def give_back(self, address: str) -> None:
        """Undo one ``take`` (the join did not admit anyone)."""
        now = self._clock()
        self._buckets[address] = (min(self.burst, self._level(address, now) + 1.0), now)

    def retry_after(self, address: str) -> int:
        """Whole seconds until ``address`` may join again (at least 1)."""
        missing = 1.0 - self._level(address, self._clock())
        return max(1, math.ceil(missing * self.refill_seconds))

    def _forget_full(self, now: float) -> None:
        full = [address for address in self._buckets if self._level(address, now) >= self.burst]
        for address in full:
            del self._buckets[address]


class Joins:
    """Admits phones: one anonymous token each, in an HttpOnly cookie."""

    def __init__(
        self,
        limits: Limits,
        workers: Workers,
        participants: Participants,
        deliveries: Deliveries,
        refusals: Refusals,
    ) -> None:
        self.session = participants.session
        self.workers = workers
        self.participants = participants
        self.deliveries = deliveries
        self.refusals = refusals
        self.buckets = JoinBuckets(limits.joins_per_address, limits.join_refill_seconds)
        #: Tokens whose device was passed on to the next person (shared-device mode), in memory only.
        self._handed_on: set[str] = set()
        #: Join answers by the phone's retry key, so a join whose answer was lost is not a second person.
        self._replies: collections.OrderedDict[str, tuple[str, int]] = collections.OrderedDict()

    async def admit(self, request: web.Request, ticket: str | None, previous: str | None) -> web.Response:
        """Admit the phone (with its ``ticket``, or as the next person after ``previous``), once per retry key."""
        if request.headers.get("Idempotency-Key") is None:
            return await self._join(request, ticket, previous, None)
        key = idempotency_key(request)
        earlier = self._replies.get(key)
        if earlier is not None:  # the phone never heard the first answer: give it the same token again
            return joined(*earlier)
        return await self.deliveries.once("join", key, lambda: self._join(request, ticket, previous, key))

    async def _hands_on(self, previous: str | None) -> bool:
        """Whether this join is the next person on a shared device: shared-device mode is on and ``previous``
        is a participant's token not handed on before (so each person passes the device on once)."""
        if previous is None or previous in self._handed_on:
            return False
        joining = await self.workers.read(self.session.joining)
        if not joining.shared_device:
            return False
        return await self.participants.exists(previous)

    async def _join(
        self, request: web.Request, ticket: str | None, previous: str | None, key: str | None
    ) -> web.Response:
        address = request.remote or ""
        # A ticket admits one person by itself, and the next person on a shared device is let in by the
        # one before: neither is counted against the address.
        handed_on = await self._hands_on(previous)
        counted = ticket is None and not handed_on
        if counted and not self.buckets.take(address):
            self.refusals.count("joins_per_address")
            wait = self.buckets.retry_after(address)
            raise Refused(
                429,
                "busy",
                N_("Several people have just joined from this device or network. Try again in {seconds} s."),
                {"Retry-After": str(wait)},
                {"seconds": wait},
            )
        try:
            # Through the writer's queue, not a blocking thread: phones joining at once share a commit.
            result = await self.deliveries.commit(self.session.join_command(ticket))
        except DomainError as error:
            if counted:
                self.buckets.give_back(address)
            joining = await self.workers.read(self.session.joining)
            return web.json_response(
                {"error": error.code, "message": error.message(language(request)), "ticket": joining.ticket_mode},
                status=ERROR_STATUS.get(error.code, 409),
            )
        except Exception:  # whatever went wrong, no phone joined: the place is this address's again
            if counted:
                self.buckets.give_back(address)
            raise
        self.participants.remember(result.token, result.participant.id)
        if handed_on and previous is not None:
            self._handed_on.add(previous)
        if key is not None:  # kept in memory only, briefly: never in the workshop file or a log
            self._replies[key] = (result.token, result.participant.id)
            while len(self._replies) > JOIN_REPLIES_KEPT:
                self._replies.popitem(last=False)
        return joined(result.token, result.participant.id)


def joined(token: str, participant_id: int) -> web.Response:
    """The answer to a join: the phone's token and id, and its cookie."""
    response = web.json_response({"token": token, "participant": participant_id}, status=201)
    set_cookie(response, token)
    return response
