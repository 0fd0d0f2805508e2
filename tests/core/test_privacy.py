"""Data-protection settings: the date the workshop file is due for deletion, and what the settings accept."""

from __future__ import annotations

import datetime as dt

import pytest

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.core.model import Template
from cocity_workshop.core.privacy import LegalBasis, deletion_date, legal_basis, retention_months
from cocity_workshop.core.templates import TEMPLATES


def test_deletion_date_is_months_later_or_the_months_last_day() -> None:
    assert deletion_date("2026-11-14", 12) == dt.date(2027, 11, 14)
    assert deletion_date("2026-08-31", 6) == dt.date(2027, 2, 28)
    assert deletion_date("2027-08-31", 6) == dt.date(2028, 2, 29)
    assert deletion_date("2026-01-15", 120) == dt.date(2036, 1, 15)
    assert deletion_date("", 12) is None and deletion_date("14.11.2026", 12) is None


def test_settings_are_checked() -> None:
    assert legal_basis("consent") is LegalBasis.CONSENT
    assert retention_months(1) == 1 and retention_months(120) == 120
    for wrong in (0, 121, True, "12", 1.5):
        with pytest.raises(InvalidInput):
            retention_months(wrong)
    with pytest.raises(InvalidInput):
        legal_basis("art-6")


def test_every_template_states_a_basis_and_a_retention() -> None:
    """Youth workshops rest on consent and keep the file shortest; a city's co-design on its public task."""
    youth, co_design = TEMPLATES[Template.YOUTH], TEMPLATES[Template.CO_DESIGN]
    assert (youth.legal_basis, youth.retention_months) == (LegalBasis.CONSENT, 6)
    assert (co_design.legal_basis, co_design.retention_months) == (LegalBasis.PUBLIC_TASK, 12)
    assert min(t.retention_months for t in TEMPLATES.values()) == youth.retention_months
