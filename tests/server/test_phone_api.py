"""The phone's API over real HTTP: joining, ideas, photos, ballots, state and languages."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from cocity_workshop.core.model import IdeaStatus, ResultsMode
from cocity_workshop.i18n import LANGUAGES
from cocity_workshop.server import ParticipantServer
from cocity_workshop.server.strings import PLURALS, STRINGS
from cocity_workshop.session import WorkshopSession


def _secret_path(server: ParticipantServer) -> str:
    return "/" + server.join_url.split("/", 3)[3]


def test_join_gives_an_httponly_strict_cookie_and_the_page(client: Any, server: ParticipantServer) -> None:
    """Joining returns a token, sets it as an HttpOnly SameSite=Strict cookie, and the token works."""
    reply = client.post(_secret_path(server) + "join", {})
    assert reply.status == 201
    cookie = reply.header("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    token = reply.json["token"]
    assert cookie.startswith(f"cocity={token};")
    by_cookie = client.get("/api/me", headers={"Cookie": f"cocity={token}"})
    assert by_cookie.status == 200 and by_cookie.json["participant"] == reply.json["participant"]
    page = client.get(_secret_path(server))
    assert page.status == 200 and page.header("Content-Type").startswith("text/html")


def test_a_retried_join_is_the_same_participant(
    client: Any, server: ParticipantServer, open_session: WorkshopSession
) -> None:
    """A join sent again with the same key (its answer was lost) gets the same token, not a second person."""
    path = "/" + server.join_url.split("/", 3)[3] + "join"
    first = client.post(path, {}, key="join-key-0001")
    again = client.post(path, {}, key="join-key-0001")
    other = client.post(path, {}, key="join-key-0002")
    assert first.status == again.status == other.status == 201
    assert again.json["token"] == first.json["token"]
    assert other.json["token"] != first.json["token"]
    assert open_session.joining().joined == 2
    assert client.post(path, {}, key="short").status == 400


def test_joining_closed_cap_and_tickets(client: Any, server: ParticipantServer, open_session: WorkshopSession) -> None:
    """Joining obeys the facilitator: closed refuses, the cap stops, a ticket admits one phone once."""
    path = _secret_path(server) + "join"
    open_session.set_joining(headcount_cap=1)
    assert client.post(path, {}).status == 201
    full = client.post(path, {})
    assert full.status == 409 and "full" in full.json["message"]
    open_session.set_joining(headcount_cap=None, open=False)
    assert client.post(path, {}).status == 409
    open_session.set_joining(open=True)
    (code,) = open_session.create_tickets(1)
    needs_ticket = client.post(path, {})
    assert needs_ticket.status == 409 and needs_ticket.json["ticket"] is True
    assert client.post(path, {"ticket": "x" * 24}).status == 409
    assert client.post(path, {"ticket": code}).status == 201
    assert client.post(path, {"ticket": code}).status == 409


def test_rotated_secret_refuses_new_phones_but_keeps_joined_ones(
    server: ParticipantServer, open_session: WorkshopSession, phone: Any, client: Any, wait_for: Any
) -> None:
    """After the join secret rotates, the old QR admits nobody new; a joined phone keeps its page."""
    old = _secret_path(server)
    open_session.rotate_join_secret()
    assert _secret_path(server) != old
    wait_for(lambda: client.get(old).status == 404)  # the server follows the rotation within moments
    assert client.post(old + "join", {}).status == 404
    assert phone.get(old).status == 200
    assert client.post(_secret_path(server) + "join", {}).status == 201


def test_idea_is_stored_once_per_key(phone: Any, open_session: WorkshopSession) -> None:
    """An idea sent twice with the same key is stored once; another body with that key is refused."""
    body = {"title": "  More benches\u202e ", "description": "By the river", "theme": ""}
    first = phone.post("/api/ideas", body, key="idea-key-0001")
    again = phone.post("/api/ideas", body, key="idea-key-0001")
    assert first.status == again.status == 201 and first.json == again.json
    assert [i.title for i in open_session.ideas()] == ["More benches"]
    assert phone.post("/api/ideas", {"title": "Other"}, key="idea-key-0001").status == 422
    assert phone.post("/api/ideas", body).status == 400  # no key
    assert phone.post("/api/ideas", {"title": "   "}, key="idea-key-0002").status == 400


def test_youth_mode_ideas_wait_and_never_show(
    phone: Any, open_session: WorkshopSession, server: ParticipantServer, wait_for: Any
) -> None:
    """In youth mode a phone's idea is pending and neither phones nor the projector see it."""
    open_session.update_workshop(youth_mode=True)
    reply = phone.post("/api/ideas", {"title": "Secret plan"}, key="idea-key-0003")
    assert reply.json["status"] == "pending"
    hidden = open_session.add_idea("Hidden one")
    open_session.set_idea_status(hidden.id, IdeaStatus.HIDDEN)
    shown = open_session.add_idea("Shown one")
    wait_for(lambda: [i["title"] for i in phone.get("/api/state").json["ideas"]] == ["Shown one"])
    projector = phone.get("/" + server.projector_url.split("/", 3)[3] + "state").json
    assert [i["id"] for i in projector["ideas"]] == [shown.id]


