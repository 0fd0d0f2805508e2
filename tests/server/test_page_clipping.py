"""Participant text stays in its own box on the phone and projector pages (Debian's Chromium).

A title with 120 combining marks is capped by the cleaner on its way in; the pages also clip every box of
participant text, so text whose ink reaches outside its line paints nothing over the neighbouring idea or
the header: the pixels there are compared with and without it. Debian's fonts draw stacked marks on top of
each other (fonts with mark-to-mark stacking, as on most phones, draw a tower), so the ink that reaches out
is made by shifting the title's text up and down, which moves its ink and not its box, as a tower does.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page
from test_phone_browser import Watched, browser, phone_context  # noqa: F401 - fixtures

from cocity_workshop.core.text import MAX_MARKS_PER_BASE
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession

#: 120 marks above and below one letter: drawn, they reach far above and below the line.
TOWER = "Q" + "\u0301\u0316\u030b\u0317" * 30 + "ower"


def _post_ideas(client: Any) -> None:
    author = client.join()
    for number, title in enumerate(("First neighbour idea", TOWER, "Third neighbour idea")):
        reply = author.post("/api/ideas", {"title": title, "description": "", "theme": ""}, key=f"tower-key-{number}")
        assert reply.status == 201, reply.body


def _pixels(page: Page, selector: str, index: int) -> bytes:
    box = page.locator(selector).nth(index).bounding_box()
    assert box is not None
    return page.screenshot(clip=box, animations="disabled")


def _tower_paints_outside(page: Page, tower_index: int, neighbours: list[tuple[str, int]]) -> list[str]:
    """Which ``neighbours`` change when the title at ``tower_index`` becomes the raw 120-mark tower."""
    before = [_pixels(page, s, i) for s, i in neighbours]
    page.evaluate(
        """([i, text]) => {
            const box = document.querySelectorAll('#ideas li .t')[i];
            box.textContent = '';
            for (const shift of ['-4em', '4em']) {
                const ink = document.createElement('span');
                ink.textContent = text;
                ink.style.position = 'relative';
                ink.style.top = shift;
                box.appendChild(ink);
            }
        }""",
        [tower_index, TOWER],
    )
    after = [_pixels(page, s, i) for s, i in neighbours]
    return [f"{s}[{i}]" for (s, i), b, a in zip(neighbours, before, after, strict=True) if a != b]


def test_a_tower_of_marks_is_capped_and_clipped(
    browser: Browser,  # noqa: F811 - the fixture
    phone_context: BrowserContext,  # noqa: F811 - the fixture
    server: ParticipantServer,
    open_session: WorkshopSession,
    client: Any,
) -> None:
    """The phone shows the tower capped; a raw tower paints over no neighbouring idea nor the header."""
    _post_ideas(client)
    phone = Watched(phone_context)
    phone.page.goto(server.join_url)
    phone.page.get_by_role("button", name="Join the workshop").click()
    phone.page.locator("#ideas li .t").nth(2).wait_for()
    shown = phone.page.locator("#ideas li .t").all_text_contents()
    tower = next(t for t in shown if t.startswith("Q"))
    assert sum(unicodedata.category(c).startswith("M") for c in tower) == MAX_MARKS_PER_BASE
    phone.page.locator("#ideas").scroll_into_view_if_needed()
    # Newest first: index 1 is the tower, 0 and 2 its neighbours.
    assert _tower_paints_outside(phone.page, 1, [("#ideas li", 0), ("#ideas li", 2)]) == []

    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        projector = Watched(projector_context)
        projector.page.goto(server.projector_url)
        projector.page.locator("#ideas li .t").nth(2).wait_for()
        # The newest idea is first on the wall, right under the header and the wall's heading.
        changed = _tower_paints_outside(projector.page, 0, [("header.top", 0), ("#wall-title", 0), ("#ideas li", 1)])
        assert changed == []
    finally:
        projector_context.close()
