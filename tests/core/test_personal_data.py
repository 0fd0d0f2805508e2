"""Likely personal data is spotted for the moderation queue: e-mails, phone numbers, handles."""

from __future__ import annotations

from cocity_workshop.core.personal_data import PersonalKind, find_personal_data


def _found(text: str) -> list[tuple[str, PersonalKind]]:
    return [(text[s.start : s.end], s.kind) for s in find_personal_data(text)]


def test_finds_emails_phones_and_handles() -> None:
    """Each kind is found with its exact span; e-mails are not also reported as handles."""
    assert _found("mail ana.novak@seznam.cz please") == [("ana.novak@seznam.cz", PersonalKind.EMAIL)]
    assert _found("call +420 777 123 456 now") == [("+420 777 123 456", PersonalKind.PHONE)]
    assert _found("volej 777123456") == [("777123456", PersonalKind.PHONE)]
    assert _found("follow @skate_plzen on insta") == [("@skate_plzen", PersonalKind.HANDLE)]
    assert _found("ana (at) example (dot) org") == [("ana (at) example (dot) org", PersonalKind.EMAIL)]


def test_ordinary_ideas_are_not_flagged() -> None:
    """Years, prices, times and short numbers are not personal data."""
    for text in ("Park by 2030", "Grant of 30 000 Kč", "Open 8:00-20:00", "Bus line 12 every 10 min", "a @ b"):
        assert find_personal_data(text) == [], text
