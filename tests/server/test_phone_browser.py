"""The phone and projector pages in real headless Chromium (Debian's package) at 360x740.

The join URL is decoded from the QR image the server renders; the facilitator's actions are test code
calling the session. axe-core (npm, in .cache/npm) audits every phone screen.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.core.text import DESCRIPTION_MAX, TITLE_MAX, clean_text
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT = 15_000

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module (each test gets its own fresh context)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


class Watched:
    """A phone-sized page that records console errors, dialogs and CSP reports."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def real_errors(self, offline: bool = False) -> list[str]:
        """Console errors; with ``offline``, without the browser's own lines about requests that failed offline."""
        if not offline:
            return self.errors
        return [e for e in self.errors if "ERR_INTERNET_DISCONNECTED" not in e and "Failed to load resource" not in e]


@pytest.fixture
def phone_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh phone: 360x740, touch, English browser."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True, locale="en-GB"
    )
    yield context
    context.close()


def _join_url_from_qr(server: ParticipantServer) -> str:
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(server.qr_png(360))))
    return str(code.text)


def _axe(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    assert AXE.is_file(), "axe-core is missing: run scripts/setup-dev (npm install --prefix .cache/npm axe-core@4)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser, not inlined into the page
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def _shot(page: Page, name: str, tmp_path: Path, prefix: str = "phone-") -> None:
    path = tmp_path / f"{prefix}{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("COCITY_SCREENSHOTS"):
        target = ROOT / "docs" / "screenshots"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)


def _dots(page: Page) -> dict[int, int]:
    return {int(k): v for k, v in page.evaluate("JSON.parse(localStorage.getItem('cocity.ballot')).dots").items() if v}


def _tap(page: Page, title: str, sign: str) -> None:
    label = ("Přidat tečku nápadu" if sign == "+" else "Vzít tečku nápadu") + f" „{title}“"
    page.get_by_role("button", name=label, exact=True).click()


def test_join_vote_and_results_in_czech(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession, tmp_path: Path
) -> None:
    """Scan, join, switch to Czech, send an idea, vote (all dots, then move one), see "saved", then the tally;
    axe-core finds nothing serious on any screen."""
    phone = Watched(phone_context)
    page = phone.page
    bench = open_session.add_idea("Lavičky u řeky")
    lights = open_session.add_idea("Světla v podchodu")
    page.goto(_join_url_from_qr(server))
    page.locator("#lang").select_option("cs")
    page.get_by_text("Než začnete").wait_for()
    assert page.evaluate("document.documentElement.lang") == "cs"
    assert _axe(page) == []
    _shot(page, "join", tmp_path)
    page.get_by_role("button", name="Připojit se k workshopu").click()
    page.get_by_label("Název").fill("Pítko na náměstí")
    page.get_by_role("button", name="Odeslat nápad").click()
    page.get_by_text("Děkujeme! Váš nápad je na nástěnce.").wait_for()
    page.locator("#ideas .t", has_text="Pítko na náměstí").wait_for()
    mine = next(i for i in open_session.public_ideas() if i.title == "Pítko na náměstí")
    assert _axe(page) == []
    _shot(page, "ideas", tmp_path)

    vote_round = open_session.create_round(
        "Co dál?", [bench.id, lights.id, mine.id], dots_per_participant=5, max_per_idea=3
    )
    open_session.start_round(vote_round.id)
    page.get_by_role("heading", name="Hlasování: Co dál?").wait_for()
    for _ in range(3):
        _tap(page, "Lavičky u řeky", "+")
    for _ in range(2):
        _tap(page, "Světla v podchodu", "+")
    page.get_by_text("zbývá 0 teček").wait_for()
    assert page.get_by_role("button", name="Přidat tečku nápadu „Pítko na náměstí“").is_disabled()
    page.get_by_text("Váš hlas je uložen.").wait_for()
    _tap(page, "Lavičky u řeky", "-")
    page.get_by_role("button", name="Přidat tečku nápadu „Pítko na náměstí“").focus()
    page.keyboard.press("Enter")  # by keyboard: focus must survive the redraw (on "−" once "+" is spent)
    assert page.evaluate("document.activeElement.getAttribute('data-f')") == f"-{mine.id}"
    page.get_by_text("Váš hlas je uložen.").wait_for()
    assert _axe(page) == []
    _shot(page, "vote", tmp_path)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    small = page.evaluate(
        """[...document.querySelectorAll('button, input, select, textarea, summary')]
             .filter(e => e.offsetParent !== null)
             .map(e => e.getBoundingClientRect())
             .filter(r => r.width < 44 || r.height < 44).length"""
    )
    assert small == 0, "tap targets must be at least 44 px"
    page.set_viewport_size({"width": 360, "height": 740})
    participant = open_session.participants()[0]
    ballot = open_session.my_ballot(page.evaluate("localStorage.getItem('cocity.token')").strip('"'), vote_round.id)
    assert ballot is not None and ballot.participant_id == participant.id
    assert ballot.dots == {bench.id: 2, lights.id: 2, mine.id: 1}

    open_session.close_round(vote_round.id)
    open_session.reveal_round(vote_round.id)
    page.get_by_role("heading", name="Výsledky: Co dál?").wait_for()
    results = page.locator("#results li").all_inner_texts()
    assert "2 tečky" in results[0] and "1 tečka" in results[2]
    assert _axe(page) == []
    _shot(page, "results", tmp_path)
    for phase in open_session.phases():
        open_session.start_phase(phase.id)
    open_session.end_phase()
    page.get_by_role("heading", name="Děkujeme!").wait_for()
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    origin = f"http://127.0.0.1:{server.port}/"
    assert all(url.startswith(origin) for url in phone.requests)
    assert phone.real_errors() == [] and phone.dialogs == []


