"""A hackathon on phones, in real headless Chromium at 360x740: a team registered on one phone and joined by
its code on another, the project edited by both, and a juror scoring with a jury ticket. axe-core audits
each screen; screenshots are taken at 390x844."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.hackathon_strings import STRINGS
from cocity_workshop.session import WorkshopSession
from tests.server.test_phone_browser import CHROMIUM, Watched, _axe, _join_url_from_qr, _shot, browser

__all__ = ["browser"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
HOSTILE = "<img src=x onerror=alert(1)>"


def _context(browser: Browser, locale: str = "en-GB") -> BrowserContext:
    return browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True, locale=locale
    )


def _joined(browser: Browser, server: ParticipantServer) -> Watched:
    phone = Watched(_context(browser))
    phone.page.goto(_join_url_from_qr(server))
    phone.page.get_by_role("button", name="Join the workshop").click()
    phone.page.locator("#s-main").wait_for()
    return phone


def _tall_shot(page: Page, name: str, tmp_path: Path) -> None:
    """A screenshot at 390x844 (a common phone) from the top of the page, back to 360x740 after."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, name, tmp_path)
    page.set_viewport_size({"width": 360, "height": 740})


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _untranslated(page: Page) -> list[str]:
    texts = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.offsetParent).map(e => e.textContent)"
    )
    return sorted({t for t in texts if t.strip() in STRINGS})