def test_ballot_round_trip(phone: Any, open_session: WorkshopSession, wait_for: Any) -> None:
    """A ballot is answered after the commit with what was counted; rules are enforced with a message."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(3)]
    vote_round = open_session.create_round("Round", [i.id for i in ideas], dots_per_participant=4, max_per_idea=2)
    early = phone.post("/api/ballot", {"round": vote_round.id, "dots": {}}, key="ballot-key-01")
    assert early.status == 409
    open_session.start_round(vote_round.id)
    dots = {str(ideas[0].id): 2, str(ideas[1].id): 2}
    saved = phone.post("/api/ballot", {"round": vote_round.id, "dots": dots}, key="ballot-key-02")
    assert saved.status == 200 and saved.json["dots"] == dots and saved.json["remaining"] == 0
    assert phone.post("/api/ballot", {"round": vote_round.id, "dots": dots}, key="ballot-key-02").json == saved.json
    over = phone.post("/api/ballot", {"round": vote_round.id, "dots": {str(ideas[2].id): 3}}, key="ballot-key-03")
    assert over.status == 409 and "2" in over.json["message"]
    czech = phone.post(
        "/api/ballot",
        {"round": vote_round.id, "dots": {str(ideas[2].id): 3}},
        key="ballot-key-04",
        headers={"X-Workshop-Lang": "cs"},
    )
    assert "tečky" in czech.json["message"]
    assert phone.post("/api/ballot", {"round": vote_round.id, "dots": {"x": 1}}, key="ballot-key-05").status == 400
    state = wait_for(lambda: (s := phone.get("/api/state").json)["round"] and s)
    assert state["my_ballot"] == {"round": vote_round.id, "dots": dots}
    assert state["tally"] is None
    assert open_session.tally(vote_round.id).by_idea()[ideas[0].id].phone_dots == 2


def test_tally_appears_only_when_the_round_allows(phone: Any, open_session: WorkshopSession, wait_for: Any) -> None:
    """Hidden results stay hidden while voting; a live round shows its tally; a revealed one too."""
    idea = open_session.add_idea("Idea")
    hidden = open_session.create_round("Hidden", [idea.id])
    open_session.start_round(hidden.id)
    phone.post("/api/ballot", {"round": hidden.id, "dots": {str(idea.id): 1}}, key="ballot-key-10")
    assert phone.get("/api/state").json["tally"] is None
    open_session.close_round(hidden.id)
    open_session.reveal_round(hidden.id)
    wait_for(
        lambda: (
            phone.get("/api/state").json["tally"]
            == {"round": hidden.id, "ballots": 1, "ideas": [{"id": idea.id, "dots": 1}]}
        )
    )
    live = open_session.create_round("Live", [idea.id], results_mode=ResultsMode.LIVE)
    open_session.start_round(live.id)
    phone.post("/api/ballot", {"round": live.id, "dots": {str(idea.id): 3}}, key="ballot-key-11")
    wait_for(lambda: (phone.get("/api/state").json["tally"] or {}).get("ideas") == [{"id": idea.id, "dots": 3}])


def test_unknown_token_is_refused(client: Any) -> None:
    """A made-up token gets 401 everywhere a phone must have joined."""
    stranger = type(client)(client.server, "A" * 32)
    for path in ("/api/me", "/api/state", "/api/events", "/api/photos/1"):
        assert stranger.get(path).status == 401
    assert stranger.post("/api/ideas", {"title": "x"}, key="idea-key-0009").status == 401


def _jpeg_with_exif(width: int = 2400, height: int = 1200) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x0112] = 6  # rotated: the stored photo must come out upright
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_reencoded_without_metadata(phone: Any, open_session: WorkshopSession, client: Any) -> None:
    """A photo is shrunk, turned upright and stripped of EXIF; only the idea's author can add one."""
    idea = phone.post("/api/ideas", {"title": "Mural"}, key="idea-key-0100").json["idea"]
    upload = _jpeg_with_exif()
    assert b"SecretCameraMaker" in upload
    reply = phone.post(f"/api/ideas/{idea}/photo", raw=upload, content_type="image/jpeg", key="photo-key-0001")
    assert reply.status == 201
    again = phone.post(f"/api/ideas/{idea}/photo", raw=upload, content_type="image/jpeg", key="photo-key-0001")
    assert again.json == reply.json
    mime, data = open_session.photo(reply.json["photo"])
    assert mime == "image/jpeg" and b"SecretCameraMaker" not in data and b"Exif" not in data
    stored = Image.open(io.BytesIO(data))
    assert stored.size == (800, 1600)  # rotated upright and shrunk to 1600 px
    served = phone.get(f"/api/photos/{reply.json['photo']}")
    assert served.status == 200 and served.body == data
    other = client.join()
    foreign = other.post(f"/api/ideas/{idea}/photo", raw=upload, content_type="image/jpeg", key="photo-key-0002")
    assert foreign.status == 404
    junk = phone.post(f"/api/ideas/{idea}/photo", raw=b"not an image", content_type="image/png", key="photo-key-3")
    assert junk.status == 400
    open_session.set_idea_status(idea, IdeaStatus.HIDDEN)
    assert phone.get(f"/api/photos/{reply.json['photo']}").status == 404


