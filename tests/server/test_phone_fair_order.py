"""Fair ballots, in real headless Chromium: each phone lists the ballot's ideas in its own order, stable
across redraws and reloads and covering every idea, so the first ideas on the list are not favoured."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, browser

__all__ = ["browser"]  # the module's Chromium, shared from the phone page tests
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

TITLES = [f"Idea number {n}" for n in range(1, 9)]


def _listed(page: Page) -> list[str]:
    page.locator("#ballot li").nth(len(TITLES) - 1).wait_for()
    titles = "[...document.querySelectorAll('#ballot li .name > span:first-child')].map(s => s.textContent)"
    return page.evaluate(titles)


def test_each_phone_has_its_own_stable_order_of_the_ballot(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """Three phones: each lists all eight ideas, in an order of its own that a tap and a reload keep."""
    ideas = [open_session.add_idea(title) for title in TITLES]
    phones = []
    for _ in range(3):
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="en-GB")
        phone = Watched(context)
        phone.page.goto(server.join_url)
        phone.page.locator("#join-btn").click()
        phone.page.locator("#ideas .t").first.wait_for()
        phones.append(phone)
    vote = open_session.create_round("Round 1", [i.id for i in ideas], dots_per_participant=3, max_per_idea=3)
    open_session.start_round(vote.id)
    orders = []
    for phone in phones:
        order = _listed(phone.page)
        assert sorted(order) == sorted(TITLES)
        first = order[0]
        phone.page.get_by_role("button", name=f"Add a dot to “{first}”", exact=True).click()
        phone.page.wait_for_function("() => document.querySelector('#vote-status').className.includes('saved')")
        assert _listed(phone.page) == order  # a tap redraws the list in the same order
        phone.page.reload()
        assert _listed(phone.page) == order  # and so does a reload
        orders.append(order)
    assert len({tuple(order) for order in orders}) > 1, orders  # not one order for the whole room
    assert any(order != TITLES for order in orders)  # not the order the ideas were typed in
    for phone in phones:
        assert phone.real_errors() == []
        phone.context.close()
