"""The phone page in real Chromium against the shipped limits: how many connections it holds, and a tap
whose connection closed under it is sent again at once."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Route

from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.capacity import CONNECTIONS_PER_PHONE
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, browser, phone_context

__all__ = ["browser", "phone_context"]  # the fixtures, shared with the other browser tests

pytestmark = pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="no chromium")


@pytest.fixture
def shipped(open_session: WorkshopSession) -> Iterator[ParticipantServer]:
    """The participant server with its shipped limits."""
    with ParticipantServer(open_session, "127.0.0.1", 0) as served:
        yield served


def _voting_phone(context: BrowserContext, server: ParticipantServer, session: WorkshopSession) -> Watched:
    ideas = [session.add_idea(f"Idea {n}") for n in range(3)]
    voting = session.create_round("Round", [i.id for i in ideas], dots_per_participant=4, max_per_idea=2)
    session.start_round(voting.id)
    phone = Watched(context)
    phone.page.goto(server.join_url)
    phone.page.get_by_role("button", name="Join the workshop").click()
    phone.page.get_by_role("heading", name="Vote: Round").wait_for()
    return phone


def _add_dot(phone: Watched) -> None:
    phone.page.get_by_role("button", name="Add a dot to “Idea 0”", exact=True).click()


def test_a_phone_holds_at_most_the_connections_the_caps_assume(
    phone_context: BrowserContext, shipped: ParticipantServer, open_session: WorkshopSession
) -> None:
    """Measured: after joining, with its live stream open and a ballot sent, Chromium holds this many."""
    phone = _voting_phone(phone_context, shipped, open_session)
    _add_dot(phone)
    phone.page.get_by_text("Your vote is saved.").wait_for()
    held = shipped.connections
    print(f"Chromium phone holds {held} connections (stream + fetch keep-alive)")
    assert 2 <= held <= CONNECTIONS_PER_PHONE
    assert shipped.stats["subscribers"] == 1


def test_a_ballot_on_a_closed_connection_is_resent_at_once(
    phone_context: BrowserContext, shipped: ParticipantServer, open_session: WorkshopSession
) -> None:
    """The first ballot request dies with the connection closed and no answer: the page sends it again at
    once (not after the backoff of at least 250 ms), with the same key, and the vote is stored once."""
    phone = _voting_phone(phone_context, shipped, open_session)
    seen: list[tuple[float, str]] = []

    def ballot(route: Route) -> None:
        seen.append((time.monotonic(), route.request.headers.get("idempotency-key", "")))
        if len(seen) == 1:
            route.abort("connectionclosed")
        else:
            route.continue_()

    phone.page.route("**/api/ballot", ballot)
    _add_dot(phone)
    phone.page.get_by_text("Your vote is saved.").wait_for()
    assert len(seen) == 2 and seen[0][1] == seen[1][1]
    gap_ms = (seen[1][0] - seen[0][0]) * 1000
    assert gap_ms < 240, gap_ms
    assert len(open_session.ballots()) == 1
