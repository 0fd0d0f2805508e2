"""The phone and projector pages in other languages, in real headless Chromium: the browser's language is
taken, every language is offered by its own name, Arabic is laid out right to left, counts stay outside
participant text's own direction."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cocity_workshop.i18n import LANGUAGES
from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.strings import STRINGS
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, _axe, _join_url_from_qr, _shot, browser

__all__ = ["browser"]  # the module's Chromium, shared from the phone page tests
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _phone(browser: Browser, locale: str) -> Watched:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True, locale=locale
    )
    return Watched(context)


def _untranslated(page: Page) -> list[str]:
    """Visible texts that are a string key (a word the page did not find)."""
    texts = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.offsetParent).map(e => e.textContent)"
    )
    return sorted({t for t in texts if t.strip() in STRINGS})


@pytest.mark.parametrize(("locale", "lang", "direction"), [("ar-MA", "ar", "rtl"), ("ko-KR", "ko", "ltr")])
def test_phone_in_the_browsers_language(
    browser: Browser,
    server: ParticipantServer,
    open_session: WorkshopSession,
    tmp_path: Path,
    locale: str,
    lang: str,
    direction: str,
) -> None:
    """A phone set to Arabic (Morocco) or Korean opens in it: lang and dir on the document, mirrored layout
    in Arabic, no untranslated key, nothing wider than the phone, axe-core finds nothing serious; voting
    works; the choice of another language is remembered over a reload."""
    arabic = open_session.add_idea("مقاعد على ضفة النهر")
    latin = open_session.add_idea("Benches by the river")
    phone = _phone(browser, locale)
    page = phone.page
    page.goto(_join_url_from_qr(server))
    page.locator("#join-btn").wait_for()
    page.wait_for_function("() => document.querySelector('#join-btn').textContent.length > 0")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, direction]
    names = page.locator("#lang option").all_inner_texts()
    assert {"English", "Čeština", "العربية", "한국어", "繁體中文"} <= set(names)
    assert page.locator("#lang").input_value() == lang
    assert _untranslated(page) == [] and _axe(page) == []
    _shot(page, f"{lang}-join", tmp_path)
    page.locator("#join-btn").click()
    page.locator("#ideas .t").first.wait_for()

    vote = open_session.create_round("Round 1", [arabic.id, latin.id], dots_per_participant=3, max_per_idea=3)
    open_session.start_round(vote.id)
    page.locator("#ballot li").nth(1).wait_for()
    page.locator("#ballot li").first.locator("button").last.click()
    page.wait_for_function("() => document.querySelector('#vote-status').className.includes('saved')")
    rows = page.evaluate(
        """[...document.querySelectorAll('#ballot li')].map(li => {
             const title = li.querySelector('.name > span:first-child'), dots = li.querySelector('.dots');
             const box = li.getBoundingClientRect(), minus = li.querySelector('button').getBoundingClientRect();
             return {title: title.dir, count: getComputedStyle(dots).direction, text: dots.textContent,
                     minusAtStart: document.dir === 'rtl' ? minus.right > box.right - box.width / 2
                                                          : minus.left < box.left + box.width / 2};
           })"""
    )
    # Each title finds its own direction; the count and its label keep the page's (not "dots 0" mirrored).
    assert all(r["title"] == "auto" and r["count"] == direction for r in rows), rows
    assert all(not r["minusAtStart"] for r in rows), "the − + buttons sit at the row's end"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _untranslated(page) == [] and _axe(page) == []
    _shot(page, f"{lang}-vote", tmp_path)

    page.locator("#lang").select_option("zh_Hant")
    page.wait_for_function("() => document.documentElement.lang === 'zh-Hant'")
    page.reload()
    page.wait_for_function(
        "() => document.documentElement.lang === 'zh-Hant' && document.documentElement.dir === 'ltr'"
    )
    assert phone.real_errors() == [] and phone.dialogs == []
    phone.context.close()


def test_english_page_keeps_an_arabic_title_apart_from_its_count(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """On an English phone an Arabic idea's row reads "0 dots" left to right: the count is outside the title's
    own right-to-left span (it used to share the title's dir=auto box and show as "dots 0")."""
    idea = open_session.add_idea("مقاعد على ضفة النهر")
    phone = _phone(browser, "en-GB")
    page = phone.page
    page.goto(_join_url_from_qr(server))
    page.locator("#join-btn").click()
    page.locator("#ideas .t").first.wait_for()  # joined: the main screen shows the idea
    open_session.start_round(open_session.create_round("Round 1", [idea.id], dots_per_participant=3).id)
    dots = page.locator("#ballot .dots").first
    dots.wait_for()
    assert dots.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert dots.evaluate("e => getComputedStyle(e.parentElement).direction") == "ltr"
    phone.context.close()


def test_projector_in_the_workshops_language_with_the_rooms_others(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """An Arabic workshop's projector is right to left with the QR on the left; once a Korean and a Spanish
    phone have loaded the page, it also shows how to join in their languages."""
    open_session.update_workshop(language="ar")
    for locale in ("ko-KR", "es-419"):
        phone = _phone(browser, locale)
        phone.page.goto(_join_url_from_qr(server))
        phone.page.wait_for_function("() => document.querySelector('#join-btn').textContent.length > 0")
        phone.context.close()
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = Watched(context)
    page = projector.page
    page.goto(server.projector_url)
    page.locator("#also p").nth(1).wait_for()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert set(page.locator("#also p").evaluate_all("ps => ps.map(p => p.lang)")) == {"ko", "es"}
    qr, wall = (page.locator(s).bounding_box() for s in ("#qr", ".wall"))
    assert qr is not None and wall is not None and qr["x"] < wall["x"], "the join box is on the left in Arabic"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert _axe(page) == []
    _shot(page, "ar-room", tmp_path, prefix="projector-page-")
    assert projector.real_errors() == []
    context.close()


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("en-GB", "en"),
        ("cs-CZ", "cs"),
        ("es-419", "es"),
        ("fr-CA", "fr"),
        ("ko-KR", "ko"),
        ("zh-TW", "zh-Hant"),
        ("ar-MA", "ar"),
    ],
)
def test_join_screen_in_every_language(
    browser: Browser, server: ParticipantServer, tmp_path: Path, locale: str, lang: str
) -> None:
    """Each of the seven languages: the browser's spelling opens it, no key left, nothing wider than a
    360 px phone, axe-core clean, and the page with its words stays under 50 KB."""
    code = lang.replace("-", "_")
    if code not in LANGUAGES:
        pytest.skip(f"no {code} catalogue yet")
    phone = _phone(browser, locale)
    page = phone.page
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok and r.request.method == "GET" else None)
    page.goto(_join_url_from_qr(server))
    page.wait_for_function("() => document.querySelector('#join-btn').textContent.length > 0")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        lang,
        "rtl" if code == "ar" else "ltr",
    ]
    assert _untranslated(page) == [] and _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, f"join-{code}", tmp_path)
    assert sum(sizes) < 50_000, sizes
    assert phone.real_errors() == []
    phone.context.close()
