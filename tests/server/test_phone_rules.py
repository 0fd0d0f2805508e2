"""What a phone may add over real HTTP: only the workshop's themes; in youth mode, photos wait for approval."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession


def _idea(phone: Any, title: str, theme: str, key: str) -> Any:
    return phone.post("/api/ideas", {"title": title, "description": "", "theme": theme}, key=key)


def test_a_phone_picks_a_theme_the_workshop_offers_or_none(
    phone: Any, open_session: WorkshopSession, server: ParticipantServer
) -> None:
    """Without themes any theme is refused (400, a clear message); with themes only those, exactly, or none."""
    invented = _idea(phone, "Benches", "Invented chip", "theme-key-0001")
    assert invented.status == 400
    assert invented.json["message"] == "Choose one of the workshop's themes, or none."
    assert _idea(phone, "Benches", "", "theme-key-0002").status == 201
    open_session.update_workshop(themes=("Parks", "Cycling"))
    assert _idea(phone, "Trees", "Parks", "theme-key-0003").status == 201
    assert _idea(phone, "Lanes", "parks", "theme-key-0004").status == 400
    assert _idea(phone, "Lanes", "Parks and more", "theme-key-0005").status == 400
    assert sorted((i.title, i.theme) for i in open_session.ideas()) == [("Benches", ""), ("Trees", "Parks")]
    projector = phone.get("/" + server.projector_url.split("/", 3)[3] + "state").json
    assert {i["theme"] for i in projector["ideas"]} == {"", "Parks"}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _photo(phone: Any, idea: int, key: str) -> int:
    reply = phone.post(f"/api/ideas/{idea}/photo", raw=_jpeg(), content_type="image/jpeg", key=key)
    assert reply.status == 201, reply.body
    return int(reply.json["photo"])


def _photos_seen(other: Any, server: ParticipantServer) -> tuple[set[int], set[int]]:
    """Photo ids another phone's state and the projector's state list."""
    phone_state = other.get("/api/state").json["ideas"]
    projector = other.get("/" + server.projector_url.split("/", 3)[3] + "state").json["ideas"]
    return {p for i in phone_state for p in i["photos"]}, {p for i in projector for p in i["photos"]}


def test_youth_mode_photos_wait_for_approval_whatever_the_ideas_state(
    phone: Any, client: Any, open_session: WorkshopSession, server: ParticipantServer, wait_for: Any
) -> None:
    """In youth mode a photo added to an approved idea waits: no other phone or projector lists or fetches it
    until the facilitator approves it; approving a pending idea leaves its photo waiting."""
    open_session.update_workshop(youth_mode=True)
    idea = phone.post("/api/ideas", {"title": "Skate park"}, key="youth-key-0001").json["idea"]
    open_session.set_idea_status(idea, IdeaStatus.VISIBLE)
    photo = _photo(phone, idea, "youth-photo-0001")
    other = client.join()
    wait_for(lambda: [i["id"] for i in other.get("/api/state").json["ideas"]] == [idea])
    assert _photos_seen(other, server) == (set(), set())
    assert other.get(f"/api/photos/{photo}").status == 404
    assert other.get("/" + server.projector_url.split("/", 3)[3] + f"photos/{photo}").status == 404
    assert open_session.idea(idea).pending_attachment_ids == (photo,)
    assert open_session.snapshot().attachments == ()  # nor any report or bundle

    second = phone.post("/api/ideas", {"title": "Ramp"}, key="youth-key-0002").json["idea"]
    second_photo = _photo(phone, second, "youth-photo-0002")
    open_session.set_idea_status(second, IdeaStatus.VISIBLE)
    assert open_session.idea(second).pending_attachment_ids == (second_photo,)

    assert open_session.approve_photos([idea]) == [photo]
    wait_for(lambda: _photos_seen(other, server) == ({photo}, {photo}))
    assert other.get(f"/api/photos/{photo}").status == 200
    assert other.get(f"/api/photos/{second_photo}").status == 404
    log = [e.type for e in open_session.log_entries()]
    assert "photos_approved" in log


def test_outside_youth_mode_photos_show_at_once(
    phone: Any, client: Any, open_session: WorkshopSession, server: ParticipantServer, wait_for: Any
) -> None:
    """Without youth mode a phone's photo on its visible idea is shown and fetchable at once."""
    idea = phone.post("/api/ideas", {"title": "Benches"}, key="adult-key-0001").json["idea"]
    photo = _photo(phone, idea, "adult-photo-0001")
    other = client.join()
    wait_for(lambda: _photos_seen(other, server) == ({photo}, {photo}))
    assert other.get(f"/api/photos/{photo}").status == 200
