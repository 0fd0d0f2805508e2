"""Ideas from phones, the floor and paper: moderation, merging and photos."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.model import IdeaOrigin, IdeaStatus
from cocity_workshop.session import WorkshopSession


def _phone(session: WorkshopSession) -> str:
    session.set_joining(open=True)
    return session.join().token


def test_youth_mode_holds_phone_ideas_for_approval(session: WorkshopSession) -> None:
    """In youth mode a phone's idea waits; the facilitator's appears at once; approval shows it."""
    session.update_workshop(youth_mode=True)
    token = _phone(session)
    from_phone = session.add_idea("Skatepark", origin=IdeaOrigin.PHONE, token=token)
    from_floor = session.add_idea("Bike lane")
    assert from_phone.status is IdeaStatus.PENDING
    assert from_floor.status is IdeaStatus.VISIBLE
    assert [i.id for i in session.public_ideas()] == [from_floor.id]
    assert session.set_idea_status(from_phone.id, IdeaStatus.VISIBLE) is IdeaStatus.PENDING
    assert {i.id for i in session.public_ideas()} == {from_phone.id, from_floor.id}


def test_phone_ideas_need_a_known_token(session: WorkshopSession) -> None:
    """A phone idea without a token, or with an unknown one, is refused."""
    with pytest.raises(InvalidInput):
        session.add_idea("x", origin=IdeaOrigin.PHONE)
    with pytest.raises(NotFound):
        session.add_idea("x", origin=IdeaOrigin.PHONE, token="not-a-token")


def test_edit_returns_previous_and_cleans_text(session: WorkshopSession) -> None:
    """Edits are cleaned like new ideas and return the old version."""
    idea = session.add_idea("Old", "desc")
    before = session.update_idea(idea.id, title="\u202eNew\u202c", description="line 1\nline 2")
    assert before.title == "Old"
    assert session.idea(idea.id).title == "New"
    assert session.idea(idea.id).description == "line 1\nline 2"


def test_merge_and_unmerge(session: WorkshopSession) -> None:
    """Merging hides the duplicate from the room; unmerging brings it back; bad merges are refused."""
    a = session.add_idea("School streets")
    b = session.add_idea("Close streets at schools")
    c = session.add_idea("Trees")
    session.merge_ideas(b.id, a.id)
    assert session.idea(b.id).status is IdeaStatus.MERGED
    assert b.id not in [i.id for i in session.public_ideas()]
    with pytest.raises(RuleViolation):
        session.merge_ideas(a.id, b.id)
    with pytest.raises(RuleViolation):
        session.merge_ideas(c.id, c.id)
    with pytest.raises(RuleViolation):
        session.set_idea_status(b.id, IdeaStatus.VISIBLE)
    session.unmerge_idea(b.id)
    assert session.idea(b.id).status is IdeaStatus.VISIBLE and session.idea(b.id).merged_into is None


def test_photos_are_stored_and_checked(session: WorkshopSession) -> None:
    """A photo is kept with its idea; wrong types and oversize data are refused."""
    idea = session.add_idea("Sketch")
    attachment = session.add_photo(idea.id, "image/png", b"\x89PNG fake", 10, 10)
    assert session.idea(idea.id).attachment_ids == (attachment,)
    assert session.photo(attachment) == ("image/png", b"\x89PNG fake")
    with pytest.raises(InvalidInput):
        session.add_photo(idea.id, "image/svg+xml", b"<svg/>", 1, 1)
    with pytest.raises(InvalidInput):
        session.add_photo(idea.id, "image/png", b"x" * (3 * 1024 * 1024), 1, 1)


def test_delete_is_refused_for_ideas_on_a_ballot(session: WorkshopSession) -> None:
    """Deleting an idea someone could vote for is refused; a stray entry can be deleted."""
    kept = session.add_idea("On ballot")
    stray = session.add_idea("Typo")
    session.create_round("R", [kept.id])
    with pytest.raises(RuleViolation):
        session.delete_idea(kept.id)
    session.delete_idea(stray.id)
    with pytest.raises(NotFound):
        session.idea(stray.id)


def test_statuses_of_several_ideas_change_all_or_none(session: WorkshopSession) -> None:
    """Several ideas change status in one step that returns what undo passes back; one refusal changes none."""
    a, b, c = (session.add_idea(t) for t in ("A", "B", "C"))
    session.set_idea_status(b.id, IdeaStatus.PENDING)
    before = session.set_idea_statuses(dict.fromkeys([a.id, b.id], IdeaStatus.HIDDEN))
    assert before == {a.id: IdeaStatus.VISIBLE, b.id: IdeaStatus.PENDING}
    assert session.set_idea_statuses(before) == dict.fromkeys([a.id, b.id], IdeaStatus.HIDDEN)
    assert [i.status for i in session.ideas()] == [IdeaStatus.VISIBLE, IdeaStatus.PENDING, IdeaStatus.VISIBLE]
    session.merge_ideas(c.id, a.id)
    with pytest.raises(RuleViolation, match="unmerge it first"):
        session.set_idea_statuses(dict.fromkeys([a.id, c.id], IdeaStatus.HIDDEN))
    assert session.idea(a.id).status is IdeaStatus.VISIBLE
    with pytest.raises(InvalidInput):
        session.set_idea_statuses({a.id: IdeaStatus.MERGED})


def test_restore_merges_undoes_a_merge_and_an_unmerge(session: WorkshopSession) -> None:
    """Merging several duplicates is one step; ``restore_merges`` puts back what it returned, either way."""
    target, held, visible = (session.add_idea(t) for t in ("School streets", "Streets at schools", "Car-free"))
    session.set_idea_status(held.id, IdeaStatus.PENDING)
    merged = session.merge_ideas_into([held.id, visible.id], target.id)
    assert [(i.id, i.status) for i in merged] == [(held.id, IdeaStatus.PENDING), (visible.id, IdeaStatus.VISIBLE)]
    assert {session.idea(i).merged_into for i in (held.id, visible.id)} == {target.id}
    again = session.restore_merges(merged)
    assert [i.merged_into for i in again] == [target.id, target.id]
    assert [(session.idea(i).status, session.idea(i).merged_into) for i in (held.id, visible.id)] == [
        (IdeaStatus.PENDING, None),
        (IdeaStatus.VISIBLE, None),
    ]
    with pytest.raises(RuleViolation, match="into itself"):
        session.merge_ideas_into([held.id, target.id], target.id)
    assert session.idea(held.id).merged_into is None  # all or none
    session.restore_merges(again)
    unmerged = session.unmerge_idea(visible.id)
    assert unmerged.merged_into == target.id and session.idea(visible.id).status is IdeaStatus.VISIBLE
    session.restore_merges([unmerged])
    assert session.idea(visible.id).merged_into == target.id
    with pytest.raises(InvalidInput):
        session.unmerge_idea(visible.id, IdeaStatus.MERGED)
