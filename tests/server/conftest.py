"""Fixtures for the participant server: a served workshop on 127.0.0.1 and a plain HTTP client for it."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.session import WorkshopSession

#: Limits wide enough for tests whose many "phones" all come from 127.0.0.1.
WIDE = Limits(
    requests_per_address=1_000_000,
    writes_per_participant=1_000_000,
    joins_per_address=1_000_000,
    connections_per_address=2000,
    connections_total=4000,
)


@dataclass
class Reply:
    """One HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


@dataclass
class Client:
    """Talks to one running server like the phone page does (Origin, client header, token header)."""

    server: ParticipantServer
    token: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    #: The loopback address the phone sends from (Linux answers on all of 127.0.0.0/8), or any.
    address: str | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        content_type: str = "application/json",
        key: str | None = None,
    ) -> Reply:
        source = (self.address, 0) if self.address else None
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10, source_address=source)
        sent = {"X-Workshop-Client": "1", "Origin": self.origin, **self.extra}
        if self.token:
            sent["X-Workshop-Token"] = self.token
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            sent["Content-Type"] = content_type
        if key is not None:
            sent["Idempotency-Key"] = key
        sent.update(headers or {})
        sent = {k: v for k, v in sent.items() if v is not None}
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            return Reply(response.status, dict(response.getheaders()), response.read())
        finally:
            conn.close()

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, body, **kwargs)

    def join(self, ticket: str | None = None) -> Client:
        """Join as a new phone; returns a client carrying the new token."""
        path = "/" + self.server.join_url.split("/", 3)[3] + "join"
        reply = Client(self.server, address=self.address).post(path, {"ticket": ticket} if ticket else {})
        assert reply.status == 201, reply.body
        return Client(self.server, reply.json["token"], address=self.address)


@pytest.fixture
def open_session(session: WorkshopSession) -> WorkshopSession:
    """A fresh workshop with joining open."""
    session.set_joining(open=True)
    return session


@pytest.fixture
def server(open_session: WorkshopSession) -> Iterator[ParticipantServer]:
    """The participant server for ``open_session`` on 127.0.0.1 (a free port), with wide limits."""
    served = ParticipantServer(open_session, "127.0.0.1", 0, limits=WIDE)
    served.start()
    yield served
    served.stop()


@pytest.fixture
def client(server: ParticipantServer) -> Client:
    """A client that has not joined."""
    return Client(server)


@pytest.fixture
def phone(client: Client) -> Client:
    """A client that joined."""
    return client.join()


def _wait_for(predicate: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.fixture
def wait_for() -> Any:
    """``wait_for(predicate, timeout)``: poll until the predicate is truthy (live state follows commits)."""
    return _wait_for
