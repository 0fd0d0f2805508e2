"""`cocity-workshop sync`: queue from a workshop or a ZIP, deliver, show the outbox; plain output, no secrets."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from ckan_server import free_port
from sync_servers import expected_tree, tree

from cocity_workshop.session import WorkshopSession

Run = Callable[..., subprocess.CompletedProcess[str]]
SECRET = "cli-secret-app-password"


def write_settings(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config" / "cocity-workshop" / "sync.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_status_and_sync_without_targets(run_cli: Run) -> None:
    """An empty outbox and no settings: the status says so, and sync explains where targets go."""
    status = run_cli("sync", "--status")
    assert status.returncode == 0
    assert "Targets: none configured" in status.stdout and "The outbox is empty." in status.stdout
    sync = run_cli("sync")
    assert sync.returncode == 1 and "No sync targets are configured" in sync.stdout and "sync.toml" in sync.stdout


def test_sync_a_workshop_that_is_open_elsewhere(
    run_cli: Run, demo_file: Path, tmp_path: Path, bundles: dict[str, Path]
) -> None:
    """`sync FILE` exports and delivers while the app has the workshop open; a second run delivers nothing."""
    workshop = tmp_path / "workshop.cocity"
    shutil.copy(demo_file, workshop)
    usb = tmp_path / "usb"
    usb.mkdir()
    write_settings(tmp_path, f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n')
    with WorkshopSession.open(workshop):  # the desktop app holds the file
        first = run_cli("sync", str(workshop))
        assert first.returncode == 0, first.stderr
        assert "Delivering" in first.stdout and "-> usb: delivered to" in first.stdout
        second = run_cli("sync", str(workshop))
        assert second.returncode == 0 and "Nothing to deliver." in second.stdout
    [copy] = list(usb.iterdir())
    assert set(tree(copy)) == set(expected_tree(bundles["city"]))
    status = run_cli("sync", "--status", str(workshop))
    assert "usb (folder, city)" in status.stdout and "delivered" in status.stdout and str(copy) in status.stdout


def test_sync_a_bundle_zip_and_report_problems(run_cli: Run, tmp_path: Path, bundles: dict[str, Path]) -> None:
    """A ZIP is queued and delivered; a target that cannot be reached leaves exit code 1 and a plain line."""
    usb = tmp_path / "usb"
    usb.mkdir()
    write_settings(
        tmp_path,
        f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n\n'
        f'[targets.cloud]\ntype = "webdav"\nurl = "http://127.0.0.1:{free_port()}/dav"\nusername = "anna"\n'
        f'app_password = "{SECRET}"\n',
    )
    result = run_cli("sync", str(bundles["city"]), timeout=180)
    assert result.returncode == 1
    assert "-> usb: delivered" in result.stdout
    assert "-> cloud: pending: Cannot reach 127.0.0.1" in result.stdout
    status = run_cli("sync", "--status")
    assert "pending" in status.stdout and "last try" in status.stdout
    for output in (result.stdout, result.stderr, status.stdout, status.stderr):
        assert SECRET not in output
    only_usb = run_cli("sync", "--target", "usb")
    assert only_usb.returncode == 0 and "Nothing to deliver." in only_usb.stdout


def test_unknown_target_is_one_line_with_exit_code_2(run_cli: Run, tmp_path: Path) -> None:
    """A target name that is not in the settings."""
    write_settings(tmp_path, f'[targets.usb]\ntype = "folder"\npath = "{tmp_path}"\n')
    result = run_cli("sync", "--target", "nope")
    assert result.returncode == 2
    assert result.stderr.strip() == "cocity-workshop: There is no sync target called nope."


def test_czech_output(run_cli: Run, cli_env: dict[str, str], tmp_path: Path, bundles: dict[str, Path]) -> None:
    """With a Czech locale the command speaks Czech."""
    usb = tmp_path / "usb"
    usb.mkdir()
    write_settings(tmp_path, f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n')
    cli_env["LANG"] = "cs_CZ.UTF-8"
    result = run_cli("sync", str(bundles["city"]))
    assert result.returncode == 0 and "Doručuji" in result.stdout and "doručeno do" in result.stdout


def test_sync_a_workshop_with_the_citys_decidim_locales(run_cli: Run, demo_file: Path, tmp_path: Path) -> None:
    """`sync FILE --decidim-locales` writes the delivered Decidim file in those locales; an unknown one is refused."""
    import json

    usb = tmp_path / "usb"
    usb.mkdir()
    write_settings(tmp_path, f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n')
    refused = run_cli("sync", str(demo_file), "--decidim-locales", "cs,xx")
    assert refused.returncode != 0 and "xx" in refused.stderr and not list(usb.iterdir())
    done = run_cli("sync", str(demo_file), "--decidim-locales", "cs,en,es")
    assert done.returncode == 0, done.stderr
    [proposals] = list(usb.rglob("decidim-proposals.json"))
    titles = json.loads(proposals.read_text(encoding="utf-8"))
    assert titles and all(set(item["title"]) == {"cs", "en", "es"} for item in titles)
