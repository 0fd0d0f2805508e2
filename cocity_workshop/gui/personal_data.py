"""Spotting likely personal data in participant text (e-mail addresses, phone numbers, social handles).

Used to highlight it in the moderation queue, so the facilitator can edit or hide an idea before the
room sees it. It is a hint for a human, not a filter: it errs on the side of highlighting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cocity_workshop.i18n import N_


class PersonalKind(StrEnum):
    """What kind of personal data a span looks like."""

    EMAIL = "email"
    PHONE = "phone"
    HANDLE = "handle"


KIND_LABELS = {
    PersonalKind.EMAIL: N_("e-mail address"),
    PersonalKind.PHONE: N_("phone number"),
    PersonalKind.HANDLE: N_("social media handle"),
}

_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*(?:\.|\(dot\))\s*[\w-]+)+", re.IGNORECASE)
# Nine or more digits, optionally with a leading + and separated by spaces, dots, dashes or slashes.
_PHONE = re.compile(r"(?<![\w+])\+?\d(?:[\s./-]?\d){8,14}(?!\w)")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` looks like personal data of ``kind``."""

    start: int
    end: int
    kind: PersonalKind


def find_personal_data(text: str) -> list[Span]:
    """Every span of ``text`` that looks like an e-mail address, a phone number or a handle, in order."""
    spans: list[Span] = [Span(m.start(), m.end(), PersonalKind.EMAIL) for m in _EMAIL.finditer(text)]
    taken = [(s.start, s.end) for s in spans]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern, kind in ((_PHONE, PersonalKind.PHONE), (_HANDLE, PersonalKind.HANDLE)):
        for match in pattern.finditer(text):
            if free(match.start(), match.end()):
                spans.append(Span(match.start(), match.end(), kind))
                taken.append((match.start(), match.end()))
    return sorted(spans, key=lambda s: s.start)
