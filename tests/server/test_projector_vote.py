"""The projector page's "Vote now" screen in real headless Chromium at 1920x1080: the open round's name and
"N of M have voted" live (M: the phones connected now and those that voted), nothing of a hidden tally."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.core.model import ResultsMode
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.conftest import Client
from tests.server.test_phone_browser import CHROMIUM, Watched, _shot, browser

__all__ = ["browser"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Round “A”"


@pytest.fixture
def projector(browser: Browser) -> Iterator[Watched]:
    """A 1920x1080 projector page."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    yield Watched(context)
    context.close()


def _stream(server: ParticipantServer, token: str, address: str) -> socket.socket:
    """A phone's live stream from its own loopback address, held open until closed."""
    stream = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=(address, 0))
    stream.sendall(
        f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Workshop-Token: {token}\r\n\r\n".encode()
    )
    assert stream.recv(12) == b"HTTP/1.1 200"
    return stream


def _count(page: Page, text: str) -> None:
    page.wait_for_function("t => document.getElementById('vote-count').textContent === t", arg=text)


def test_vote_now_counts_the_room_and_hides_the_tally(
    projector: Watched, server: ParticipantServer, open_session: WorkshopSession, client: Client, tmp_path: Path
) -> None:
    """Three phones connected, a round with hidden results opens: "0 of 3"; two vote: "2 of 3"; the one that
    did not vote leaves: "2 of 2"; a voter leaves too: still "2 of 2". No dot count, bar or idea is on screen
    until the reveal; the round's name is shown as typed."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(3)]
    vote = open_session.create_round(HOSTILE_TITLE, [i.id for i in ideas], results_mode=ResultsMode.HIDDEN)
    phones = [client.join() for _ in range(3)]
    streams = [_stream(server, phone.token or "", f"127.0.21.{n + 1}") for n, phone in enumerate(phones)]
    page = projector.page
    try:
        page.goto(server.projector_url)
        page.locator("#ideas li").nth(2).wait_for()
        assert page.locator("#vote-count").is_hidden()
        open_session.start_round(vote.id)
        _count(page, "0 of 3 have voted")
        assert page.locator("#wall-title").text_content() == f"Vote: {HOSTILE_TITLE}"
        assert page.locator("#vote-call").text_content() == "Vote now on your phone"
        assert page.locator("#ideas").is_hidden() and page.locator("#results").is_hidden()
        for n, phone in enumerate(phones[:2]):
            body = {"round": vote.id, "dots": {str(ideas[0].id): 2, str(ideas[1].id): 1}}
            assert phone.post("/api/ballot", body, key=f"vote-now-key-{n}").status == 200
        _count(page, "2 of 3 have voted")
        _shot(page, "vote-now", tmp_path, prefix="projector-page-")
        shown = page.locator("main").inner_text()
        assert "dot" not in shown and "Idea 0" not in shown
        streams[2].close()
        _count(page, "2 of 2 have voted")
        streams[0].close()
        page.wait_for_timeout(300)
        _count(page, "2 of 2 have voted")

        open_session.close_round(vote.id)
        page.locator("#vote-count").wait_for(state="hidden")
        assert page.locator("#ideas").is_visible() and page.locator("#results").is_hidden()
        open_session.reveal_round(vote.id)
        page.locator("#results li").nth(1).wait_for()
        assert "4 dots" in page.locator("#results").inner_text()
    finally:
        for stream in streams:
            stream.close()
    assert projector.dialogs == [] and projector.real_errors() == []


def test_a_live_round_shows_the_count_above_its_tally(
    projector: Watched, server: ParticipantServer, open_session: WorkshopSession, client: Client
) -> None:
    """With live results the tally shows while the round is open, with "N of M have voted" above it."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(2)]
    vote = open_session.create_round("Live", [i.id for i in ideas], results_mode=ResultsMode.LIVE)
    open_session.start_round(vote.id)
    phone = client.join()
    stream = _stream(server, phone.token or "", "127.0.22.1")
    page = projector.page
    try:
        page.goto(server.projector_url)
        _count(page, "0 of 1 have voted")
        reply = phone.post("/api/ballot", {"round": vote.id, "dots": {str(ideas[1].id): 3}}, key="live-key-1")
        assert reply.status == 200
        _count(page, "1 of 1 has voted")
        page.locator("#results li").nth(1).wait_for()
        assert page.locator("#vote-call").is_hidden()
        assert "3 dots" in page.locator("#results").inner_text()
    finally:
        stream.close()
    assert projector.real_errors() == []