def test_a_team_registers_joins_by_code_and_edits_its_project(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """One phone registers the team and sees its code; a second joins by typing it loosely; a save on top of
    the teammate's newer one shows their version; once submissions close the projects are listed for the
    room and the form is closed. Participant text stays text; axe-core finds nothing serious."""
    challenge = open_session.add_challenge("Cooler streets", "Shade for bus stops", owner="Parks department")
    open_session.add_challenge("Quieter nights")
    open_session.set_submissions(True)
    first, second = _joined(browser, server), _joined(browser, server)
    page = first.page
    page.get_by_role("heading", name="Register your team").wait_for()
    assert _untranslated(page) == [] and _axe(page) == []
    _tall_shot(page, "team-register", tmp_path)
    page.get_by_label("Team name").fill("Shade " + HOSTILE)
    page.get_by_label("Challenge").select_option(label="Cooler streets")
    page.get_by_label("How many members").fill("3")
    page.get_by_role("button", name="Register the team").click()
    page.locator("#team-show").wait_for()
    code = page.locator("#team-show").inner_text().replace(" ", "")
    assert len(code) == 6 and open_session.teams()[0].code == code
    assert page.locator("#team-is").inner_text() == f"Shade {HOSTILE} \u00b7 Cooler streets"
    page.get_by_label("Project title").fill("Shade sails")
    page.get_by_label("Short description (optional)").fill("Sails over\nbus stops")
    page.get_by_role("button", name="Save the project").click()
    page.get_by_text("Your project is saved.").wait_for()
    assert _axe(page) == [] and _fits(page)
    _tall_shot(page, "team-project", tmp_path)

    mate = second.page
    mate.get_by_label("Team code").fill(f"{code[:3].lower()}-{code[3:]}")
    mate.get_by_role("button", name="Join the team").click()
    mate.locator("#team-show").wait_for()
    assert mate.get_by_label("Project title").input_value() == "Shade sails"
    open_session.save_project(open_session.teams()[0].id, "Trees instead", "Plant trees")  # someone saves meanwhile
    mate.get_by_label("Project title").fill("Shade sails and water")
    mate.get_by_role("button", name="Save the project").click()
    mate.get_by_text("A teammate saved the project in the meantime (version 2).", exact=False).wait_for()
    assert mate.locator("#theirs-t").inner_text() == "Trees instead"
    assert mate.get_by_label("Project title").input_value() == "Shade sails and water"  # theirs shown, ours kept
    _tall_shot(mate, "team-stale", tmp_path)
    mate.get_by_role("button", name="Save the project").click()
    mate.get_by_text("Your project is saved.").wait_for()
    assert open_session.project_of_team(open_session.teams()[0].id).title == "Shade sails and water"

    open_session.set_submissions(False)
    page.locator("#projects .t", has_text="Shade sails and water").wait_for()
    assert page.get_by_label("Project title").is_disabled()
    page.get_by_text("Submissions are closed.").wait_for()
    assert page.locator("#projects h3").all_inner_texts() == [challenge.title]
    assert _axe(page) == [] and _fits(page)
    _tall_shot(page, "team-closed", tmp_path)
    assert first.dialogs == second.dialogs == [] and first.real_errors() == []
    assert second.real_errors() == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    first.context.close()
    second.context.close()


def test_a_juror_scores_with_a_ticket_declares_a_conflict_and_sees_judging_close(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """The jury ticket's link admits the phone as juror 1 (not a participant); scoring waits for judging to
    open, a sheet saved per criterion reaches the file, a conflict of interest removes the team from scoring,
    a reload keeps the juror and their scores, and closing judging freezes the page."""
    challenge = open_session.add_challenge("Cooler streets")
    shade = open_session.add_team("Shade Makers", challenge.id, 3)
    open_session.save_project(shade.id, "Shade sails", "Sails over bus stops", "https://example.org/shade")
    owls = open_session.add_team(HOSTILE, challenge.id, 2)
    open_session.save_project(owls.id, "Quiet bins")
    impact = open_session.add_criterion("Impact", weight=2, scale_min=1, scale_max=5, description="Who gains")
    ease = open_session.add_criterion("Feasibility", scale_min=0, scale_max=10)
    (ticket,) = open_session.create_jury_tickets(1)
    juror = Watched(_context(browser))
    page = juror.page
    page.goto(_join_url_from_qr(server) + "#j=" + ticket.code)
    page.get_by_role("heading", name="Juror 1").wait_for()
    page.get_by_text("Scoring opens when the facilitator starts judging.").wait_for()
    assert open_session.joining().joined == 0 and "#" not in page.url  # not a participant; the code left the URL
    assert _untranslated(page) == [] and _axe(page) == []

    open_session.open_judging()
    page.get_by_text("Score each project on every criterion.", exact=False).wait_for()
    first = page.locator("details.sheet").first
    first.locator("summary", has_text="Shade sails").click()
    first.get_by_label("Impact (weight 2, 1 to 5)").select_option("4")
    first.get_by_label("Feasibility (weight 1, 0 to 10)").select_option("7")
    first.get_by_label("Comment for the team (optional)").fill("Clear and cheap")
    first.get_by_role("button", name="Save the scores").click()
    page.get_by_text("Your scores are saved.").wait_for()
    (sheet,) = open_session.sheets()
    assert sheet.scores == {impact.id: 4, ease.id: 7} and sheet.comment == "Clear and cheap"
    page.locator(".badge", has_text="Scored: 2 of 2").wait_for()
    assert _axe(page) == [] and _fits(page)
    _tall_shot(page, "jury-scoring", tmp_path)

    second = page.locator("details.sheet").nth(1)
    assert (second.locator(".hint").first.text_content() or "").startswith(f"by {HOSTILE}")
    second.locator("summary").click()
    second.get_by_label("I have a conflict of interest with this team: I do not score it.").check()
    second.locator(".badge", has_text="Conflict of interest").wait_for()
    assert [(c.team_id) for c in open_session.conflicts()] == [owls.id]
    assert second.get_by_role("button", name="Save the scores").is_disabled()

    page.reload()
    page.get_by_role("heading", name="Juror 1").wait_for()
    page.locator(".badge", has_text="Scored: 2 of 2").wait_for()
    open_session.close_judging()
    page.get_by_text("Judging is closed; the scores are final.").wait_for()
    first.locator("summary").click()
    assert first.get_by_label("Impact (weight 2, 1 to 5)").input_value() == "4"
    assert first.get_by_label("Impact (weight 2, 1 to 5)").is_disabled()
    assert _axe(page) == []
    _tall_shot(page, "jury-closed", tmp_path)
    assert juror.dialogs == [] and juror.real_errors() == []
    juror.context.close()


def test_a_hackathon_phone_downloads_its_screens_and_other_phones_do_not(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """hackathon.js, its style and words come only to phones of a hackathon, in Arabic under 24 KB together."""
    plain = _joined(browser, server)
    plain.page.locator("#ideas").wait_for()
    assert not any("hackathon" in url for url in plain.requests)
    plain.context.close()
    open_session.add_challenge("Cooler streets")
    open_session.set_submissions(True)
    phone = Watched(_context(browser, "ar-MA"))
    sizes: dict[str, int] = {}
    phone.page.on(
        "response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok and "hackathon" in r.url else None
    )
    phone.page.goto(_join_url_from_qr(server))
    phone.page.locator("#join-btn").click()
    phone.page.locator("#team-form").wait_for()
    phone.page.wait_for_function("() => document.querySelector('#team-h').textContent.length > 0")
    assert phone.page.locator("#team-h").inner_text() == "فريقك"
    assert len(sizes) == 3 and sum(sizes.values()) < 24_000, sizes
    assert _axe(phone.page) == [] and _fits(phone.page)
    _tall_shot(phone.page, "team-register-ar", tmp_path)
    phone.context.close()


def test_the_pitch_and_its_timer_show_on_phones_a_jurors_phone_and_the_projector(
    browser: Browser, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """While a team pitches, a participant's phone, a juror's phone and the projector page show the team, its
    project, the pitch timer counting down and the team next; ending the pitch takes it away everywhere."""
    challenge = open_session.add_challenge("Cooler streets")
    shade = open_session.add_team("Shade " + HOSTILE, challenge.id, 3)
    open_session.save_project(shade.id, "Shade sails")
    owls = open_session.add_team("Night Owls", challenge.id, 2)
    (ticket,) = open_session.create_jury_tickets(1)
    phone = _joined(browser, server)
    juror = Watched(_context(browser))
    juror.page.goto(_join_url_from_qr(server) + "#j=" + ticket.code)
    juror.page.get_by_role("heading", name="Juror 1").wait_for()
    wall = Watched(browser.new_context(viewport={"width": 1280, "height": 720}))
    wall.page.goto(server.projector_url)
    wall.page.locator("#ideas").wait_for(state="attached")
    open_session.set_pitch_seconds(120)
    open_session.start_pitch(shade.id)
    for page in (phone.page, juror.page, wall.page):
        page.locator("#pitch-team", has_text=f"Shade {HOSTILE}").wait_for()
        assert page.locator("#pitch-project").inner_text() == "Shade sails"
        assert page.locator("#pitch-next").inner_text() == "Next: Night Owls"
        page.locator("#pitch-clock", has_text="1:5").wait_for()  # counting down from 2:00
        assert page.locator("#pitch-clock").inner_text().endswith("left")
    assert _axe(phone.page) == [] and _fits(phone.page)
    _tall_shot(phone.page, "pitch", tmp_path)
    _shot(wall.page, "pitch", tmp_path, prefix="projector-page-")
    open_session.start_pitch(owls.id)
    wall.page.locator("#pitch-team", has_text="Night Owls").wait_for()
    assert wall.page.locator("#pitch-next").inner_text() == ""
    open_session.end_pitch()
    for page in (phone.page, juror.page, wall.page):
        page.locator("#pitch").or_(page.locator("#s-pitch")).first.wait_for(state="hidden")
    for watched in (phone, juror, wall):
        assert watched.dialogs == [] and watched.real_errors() == []
        watched.context.close()
