"""Ideas from phones: stored once per request key, and at most so many from one phone."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.session import WorkshopSession
from cocity_workshop.session.phone_uses import MAX_IDEAS_PER_PARTICIPANT


def test_one_phone_sends_at_most_so_many_ideas(session: WorkshopSession) -> None:
    """The cap counts this phone's ideas only; a replay of a stored idea is still answered."""
    session.set_joining(open=True)
    flooding, other = session.join().token, session.join().token
    session.submit(session.phone_idea_command(other, "Benches", "", "", "other-key-0001")).result(10)
    for n in range(MAX_IDEAS_PER_PARTICIPANT):
        session.submit(session.phone_idea_command(flooding, f"Idea {n}", "", "", f"flood-key-{n:04d}")).result(10)
    with pytest.raises(RuleViolation, match="most ideas one phone"):
        session.submit(session.phone_idea_command(flooding, "One more", "", "", "flood-key-more")).result(10)
    replay = session.submit(session.phone_idea_command(flooding, "Idea 0", "", "", "flood-key-0000")).result(10)
    assert replay.idea_id == session.ideas()[1].id
    session.submit(session.phone_idea_command(other, "Trees", "", "", "other-key-0002")).result(10)
    assert len(session.ideas()) == MAX_IDEAS_PER_PARTICIPANT + 2
