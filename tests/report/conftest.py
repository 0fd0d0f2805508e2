"""Report fixtures: the demo reports are built once per module run and shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession


@pytest.fixture(scope="session")
def demo_report_cs(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Czech demo's report in Czech."""
    path = tmp_path_factory.mktemp("report") / "report-cs.pdf"
    with WorkshopSession.open(demo_file, readonly=True) as session:
        write_report(session, path, "cs")
    return path


@pytest.fixture(scope="session")
def demo_report_en(demo_file_en: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English demo's report in English."""
    path = tmp_path_factory.mktemp("report") / "report-en.pdf"
    with WorkshopSession.open(demo_file_en, readonly=True) as session:
        write_report(session, path, "en")
    return path
