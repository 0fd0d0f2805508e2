"""The projector page readable at the back of the room, measured in real headless Chromium at 1920x1080 and
1366x768: while people join the QR code is at least 40 % of the screen's height with "Scan to take part"
above it, the address to type about 5 % on one line and the title 5 %; while the room votes the QR code
steps back; during a reveal it is gone. Nothing is wider or taller than the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, _shot, browser

__all__ = ["browser"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

SCREENS = [(1920, 1080), (1366, 768)]

#: Each element's box and type as shares of the screen's height (None when it is not shown).
MEASURE = """() => {
  const h = innerHeight, box = sel => {
    const e = document.querySelector(sel);
    if (!e || e.offsetParent === null) return null;
    const r = e.getBoundingClientRect(), font = parseFloat(getComputedStyle(e).fontSize);
    return {height: r.height / h, left: r.left, right: r.right, bottom: r.bottom, font: font / h,
            lines: Math.round(r.height / parseFloat(getComputedStyle(e).lineHeight)), text: e.textContent};
  };
  return {qr: box('#qr'), address: box('#short'), title: box('h1'), scan: box('#scan'), heading: box('#wall-title'),
          width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight};
}"""


@pytest.fixture(params=SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def screen(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A projector page of one screen size."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _measure(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(MEASURE))


def _fits(page: Page, shown: dict[str, Any]) -> None:
    size = page.viewport_size
    assert size is not None
    assert shown["width"] <= size["width"] and shown["height"] <= size["height"], shown


def test_the_projector_page_is_readable_at_the_back(
    screen: Page, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """Join screen, "Vote now" and the reveal, each measured."""
    ideas = [open_session.add_idea(title) for title in ("Benches by the river", "Lights in the underpass")]
    open_session.start_phase(open_session.phases()[0].id)
    screen.goto(server.projector_url)
    screen.locator("#ideas li").nth(1).wait_for()
    screen.wait_for_function("() => document.getElementById('qr').naturalWidth > 0")
    size = screen.viewport_size
    assert size is not None
    joining = _measure(screen)
    assert joining["qr"]["height"] >= 0.40, joining["qr"]
    assert joining["scan"]["text"] == "Scan to take part" and joining["scan"]["font"] >= 0.04
    address = joining["address"]
    assert 0.045 <= address["font"] <= 0.06 and address["lines"] == 1, address
    assert address["left"] >= 0 and address["right"] <= size["width"]
    assert address["text"] == server.short_url.removeprefix("http://")
    assert joining["title"]["font"] >= 0.045 and joining["heading"]["font"] >= 0.045
    _fits(screen, joining)
    _shot(screen, f"join-{size['width']}x{size['height']}", tmp_path, prefix="projector-page-")

    vote = open_session.create_round("Which first?", [i.id for i in ideas], duration_seconds=120)
    open_session.start_round(vote.id)
    screen.locator("#vote-count").wait_for()
    voting = _measure(screen)
    assert 0.2 <= voting["qr"]["height"] < joining["qr"]["height"]
    assert voting["heading"]["font"] >= 0.06
    _fits(screen, voting)

    token = open_session.join().token
    open_session.cast_ballot(token, vote.id, {ideas[1].id: 3})
    open_session.close_round(vote.id)
    open_session.reveal_round(vote.id)
    screen.locator("#results li").nth(1).wait_for()
    revealed = _measure(screen)
    assert revealed["qr"] is None and revealed["address"] is None and revealed["scan"] is None
    assert revealed["heading"]["font"] >= 0.045
    _fits(screen, revealed)
    _shot(screen, f"reveal-{size['width']}x{size['height']}", tmp_path, prefix="projector-page-")


def test_with_joining_closed_the_counts_stay_and_the_code_goes(
    screen: Page, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """Joining closed: no QR code and no address, the head count still on screen."""
    open_session.add_idea("Benches by the river")
    open_session.set_joining(open=False)
    screen.goto(server.projector_url)
    screen.locator("#ideas li").first.wait_for()
    closed = _measure(screen)
    assert closed["qr"] is None and closed["address"] is None
    assert "Joining closed" in str(screen.locator("#joined").text_content())
    _fits(screen, closed)
