"""Data protection settings of a workshop: who is responsible, on which legal basis, and how long the file is kept.

The report's data-protection section states them; ``deletion_date`` is the one rule for when the workshop file
is to be deleted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

from cocity_workshop.core.errors import InvalidInput
from cocity_workshop.i18n import N_, format_day, ngettext

#: How long the workshop file is kept after the workshop unless the facilitator (or the template) says otherwise.
DEFAULT_RETENTION_MONTHS = 12
#: The longest retention the app accepts (ten years).
MAX_RETENTION_MONTHS = 120


class LegalBasis(StrEnum):
    """Why the organiser may process what participants give (GDPR Article 6(1))."""

    PUBLIC_TASK = "public-task"  # (e): a task in the public interest, as a city's participation is
    CONSENT = "consent"  # (a): each participant agreed
    LEGITIMATE_INTERESTS = "legitimate-interests"  # (f): an organiser that is not a public authority


LEGAL_BASIS_LABELS = {
    LegalBasis.PUBLIC_TASK: N_("a task carried out in the public interest (GDPR Article 6(1)(e))"),
    LegalBasis.CONSENT: N_("the participants' consent (GDPR Article 6(1)(a))"),
    LegalBasis.LEGITIMATE_INTERESTS: N_("the organiser's legitimate interests (GDPR Article 6(1)(f))"),
}


def legal_basis(value: object) -> LegalBasis:
    """``value`` as a legal basis, or ``InvalidInput``."""
    try:
        return LegalBasis(str(value))
    except ValueError:
        raise InvalidInput("Unknown legal basis {basis}.", basis=value) from None


def retention_months(value: object) -> int:
    """``value`` as months to keep the workshop file (1 to ``MAX_RETENTION_MONTHS``), or ``InvalidInput``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RETENTION_MONTHS:
        raise InvalidInput(
            "The workshop file is kept for 1 to {max} months after the workshop.", max=MAX_RETENTION_MONTHS
        )
    return value


def deletion_date(workshop_date: str, months: int) -> dt.date | None:
    """The day the workshop file is due to be deleted: ``months`` after the workshop's date (the same day of the
    month, or the month's last day), or ``None`` without a readable date."""
    try:
        day = dt.date.fromisoformat(workshop_date)
    except ValueError:
        return None
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kept_until(workshop_date: str, months: int) -> str:
    """How long the workshop file is kept: "November 14, 2027, 12 months after the workshop"."""
    until = deletion_date(workshop_date, months)
    if until is None:
        return ngettext("{n} month after the workshop", "{n} months after the workshop", months).format(n=months)
    return ngettext("{date}, {n} month after the workshop", "{date}, {n} months after the workshop", months).format(
        date=format_day(until), n=months
    )
