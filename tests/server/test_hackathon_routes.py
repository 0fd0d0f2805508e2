"""The hackathon routes over real HTTP, each phone from its own loopback address: teams registered and joined
by code, projects edited by teammates, and jurors scoring with tickets, with retries answered as ballots are."""

from __future__ import annotations

import email.utils
import json
import socket
from typing import Any

import pytest

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.conftest import Client


@pytest.fixture
def hackathon(open_session: WorkshopSession) -> dict[str, Any]:
    """A hackathon with two challenges and submissions open."""
    first = open_session.add_challenge("Cooler streets", "Shade for bus stops", owner="Parks department")
    second = open_session.add_challenge("Quieter nights")
    open_session.set_submissions(True)
    return {"first": first.id, "second": second.id}


def _phone(server: ParticipantServer, address: str) -> Client:
    return Client(server, address=address).join()


def _state(phone: Client) -> Any:
    reply = phone.get("/api/state")
    assert reply.status == 200
    return reply.json


def test_a_team_registers_once_teammates_join_by_code_and_edit_in_turn(
    server: ParticipantServer, open_session: WorkshopSession, hackathon: dict[str, Any], wait_for: Any
) -> None:
    """Registering twice with one key makes one team; a teammate joins by the code typed loosely; a save on
    top of a teammate's newer one is refused with their version; drafts stay off the public state."""
    first, second = _phone(server, "127.0.1.1"), _phone(server, "127.0.1.2")
    body = {"name": "Shade Makers", "challenge": hackathon["first"], "members": 3}
    registered = first.post("/api/teams", body, key="team-key-0001")
    again = first.post("/api/teams", body, key="team-key-0001")
    assert registered.status == again.status == 201
    assert again.json == registered.json and len(open_session.teams()) == 1
    code = registered.json["code"]
    assert first.post("/api/teams", {**body, "name": "Other"}, key="team-key-0001").status == 422
    assert first.post("/api/teams", {**body, "name": "Other"}, key="team-key-0002").status == 409  # one team a phone

    assert second.get("/api/team").json == {"team": None, "project": None}
    assert second.post("/api/teams/join", {"code": "nope"}).status == 404
    joined = second.post("/api/teams/join", {"code": f"{code[:3].lower()}-{code[3:]}"})
    assert joined.status == 200 and joined.json["team"] == registered.json["team"]
    assert second.get("/api/team").json["team"]["code"] == code

    saved = first.post("/api/project", {"title": "Shade sails", "base_version": 0}, key="proj-key-0001")
    assert saved.status == 200 and saved.json["version"] == 1
    stale = second.post("/api/project", {"title": "Trees", "base_version": 0}, key="proj-key-0002")
    assert stale.status == 409 and "1" in stale.json["message"]
    newer = second.post(
        "/api/project", {"title": "Trees", "link": "https://x.example/t", "base_version": 1}, key="proj-key-0003"
    )
    assert newer.status == 200 and newer.json["version"] == 2
    replay = first.post("/api/project", {"title": "Shade sails", "base_version": 0}, key="proj-key-0001")
    assert replay.json == saved.json  # the stored answer, not a third save
    assert first.post("/api/project", {"title": "x", "link": "javascript:alert(1)"}, key="proj-key-0004").status == 400
    assert first.get("/api/team").json["project"]["title"] == "Trees"

    public = _state(second)["hackathon"]
    assert public["submissions_open"] and public["projects"] == []  # a draft is its team's
    assert [t["name"] for t in public["teams"]] == ["Shade Makers"]
    assert code not in json.dumps(_state(second))
    open_session.set_submissions(False)
    shown = wait_for(lambda: _state(second)["hackathon"]["projects"])
    assert [p["title"] for p in shown] == ["Trees"]
    assert code not in json.dumps(_state(second))
    closed = first.post("/api/project", {"title": "Late", "base_version": 2}, key="proj-key-0005")
    assert closed.status == 409


