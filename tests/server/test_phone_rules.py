"""What a phone may add over real HTTP: only the workshop's themes; in youth mode, photos wait for approval."""

from __future__ import annotations

from typing import Any

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
