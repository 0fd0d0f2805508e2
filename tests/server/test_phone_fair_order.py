"""The ballot on a real phone page (headless Chromium): each phone lists the ideas in its own order, stable
across redraws and reloads and covering every idea, so the first ideas on the list are not favoured."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, _shot, browser

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


def test_orders_are_spread_over_the_room(browser: Browser, server: ParticipantServer) -> None:
    """The phone page's own ordering, for 2,000 phones and eight ideas: nearly every phone has an order of its
    own and each idea comes first for about an eighth of the room (FNV-1a alone gave some 50 orders)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.join_url)
    page.wait_for_function("() => typeof CoCityFair === 'object'")
    orders = page.evaluate(
        """(() => { const out = [];
             for (let n = 0; n < 2000; n++) {
               const bytes = crypto.getRandomValues(new Uint8Array(16));
               const token = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
               out.push(CoCityFair.order([1, 2, 3, 4, 5, 6, 7, 8], 3, token));
             }
             return out; })()"""
    )
    context.close()
    assert len({tuple(order) for order in orders}) > 1900
    firsts = Counter(order[0] for order in orders)
    assert set(firsts) == set(range(1, 9))
    assert all(180 <= count <= 320 for count in firsts.values()), firsts  # 250 expected, about 15 either side


def test_at_twice_the_text_size_a_ballot_row_keeps_its_count_on_one_line(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """200 % text on a 360 px phone: "3 dots" never breaks letter by letter, titles wrap by whole words, and
    nothing is wider than the screen."""
    long_title = "Community garden behind the elementary school with benches"
    ideas = [open_session.add_idea(long_title), open_session.add_idea("Trees")]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="en-GB")
    phone = Watched(context)
    page = phone.page
    page.goto(server.join_url)
    page.locator("#join-btn").click()
    page.locator("#ideas .t").first.wait_for()
    # The phone's text size at 200 % (through the CSS object model: the page's CSP allows no inline style).
    page.evaluate("document.documentElement.style.setProperty('font-size', '200%', 'important')")
    vote = open_session.create_round("Round 1", [i.id for i in ideas], dots_per_participant=5, max_per_idea=5)
    open_session.start_round(vote.id)
    page.locator("#ballot li").nth(1).wait_for()
    page.get_by_role("button", name=f"Add a dot to “{long_title}”", exact=True).click()
    rows = page.evaluate(
        """[...document.querySelectorAll('#ballot li')].map(li => {
             const dots = li.querySelector('.dots'), title = li.querySelector('.name > span:first-child');
             const line = parseFloat(getComputedStyle(dots).fontSize) * 1.6;
             const words = title.textContent.split(' ').map(w => {
               const probe = document.createElement('span');
               probe.textContent = w; probe.style.whiteSpace = 'nowrap';
               title.parentElement.appendChild(probe);
               const wide = probe.getBoundingClientRect().width; probe.remove(); return wide;
             });
             return {dotsHeight: dots.getBoundingClientRect().height, line,
                     nameWidth: li.querySelector('.name').getBoundingClientRect().width,
                     widestWord: Math.max(...words), right: li.getBoundingClientRect().right};
           })"""
    )
    sticky = page.evaluate(
        "(() => { const bar = document.querySelector('#s-vote .sticky'); return [getComputedStyle(bar).position,"
        " bar.getBoundingClientRect().height / innerHeight]; })()"
    )
    assert sticky[0] == "static" or sticky[1] <= 0.2, sticky  # the line on top never covers a fifth of it
    for row in rows:
        assert row["dotsHeight"] <= row["line"], row  # one line: not "3 d o t s"
        assert row["nameWidth"] >= row["widestWord"], row  # every word fits whole in the title's column
        assert row["right"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#s-vote").scroll_into_view_if_needed()
    _shot(page, "vote-200-percent", tmp_path)
    assert phone.real_errors() == []
    context.close()
