"""The action plan: actions from ideas, milestones and the go-official checklist."""

from __future__ import annotations

import pytest

from cocity_workshop.core.errors import InvalidInput, NotFound
from cocity_workshop.core.model import GoOfficialKind, MilestoneStatus
from cocity_workshop.session import WorkshopSession


def test_action_with_milestones_and_checklist(session: WorkshopSession) -> None:
    """An action from an idea carries its owner, milestones in date order and go-official steps."""
    idea = session.add_idea("School streets")
    action = session.add_action("Pilot at five schools", idea_id=idea.id, owner="C. Martin", department="Mobility")
    late = session.add_milestone(action.id, "Evaluation", "2027-06-30")
    early = session.add_milestone(action.id, "Schools chosen", "2027-01-15", MilestoneStatus.IN_PROGRESS)
    step = session.add_go_official(action.id, GoOfficialKind.COUNCIL_ACT, "Traffic order")
    session.update_go_official(step, done=True)
    before = session.update_milestone(late, status=MilestoneStatus.DONE)
    assert before.milestones[1].status is MilestoneStatus.PLANNED
    (stored,) = session.actions()
    assert stored.idea_id == idea.id and stored.owner == "C. Martin"
    assert [m.id for m in stored.milestones] == [early, late]
    assert stored.milestones[1].status is MilestoneStatus.DONE
    assert stored.go_official[0].done and stored.go_official[0].kind is GoOfficialKind.COUNCIL_ACT


def test_action_edits_and_removal(session: WorkshopSession) -> None:
    """Edits return the previous action; removal takes milestones with it; bad input is refused."""
    action = session.add_action("Open data")
    previous = session.update_action(action.id, owner="J. Bernard", next_step="Agree licence")
    assert previous.owner == ""
    milestone = session.add_milestone(action.id, "API live")
    session.remove_milestone(milestone)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        session.add_milestone(action.id, "Bad date", "next week")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        session.add_milestone(action.id, "Superscript digits", "²⁰²⁶-01-01")
    with pytest.raises(NotFound):
        session.add_action("x", idea_id=999)
    removed = session.remove_action(action.id)
    assert removed.owner == "J. Bernard" and session.actions() == []


def test_a_removed_action_comes_back_in_its_place_with_everything(session: WorkshopSession) -> None:
    """Undo of a removal: the action, its milestones and checklist with their ids, in its old place."""
    idea = session.add_idea("School streets")
    first = session.add_action("Pilot", idea_id=idea.id, owner="C. Martin", next_step="Pick\nschools")
    session.add_milestone(first.id, "Schools chosen", "2027-01-15", MilestoneStatus.DONE)
    step = session.add_go_official(first.id, GoOfficialKind.COUNCIL_ACT, "Traffic order")
    session.update_go_official(step, done=True)
    second = session.add_action("Evaluation")
    before = session.actions()
    removed = session.remove_action(first.id)
    assert [a.id for a in session.actions()] == [second.id]
    assert session.restore_action(removed) == before[0]
    assert session.actions() == before
    assert session.log_entries()[-1].type == "action_restored"
    session.remove_action(first.id)
    session.delete_idea(idea.id)
    with pytest.raises(NotFound):
        session.restore_action(removed)
    assert [a.id for a in session.actions()] == [second.id]
