"""Real servers on 127.0.0.1 for the sync tests (wsgidav, aiosmtpd), a TCP proxy that slows or cuts
connections, and bundle helpers. CKAN is in ``ckan_server.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

from ckan_server import free_port, wait_for_port

WEBDAV_USER = "anna"
WEBDAV_PASSWORD = "app-pass-1234-5678"
SMTP_USER = "facilitator@example.org"
SMTP_PASSWORD = "smtp-secret-9876"


def sha256(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


# -- WebDAV -------------------------------------------------------------------------------------------------
class WebDavServer:
    """wsgidav (cheroot) in a thread: ``/dav`` read-write, ``/ro`` read-only, Basic auth for one user."""

    def __init__(self, root: Path, max_body_bytes: int = 0) -> None:
        """Serve ``root``; ``max_body_bytes`` (0: no limit) refuses larger uploads with 413, as a proxy would."""
        from cheroot import wsgi
        from wsgidav.wsgidav_app import WsgiDAVApp

        self.root = root / "dav"
        self.readonly_root = root / "ro"
        self.root.mkdir(parents=True)
        self.readonly_root.mkdir(parents=True)
        self.port = free_port()
        config = {
            "host": "127.0.0.1",
            "port": self.port,
            "provider_mapping": {
                "/dav": str(self.root),
                "/ro": {"root": str(self.readonly_root), "readonly": True},
            },
            "http_authenticator": {"accept_basic": True, "accept_digest": False, "default_to_digest": False},
            "simple_dc": {"user_mapping": {"*": {WEBDAV_USER: {"password": WEBDAV_PASSWORD}}}},
            "verbose": 0,
            "logging": {"enable": False, "enable_loggers": []},
            "lock_storage": True,
            "dir_browser": {"enable": False},
        }
        self.server = wsgi.Server(("127.0.0.1", self.port), WsgiDAVApp(config), numthreads=8)
        self.server.max_request_body_size = max_body_bytes
        self.server.prepare()
        self._thread = threading.Thread(target=self.server.serve, name="wsgidav", daemon=True)
        self._thread.start()
        wait_for_port(self.port, 10)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop serving (bounded)."""
        self.server.stop()
        self._thread.join(timeout=10)


# -- SMTP -------------------------------------------------------------------------------------------------
def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (openssl from Debian); returns (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


@dataclass
class Mailbox:
    """Messages an SMTP server accepted (complete ones only: aiosmtpd hands over after the final dot)."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


class SmtpServer:
    """aiosmtpd on 127.0.0.1 with STARTTLS (or TLS from the start), login required, a size limit."""

    def __init__(self, cert: Path, key: Path, *, implicit_tls: bool = False, size_limit: int = 10_000_000) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and data.login.decode() == SMTP_USER
                and data.password.decode() == SMTP_PASSWORD
            )
            return AuthResult(success=ok, handled=False)

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self.mailbox = Mailbox()
        self.port = free_port()
        options: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": self.port,
            "authenticator": authenticate,
            "auth_required": True,
            "data_size_limit": size_limit,
        }
        if implicit_tls:
            options["ssl_context"] = context
        else:
            options.update(tls_context=context, require_starttls=True)

        class TlsAwareController(Controller):  # type: ignore[misc]
            def factory(self) -> Any:
                smtp = super().factory()
                if implicit_tls:  # aiosmtpd counts only STARTTLS as TLS for AUTH; this connection is TLS throughout
                    smtp._auth_require_tls = False
                return smtp

        self.controller = TlsAwareController(self.mailbox, server_hostname="127.0.0.1", ready_timeout=10, **options)
        self.controller.start()

    def stop(self) -> None:
        """Stop the server."""
        self.controller.stop()


# -- a proxy that slows down or cuts connections ------------------------------------------------------------
class TcpProxy:
    """Forwards 127.0.0.1:``port`` to ``upstream``; counts bytes sent upstream, can throttle and cut once.

    ``rate`` limits client-to-server bytes per second (``None``: full speed). ``cut_after`` closes the
    connection carrying that byte (once; later connections pass). Every loop ends when ``stop`` is called.
    """

    def __init__(self, upstream: int, *, rate: float | None = None, cut_after: int | None = None) -> None:
        self.upstream = upstream
        self.rate = rate
        self.cut_after = cut_after
        self.sent = 0
        self.cuts = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._threads = [threading.Thread(target=self._accept, name="proxy-accept", daemon=True)]
        self._threads[0].start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream), timeout=10)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                sock.settimeout(0.5)
            with self._lock:
                self._sockets += [client, server]
            for source, sink, upward in ((client, server, True), (server, client, False)):
                thread = threading.Thread(target=self._pump, args=(source, sink, upward), daemon=True)
                self._threads.append(thread)
                thread.start()

    def _pump(self, source: socket.socket, sink: socket.socket, upward: bool) -> None:
        chunk = 4096
        try:
            while not self._stop.is_set():
                try:
                    data = source.recv(chunk)
                except TimeoutError:
                    continue
                if not data:
                    break
                if upward:
                    with self._lock:
                        cut = self.cut_after is not None and self.sent + len(data) >= self.cut_after
                        if cut:
                            self.cut_after = None
                            self.cuts += 1
                        self.sent += len(data)
                    if cut:
                        break
                    if self.rate:
                        time.sleep(len(data) / self.rate)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    def stop(self) -> None:
        """Close everything and wait for the threads (bounded)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(timeout=5)


# -- bundles ------------------------------------------------------------------------------------------------
def bundle_files(path: Path) -> dict[str, bytes]:
    """Every file of a bundle ZIP."""
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def rewrite_bundle(source: Path, target: Path, changes: dict[str, bytes | None]) -> Path:
    """A valid copy of ``source`` with files replaced, added or (``None``) removed; the descriptor follows."""
    files = bundle_files(source)
    descriptor = json.loads(files["datapackage.json"])
    resources = {r["path"]: r for r in descriptor["resources"]}
    for path, data in changes.items():
        if data is None:
            files.pop(path, None)
            descriptor["resources"] = [r for r in descriptor["resources"] if r["path"] != path]
            continue
        files[path] = data
        entry = resources.get(path)
        if entry is None:
            entry = {"name": path.replace("/", "-").lower(), "path": path, "mediatype": "application/octet-stream"}
            descriptor["resources"].append(entry)
        entry["bytes"] = len(data)
        entry["hash"] = "sha256:" + sha256(data)
    files["datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            if name != "datapackage.json":
                archive.writestr(name, data)
        archive.writestr("datapackage.json", files["datapackage.json"])
    return target


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256)."""
    return {p.relative_to(folder).as_posix(): sha256(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def expected_tree(bundle: Path) -> dict[str, str]:
    """What a complete copy of ``bundle`` holds (path -> SHA-256)."""
    return {name: sha256(data) for name, data in bundle_files(bundle).items()}


def kill_sync_midway(proxy: Any, env: dict[str, str], cwd: Path, *, after_bytes: int, timeout: float) -> None:
    """Run `cocity-workshop sync` through a slow ``proxy`` and SIGKILL it once ``after_bytes`` went through."""
    child = subprocess.Popen(
        [sys.executable, "-m", "cocity_workshop", "sync"],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while proxy.sent < after_bytes and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    child.kill()
    child.wait(timeout=30)
    assert child.returncode == -9, "the child finished before it could be killed"
