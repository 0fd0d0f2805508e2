"""Simulated phones for GUI tests: real HTTP to the running participant server, as the phone page talks."""

from __future__ import annotations

import http.client
import json
import socket
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass
class Phone:
    """One participant's phone."""

    port: int
    join_path: str
    token: str = ""
    #: The loopback address the phone connects from (Linux answers on all of 127.0.0.0/8).
    address: str = "127.0.0.1"

    def _request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(self.address, 0))
        headers = {
            "X-Workshop-Client": "1",
            "Origin": f"http://127.0.0.1:{self.port}",
            "Content-Type": "application/json",
            "Idempotency-Key": uuid.uuid4().hex,
        }
        if self.token:
            headers["X-Workshop-Token"] = self.token
        try:
            conn.request(method, path, body=json.dumps(body if body is not None else {}).encode(), headers=headers)
            response = conn.getresponse()
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
        finally:
            conn.close()

    def join(self) -> Phone:
        """Join the workshop (a new anonymous token)."""
        status, reply = self._request("POST", self.join_path + "join")
        assert status == 201, reply
        self.token = reply["token"]
        return self

    def submit_idea(self, title: str, description: str = "") -> int:
        """Send an idea; returns its id."""
        status, reply = self._request("POST", "/api/ideas", {"title": title, "description": description})
        assert status == 201, reply
        return int(reply["idea"])

    def open_stream(self) -> socket.socket:
        """Open the live stream as the page's EventSource does; the phone counts as connected until it is closed."""
        stream = socket.create_connection(("127.0.0.1", self.port), timeout=10, source_address=(self.address, 0))
        stream.sendall(
            f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nX-Workshop-Token: {self.token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        assert stream.recv(12) == b"HTTP/1.1 200"
        return stream

    def vote(self, round_id: int, dots: dict[int, int]) -> dict[str, Any]:
        """Spend dots in a round."""
        status, reply = self._request(
            "POST", "/api/ballot", {"round": round_id, "dots": {str(k): v for k, v in dots.items()}}
        )
        assert status == 200, reply
        return dict(reply)


def phone_for(join_url: str, address: str = "127.0.0.1") -> Phone:
    """A phone that scanned the QR code ``join_url`` (a server on 127.0.0.1), connecting from ``address``."""
    rest = join_url.split("://", 1)[1]
    host_port, path = rest.split("/", 1)
    return Phone(int(host_port.rsplit(":", 1)[1]), "/" + path, address=address)
