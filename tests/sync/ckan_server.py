"""A real CKAN 2.11 on loopback for the sync tests: PostgreSQL and Redis from Debian, CKAN from its own venv.

``scripts/setup-ckan`` installs the pieces. Solr is the one stand-in (nothing packages it here): a small
HTTP server that serves CKAN's own ``schema.xml`` and answers ``/select`` with no hits and ``/update`` with
success, so CKAN's indexer is satisfied and ``package_show`` reads from the database. Everything else
(API, auth, uploads, storage, PostgreSQL, Redis) is the real thing.

Run ``python tests/sync/ckan_server.py`` to start one by hand and print its URL and tokens.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CKAN_VENV = ROOT / ".cache" / "ckan-venv"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
MAX_RESOURCE_MB = 2


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port`` (bounded by ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server process exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def ckan_available() -> str | None:
    """Why CKAN cannot run here, or ``None`` when everything it needs is installed."""
    if not (CKAN_VENV / "bin" / "ckan").exists():
        return "CKAN venv missing (run scripts/setup-ckan)"
    if not (PG_BIN / "initdb").exists():
        return "PostgreSQL 15 missing (run scripts/setup-ckan as root)"
    if shutil.which("redis-server") is None:
        return "redis-server missing (run scripts/setup-ckan as root)"
    return None


class _SolrHandler(BaseHTTPRequestHandler):
    """Answers CKAN's Solr calls: the schema, empty searches, accepted updates."""

    schema: bytes = b""
    updates = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if "schema" in self.path:
            self._send(self.schema, "application/xml")
        elif "/select" in self.path:
            self._send(b'{"responseHeader":{"status":0},"response":{"numFound":0,"start":0,"docs":[]}}')
        else:
            self._send(b'{"responseHeader":{"status":0}}')

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        type(self).updates += 1
        self._send(b'{"responseHeader":{"status":0}}')


