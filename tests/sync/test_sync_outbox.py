"""The outbox itself: settings and their secrets, bundle checks, queueing, backoff, one run at a time."""

from __future__ import annotations

import json
import logging
import stat
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from ckan_server import free_port
from sync_servers import bundle_files, rewrite_bundle

from cocity_workshop.i18n import use_language
from cocity_workshop.sync import (
    PENDING,
    Outbox,
    OutboxError,
    RetryPolicy,
    SettingsError,
    SyncProgress,
    SyncSettings,
    load_settings,
    parse_settings,
    read_bundle,
    save_settings,
)
from cocity_workshop.sync.state import os_lock

SECRET = "s3cret-app-password-123"


def two_targets(tmp_path: Path) -> str:
    return (
        f'[targets.usb]\ntype = "folder"\npath = "{tmp_path / "usb"}"\n\n'
        f'[targets.cloud]\ntype = "webdav"\nurl = "http://127.0.0.1:{free_port()}/dav"\nusername = "anna"\n'
        f'app_password = "{SECRET}"\n\n'
        f'[targets.portal]\ntype = "ckan"\nurl = "http://127.0.0.1:{free_port()}"\napi_token = "{SECRET}-token"\n'
        'organization = "city"\n'
    )


def test_settings_are_checked_with_plain_messages() -> None:
    """Each mistake in sync.toml says what is wrong; a portal never takes the city tier."""
    cases = {
        '[targets.x]\ntype = "ftp"\n': "needs a type",
        '[targets.x]\ntype = "folder"\n': "needs a value for path",
        '[targets.x]\ntype = "folder"\npath = "/x"\ncolour = "red"\n': "does not know: colour",
        '[targets.x]\ntype = "ckan"\nurl = "u"\napi_token = "t"\norganization = "o"\ntier = "city"\n': "public tier",
        '[targets."a b"]\ntype = "folder"\npath = "/x"\n': "may only use letters",
        "[targets\n": "not valid TOML",
    }
    for text, expected in cases.items():
        with pytest.raises(SettingsError) as caught:
            parse_settings(text)
        assert expected in str(caught.value), text
    with pytest.raises(SettingsError) as caught:
        parse_settings('[targets.x]\ntype = "folder"\n')
    assert "potřebuje" in caught.value.message("cs")


def test_settings_round_trip_privately_and_hide_secrets(tmp_path: Path) -> None:
    """Saved settings read back the same, the file is private (0600), and repr never shows a secret."""
    settings = parse_settings(two_targets(tmp_path))
    path = save_settings(settings, tmp_path / "cfg" / "sync.toml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_settings(path)
    assert [(t.name, t.type, t.tier, dict(t.options)) for t in again.targets] == [
        (t.name, t.type, t.tier, dict(t.options)) for t in settings.targets
    ]
    assert SECRET not in repr(again.targets) and "***" in repr(again.target("cloud"))
    assert load_settings(tmp_path / "missing.toml").targets == ()
    with pytest.raises(SettingsError, match="no sync target called nope"):
        again.target("nope")


def test_damaged_bundles_are_refused(bundles: dict[str, Path], tmp_path: Path) -> None:
    """A bundle whose file does not match its SHA-256, that misses a file or has an unsafe name is refused."""
    files = bundle_files(bundles["city"])
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data + b"x" if name == "results.csv" else data)
    with pytest.raises(OutboxError, match=r"results\.csv does not match its SHA-256"):
        read_bundle(tampered)
    missing = tmp_path / "missing.zip"
    with zipfile.ZipFile(missing, "w") as archive:
        for name, data in files.items():
            if name != "ideas.csv":
                archive.writestr(name, data)
    with pytest.raises(OutboxError, match=r"ideas\.csv is missing"):
        read_bundle(missing)
    unsafe = rewrite_bundle(bundles["city"], tmp_path / "unsafe.zip", {"../evil.csv": b"x"})
    with pytest.raises(OutboxError, match="unsafe name"):
        read_bundle(unsafe)
    (tmp_path / "not.zip").write_bytes(b"hello")
    with pytest.raises(OutboxError, match="not a results bundle"):
        read_bundle(tmp_path / "not.zip")
    info = read_bundle(bundles["city"])
    assert info.tier == "city" and info.files[-1].path == "datapackage.json" and info.report is not None


