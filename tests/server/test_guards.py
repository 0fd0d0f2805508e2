"""Security guards: hosts, origins, cross-site forms, sizes, traversal, the route allowlist, limits, privacy."""

from __future__ import annotations

import json
import logging
import socket
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import pytest

from cocity_workshop.resources import resource_path
from cocity_workshop.server import Limits, ParticipantServer
from cocity_workshop.server.app import ASSETS, ParticipantApp
from cocity_workshop.session import WorkshopSession


def _raw(server: ParticipantServer, data: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes (so no client normalises the path) and return the whole answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


FORGED_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.evil.example:{port}",
    "127.0.0.1:1",
    "127.0.0.2:{port}",
    "192.168.1.1:{port}",
    "localhost.evil:{port}",
    "[::2]:{port}",
    "",
    "127.0.0.1:{port}@evil.example",
    "0.0.0.0:{port}",
    "LOCALHOST.:{port}",
]


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_forged_host_is_refused(client: Any, server: ParticipantServer, host: str) -> None:
    """A Host that is not one of the server's addresses is refused (DNS rebinding)."""
    reply = client.get("/api/strings/en", headers={"Host": host.format(port=server.port)})
    assert reply.status == 400


FORGED_ORIGINS = [
    None,
    "null",
    "http://evil.example",
    "http://127.0.0.1",
    "http://127.0.0.1:1",
    "https://127.0.0.1:{port}",
    "http://127.0.0.1:{port}.evil.example",
    "http://evil.example/http://127.0.0.1:{port}",
    "file://",
    "http://localhost.evil:{port}",
]


@pytest.mark.parametrize("origin", FORGED_ORIGINS)
def test_changes_from_another_origin_are_refused(phone: Any, server: ParticipantServer, origin: str | None) -> None:
    """A change whose Origin is not the server's own is refused (CSRF)."""
    forged = origin.format(port=server.port) if origin else None
    reply = phone.post("/api/ideas", {"title": "CSRF"}, key="idea-key-csrf", headers={"Origin": forged})
    assert reply.status == 403
    assert server.session.ideas() == []


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"title=CSRF"),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nCSRF\r\n--x--\r\n',
        ),
        ("text/plain", b'{"title": "CSRF"}'),
    ],
)
def test_cross_site_form_posts_are_refused(phone: Any, content_type: str, body: bytes) -> None:
    """What an HTML form on another site can send (no custom header, a simple type) is refused."""
    for headers in ({"X-Workshop-Client": None}, {"Origin": "http://evil.example", "X-Workshop-Client": None}, {}):
        reply = phone.post("/api/ideas", raw=body, content_type=content_type, key="idea-key-form", headers=headers)
        assert reply.status in (403, 415)
    assert phone.server.session.ideas() == []


