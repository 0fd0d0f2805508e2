"""The data-protection section names who is responsible, on which basis, what is deleted when; the method its limits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from export_helpers import comparable, pdf_text

from cocity_workshop.report import write_report
from cocity_workshop.session import WorkshopSession

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _section(pdf: Path, start: str, end: str) -> str:
    text = comparable(pdf_text(pdf))
    at = text.rindex(start)
    return text[at : text.index(end, at)]


def test_the_demo_names_controller_contact_basis_and_retention(demo_report_en: Path) -> None:
    """The English demo (a living lab: public task, 24 months) says who, on which basis and until when."""
    section = _section(demo_report_en, "Data protection Who is responsible", "Method")
    assert "Controller Ville de Grenoble" in section
    assert "Data protection contact Data protection officer, dpo@grenoble.example" in section
    assert "Legal basis a task carried out in the public interest (GDPR Article 6(1)(e))" in section
    assert "Kept until October 8, 2028, 24 months after the workshop" in section
    assert "What is deleted when" in section
    assert "is kept by the controller until October 8, 2028, then deleted." in section
    assert "the codes (kept only as hashes) are still in the workshop file" in section


def test_the_method_states_its_limits(demo_report_en: Path) -> None:
    section = _section(demo_report_en, "Limits of the method", "Integrity")
    assert "The room chose itself" in section
    assert "Phones joined without tickets: one phone counts as one participant" in section
    assert "Dots are not a referendum" in section


def test_without_settings_the_report_says_what_is_missing(tmp_path: Path) -> None:
    """No controller: the first organiser, said to be a stand-in; no contact: said so; tickets: said so; a
    hostile controller name is printed as it is."""
    path = tmp_path / "w.cocity"
    with WorkshopSession.create(path, title="Bare", template="youth", language="en") as session:
        session.update_workshop(organisers=("Youth council", "Library"), date="2026-03-31")
        session.set_joining(open=True, ticket_mode=True)
        first = write_report(session, tmp_path / "first.pdf", "en")
        session.update_workshop(controller="<b>City</b> & =1+1")
        second = write_report(session, tmp_path / "second.pdf", "en")
    section = _section(first, "Data protection Who is responsible", "Method")
    assert "Controller Youth council (the first organiser: the workshop's settings name no controller)" in section
    assert "Data protection contact Not given in the workshop's settings." in section
    assert "Legal basis the participants' consent (GDPR Article 6(1)(a))" in section
    assert "Kept until September 30, 2026, 6 months after the workshop" in section  # March 31 + 6 months
    assert "Phones joined with single-use tickets" in _section(first, "Limits of the method", "Integrity")
    assert "Controller <b>City</b> & =1+1" in _section(second, "Data protection Who is responsible", "Method")