def test_queueing_follows_tiers_and_targets_added_later(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """City bundles go to the folder and WebDAV, public ones to the portal; a target added later gets them too."""
    outbox = make_outbox(two_targets(tmp_path))
    city = outbox.enqueue(bundles["city"])
    public = outbox.enqueue(bundles["public"])
    assert [d.target for d in city.deliveries] == ["cloud", "usb"]
    assert [d.target for d in public.deliveries] == ["portal"]
    assert outbox.tiers_needed() == ["city", "public"]
    stored = list((outbox.directory / "bundles").iterdir())
    assert len(stored) == 2
    bundles["city"].with_name("copy.zip").write_bytes(bundles["city"].read_bytes())
    assert outbox.enqueue(bundles["city"].with_name("copy.zip")).id == city.id
    assert len(list((outbox.directory / "bundles").iterdir())) == 2

    settings_path = tmp_path / "config" / "cocity-workshop" / "sync.toml"
    settings_path.write_text(
        two_targets(tmp_path) + f'\n[targets.usb2]\ntype = "folder"\npath = "{tmp_path / "usb2"}"\n', encoding="utf-8"
    )
    again = outbox.enqueue(bundles["city"])
    assert [d.target for d in again.deliveries] == ["cloud", "usb", "usb2"]


def test_backoff_within_a_run_and_between_runs(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """An unreachable server is tried 4 times with doubling pauses; automatic runs then wait, doubling too."""
    pauses: list[float] = []
    clock = [1_000_000.0]
    text = f'[targets.cloud]\ntype = "webdav"\nurl = "http://127.0.0.1:{free_port()}/dav"\nusername = "a"\n'
    settings_path = tmp_path / "sync.toml"
    settings_path.write_text(text, encoding="utf-8")
    outbox = Outbox(tmp_path / "outbox", settings_path, clock=lambda: clock[0], sleep=pauses.append)
    outbox.enqueue(bundles["city"])
    [(_, delivery)] = outbox.sync().results
    assert len(pauses) == 3
    for pause, base in zip(pauses, (1, 2, 4), strict=True):
        assert base * 0.75 <= pause <= base * 1.25
    assert delivery.state == PENDING and delivery.next_try == clock[0] + 60
    assert outbox.sync(automatic=True).results == []
    clock[0] += 61
    [(_, delivery)] = outbox.sync(automatic=True).results
    assert delivery.next_try == clock[0] + 120
    assert RetryPolicy().next_try(20, 0) == 3600


def test_one_run_at_a_time(make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path) -> None:
    """While another run holds the outbox, a second one says so instead of delivering twice."""
    outbox = make_outbox(f'[targets.usb]\ntype = "folder"\npath = "{tmp_path}"\n')
    outbox.enqueue(bundles["city"])
    with os_lock(outbox.directory / "sync.lock", blocking=False) as taken:
        assert taken
        with pytest.raises(OutboxError, match="Another sync is already running"):
            outbox.sync()
    assert outbox.sync().ok


def test_secrets_never_reach_the_outbox_status_or_logs(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """App passwords and tokens appear in no outbox file, status text or log line, even after failures."""
    caplog.set_level(logging.DEBUG)
    outbox = make_outbox(two_targets(tmp_path))
    outbox.enqueue(bundles["city"])
    outbox.enqueue(bundles["public"])
    report = outbox.sync()
    assert len(report.results) == 3 and not report.ok
    for path in outbox.directory.rglob("*.json"):
        assert SECRET not in path.read_text(encoding="utf-8")
    shown = json.dumps([[d.problem, d.where] for b in outbox.status() for d in b.deliveries])
    assert "Cannot reach" in shown and SECRET not in shown
    assert SECRET not in caplog.text


def test_problems_are_shown_in_the_current_language(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """A recorded problem is stored as a template and shown in whatever language the reader uses."""
    outbox = make_outbox(f'[targets.usb]\ntype = "folder"\npath = "{tmp_path / "gone"}"\n')
    outbox.enqueue(bundles["city"])
    outbox.sync()
    [delivery] = outbox.status()[0].deliveries
    assert "USB stick" in delivery.problem and delivery.state_label == "pending"
    with use_language("cs"):
        [czech] = outbox.status()[0].deliveries
        assert czech.state_label == "čeká"
    assert "USB" in czech.problem and czech.problem != delivery.problem


def test_retry_and_remove(make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path) -> None:
    """``retry`` makes a delivery pending again; ``remove`` forgets a bundle and deletes its copy."""
    outbox = make_outbox(f'[targets.usb]\ntype = "folder"\npath = "{tmp_path}"\n')
    bundle = outbox.enqueue(bundles["city"])
    assert outbox.sync().ok
    outbox.retry(bundle.id)
    assert outbox.status()[0].deliveries[0].state == PENDING
    outbox.remove(bundle.id)
    assert outbox.status() == [] and list((outbox.directory / "bundles").iterdir()) == []
    with pytest.raises(OutboxError):
        outbox.retry(bundle.id)
    assert SyncSettings().enabled() == []


def test_cancel_stops_between_steps_and_resumes(
    make_outbox: Callable[..., Outbox], bundles: dict[str, Path], tmp_path: Path
) -> None:
    """The app closing mid-run: the run stops at the next step, the delivery stays pending, the next run finishes."""
    usb = tmp_path / "usb"
    usb.mkdir()
    outbox = make_outbox(f'[targets.usb]\ntype = "folder"\npath = "{usb}"\n')
    bundle = outbox.enqueue(bundles["city"])
    stop = threading.Event()
    steps: list[SyncProgress] = []

    def on_progress(step: SyncProgress) -> None:
        steps.append(step)
        if len(steps) == 4:
            stop.set()

    report = outbox.sync(progress=on_progress, cancel=stop)
    assert report.cancelled and not report.ok and len(steps) == 4
    assert steps[0].bundle_id == bundle.id and steps[0].target == "usb"
    assert outbox.status()[0].deliveries[0].state == PENDING
    assert not (usb / bundle.name / "datapackage.json").exists()
    assert outbox.sync().ok
    assert (usb / bundle.name / "datapackage.json").exists()


def test_export_for_the_city_writes_decidim_files_for_the_chosen_locales(
    make_outbox: Callable[..., Outbox], demo_file: Path, tmp_path: Path
) -> None:
    """The bundle queued for the city carries the Decidim locales chosen in the Export panel, not only the default."""
    import json
    import zipfile

    from cocity_workshop.bundle.decidim import DecidimFormat
    from cocity_workshop.session import WorkshopSession

    outbox = make_outbox(f'[targets.usb]\ntype = "folder"\npath = "{tmp_path / "usb"}"\n')
    with WorkshopSession.open(demo_file, readonly=True) as session:
        default = outbox.export_and_enqueue(session)
        chosen = outbox.export_and_enqueue(session, decidim_format=DecidimFormat(("cs", "en", "es")))

    def locales(bundle_id: str) -> set[str]:
        (stored,) = (p for p in (outbox.directory / "bundles").iterdir() if bundle_id in p.name)
        with zipfile.ZipFile(stored) as archive:
            name = next(n for n in archive.namelist() if n.endswith("decidim-proposals.json"))
            proposals = json.loads(archive.read(name))
        assert proposals
        return {locale for proposal in proposals for locale in proposal["title"]}

    assert locales(chosen[0].id) == {"cs", "en", "es"}
    assert default[0].id != chosen[0].id