def test_twenty_network_cuts_during_voting(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """The network drops and returns 20 times while the phone votes: the stored ballot is exactly the phone's
    last choice, counted once."""
    phone = Watched(phone_context)
    page = phone.page
    ideas = [open_session.add_idea(f"Nápad {n}") for n in range(4)]
    vote_round = open_session.create_round("Kolo", [i.id for i in ideas], dots_per_participant=6, max_per_idea=3)
    open_session.start_round(vote_round.id)
    page.goto(server.join_url)
    page.locator("#lang").select_option("cs")
    page.get_by_role("button", name="Připojit se k workshopu").click()
    page.get_by_role("heading", name="Hlasování: Kolo").wait_for()
    for cut in range(20):
        phone_context.set_offline(True)
        chosen = _dots(page) if page.evaluate("localStorage.getItem('cocity.ballot')") else {}
        target = ideas[cut % 4]
        if chosen.get(target.id, 0) < 3 and sum(chosen.values()) < 6:
            _tap(page, target.title, "+")
        else:
            _tap(page, next(i for i in ideas if chosen.get(i.id, 0) > 0).title, "-")
        page.wait_for_timeout(450 if cut % 2 else 150)  # sometimes the send fails offline, sometimes it waits
        phone_context.set_offline(False)
        page.wait_for_timeout(120 if cut % 3 else 400)
    page.get_by_text("Váš hlas je uložen.").wait_for(timeout=30_000)
    last_choice = _dots(page)
    ballots = open_session.ballots(vote_round.id)
    assert len(ballots) == 1
    assert ballots[0].dots == last_choice and sum(last_choice.values()) > 0
    assert page.evaluate("JSON.parse(localStorage.getItem('cocity.outbox'))") == []
    assert phone.real_errors(offline=True) == [] and phone.dialogs == []


STORED_PHOTOS = """() => new Promise((ok) => {
  const open = indexedDB.open("cocity");
  open.onupgradeneeded = () => open.transaction.abort();  // the page has not made its store yet: leave that to it
  open.onerror = () => ok([]);
  open.onsuccess = () => {
    const db = open.result, all = db.transaction("photos").objectStore("photos").getAll();
    all.onsuccess = () => {
      db.close();
      ok(all.result.map((p) => ({
        key: p.key, item: p.item.key, idea: p.idea, type: p.type, size: p.data.byteLength,
      })));
    };
  };
})"""


FORGET_IDEAS = """() => new Promise((ok) => {
  const open = indexedDB.open("cocity");
  open.onsuccess = () => {
    const db = open.result, tx = db.transaction("photos", "readwrite"), store = tx.objectStore("photos");
    store.openCursor().onsuccess = (e) => {
      const c = e.target.result;
      if (c) { c.update({ ...c.value, idea: null }); c.continue(); }
    };
    tx.oncomplete = () => { db.close(); ok(); };
  };
})"""


def _stored_photos(page: Page) -> list[dict[str, Any]]:
    """The pending photos the page keeps in IndexedDB."""
    return list(page.evaluate(STORED_PHOTOS))


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


def _joined_phone(context: BrowserContext, server: ParticipantServer) -> Watched:
    phone = Watched(context)
    phone.page.goto(server.join_url)
    phone.page.get_by_role("button", name="Join the workshop").click()
    phone.page.get_by_role("heading", name="Add an idea").wait_for()
    return phone


def _send_idea(page: Page, title: str, photo: bytes, name: str = "photo.jpg", mime: str = "image/jpeg") -> None:
    page.get_by_label("Title").fill(title)
    page.locator("#idea-photo").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": photo}])
    page.get_by_role("button", name="Send idea").click()


def _outbox(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("JSON.parse(localStorage.getItem('cocity.outbox')) || []"))


@pytest.mark.parametrize("cut", ["tab killed offline", "upload failing, page reloaded", "idea's answer not kept"])
def test_pending_photo_survives_the_page(
    cut: str, phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession, wait_for: Any
) -> None:
    """A photo that could not be sent waits in IndexedDB under its key and its idea (or the unsent idea's key),
    outlives the page, and reaches the server exactly once when the connection returns. When the page closed
    before the idea's id reached IndexedDB, the idea is sent again under its key and the server's stored answer
    links the photo (still one idea)."""
    phone = _joined_phone(phone_context, server)
    page, photo = phone.page, _jpeg()
    if cut == "tab killed offline":
        phone_context.set_offline(True)
    else:
        page.route("**/photo", lambda route: route.abort("internetdisconnected"))
    _send_idea(page, "Bench by the river", photo)
    if cut == "tab killed offline":
        (stored,) = wait_for(lambda: _stored_photos(page))
        (waiting,) = _outbox(page)
        assert stored["idea"] is None and stored["item"] == waiting["key"]
        page.close()
        phone_context.set_offline(False)
        phone = Watched(phone_context)
        page = phone.page
        page.goto(server.join_url)
    else:
        (stored,) = wait_for(lambda: [p for p in _stored_photos(page) if p["idea"]])
        (idea,) = open_session.public_ideas()
        assert stored["idea"] == idea.id and idea.attachment_ids == ()
        if cut == "idea's answer not kept":
            page.evaluate(FORGET_IDEAS)
        page.reload()
        page.get_by_text("No connection. Your photo will be sent when the connection returns.").wait_for()
        page.unroute("**/photo")
    assert stored["size"] == len(photo) and stored["type"] == "image/jpeg"
    page.get_by_text("Your photo has been sent.").wait_for()
    wait_for(lambda: not _stored_photos(page))
    (idea,) = open_session.public_ideas()
    assert idea.title == "Bench by the river" and len(idea.attachment_ids) == 1
    assert _outbox(page) == []
    assert phone.real_errors(offline=True) == [] and phone.dialogs == []


def test_refused_photo_leaves_the_store(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession, wait_for: Any
) -> None:
    """A kept photo the server refuses for good (not an image: 400) is deleted from IndexedDB and the phone says why."""
    phone = _joined_phone(phone_context, server)
    page = phone.page
    phone_context.set_offline(True)
    _send_idea(page, "Mural", b"not a photo at all", name="mural.png", mime="image/png")
    wait_for(lambda: _stored_photos(page))
    phone_context.set_offline(False)
    page.get_by_text("This file is not a photo we can read.").wait_for()
    wait_for(lambda: not _stored_photos(page))
    (idea,) = open_session.public_ideas()
    assert idea.title == "Mural" and idea.attachment_ids == ()
    assert phone.real_errors(offline=True) == [] and phone.dialogs == []


def test_photos_beyond_the_cap_wait_in_memory_and_say_so(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession, wait_for: Any
) -> None:
    """Past four kept photos the next one waits in memory only; the phone tells the participant, then sends all."""
    phone = _joined_phone(phone_context, server)
    page = phone.page
    phone_context.set_offline(True)
    for n in range(5):
        _send_idea(page, f"Idea {n}", _jpeg())
        if n < 4:
            wait_for(lambda n=n: len(_stored_photos(page)) == n + 1)
    page.get_by_text("Keep this page open until your photo is sent.", exact=False).wait_for()
    assert len(_stored_photos(page)) == 4
    phone_context.set_offline(False)
    wait_for(lambda: sum(len(i.attachment_ids) for i in open_session.public_ideas()) == 5, timeout=20)
    wait_for(lambda: not _stored_photos(page))
    assert sorted(len(i.attachment_ids) for i in open_session.public_ideas()) == [1] * 5
    assert "Keep this page open" not in page.locator("#idea-msg").inner_text()
    assert phone.real_errors(offline=True) == [] and phone.dialogs == []


HOSTILE = [
    "<script>alert('phone')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(2)><b>bold</b></svg>",
    '"><iframe src="javascript:alert(3)"></iframe>',
    "<a href=\"javascript:alert(4)\" onclick='alert(5)'>click</a>",
    "{{7*7}} ${alert(6)} %s &lt;&amp;&gt; &#x3C;",
    "\u202eevil.exe\u202c \u2066isolate\u2069 overrides",
    "zero\u200bwidth\u2060joiner\ufeff",
    "W" * 10_000,
    "Q" * 3000 + " end",
    "emoji 🚲🌳👩‍👩‍👧 🏳️‍🌈",
    "مرحبا بالعالم — حديقة جديدة",
    "도시 워크숍에 오신 것을 환영합니다",
    "Příliš žluťoučký kůň úpěl ďábelské ódy",
]


def test_hostile_text_shows_verbatim_and_runs_nothing(
    browser: Browser,
    phone_context: BrowserContext,
    server: ParticipantServer,
    open_session: WorkshopSession,
    client: Any,
) -> None:
    """Hostile ideas appear as the same visible text on the phone and the projector page; nothing runs, the
    console stays clean and a 10,000-character word does not widen a 360 px screen."""
    author = client.join()
    described = [t if len(t) < 5000 else "" for t in HOSTILE]  # one request stays under the 16 KiB cap
    for n, (text, description) in enumerate(zip(HOSTILE, described, strict=True)):
        body = {"title": text, "description": description, "theme": ""}
        reply = author.post("/api/ideas", body, key=f"hostile-key-{n:03d}")
        assert reply.status == 201, reply.body
    expected_titles = [clean_text(t, max_length=TITLE_MAX) for t in HOSTILE]
    expected_descriptions = [clean_text(t, max_length=DESCRIPTION_MAX, multiline=True) for t in described if t]
    phone = Watched(phone_context)
    phone.page.goto(server.join_url)
    phone.page.get_by_role("button", name="Join the workshop").click()
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = Watched(projector_context)
    projector.page.goto(server.projector_url)
    try:
        for watched in (phone, projector):
            page = watched.page
            page.locator("#ideas li .t").nth(len(HOSTILE) - 1).wait_for()
            titles = page.locator("#ideas li .t").all_text_contents()
            descriptions = page.locator("#ideas li .d").all_text_contents()
            assert sorted(titles) == sorted(expected_titles)
            assert sorted(descriptions) == sorted(expected_descriptions)
            injected = page.evaluate(
                "document.querySelectorAll('#ideas script, #ideas img, #ideas svg, #ideas iframe, #ideas a, #ideas b')"
                ".length"
            )
            assert injected == 0
            assert watched.dialogs == [] and watched.real_errors() == []
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        projector_context.close()


def test_ticket_mode_in_the_browser(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """Without a ticket the page asks for one (and passes axe); a typed ticket code admits the phone."""
    first, second = open_session.create_tickets(2)
    phone = Watched(phone_context)
    page = phone.page
    page.goto(server.join_url)
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_label("Ticket code").wait_for()
    assert "ticket" in page.locator("#join-msg").inner_text()
    assert _axe(page) == []
    page.get_by_label("Ticket code").fill(" ".join(first[i : i + 4] for i in range(0, len(first), 4)))
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_role("heading", name="Add an idea").wait_for()
    scanned = (
        phone_context.browser.new_context(viewport={"width": 360, "height": 740}) if phone_context.browser else None
    )
    assert scanned is not None
    try:
        other = scanned.new_page()
        other.goto(server.join_url + "#t=" + second)
        assert "#t=" not in other.url  # the code leaves the address bar (and history) at once
        other.get_by_role("button", name="Join the workshop").click()
        other.get_by_role("heading", name="Add an idea").wait_for(timeout=TIMEOUT)
    finally:
        scanned.close()
    assert open_session.joining().joined == 2
    assert [e for e in phone.errors if "409" not in e] == []


def test_a_hidden_idea_leaves_the_phone_and_its_dots_come_back(
    phone_context: BrowserContext, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """The facilitator hides an idea the phone gave dots to: it leaves the ballot, those dots are the
    phone's to spend again, and the next ballot is saved (not refused for the hidden idea)."""
    phone = Watched(phone_context)
    page = phone.page
    keep, hide = open_session.add_idea("Keep me"), open_session.add_idea("Hide me")
    page.goto(_join_url_from_qr(server))
    page.get_by_role("button", name="Join the workshop").click()
    vote_round = open_session.create_round("Round", [keep.id, hide.id], dots_per_participant=3, max_per_idea=3)
    open_session.start_round(vote_round.id)
    page.get_by_role("heading", name="Vote: Round").wait_for()
    for _ in range(3):
        page.get_by_role("button", name="Add a dot to \u201cHide me\u201d", exact=True).click()
    page.get_by_text("Your vote is saved.").wait_for()
    open_session.set_idea_status(hide.id, IdeaStatus.HIDDEN)
    page.get_by_role("button", name="Add a dot to \u201cHide me\u201d", exact=True).wait_for(state="detached")
    page.get_by_text("3 dots left").wait_for()
    page.get_by_role("button", name="Add a dot to \u201cKeep me\u201d", exact=True).click()
    page.get_by_text("Your vote is saved.").wait_for()
    token = page.evaluate("localStorage.getItem('cocity.token')").strip('"')
    assert open_session.my_ballot(token, vote_round.id).dots == {keep.id: 1}  # type: ignore[union-attr]
    assert phone.real_errors() == [] and phone.dialogs == []
