"""A round's countdown in real headless Chromium: the phone (390x844) and the projector page (1920x1080) count
down to the same moment whatever their own clocks say, warn in the last minute, and the app, not a page,
closes a round that closes itself at zero."""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.core.model import RoundState
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, _axe, _join_url_from_qr, _shot, browser

__all__ = ["browser"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

#: The phone's clock is an hour and a bit fast, the projector's twenty minutes slow: the countdowns must not care.
PHONE_SKEW_MS = 3_723_000
PROJECTOR_SKEW_MS = -1_200_000


def _skewed(ms: int) -> str:
    return f"(() => {{ const now = Date.now; Date.now = () => now() + {ms}; }})()"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Watched]:
    """A 390x844 phone whose clock is wrong."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.add_init_script(_skewed(PHONE_SKEW_MS))
    yield Watched(context)
    context.close()


@pytest.fixture
def projector(browser: Browser) -> Iterator[Watched]:
    """A 1920x1080 projector page whose clock is wrong too."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    context.add_init_script(_skewed(PROJECTOR_SKEW_MS))
    yield Watched(context)
    context.close()


def _seconds(text: str) -> int:
    minutes, seconds = re.search(r"(\d+):(\d\d)", text).groups()  # type: ignore[union-attr]
    return int(minutes) * 60 + int(seconds)


def _clock(page: Page) -> str:
    return str(page.locator("#vote-clock").text_content())


def test_phone_and_projector_count_down_warn_and_the_app_closes_the_round(
    phone: Watched, projector: Watched, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """A round of 62 s that closes itself: both pages say about 62 s left although their clocks are off by an
    hour and twenty minutes; in the last minute both warn; the facilitator shortens it to end in a second:
    both say time is up, the session (its writer) closes the round, and the phone's ballot card goes."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(2)]
    vote = open_session.create_round("Timed", [i.id for i in ideas], duration_seconds=62, closes_itself=True)
    page, screen = phone.page, projector.page
    page.goto(_join_url_from_qr(server))
    page.get_by_role("button", name="Join the workshop").click()
    page.locator("#ideas li").nth(1).wait_for()
    screen.goto(server.projector_url)
    screen.locator("#ideas li").nth(1).wait_for()
    assert screen.locator("#vote-clock").is_hidden()

    opened = open_session.start_round(vote.id)
    for shown in (page, screen):
        shown.wait_for_function("() => /Voting ends in 1:0\\d/.test(document.getElementById('vote-clock').textContent)")
    left = opened.closes_at - time.time()  # type: ignore[operator]
    for shown in (page, screen):
        assert abs(_seconds(_clock(shown)) - left) <= 2, _clock(shown)
        assert "warn" not in str(shown.locator("#vote-clock").get_attribute("class"))
    assert _axe(page) == []

    for shown in (page, screen):
        shown.wait_for_function(
            "() => document.getElementById('vote-clock').textContent.startsWith('Last minute! Voting ends in 0:')",
            timeout=8000,
        )
        assert "warn" in str(shown.locator("#vote-clock").get_attribute("class"))
    page.get_by_role("button", name="Add a dot to “Idea 0”").click()
    page.get_by_text("Your vote is saved.").wait_for()
    _shot(page, "vote-countdown", tmp_path)
    _shot(screen, "vote-countdown", tmp_path, prefix="projector-page-")

    ran = math.ceil(time.time() - (opened.opened_at or 0.0))
    open_session.set_round_timer(vote.id, ran + 1, closes_itself=True)  # ends about a second from now
    deadline = time.monotonic() + 8
    while open_session.vote_round(vote.id).state is RoundState.OPEN and time.monotonic() < deadline:
        time.sleep(0.05)
    closed = open_session.vote_round(vote.id)
    assert closed.state is RoundState.CLOSED
    assert closed.closed_at is not None and closed.closed_at >= (closed.opened_at or 0) + ran + 1 - 0.01
    page.locator("#s-vote").wait_for(state="hidden")
    screen.locator("#vote-clock").wait_for(state="hidden")
    assert open_session.tally(vote.id).ballots == 1
    assert phone.real_errors() == [] and projector.real_errors() == []


def test_a_countdown_that_does_not_close_says_time_is_up(
    phone: Watched, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """At zero a round that does not close itself stays open: the phone says time is up and still takes a dot."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(2)]
    vote = open_session.create_round("Soft", [i.id for i in ideas], duration_seconds=1)
    open_session.start_round(vote.id)
    page = phone.page
    page.goto(_join_url_from_qr(server))
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_function("() => document.getElementById('vote-clock').textContent === 'Time is up'")
    page.get_by_role("button", name="Add a dot to “Idea 1”").click()
    page.get_by_text("Your vote is saved.").wait_for()
    assert open_session.vote_round(vote.id).state is RoundState.OPEN
    assert phone.real_errors() == []
