"""The self-contained Linux app (PyInstaller, from packaging/) opens a workshop, serves phones and writes a PDF."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZE_TARGET_MB = 200


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app folder built from the spec in packaging/, once per test run."""
    out = tmp_path_factory.mktemp("frozen")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "packaging" / "cocity_workshop.spec"),
        ],
        check=True,
        timeout=900,
        cwd=out,
    )
    return out / "dist" / "cocity-workshop"


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / "c"), XDG_DATA_HOME=str(tmp / "d"))
    return env


@pytest.mark.slow
def test_bundle_runs_the_whole_product_and_reports_its_size(app: Path, tmp_path: Path) -> None:
    """Offscreen: the demo opens in the desktop app, `serve` answers on 127.0.0.1, `report` writes a PDF."""
    tool = app / "cocity-workshop"
    env = _env(tmp_path)
    demo = tmp_path / "demo.cocity"
    subprocess.run([str(tool), "demo", str(demo)], check=True, env=env, timeout=120)

    gui = subprocess.Popen([str(tool), str(demo)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        lock = demo.with_name(demo.name + ".lock")
        deadline = time.monotonic() + 60
        while not lock.exists() and gui.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock.exists(), "the desktop app did not open the workshop file"
        assert gui.poll() is None, "the desktop app exited"
    finally:
        gui.send_signal(signal.SIGTERM)
        gui.wait(30)
        assert gui.stdout is not None
        gui.stdout.close()

    port = _free_port()
    serve = subprocess.Popen(
        [str(tool), "serve", str(demo), "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        join_url = ""
        deadline = time.monotonic() + 60
        assert serve.stdout is not None
        while not join_url and time.monotonic() < deadline:
            line = serve.stdout.readline()
            if not line:
                break
            join_url = next((w for w in line.split() if w.startswith(f"http://127.0.0.1:{port}/")), "")
        assert join_url, "serve did not print the join URL"
        with urllib.request.urlopen(join_url, timeout=10) as response:
            page = response.read().decode("utf-8")
        assert "<html" in page.lower()
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(30)
        assert serve.stdout is not None
        serve.stdout.close()

    pdf = tmp_path / "report.pdf"
    subprocess.run([str(tool), "report", str(demo), "-o", str(pdf)], check=True, env=env, timeout=120)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Babel and its CLDR data for the app's languages are inside: an Arabic report has Arabic words.
    arabic = tmp_path / "report-ar.pdf"
    subprocess.run(
        [str(tool), "report", str(demo), "-o", str(arabic), "--lang", "ar"], check=True, env=env, timeout=120
    )
    text = subprocess.run(["pdftotext", str(arabic), "-"], check=True, capture_output=True, text=True).stdout
    assert any("\u0600" <= c <= "\u06ff" for c in text), "no Arabic in the Arabic report"
    locale_data = app / "_internal" / "babel" / "locale-data"
    assert {"root.dat", "ar.dat", "zh_Hant.dat", "ko.dat"} <= {p.name for p in locale_data.iterdir()}
    assert not (locale_data / "de.dat").exists(), "CLDR data of languages the app does not speak"

    size_mb = _folder_size(app) / 1e6
    biggest = sorted(
        (
            (_folder_size(p) if p.is_dir() else p.stat().st_size, p.name)
            for p in (app / "_internal").iterdir()
            if not p.is_symlink()
        ),
        reverse=True,
    )[:4]
    print(
        f"\napp bundle: {size_mb:.0f} MB unpacked; largest: " + ", ".join(f"{n} {s / 1e6:.0f} MB" for s, n in biggest)
    )
    assert size_mb < SIZE_TARGET_MB