class CkanServer:
    """PostgreSQL, Redis, the Solr stand-in and ``ckan run``, all on 127.0.0.1; ``stop()`` ends them all."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="cocity-ckan-"))
        self.workdir.chmod(0o755)
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: list[tuple[subprocess.Popen[bytes], signal.Signals]] = []
        self.solr: ThreadingHTTPServer | None = None
        self.admin_token = ""
        self.logs = self.workdir / "logs"
        self.logs.mkdir()

    # -- helpers --------------------------------------------------------------------------------------
    def _as_postgres(self, args: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def _spawn(
        self,
        args: list[str],
        name: str,
        env: dict[str, str] | None = None,
        stop_signal: signal.Signals = signal.SIGTERM,
    ) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.processes.append((process, stop_signal))
        return process

    def _ckan(self, *args: str, timeout: float = 180) -> str:
        result = subprocess.run(
            [str(CKAN_VENV / "bin" / "ckan"), "-c", str(self.ini), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self._env(),
        )
        if result.returncode != 0:
            raise RuntimeError(f"ckan {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
        env["PATH"] = f"{CKAN_VENV / 'bin'}:{env.get('PATH', '')}"
        return env

    # -- start and stop -------------------------------------------------------------------------------
    def start(self) -> CkanServer:
        """Start everything and create a sysadmin with an API token (about half a minute)."""
        try:
            self._start_postgres()
            self._start_redis()
            self._start_solr()
            self._configure()
            self._start_ckan()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_postgres(self) -> None:
        data = self.workdir / "pg"
        data.mkdir()
        sockets = self.workdir / "pgsock"
        sockets.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (data, sockets):
                os.chown(path, user.pw_uid, user.pw_gid)
        subprocess.run(
            self._as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(data), "-U", "ckan", "--auth=trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        process = self._spawn(
            self._as_postgres(
                [
                    str(PG_BIN / "postgres"),
                    "-D",
                    str(data),
                    "-p",
                    str(self.pg_port),
                    "-k",
                    str(sockets),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                ]
            ),
            "postgres",
            stop_signal=signal.SIGINT,  # PostgreSQL's fast shutdown: does not wait for clients
        )
        wait_for_port(self.pg_port, 60, process)
        for _attempt in range(100):
            ready = subprocess.run(
                ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "ckan", "-d", "postgres", "-c", "select 1"],
                capture_output=True,
                timeout=30,
            )
            if ready.returncode == 0:
                break
            time.sleep(0.2)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "ckan",
                "-d",
                "postgres",
                "-c",
                "CREATE DATABASE ckan",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def _start_redis(self) -> None:
        process = self._spawn(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            "redis",
        )
        wait_for_port(self.redis_port, 30, process)

    def _start_solr(self) -> None:
        site = next((CKAN_VENV / "lib").glob("python3*/site-packages"))
        handler = type("SolrHandler", (_SolrHandler,), {"schema": (site / "ckan/config/solr/schema.xml").read_bytes()})
        self.solr = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.solr.serve_forever, name="solr-stand-in", daemon=True).start()

    def _configure(self) -> None:
        assert self.solr is not None
        self.ini = self.workdir / "ckan.ini"
        storage = self.workdir / "storage"
        storage.mkdir()
        subprocess.run(
            [str(CKAN_VENV / "bin" / "ckan"), "generate", "config", str(self.ini)],
            check=True,
            capture_output=True,
            timeout=120,
            env=self._env(),
        )
        settings = {
            "sqlalchemy.url": f"postgresql://ckan@127.0.0.1:{self.pg_port}/ckan",
            "solr_url": f"http://127.0.0.1:{self.solr.server_address[1]}/solr/ckan",
            "ckan.redis.url": f"redis://127.0.0.1:{self.redis_port}/0",
            "ckan.site_url": self.url,
            "ckan.storage_path": str(storage),
            "ckan.max_resource_size": str(MAX_RESOURCE_MB),
            "ckan.plugins": "activity",
            "ckan.auth.create_unowned_dataset": "false",
            "debug": "false",
        }
        lines = []
        for line in self.ini.read_text(encoding="utf-8").splitlines():
            key = line.split("=", 1)[0].strip()
            if "=" in line and key in settings:
                line = f"{key} = {settings.pop(key)}"
            lines.append(line)
        text = "\n".join(lines) + "\n"
        if settings:  # keys the generated file does not carry go into [app:main]
            extra = "".join(f"{k} = {v}\n" for k, v in settings.items())
            text = text.replace("[app:main]\n", "[app:main]\n" + extra, 1)
        self.ini.write_text(text, encoding="utf-8")
        self._ckan("db", "init")
        self._ckan("user", "add", "admin", "email=admin@example.org", "password=Admin-password-1", "fullname=Admin")
        self._ckan("sysadmin", "add", "admin")
        self.admin_token = self._ckan("user", "token", "add", "admin", "sync-tests", "--quiet").strip().splitlines()[-1]

    def _start_ckan(self) -> None:
        process = self._spawn(
            [
                str(CKAN_VENV / "bin" / "ckan"),
                "-c",
                str(self.ini),
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--disable-reloader",
                "--threaded",
            ],
            "ckan",
            env=self._env(),
        )
        wait_for_port(self.port, 120, process)

    def stop(self) -> None:
        """Stop every process this server started (bounded waits), then remove its folder."""
        for process, stop_signal in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, stop_signal)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
        self.processes.clear()
        if self.solr is not None:
            self.solr.shutdown()
            self.solr.server_close()
            self.solr = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- the API, for test set-up and checks ---------------------------------------------------------
    def action(self, name: str, data: dict[str, object] | None = None, token: str | None = None) -> object:
        """Call an action as the sysadmin (or with ``token``); returns ``result`` or raises with the error."""
        request = urllib.request.Request(
            f"{self.url}/api/3/action/{name}",
            data=json.dumps(data or {}).encode(),
            headers={"Content-Type": "application/json", "Authorization": token or self.admin_token},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["result"]
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{name}: {error.code} {error.read()[:500]!r}") from None

    def download(self, url: str, token: str | None = None) -> bytes:
        """The bytes at ``url`` (a resource's download address on this server)."""
        request = urllib.request.Request(url, headers={"Authorization": token or self.admin_token})
        with urllib.request.urlopen(request, timeout=60) as response:
            data: bytes = response.read()
            return data


if __name__ == "__main__":
    started = time.monotonic()
    server = CkanServer().start()
    print(f"CKAN at {server.url} in {time.monotonic() - started:.1f} s; admin token {server.admin_token}")
    print(f"work dir {server.workdir}; Ctrl-C stops it")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        server.stop()