def test_oversized_and_malformed_bodies(phone: Any, server: ParticipantServer) -> None:
    """Bodies over 16 KiB get 413 before being read; chunked floods, deep nesting and junk get 4xx fast."""
    started = time.monotonic()
    big = phone.post("/api/ideas", raw=b"{" + b" " * (17 * 1024) + b"}", key="idea-key-big")
    assert big.status == 413
    declared = _raw(
        server,
        f"POST /api/ideas HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://127.0.0.1:{server.port}\r\n"
        f"X-Workshop-Client: 1\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n".encode(),
        timeout=3,
    )
    assert _status(declared) == 413
    chunk = b"a" * 8192
    chunked = (
        (
            f"POST /api/ideas HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://127.0.0.1:{server.port}\r\n"
            f"X-Workshop-Client: 1\r\nX-Workshop-Token: {phone.token}\r\nIdempotency-Key: chunked-key\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        ).encode()
        + (b"2000\r\n" + chunk + b"\r\n") * 4
        + b"0\r\n\r\n"
    )
    assert _status(_raw(server, chunked, timeout=3)) == 413
    deep = phone.post("/api/ideas", raw=b"[" * 8000 + b"]" * 8000, key="idea-key-deep")
    assert deep.status == 400
    assert phone.post("/api/ideas", raw=b"\xff\xfe", key="idea-key-junk").status == 400
    long_url = _raw(server, b"GET /" + b"a" * 5000 + f" HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    assert 400 <= _status(long_url) < 500
    huge_header = _raw(
        server,
        f"GET /api/strings/en HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Big: {'b' * 70000}\r\n\r\n".encode(),
    )
    assert 400 <= _status(huge_header) < 500 or huge_header == b""
    assert time.monotonic() - started < 10


TRAVERSAL = [
    "/assets/../phone.html",
    "/assets/%2e%2e/%2e%2e/etc/passwd",
    "/assets/%252e%252e/%252e%252e/etc/passwd",
    "/assets/..%2f..%2fetc%2fpasswd",
    "/assets/%2F..%2F..%2Fetc%2Fpasswd",
    "/assets/..\\..\\pyproject.toml",
    "/assets/phone.js%00.html",
    "/assets//etc/passwd",
    "/assets/....//....//etc/passwd",
    "/../../../../etc/passwd",
    "/assets/openapi.json/../../pyproject.toml",
    "/assets/phone.css/.",
    "/assets/%c0%ae%c0%ae/etc/passwd",
    "//etc/passwd",
    "/assets/web/phone.js",
    "/resources/web/phone.js",
]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_traversal_paths_find_nothing(server: ParticipantServer, path: str) -> None:
    """Raw traversal vectors never reach a file: static files come from an in-memory allowlist."""
    answer = _raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n".encode())
    assert _status(answer) in (400, 404), answer[:200]
    assert b"root:" not in answer and b"[build-system]" not in answer


def test_unknown_routes_and_methods(client: Any, phone: Any) -> None:
    """Anything off the allowlist is 404; other methods on known routes are refused."""
    for path in ("/", "/admin", "/api", "/api/rounds", "/api/close_round", "/w/", "/p/", "/static/phone.js"):
        assert client.get(path).status == 404
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD"):
        assert phone.request(method, "/api/ballot").status in (404, 405)
    assert client.get("/w/not-the-secret/").status == 404
    assert client.get("/p/not-the-secret/state").status == 404
    assert client.get("/j/aaaaaaaa").status == 404


def test_security_headers_on_every_page(client: Any, server: ParticipantServer, phone: Any) -> None:
    """HTML and scripts carry the CSP (no inline script), nosniff and no framing."""
    pages = [
        "/" + server.join_url.split("/", 3)[3],
        "/" + server.projector_url.split("/", 3)[3],
        "/assets/phone.js",
        "/api/strings/en",
        "/nowhere",
    ]
    for path in pages:
        reply = phone.get(path)
        csp = reply.header("Content-Security-Policy")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert reply.header("X-Content-Type-Options") == "nosniff"
        assert reply.header("X-Frame-Options") == "DENY"
    for name in ("phone.html", "projector.html"):
        html = resource_path("web", name).read_text()
        assert "<script>" not in html and " on" + "click=" not in html and "style=" not in html


def test_pages_are_small_and_load_nothing_from_elsewhere() -> None:
    """The phone page (HTML, CSS, script) stays under 50 KB and names no other server."""
    files = ("phone.html", "phone.css", "fair.js", "phone.js")
    total = sum(len(resource_path("web", f).read_bytes()) for f in files)
    assert total < 50_000
    for name in (*files, "projector.html", "projector.css", "projector.js"):
        text = resource_path("web", name).read_text()
        assert "http://" not in text.replace("^http:\\/\\/", "") and "https://" not in text and "innerHTML" not in text


def _inventory(app: ParticipantApp) -> set[tuple[str, str]]:
    routes = set()
    for route in app.make_app().router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("formatter") or info.get("path")
        routes.add((route.method.lower(), str(path)))
    return routes


def test_route_inventory_equals_the_openapi_allowlist(server: ParticipantServer) -> None:
    """The server mounts exactly the operations its OpenAPI description lists, and the served copy is the file."""
    spec = json.loads(resource_path("web", "openapi.json").read_text())
    described = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert _inventory(server._app) == described
    asset = spec["paths"]["/assets/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    assert sorted(asset) == sorted(ASSETS)  # the files it names are the ones served
    conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/openapi.json")
    assert json.loads(conn.getresponse().read()) == spec
    conn.close()


def test_rate_limits_answer_a_generic_429(open_session: WorkshopSession) -> None:
    """Per-address request limits, per-phone write limits and per-address joins end in 429."""
    limits = Limits(requests_per_address=30, window_seconds=60, joins_per_address=2, writes_per_participant=5)
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=limits) as server:

        def call(method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> int:
            conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
            base = {
                "Origin": f"http://127.0.0.1:{server.port}",
                "X-Workshop-Client": "1",
                "Content-Type": "application/json",
            }
            conn.request(method, path, body=body, headers={**base, **(headers or {})})
            status = conn.getresponse().status
            conn.close()
            return status

        join = "/" + server.join_url.split("/", 3)[3] + "join"
        assert [call("POST", join, b"{}") for _ in range(3)] == [201, 201, 429]
        token = open_session.join().token
        writes = [
            call(
                "POST", "/api/ideas", b'{"title": "x"}', {"X-Workshop-Token": token, "Idempotency-Key": f"key-{n:06d}"}
            )
            for n in range(7)
        ]
        assert writes[:5] == [201] * 5 and writes[5:] == [429, 429]
        statuses = [call("GET", "/api/strings/en") for _ in range(30)]
        assert statuses[-1] == 429 and statuses.count(200) < 30


def test_connection_limit_per_address(open_session: WorkshopSession) -> None:
    """More open connections from one address than allowed get a bare 429 and are closed."""
    limits = Limits(connections_per_address=5)
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=limits) as server:
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(5)]
        try:
            time.sleep(0.2)
            assert server.connections == 5
            extra = _raw(server, b"GET /api/strings/en HTTP/1.1\r\n\r\n")
            assert extra.startswith(b"HTTP/1.1 429")
        finally:
            for sock in held:
                sock.close()


def test_slow_clients_are_cut_off(open_session: WorkshopSession) -> None:
    """A client trickling its headers (slowloris) is disconnected at the header deadline."""
    limits = Limits(header_seconds=1.0)
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=limits) as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        started = time.monotonic()
        closed = False
        try:
            sock.sendall(b"GET /api/strings/en HTTP/1.1\r\n")
            for _ in range(40):
                time.sleep(0.1)
                try:
                    sock.sendall(b"X-a: b\r\n")
                except OSError:
                    closed = True
                    break
            if not closed:
                sock.settimeout(1)
                closed = sock.recv(10) == b""
        except OSError:
            closed = True
        finally:
            sock.close()
        assert closed and time.monotonic() - started < 4.5


