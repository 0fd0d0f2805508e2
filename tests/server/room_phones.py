"""Phones for room-sized tests: each from its own loopback address, speaking HTTP/1.1 on asyncio streams.

Light enough that 300 of them run in one test on a 2-core machine. Each holds a keep-alive connection
for its requests and a second one for its live stream, as the phone page's ``fetch`` and ``EventSource``
do.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


def phone_address(index: int) -> str:
    """A distinct loopback address for phone ``index`` (Linux answers on all of 127.0.0.0/8)."""
    return f"127.{1 + index // 62500}.{index // 250 % 250}.{index % 250 + 1}"


class RoomPhone:
    """One phone: joins over HTTP, holds its live stream, sends ballots on a keep-alive connection."""

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.token = ""
        self.events = 0  # data frames received on the stream
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._stream: asyncio.Task[None] | None = None
        self.streaming = asyncio.Event()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.port, local_addr=(self.address, 0))

    async def request(self, method: str, path: str, body: Any = None, key: str | None = None) -> tuple[int, Any]:
        """One request on the keep-alive connection (opened again if the server closed it)."""
        data = b"" if body is None else json.dumps(body).encode()
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Origin: {self.origin}",
            "X-Workshop-Client: 1",
            "Content-Type: application/json",
            f"Content-Length: {len(data)}",
        ]
        if self.token:
            head.append(f"X-Workshop-Token: {self.token}")
        if key:
            head.append(f"Idempotency-Key: {key}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode() + data
        for attempt in range(2):  # like the phone page: a request on a socket closed under it is resent
            if self._writer is None or self._writer.is_closing():
                self._reader, self._writer = await self._connect()
            assert self._reader is not None
            try:
                self._writer.write(message)
                head_bytes = await self._reader.readuntil(b"\r\n\r\n")
                break
            except (ConnectionError, asyncio.IncompleteReadError):
                self._writer.close()
                self._writer = None
                if attempt:
                    raise
        lines = head_bytes.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        length = int(headers.get("content-length", "0"))
        payload = await self._reader.readexactly(length)
        if headers.get("connection", "").lower() == "close":
            self._writer.close()
            self._writer = None
        return int(lines[0][9:12]), json.loads(payload) if payload else None

    async def join(self, join_path: str) -> int:
        """Join as a new participant; the HTTP status."""
        status, answer = await self.request("POST", join_path, {})
        if status == 201:
            self.token = answer["token"]
        return status

    def open_stream(self) -> None:
        """Open the live stream in the background (``streaming`` is set at its first event)."""
        self._stream = asyncio.create_task(self._hold_stream())

    async def _hold_stream(self) -> None:
        reader, writer = await self._connect()
        writer.write(
            f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nX-Workshop-Token: {self.token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                return
            while chunk := await reader.read(65536):
                self.events += chunk.count(b"\ndata:") + chunk.startswith(b"data:")
                self.streaming.set()
        finally:
            writer.close()

    async def close(self) -> None:
        if self._stream is not None:
            self._stream.cancel()
            await asyncio.gather(self._stream, return_exceptions=True)
        if self._writer is not None:
            self._writer.close()