def test_profile_is_saved(phone: Any, open_session: WorkshopSession) -> None:
    """The optional group and age band are stored; unknown ids are refused."""
    group, band = open_session.groups()[0], open_session.age_bands()[0]
    reply = phone.post("/api/profile", {"group": group.id, "age_band": band.id})
    assert reply.status == 200
    assert phone.get("/api/me").json == {"participant": 1, "group": group.id, "age_band": band.id}
    assert phone.post("/api/profile", {"group": 999, "age_band": None}).status == 404  # a valid id, not here
    assert phone.post("/api/profile", {"group": "x"}).status == 400
    assert phone.post("/api/profile", {"group": 0}).status == 400  # not an id at all (the description says >= 1)
    assert phone.post("/api/profile", {"group": float(group.id), "age_band": None}).status == 200  # 3.0 is 3


def test_page_strings_are_complete_in_both_languages(client: Any) -> None:
    """The phone page's words come from the catalogue: every key, translated into Czech."""
    english = client.get("/api/strings/en").json
    czech = client.get("/api/strings/cs-CZ").json
    assert set(english["strings"]) == set(czech["strings"]) == set(STRINGS) | set(PLURALS)
    assert czech["lang"] == "cs" and client.get("/api/strings/xx").json["lang"] == "en"
    same = [k for k in STRINGS if english["strings"][k] == czech["strings"][k] and k != "workshop"]
    assert not same, same
    assert czech["strings"]["dots_left"] == {
        "one": "zbývá {n} tečka",
        "few": "zbývají {n} tečky",
        "other": "zbývá {n} teček",
    }
    assert czech["dir"] == "ltr" and client.get("/api/strings/ar-MA").json["dir"] == "rtl"


def test_page_strings_take_the_first_language_of_a_browsers_list(client: Any) -> None:
    """A phone without a saved choice sends its browser's list: the first language we speak wins; every
    language is offered by its own name; Arabic counted phrases carry CLDR's six categories."""
    reply = client.get("/api/strings/de-AT,de,ko-KR,en").json
    assert reply["lang"] == "ko" and reply["tag"] == "ko"
    assert {"code": "ar", "tag": "ar", "name": "العربية"} in reply["languages"]
    if "ar" in LANGUAGES:
        arabic = client.get("/api/strings/ar").json["strings"]["dots_left"]
        assert set(arabic) == {"zero", "one", "two", "few", "many", "other"}


