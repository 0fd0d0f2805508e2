"""An Arabic report: its tables read from the right (the first column rightmost), its words are Arabic."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cocity_workshop.i18n import LANGUAGES, _, use_language
from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
    pytest.mark.skipif("ar" not in LANGUAGES, reason="no Arabic catalogue"),
]


def _words(pdf: Path) -> list[tuple[float, float, str]]:
    """(x, y, word) of every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)
    return [(float(x), float(y), w) for x, y, w in found]


def test_arabic_tables_run_right_to_left(demo_file: Path, tmp_path: Path) -> None:
    """In the agenda table the "#" column is at the right edge and each phase's title to its left; in
    Czech the same table starts at the left."""
    positions = {}
    for language in ("ar", "cs"):
        pdf = tmp_path / f"{language}.pdf"
        with WorkshopSession.open(demo_file, readonly=True) as session:
            write_report(session, pdf, language)
        words = _words(pdf)
        first_phase = next((x, y) for x, y, w in words if w == "Přivítání")
        number = next(x for x, y, w in words if w == "1" and abs(y - first_phase[1]) < 2)
        positions[language] = (number, first_phase[0])
        if language == "ar":
            with use_language("ar"):
                heading = _("Summary")
            assert heading.split()[0] in {w for _x, _y, w in words}
    assert positions["ar"][0] > positions["ar"][1], "Arabic: the row number sits right of the phase"
    assert positions["cs"][0] < positions["cs"][1], "Czech: the row number sits left of the phase"
