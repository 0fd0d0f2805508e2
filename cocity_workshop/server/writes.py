"""What every change from a phone checks first: who sends it, its idempotency key, its rate and its body.

``Writes.begin`` is that prologue, in that order, so a route that changes something starts with one line
and goes on to check its own fields (with ``whole``, ``is_id`` and ``is_count``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from aiohttp import web

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.request_keys import request_key_length_ok
from cocity_workshop.server.guards import Refused, busy
from cocity_workshop.server.limits import Limits, TokenBuckets
from cocity_workshop.server.participants import Participants

#: Finds who sent a request: their token and id (or a refusal).
Identify = Callable[[web.Request], Awaitable[tuple[str, int]]]


@dataclass(frozen=True)
class Write:
    """A change that passed the prologue: the sender's token, its idempotency key and its JSON body."""

    token: str
    key: str = ""  # empty for a change that needs none (the profile)
    body: dict[str, Any] = field(default_factory=dict)  # empty for a change with its own body (a photo)


class Writes:
    """The prologue of every change, with the per-participant write budget."""

    def __init__(self, limits: Limits, participants: Participants) -> None:
        self.limits = limits
        self.participants = participants
        self.rate = TokenBuckets(limits.writes_per_participant, limits.window_seconds)

    async def begin(
        self, request: web.Request, *, keyed: bool = True, with_body: bool = True, identify: Identify | None = None
    ) -> Write:
        """The sender, then its key (unless ``keyed`` is off), its rate, then its JSON body (if ``with_body``).

        The sender is a participant unless ``identify`` finds another kind (a juror).
        """
        token, _sender = await (identify or self.participants.identify)(request)
        key = idempotency_key(request) if keyed else ""
        if not self.rate.allow(token):
            raise busy(self.rate.retry_after(token))
        body = await json_body(request, self.limits) if with_body else {}
        return Write(token, key, body)


def idempotency_key(request: web.Request) -> str:
    """The ``Idempotency-Key`` every change must carry."""
    key = request.headers.get("Idempotency-Key", "")
    if not request_key_length_ok(key) or not key.isascii() or not key.isprintable():
        raise Refused(400, "invalid", "Every change needs an Idempotency-Key header (8 to 100 characters).")
    return key


async def json_body(request: web.Request, limits: Limits) -> dict[str, Any]:
    """The request's JSON object (size-capped, read within the request deadline)."""
    if request.content.is_eof():  # the whole body is already here (the usual case): take it as it is
        raw = request.content.read_nowait()  # (``request.read()`` costs a ballot's SQL in coroutine steps)
        if len(raw) > limits.body_bytes:
            raise Refused(413, "too_large", "The request is too large.")
    else:
        try:
            async with asyncio.timeout(limits.request_seconds):
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
        scalar = b"\\u" not in raw or all_scalar_values(data)  # only a \u escape can carry a lone surrogate
    except RecursionError:
        raise Refused(400, "invalid", "The request is not valid JSON.") from None
    if not scalar:
        raise Refused(400, "invalid", "The request holds text that is not valid Unicode (a lone surrogate).")
    return data


async def photo_body(request: web.Request, limits: Limits) -> bytes:
    """The photo a request carries (size-capped while it arrives, read within the request deadline)."""
    data = bytearray()
    try:
        async with asyncio.timeout(limits.request_seconds):
            async for chunk in request.content.iter_chunked(64 * 1024):
                data.extend(chunk)
                if len(data) > limits.photo_bytes:
                    raise Refused(413, "too_large", "The photo is too large.")
    except TimeoutError:
        raise Refused(408, "timeout", "The request took too long.") from None
    if not data:
        raise InvalidInput("This file is not a photo we can read.")
    return bytes(data)


def all_scalar_values(value: object) -> bool:
    """Whether every string in a parsed JSON value (keys too) is made of Unicode scalar values only."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(all_scalar_values(k) and all_scalar_values(v) for k, v in value.items())
    if isinstance(value, list):
        return all(all_scalar_values(v) for v in value)
    return True


def whole(value: object) -> object:
    """A JSON number with no fraction as an ``int`` (JSON, and the description, do not tell 3 from 3.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def is_id(value: object) -> TypeGuard[int]:
    """Whether ``value`` can be a row id (a JSON whole number SQLite can hold; never a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def is_count(value: object) -> TypeGuard[int]:
    """Whether ``value`` can be a number of dots (the rules then check the budget and the cap)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**31) < value < 2**31
