"""Shared-device mode: the next person on one tablet joins as a new participant, not counted against the
address; each person hands the device on once; tickets are still needed in ticket mode."""

from __future__ import annotations

from cocity_workshop.server import ParticipantServer
from cocity_workshop.session import WorkshopSession
from tests.server.conftest import Client


def _join(server: ParticipantServer, body: dict[str, str]) -> tuple[int, str]:
    reply = Client(server).post("/" + server.join_url.split("/", 3)[3] + "join", body)
    return reply.status, reply.json.get("token", "")


def test_the_setting_is_kept_in_the_file(open_session: WorkshopSession) -> None:
    assert open_session.joining().shared_device is False
    before = open_session.set_joining(shared_device=True)
    assert before.shared_device is False and open_session.joining().shared_device is True
    path = open_session.path
    open_session.close()
    with WorkshopSession.open(path) as again:
        assert again.joining().shared_device is True


def test_person_after_person_on_one_device(open_session: WorkshopSession) -> None:
    """Ten people in a row from one address: each joins as a new participant, the bucket (3) never runs out."""
    open_session.set_joining(shared_device=True)
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:
        status, token = _join(server, {})
        tokens = [token]
        for _person in range(9):
            status, token = _join(server, {"next_after": tokens[-1]})
            assert status == 201
            tokens.append(token)
        assert len(set(tokens)) == 10 and open_session.joining().joined == 10
        # A token hands the device on only once; after that the join counts against the address again.
        assert [_join(server, {"next_after": tokens[0]})[0] for _ in range(3)] == [201, 201, 429]
        assert _join(server, {"next_after": "not-a-token"})[0] == 429


def test_without_the_mode_next_after_is_an_ordinary_join(open_session: WorkshopSession) -> None:
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:
        _status, first = _join(server, {})
        assert [_join(server, {"next_after": first})[0] for _ in range(3)] == [201, 201, 429]


def test_ticket_mode_still_needs_a_ticket_per_person(open_session: WorkshopSession) -> None:
    open_session.set_joining(shared_device=True, ticket_mode=True)
    codes = open_session.create_tickets(2)
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:
        status, first = _join(server, {"ticket": codes[0]})
        assert status == 201
        assert _join(server, {"next_after": first})[0] == 409  # no ticket: refused, and the device not handed on
        status, second = _join(server, {"next_after": first, "ticket": codes[1]})
        assert status == 201 and second != first
        assert _join(server, {"next_after": second, "ticket": codes[0]})[0] == 409  # a used ticket stays used
    assert open_session.joining().joined == 2
