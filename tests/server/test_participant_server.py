"""ParticipantServer as the desktop app uses it: start, URLs, QR, self-check, stable port, clean stop."""

from __future__ import annotations

import io
import json
import socket
import threading
from http.client import HTTPConnection
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from cocity_workshop.server import ParticipantServer, ServerError
from cocity_workshop.server.network import lan_addresses
from cocity_workshop.server.qr import qr_terminal
from cocity_workshop.session import DomainError, WorkshopSession


def test_urls_carry_long_secrets_and_the_short_link_leads_to_the_join_page(server: ParticipantServer) -> None:
    """The join and projector URLs carry different secrets of at least 128 bits; the short URL redirects."""
    join_secret = server.join_url.split("/")[4]
    projector_secret = server.projector_url.split("/")[4]
    assert len(join_secret) >= 22 and len(projector_secret) >= 22 and join_secret != projector_secret
    assert server.join_url.startswith(f"http://127.0.0.1:{server.port}/w/")
    code = server.short_url.rsplit("/", 1)[1]
    assert len(code) == 8
    conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", f"/j/{code.upper()}")
    reply = conn.getresponse()
    assert reply.status == 303 and reply.getheader("Location") == f"/w/{join_secret}/"
    conn.close()


def test_qr_png_decodes_to_the_join_url(server: ParticipantServer) -> None:
    """The QR image the server renders decodes (zxing-cpp) to the join URL."""
    image = Image.open(io.BytesIO(server.qr_png(400)))
    assert abs(image.width - 400) < 60
    (decoded,) = zxingcpp.read_barcodes(image)
    assert decoded.text == server.join_url
    assert len(qr_terminal(server.join_url).splitlines()) > 10


def test_self_check_explains_loopback(server: ParticipantServer) -> None:
    """Listening on 127.0.0.1 is reachable here but not from phones: the self-check says so plainly."""
    result = server.self_check()
    assert not result.ok
    assert any("only on this computer" in p or "not connected" in p for p in result.problems)
    assert all("could not be opened" not in p for p in result.problems)  # the page itself was fetched


def test_self_check_on_a_lan_address(open_session: WorkshopSession) -> None:
    """On a real LAN address (when this machine has one) the page is fetched through it and all is well."""
    lan = [a for a in lan_addresses() if not a.startswith("127.")]
    if not lan:
        pytest.skip("this machine has no LAN address")
    with ParticipantServer(open_session, lan[0], 0) as server:
        assert server.self_check().ok, server.self_check().problems


def test_addresses_lists_the_likely_lan_address_first() -> None:
    """Loopback is always listed, and last."""
    found = ParticipantServer.addresses()
    assert found[-1] == "127.0.0.1" and len(found) == len(set(found))


def test_port_in_use_is_a_clear_domain_error(open_session: WorkshopSession) -> None:
    """A taken port raises a DomainError subclass that names the port."""
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        server = ParticipantServer(open_session, "127.0.0.1", port)
        with pytest.raises(ServerError) as caught:
            server.start()
        assert isinstance(caught.value, DomainError) and str(port) in str(caught.value)
        assert "používá" in caught.value.message("cs")
    with pytest.raises(ServerError):
        ParticipantServer(open_session, "203.0.113.77", 0).start()


def test_restart_keeps_port_and_secrets(workshop_path: Path) -> None:
    """The workshop's stable port and secrets survive closing and reopening, so QR codes keep working."""
    first_session = WorkshopSession.create(workshop_path, title="Stable")
    try:
        server = ParticipantServer(first_session, "127.0.0.1")
        server.start()
        first = (server.port, server.join_url, server.projector_url)
        server.stop()
    finally:
        first_session.close()
    with WorkshopSession.open(workshop_path) as second_session:
        again = ParticipantServer(second_session, "127.0.0.1")
        again.start()
        try:
            assert (again.port, again.join_url, again.projector_url) == first
            assert 8300 <= again.port <= 8999
        finally:
            again.stop()


def test_stop_is_clean_with_open_streams(open_session: WorkshopSession) -> None:
    """Stopping ends live streams and the server thread, leaving the session usable, and start twice fails."""
    server = ParticipantServer(open_session, "127.0.0.1", 0)
    server.start()
    with pytest.raises(ServerError):
        server.start()
    sockets = []
    for _ in range(5):
        sock = socket.create_connection(("127.0.0.1", server.port))
        path = server.projector_url.split("/", 3)[3]
        sock.sendall(f"GET /{path}events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        sockets.append(sock)
    stopped = threading.Event()
    threading.Thread(target=lambda: (server.stop(), stopped.set()), daemon=True).start()
    assert stopped.wait(10)
    assert not server.running
    assert not any(t.name == "cocity-server" for t in threading.enumerate())
    for sock in sockets:
        sock.close()
    open_session.add_idea("Still works")
    server.start()  # the facilitator can start it again
    try:
        conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/" + server.projector_url.split("/", 3)[3] + "state")
        assert [i["title"] for i in json.loads(conn.getresponse().read())["ideas"]] == ["Still works"]
        conn.close()
    finally:
        server.stop()


def test_rotating_the_secret_changes_the_urls_at_once(server: ParticipantServer, open_session: WorkshopSession) -> None:
    """After the facilitator rotates the join secret, join URL, short URL and QR change immediately."""
    before = (server.join_url, server.short_url)
    secret = open_session.rotate_join_secret()
    assert server.join_url.endswith(f"/w/{secret}/") and server.short_url != before[1]
    (decoded,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(server.qr_png(300))))
    assert decoded.text == server.join_url != before[0]