def test_a_workshop_without_challenges_has_no_hackathon(phone: Client) -> None:
    """The public state says ``hackathon: null`` when there is no challenge, and a team route refuses."""
    assert _state(phone)["hackathon"] is None
    assert phone.post("/api/teams", {"name": "A", "challenge": 1, "members": 1}, key="team-key-0001").status == 409


def _jury_join(server: ParticipantServer, address: str, ticket: str, key: str) -> Any:
    return Client(server, address=address).post("/api/jury/join", {"ticket": ticket}, key=key)


def test_a_juror_scores_with_a_ticket_retries_replay_and_a_conflict_removes_the_scores(
    server: ParticipantServer, open_session: WorkshopSession, hackathon: dict[str, Any]
) -> None:
    """A jury ticket admits one phone (a retry of that join gets the same token); sheets are replayed by key,
    replaced by a new one, checked against the scale; a conflict of interest removes the scores and refuses
    more; closing judging freezes them; jurors' and participants' tokens never stand in for each other."""
    team = open_session.add_team("Shade Makers", hackathon["first"], 3)
    open_session.save_project(team.id, "Shade sails")
    other = open_session.add_team("Night Owls", hackathon["second"], 2)
    open_session.save_project(other.id, "Quiet bins")
    open_session.set_submissions(False)
    impact = open_session.add_criterion("Impact", weight=2, scale_min=1, scale_max=5)
    (ticket,) = open_session.create_jury_tickets(1)

    joined = _jury_join(server, "127.0.2.1", ticket.code, "jury-key-0001")
    assert joined.status == 201 and joined.json["juror"] == 1
    assert "cocity_jury=" in joined.header("Set-Cookie") and "HttpOnly" in joined.header("Set-Cookie")
    retried = _jury_join(server, "127.0.2.1", ticket.code, "jury-key-0001")
    assert retried.status == 201 and retried.json["token"] == joined.json["token"]
    assert _jury_join(server, "127.0.2.2", ticket.code, "jury-key-0002").status == 409  # single use
    juror = Client(server, extra={"X-Jury-Token": joined.json["token"]}, address="127.0.2.1")

    view = juror.get("/api/jury").json
    assert view["juror"] == 1 and view["judging"] == "not-started"
    assert [p["team_name"] for p in view["projects"]] == ["Shade Makers", "Night Owls"]
    project = view["projects"][0]["id"]
    sheet = {"project": project, "scores": {str(impact.id): 4}, "comment": "Good"}
    assert juror.post("/api/jury/sheets", sheet, key="sheet-key-001").status == 409  # not open yet
    open_session.open_judging()
    stored = juror.post("/api/jury/sheets", sheet, key="sheet-key-002")
    assert stored.status == 200 and stored.json["version"] == 1 and stored.json["scores"] == {str(impact.id): 4}
    assert juror.post("/api/jury/sheets", sheet, key="sheet-key-002").json == stored.json
    changed = juror.post("/api/jury/sheets", {**sheet, "scores": {str(impact.id): 5}}, key="sheet-key-003")
    assert changed.json["version"] == 2 and open_session.sheets(project)[0].scores == {impact.id: 5}
    out_of_scale = juror.post("/api/jury/sheets", {**sheet, "scores": {str(impact.id): 9}}, key="sheet-key-004")
    assert out_of_scale.status == 400
    assert juror.get("/api/jury").json["sheets"] == [
        {"project": project, "scores": {str(impact.id): 5}, "comment": "Good"}
    ]

    participant = _phone(server, "127.0.2.3")
    assert participant.post("/api/jury/sheets", sheet, key="sheet-key-005").status == 401
    assert participant.get("/api/jury").status == 401
    assert juror.get("/api/team").status == 401  # a juror is not a participant

    declared = juror.post("/api/jury/conflicts", {"team": team.id}, key="confl-key-01")
    assert declared.status == 200 and declared.json == {"team_id": team.id, "conflicted": True, "scores_removed": True}
    assert open_session.sheets(project) == []
    assert juror.post("/api/jury/sheets", sheet, key="sheet-key-006").status == 409
    assert juror.get("/api/jury").json["conflicts"] == [team.id]
    second = view["projects"][1]["id"]
    kept = juror.post("/api/jury/sheets", {"project": second, "scores": {str(impact.id): 3}}, key="sheet-key-007")
    assert kept.status == 200

    open_session.close_judging()
    assert juror.post("/api/jury/sheets", {**sheet, "project": second}, key="sheet-key-008").status == 409
    late_retry = juror.post("/api/jury/sheets", {"project": second, "scores": {str(impact.id): 3}}, key="sheet-key-007")
    assert late_retry.status == 200 and late_retry.json == kept.json


