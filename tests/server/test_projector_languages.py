"""The projector page in each of the seven languages at 1920x1080, in real headless Chromium (one browser and
one page for the module): the workshop's language sets ``lang`` and ``dir``, no string key is left, axe-core
finds nothing serious, nothing is wider than the screen, on the idea wall and on a revealed tally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cocity_workshop.i18n import LANGUAGES, format_number
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, _axe, _shot, browser
from tests.server.test_phone_languages import _untranslated

__all__ = ["browser"]  # the module's Chromium, shared from the phone page tests
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

#: Per language: the page's ``lang``, a workshop title, a phase name and two idea titles a facilitator there
#: might type.
SAMPLES = {
    "en": ("en", "The riverside", "Collect ideas", "Benches by the river", "More trees on the square"),
    "cs": ("cs", "Nábřeží", "Sběr nápadů", "Lavičky u řeky", "Více stromů na náměstí"),
    "es": ("es", "La ribera", "Recoger ideas", "Bancos junto al río", "Más árboles en la plaza"),
    "fr": ("fr", "Les quais", "Recueillir des idées", "Des bancs au bord de la rivière", "Plus d’arbres sur la place"),
    "ko": ("ko", "강변", "아이디어 모으기", "강변에 벤치를", "광장에 나무를 더"),
    "zh_Hant": ("zh-Hant", "河濱", "收集點子", "河邊的長椅", "廣場多種樹"),
    "ar": ("ar", "ضفة النهر", "جمع الأفكار", "مقاعد على ضفة النهر", "أشجار أكثر في الساحة"),
}


@pytest.fixture(scope="module")
def projector(browser: Browser) -> Iterator[Watched]:
    """One 1920x1080 page for every language (each test points it at its own server)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, device_scale_factor=1)
    yield Watched(context)
    context.close()


def _check(projector: Watched, lang: str, direction: str) -> None:
    page = projector.page
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [lang, direction]
    assert _untranslated(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert _axe(page) == []


@pytest.mark.parametrize("code", list(SAMPLES))
def test_projector_in_every_language(
    projector: Watched, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path, code: str
) -> None:
    """The idea wall with a running phase and two people joined, then the revealed tally, in one language."""
    if code not in LANGUAGES:
        pytest.skip(f"no {code} catalogue yet")
    lang, title, phase, *titles = SAMPLES[code]
    direction = "rtl" if code == "ar" else "ltr"
    open_session.update_workshop(title=title, language=code)
    ideas = [open_session.add_idea(title) for title in titles]
    open_session.start_phase(open_session.add_phase(phase, 20).id)
    tokens = [open_session.join().token for _ in range(2)]
    page = projector.page
    page.goto("about:blank")  # the last test's page still retries the live stream of a server now stopped
    projector.errors.clear()
    page.goto(server.projector_url)
    page.locator("#ideas li").nth(1).wait_for()
    page.wait_for_function("() => document.querySelector('#phase-clock').textContent.length > 0")
    _check(projector, lang, direction)
    _shot(page, code, tmp_path, prefix="projector-page-")

    vote = open_session.create_round(phase, [i.id for i in ideas], dots_per_participant=3, max_per_idea=3)
    open_session.start_round(vote.id)
    for token in tokens:
        open_session.cast_ballot(token, vote.id, {ideas[0].id: 2, ideas[1].id: 1})
    open_session.set_paper_dots(vote.id, ideas[1].id, 1230)  # a big paper wall: the count is grouped
    open_session.close_round(vote.id)
    open_session.reveal_round(vote.id)
    page.locator("#results li").nth(1).wait_for()
    _check(projector, lang, direction)
    # Counts are written as CLDR (Babel, as the app and the report) writes them: "1,232", "1 232", "1232"...
    top = page.locator("#results li .n").first.text_content() or ""
    assert format_number(1232, code) in top, top
    assert projector.real_errors() == []