def test_no_address_token_or_user_agent_in_logs_or_file(
    phone: Any, server: ParticipantServer, open_session: WorkshopSession, caplog: pytest.LogCaptureFixture
) -> None:
    """After a session of requests (good and bad), neither the log nor the workshop file holds an IP or token."""
    caplog.set_level(logging.DEBUG)
    agent = "Mozilla/5.0 UniqueAgent/42"
    phone.extra["User-Agent"] = agent
    phone.post("/api/ideas", {"title": "Logged?"}, key="idea-key-log1")
    phone.get("/api/state")
    phone.get("/nowhere")
    phone.post("/api/ideas", raw=b"{", key="idea-key-log2")
    join_secret = server.join_url.split("/")[4]
    server.stop()
    open_session.close()
    logged = caplog.text
    stored = Path(open_session.path).read_bytes()
    for secret in (phone.token, "127.0.0.1", "UniqueAgent", join_secret):
        assert secret not in logged
    for secret in (phone.token, "127.0.0.1", "UniqueAgent"):
        assert secret.encode() not in stored


def test_slow_bodies_meet_the_request_deadline(open_session: WorkshopSession) -> None:
    """A body trickled slower than the request deadline is answered 408 and the connection ends."""
    with ParticipantServer(open_session, "127.0.0.1", 0, limits=Limits(request_seconds=1.0)) as server:
        token = open_session.join().token
        head = (
            f"POST /api/ideas HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://127.0.0.1:{server.port}\r\n"
            f"X-Workshop-Client: 1\r\nX-Workshop-Token: {token}\r\nIdempotency-Key: slow-body-key\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(head.encode())
            answer = b""
            for _ in range(30):
                try:
                    sock.sendall(b" ")
                except OSError:
                    break
                sock.settimeout(0.1)
                try:
                    answer += sock.recv(4096)
                except TimeoutError:
                    continue
                if answer:
                    break
        assert _status(answer) == 408
        assert time.monotonic() - started < 3
        assert open_session.ideas() == []


def test_digits_other_than_ascii_in_ids_are_refused_not_a_server_error(phone: Any, server: ParticipantServer) -> None:
    """ "³" passes ``str.isdigit`` but not ``int``: ids and event ids with such digits get 4xx, never a 500."""
    assert phone.get("/api/photos/%C2%B3").status == 404
    assert phone.post("/api/ideas/%C2%B3/photo", raw=b"x", content_type="image/jpeg", key="photo-key-sup").status == 404
    assert phone.post("/api/ballot", {"round": 1, "dots": {"³": 1}}, key="ballot-key-sup").status == 400
    run = server._app.broadcaster.run_id
    conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("GET", "/api/events", headers={"X-Workshop-Token": phone.token, "Last-Event-ID": f"{run}-³"})
        assert conn.getresponse().status == 200
    finally:
        conn.close()


@pytest.mark.parametrize("field", ["title", "description", "theme"])
def test_a_lone_surrogate_in_an_idea_is_a_clear_400(phone: Any, open_session: WorkshopSession, field: str) -> None:
    """JSON can spell text that is not Unicode ("\\ud800"): it is refused with 400 and nothing is stored."""
    fields = {"title": "Bench", "description": "", "theme": ""}
    raw = json.dumps(fields)[:-1].encode() + b', "' + field.encode() + b'": "a\\ud800b"}'
    reply = phone.post("/api/ideas", raw=raw, key=f"surrogate-{field}")
    assert reply.status == 400 and "not valid Unicode" in reply.json["message"]
    assert open_session.ideas() == []


def test_a_lone_surrogate_anywhere_in_a_body_is_a_clear_400(client: Any, phone: Any, server: ParticipantServer) -> None:
    """A ticket code, a ballot or a profile with a lone surrogate (even in a key) is a 400, in Czech too."""
    join = "/" + server.join_url.split("/", 3)[3] + "join"
    assert client.post(join, raw=b'{"ticket": "\\udc00abc"}').status == 400
    assert phone.post("/api/ballot", raw=b'{"round": 1, "dots": {"1\\ud800": 1}}', key="surrogate-b").status == 400
    czech = phone.post("/api/profile", raw=b'{"group": null, "x": ["\\udfff"]}', headers={"X-Workshop-Lang": "cs"})
    assert czech.status == 400 and "Unicode" in czech.json["message"] and "Požadavek" in czech.json["message"]
    assert phone.post("/api/ideas", raw=b'{"title": "\\ud83d\\ude00 ok"}', key="surrogate-pair").status == 201


def test_a_failed_join_gives_its_place_back(open_session: WorkshopSession, workshop_path: Path) -> None:
    """Refused joins (a ticket that is not Unicode, a file that refuses the insert) leave the address its
    whole shipped join allowance."""
    import sqlite3

    limit = Limits().joins_per_address
    with ParticipantServer(open_session, "127.0.0.1", 0) as server:
        join = "/" + server.join_url.split("/", 3)[3] + "join"
        surrogates = [_post(server, join, b'{"ticket": "\\ud800abc"}') for _ in range(limit + 1)]
        assert surrogates == [400] * (limit + 1)
        other = sqlite3.connect(workshop_path)
        other.execute("CREATE TRIGGER refuse_joins BEFORE INSERT ON participants BEGIN SELECT RAISE(ABORT, 'no'); END")
        other.commit()
        failed = [_post(server, join, b"{}") for _ in range(limit + 1)]
        assert all(status >= 500 for status in failed), failed
        other.execute("DROP TRIGGER refuse_joins")
        other.commit()
        other.close()
        assert [_post(server, join, b"{}") for _ in range(limit + 1)] == [201] * limit + [429]


def _post(server: ParticipantServer, path: str, body: bytes) -> int:
    conn = HTTPConnection("127.0.0.1", server.port, timeout=5)
    headers = {
        "Origin": f"http://127.0.0.1:{server.port}",
        "X-Workshop-Client": "1",
        "Content-Type": "application/json",
    }
    conn.request("POST", path, body=body, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def test_a_method_a_route_lacks_is_405_with_that_routes_allow(client: Any, phone: Any) -> None:
    """POST to a read-only route is 405 (not 415), and Allow names the route's own method."""
    for path in ("/api/state", "/api/me", "/openapi.json", "/api/strings/en"):
        reply = phone.post(path, raw=b"x", content_type="text/plain")
        assert (reply.status, reply.header("Allow")) == (405, "GET"), path
    for path in ("/api/ballot", "/api/ideas", "/api/profile"):
        reply = phone.get(path)
        assert (reply.status, reply.header("Allow")) == (405, "POST"), path
    assert phone.request("PUT", "/api/ballot").header("Allow") == "POST"
    assert phone.request("DELETE", "/nowhere").status == 404