def test_a_replaced_jury_ticket_stops_the_old_phone(
    server: ParticipantServer, open_session: WorkshopSession, hackathon: dict[str, Any]
) -> None:
    """After the facilitator replaces a lost juror's ticket, the old phone is refused and the new one is juror 1."""
    (ticket,) = open_session.create_jury_tickets(1)
    old = _jury_join(server, "127.0.3.1", ticket.code, "jury-key-0001").json["token"]
    assert Client(server, extra={"X-Jury-Token": old}).get("/api/jury").status == 200
    replacement = open_session.replace_jury_ticket(1)
    assert Client(server, extra={"X-Jury-Token": old}).get("/api/jury").status == 401
    new = _jury_join(server, "127.0.3.2", replacement.code, "jury-key-0002")
    assert new.status == 201 and new.json["juror"] == 1


def test_a_juror_follows_the_room_without_counting_as_a_phone(
    server: ParticipantServer, open_session: WorkshopSession, hackathon: dict[str, Any]
) -> None:
    """A juror's phone gets the page and the live stream (with the hackathon topic) but is not "connected"."""
    (ticket,) = open_session.create_jury_tickets(1)
    token = _jury_join(server, "127.0.4.1", ticket.code, "jury-key-0001").json["token"]
    open_session.rotate_join_secret()
    page = Client(server, extra={"Cookie": f"cocity_jury={token}"}).get("/w/old-secret/")
    assert page.status == 200  # a juror keeps the page after the QR changed
    with socket.create_connection(("127.0.0.1", server.port), timeout=5, source_address=("127.0.4.1", 0)) as sock:
        head = f"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Jury-Token: {token}\r\n\r\n"
        sock.sendall(head.encode())
        seen = b""
        for _ in range(50):  # bounded (and each recv by the socket's timeout): the challenge's frame comes
            seen += sock.recv(65536)  # at once, or after the tick if the stream opened before it was rebuilt
            if b"Cooler streets" in seen:
                break
        assert b"200 OK" in seen.split(b"\r\n", 1)[0] and b"event: hackathon" in seen
        assert b"Cooler streets" in seen
        assert server._app.connected.count == 0


def test_the_pitch_now_is_in_the_hackathon_topic_with_its_start_on_the_servers_clock(
    server: ParticipantServer, open_session: WorkshopSession, hackathon: dict[str, Any], phone: Client
) -> None:
    """Phones and the projector see the team pitching, when it started, how long it may take and who is
    next, in pitch order; the answer's Date header is the clock the start is on."""
    a = open_session.add_team("A", hackathon["first"])
    b = open_session.add_team("B", hackathon["second"])
    open_session.set_pitch_order([b.id, a.id])
    assert _state(phone)["hackathon"]["pitch"] is None
    open_session.set_pitch_seconds(240)
    open_session.next_pitch()
    reply = phone.get("/api/state")
    pitch = reply.json["hackathon"]["pitch"]
    assert (pitch["team"], pitch["seconds"], pitch["next"]) == (b.id, 240, a.id)
    said = email.utils.parsedate_to_datetime(reply.header("Date")).timestamp()
    assert abs(said - pitch["started_at"]) < 5
    assert [t["id"] for t in reply.json["hackathon"]["teams"]] == [b.id, a.id]
    secret = server.projector_url.split("/")[4]
    projected = Client(server).get(f"/p/{secret}/state").json["hackathon"]["pitch"]
    assert projected == pitch
    open_session.next_pitch()
    assert _state(phone)["hackathon"]["pitch"]["next"] is None
