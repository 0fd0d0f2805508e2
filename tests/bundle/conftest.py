"""Bundle fixtures: the demo bundles of both tiers and languages, built once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.bundle import export_bundle
from cocity_workshop.session import WorkshopSession


def _export(workshop: Path, folder: Path, tier: str, language: str) -> Path:
    with WorkshopSession.open(workshop, readonly=True) as session:
        return export_bundle(session, folder / f"bundle-{language}-{tier}.zip", tier=tier, language=language).path


@pytest.fixture(scope="session")
def demo_bundles(demo_file: Path, demo_file_en: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """ "cs-public", "cs-city", "en-public", "en-city": the demo workshops' bundles."""
    folder = tmp_path_factory.mktemp("bundles")
    return {
        f"{language}-{tier}": _export(workshop, folder, tier, language)
        for language, workshop in (("cs", demo_file), ("en", demo_file_en))
        for tier in ("public", "city")
    }
