"""The report, export and verify commands: files written, exit codes, plain messages."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from cocity_workshop.__main__ import main


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_report_export_verify(demo_file_en: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """report writes a PDF, export a verified ZIP, verify says everything matches (exit 0)."""
    pdf = tmp_path / "report.pdf"
    assert main(["report", str(demo_file_en), "-o", str(pdf), "--lang", "cs"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    bundle = tmp_path / "bundle.zip"
    assert main(["export", str(demo_file_en), "-o", str(bundle), "--tier", "city"]) == 0
    assert "ballots.csv" in zipfile.ZipFile(bundle).namelist()
    capsys.readouterr()
    assert main(["verify", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "Everything matches." in out and "MISMATCH" not in out


def test_verify_exits_1_and_names_the_changed_file(
    demo_file_en: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bundle with a changed file makes verify print MISMATCH for that file and exit 1."""
    bundle = tmp_path / "bundle.zip"
    assert main(["export", str(demo_file_en), "-o", str(bundle)]) == 0
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"Jaur", b"Jour") if name == "ideas.csv" else data)
    capsys.readouterr()
    assert main(["verify", str(tampered)]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH  ideas.csv: SHA-256 differs from datapackage.json" in out
    assert "1 problem found" in out


def test_export_of_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workshop file that does not exist gives one line on stderr and exit 2."""
    assert main(["export", str(tmp_path / "nope.cocity"), "-o", str(tmp_path / "b.zip")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_export_queues_the_bundle_when_a_target_takes_its_tier(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a folder target configured for the city tier, `export --tier city` puts the bundle in the outbox."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (config / "cocity-workshop").mkdir(parents=True)
    drop = tmp_path / "usb"
    drop.mkdir()
    (config / "cocity-workshop" / "sync.toml").write_text(
        f'[targets.usb]\ntype = "folder"\ntier = "city"\npath = "{drop}"\n', encoding="utf-8"
    )
    assert main(["export", str(demo_file), "-o", str(tmp_path / "public.zip")]) == 0
    assert "Queued for sync" not in capsys.readouterr().out
    assert main(["export", str(demo_file), "-o", str(tmp_path / "city.zip"), "--tier", "city"]) == 0
    assert "Queued for sync" in capsys.readouterr().out
    assert main(["sync"]) == 0
    delivered = [p.name for p in drop.rglob("datapackage.json")]
    assert delivered == ["datapackage.json"]


def test_export_refuses_personal_data_unless_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export lists what looks like personal data and exits 3 writing nothing; --allow-personal-data exports
    and records the decision in the action log."""
    from cocity_workshop.session import WorkshopSession

    path = tmp_path / "p.cocity"
    with WorkshopSession.create(path, title="Privacy", language="en") as session:
        session.add_idea("Write to ana.novak@seznam.cz")
    bundle = tmp_path / "b.zip"
    assert main(["export", str(path), "-o", str(bundle)]) == 3
    err = capsys.readouterr().err
    assert "Idea no. 1, title: ana.novak@seznam.cz (e-mail address)" in err and not bundle.exists()
    assert main(["report", str(path), "-o", str(tmp_path / "r.pdf")]) == 3
    assert main(["export", str(path), "-o", str(bundle), "--allow-personal-data"]) == 0
    assert bundle.exists()
    with WorkshopSession.open(path, readonly=True) as session:
        confirmed = [e for e in session.log_entries() if e.type == "personal_data_confirmed"]
        assert len(confirmed) == 1 and '"by":"command line"' in confirmed[0].payload
        assert session.personal_data_findings() == []
    assert main(["export", str(path), "-o", str(bundle)]) == 0  # resolved in the file
