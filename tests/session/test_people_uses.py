"""Anonymous participants, joining, caps and tickets."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import NotFound, RuleViolation
from cocity_workshop.core.tokens import token_hash
from cocity_workshop.session import WorkshopSession


def test_joining_must_be_open_and_respects_the_cap(session: WorkshopSession) -> None:
    """Closed joining refuses; a cap stops admissions at the headcount."""
    with pytest.raises(RuleViolation, match="closed"):
        session.join()
    session.set_joining(open=True, headcount_cap=2)
    session.join()
    session.join()
    with pytest.raises(RuleViolation, match="full"):
        session.join()
    assert session.joining().joined == 2


def test_tokens_are_stored_only_as_hashes(session: WorkshopSession, workshop_path) -> None:  # type: ignore[no-untyped-def]
    """The file never contains a participant's token, only its hash."""
    session.set_joining(open=True)
    joined = session.join()
    assert session.participant_for_token(joined.token) == joined.participant
    session.close()
    data = workshop_path.read_bytes()
    assert joined.token.encode() not in data
    assert token_hash(joined.token).encode() in data


def test_profile_is_optional_and_checked(session: WorkshopSession) -> None:
    """Group and age band are optional and must be ones the facilitator counts."""
    session.set_joining(open=True)
    token = session.join().token
    group = session.groups()[0]
    band = session.age_bands()[0]
    participant = session.set_profile(token, group.id, band.id)
    assert (participant.group_id, participant.age_band_id) == (group.id, band.id)
    with pytest.raises(NotFound):
        session.set_profile(token, 999, None)


def test_tickets_admit_one_phone_once(session: WorkshopSession) -> None:
    """In ticket mode only a ticket admits a phone, and only once."""
    codes = session.create_tickets(2)
    session.set_joining(open=True)
    with pytest.raises(RuleViolation, match="ticket"):
        session.join()
    session.join(ticket=codes[0])
    with pytest.raises(RuleViolation, match="ticket"):
        session.join(ticket=codes[0])
    session.join(ticket=codes[1])


def test_groups_and_secret_rotation(session: WorkshopSession) -> None:
    """Groups can be added and renamed; rotating the join secret changes it."""
    group = session.add_group("Seniors")
    assert session.rename_group(group.id, "Older people") == "Seniors"
    session.remove_group(group.id)
    assert group.id not in [g.id for g in session.groups()]
    old = session.hosting()["join_secret"]
    new = session.rotate_join_secret()
    assert new != old and session.hosting()["join_secret"] == new
    assert len(new) >= 22  # at least 128 random bits in URL-safe base64


def test_a_removed_group_or_age_band_comes_back_in_its_place(session: WorkshopSession) -> None:
    """Undo of a removal: the same id and place; a participant who had chosen it stays "not said"."""
    groups, bands = session.groups(), session.age_bands()
    session.set_joining(open=True)
    token = session.join().token
    session.set_profile(token, groups[0].id, bands[1].id)
    removed = session.remove_group(groups[0].id)
    assert removed == groups[0]
    assert session.restore_group(removed) == groups[0]
    assert session.groups() == groups
    assert session.participants()[0].group_id is None
    band = session.remove_age_band(bands[1].id)
    assert session.restore_age_band(band) == bands[1] and session.age_bands() == bands
    assert [e.type for e in session.log_entries()[-2:]] == ["age_bands_removed", "age_bands_restored"]
    with pytest.raises(NotFound):
        session.remove_group(999)


def test_join_and_profile_commands_are_plain_values(session: WorkshopSession) -> None:
    """The server's process sends these commands as values: a pickled copy runs in the writer as the original."""
    import pickle

    session.set_joining(open=True)
    joined = session.submit(pickle.loads(pickle.dumps(session.join_command()))).result(timeout=10)
    assert session.participant_for_token(joined.token) == joined.participant
    group = session.groups()[0]
    command = pickle.loads(pickle.dumps(session.profile_command(joined.token, group.id, None)))
    assert session.submit(command).result(timeout=10).group_id == group.id
    with pytest.raises(NotFound):
        session.submit(session.profile_command(joined.token, 999, None)).result(timeout=10)