def test_numbers_beyond_what_sqlite_holds_are_refused(phone: Any) -> None:
    """Found by schemathesis: a round id too large for SQLite is a 400, not a server error."""
    huge = phone.post("/api/ballot", {"round": 2**70, "dots": {}}, key="ballot-key-huge")
    assert huge.status == 400
    assert phone.post("/api/ballot", {"round": 1, "dots": {"1": 2**70}}, key="ballot-key-huge2").status == 400
    assert phone.post("/api/profile", {"group": 2**70, "age_band": None}).status == 400
    assert phone.post("/api/ballot", {"round": True, "dots": {}}, key="ballot-key-bool").status == 400


def test_a_hidden_idea_never_shows_on_phones(phone: Any, open_session: WorkshopSession, wait_for: Any) -> None:
    """An idea hidden mid-round leaves the ballot and the live tally; a new dot on it is refused by name."""
    ideas = [open_session.add_idea(f"Idea {n}") for n in range(2)]
    vote_round = open_session.create_round("Live", [i.id for i in ideas], results_mode=ResultsMode.LIVE)
    open_session.start_round(vote_round.id)
    dots = {str(ideas[0].id): 1, str(ideas[1].id): 1}
    assert phone.post("/api/ballot", {"round": vote_round.id, "dots": dots}, key="ballot-key-20").status == 200
    wait_for(lambda: len((phone.get("/api/state").json["tally"] or {}).get("ideas", [])) == 2)
    open_session.set_idea_status(ideas[0].id, IdeaStatus.HIDDEN)
    wait_for(
        lambda: (
            (s := phone.get("/api/state").json)["tally"]["ideas"] == [{"id": ideas[1].id, "dots": 1}]
            and s["round"]["ideas"] == [ideas[1].id]
        )
    )
    refused = phone.post("/api/ballot", {"round": vote_round.id, "dots": {str(ideas[0].id): 2}}, key="ballot-key-21")
    assert refused.status == 409 and "Idea 0" in refused.json["message"]


def test_another_phones_retry_key_is_a_new_request(client: Any, open_session: WorkshopSession) -> None:
    """Two phones sending the same key each get their own idea and ballot stored, never the other's receipt."""
    first, second = client.join(), client.join()
    mine = first.post("/api/ideas", {"title": "Benches"}, key="same-key-0001")
    theirs = second.post("/api/ideas", {"title": "Benches"}, key="same-key-0001")
    assert mine.status == theirs.status == 201 and mine.json["idea"] != theirs.json["idea"]
    assert len(open_session.ideas()) == 2
    vote_round = open_session.start_round(open_session.create_round("R", [mine.json["idea"]]).id)
    body = {"round": vote_round.id, "dots": {str(mine.json["idea"]): 1}}
    assert first.post("/api/ballot", body, key="same-key-0002").status == 200
    assert second.post("/api/ballot", body, key="same-key-0002").status == 200
    assert open_session.tally(vote_round.id).ballots == 2


def test_a_full_disk_is_a_503_the_facilitator_hears_of(phone: Any, open_session: WorkshopSession, server: Any) -> None:
    """A change the file cannot store is refused with 503 and how much to free, and the Room panel's
    refusal counts say so (the page limit makes SQLite answer exactly as a full disk does)."""
    used = open_session.submit(lambda tx: tx.records.conn.execute("PRAGMA page_count").fetchone()[0]).result(10)
    open_session.submit(lambda tx: tx.records.conn.execute(f"PRAGMA max_page_count={used}")).result(10)
    replies = []
    for n in range(40):
        filler = {"title": f"Filler {n}", "description": "x" * 1900}
        replies.append(phone.post("/api/ideas", filler, key=f"filler-key-{n:04d}"))
        if replies[-1].status == 503:
            break
    assert replies[-1].status == 503 and "Free at least 6 MB" in replies[-1].json["message"]
    assert server.refusals.counts().get("storage", 0) == 1
    assert any("Free at least 6 MB" in line for line in server.refusals.lines())
    stored = len(open_session.ideas())
    assert stored == len(replies) - 1  # every 201 was stored, the refused one was not
    open_session.submit(lambda tx: tx.records.conn.execute("PRAGMA max_page_count=1000000")).result(10)
    assert phone.post("/api/ideas", {"title": "After"}, key="after-full-1").status == 201
