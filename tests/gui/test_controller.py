"""WorkshopController: every facilitator edit is undone and redone through the session; refusals are reported."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import GoOfficialKind, IdeaOrigin, IdeaStatus, MilestoneStatus, ResultsMode, RoundState
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.session import WorkshopSession


def test_idea_edits_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """Add, edit, approve/hide, merge and cluster are each one undo step."""
    idea = controller.add_idea("Bike lanes", origin=IdeaOrigin.PAPER)
    assert idea is not None and controller.live.ideas_model.rowCount() == 1
    controller.undo()
    assert session.ideas() == [] and controller.live.ideas_model.rowCount() == 0
    controller.redo()
    (restored,) = session.ideas()
    assert restored.title == "Bike lanes" and restored.origin is IdeaOrigin.PAPER

    controller.update_idea(restored.id, title="Safe bike lanes")
    assert session.idea(restored.id).title == "Safe bike lanes"
    controller.undo()
    assert session.idea(restored.id).title == "Bike lanes"
    controller.redo()
    assert controller.live.ideas_model.row_at(0).title == "Safe bike lanes"

    other = controller.add_idea("Bicycle lanes")
    controller.set_idea_status([restored.id, other.id], IdeaStatus.HIDDEN)
    assert {i.status for i in session.ideas()} == {IdeaStatus.HIDDEN}
    controller.undo()
    assert {i.status for i in session.ideas()} == {IdeaStatus.VISIBLE}

    controller.merge_ideas([other.id], restored.id)
    assert session.idea(other.id).status is IdeaStatus.MERGED
    controller.undo()
    assert session.idea(other.id).status is IdeaStatus.VISIBLE and session.idea(other.id).merged_into is None
    controller.redo()
    assert session.idea(other.id).merged_into == restored.id

    cluster = controller.add_cluster("Streets")
    controller.move_ideas_to_cluster(cluster.id, [restored.id])
    assert session.idea(restored.id).cluster_id == cluster.id
    controller.remove_cluster(cluster.id)
    assert session.clusters() == [] and session.idea(restored.id).cluster_id is None
    controller.undo()
    (back,) = session.clusters()
    assert back.name == "Streets" and session.idea(restored.id).cluster_id == back.id
    assert controller.live.clusters_model.rowCount() == 2


def test_refusals_are_reported_not_raised(controller: WorkshopController) -> None:
    """An empty title is refused with a message; nothing goes on the undo stack."""
    assert controller.add_idea("   ") is None
    assert controller.errors and "must not be empty" in controller.errors[-1]  # type: ignore[attr-defined]
    assert controller.undo_stack.count() == 0


def test_undo_that_no_longer_applies_is_reported(controller: WorkshopController, session: WorkshopSession) -> None:
    """If the room moved on (the idea went onto a ballot), undoing its creation is refused and reported."""
    idea = controller.add_idea("Trees")
    session.create_round("R", [idea.id])
    controller.undo()
    assert session.ideas()[0].title == "Trees"
    assert "cannot be undone" in controller.errors[-1]  # type: ignore[attr-defined]
    assert controller.undo_stack.count() == 0


def test_agenda_and_details(controller: WorkshopController, session: WorkshopSession) -> None:
    """Details, phases (add, remove, reorder, minutes) and extending the countdown undo."""
    controller.update_workshop(title="Greener Plzeň", youth_mode=True)
    assert session.workshop().youth_mode
    controller.undo()
    assert session.workshop().title == "Test workshop" and not session.workshop().youth_mode

    first, second = [p.id for p in session.phases()[:2]]
    controller.move_phase(second, -1)
    assert [p.id for p in session.phases()[:2]] == [second, first]
    controller.undo()
    assert [p.id for p in session.phases()[:2]] == [first, second]

    titles = [p.title for p in session.phases()]
    controller.remove_phase(first)
    controller.undo()
    assert [p.title for p in session.phases()] == titles
    controller.redo()
    assert [p.title for p in session.phases()] == titles[1:]

    controller.update_phase(second, planned_minutes=42)
    assert controller.live.phases_model.row_at(0).planned_minutes == 42
    controller.undo()
    assert session.phases()[0].planned_minutes != 42

    controller.start_next_phase()
    controller.extend_phase(120)
    assert session.current_phase().extra_seconds == 120
    controller.undo()
    assert session.current_phase().extra_seconds == 0
    controller.toggle_pause()
    assert session.current_phase().paused_at is not None
    controller.toggle_pause()
    assert session.current_phase().paused_at is None


def test_joining_and_groups(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """Joining settings, groups and age bands undo; joining signals follow."""
    with qtbot.waitSignal(controller.live.joining_changed):
        controller.set_joining(open=True, headcount_cap=30)
    assert controller.live.joining.open and controller.live.joining.headcount_cap == 30
    controller.undo()
    assert not session.joining().open and session.joining().headcount_cap is None
    names = [g.name for g in session.groups()]
    controller.add_group("Seniors")
    controller.rename_group(session.groups()[0].id, "Residents")
    controller.undo()
    controller.undo()
    assert [g.name for g in session.groups()] == names
    controller.remove_age_band(session.age_bands()[0].id)
    controller.undo()
    assert len(session.age_bands()) == controller.live.age_bands_model.rowCount()


def test_voting_and_paper_dots(controller: WorkshopController, session: WorkshopSession, qtbot: QtBot) -> None:
    """A round, paper dots (undoable), open/close/reveal; the tally model follows the focus round."""
    ids = [controller.add_idea(t).id for t in ("A", "B", "C")]
    vote_round = controller.create_round("Long list", ids, 5, 3, ResultsMode.HIDDEN)
    assert controller.live.focus_round_id == vote_round.id
    controller.set_paper_dots(ids[1], 7)
    assert controller.live.tally_model.row_at(0).paper_dots == 7
    controller.set_paper_dots(ids[1], 9)
    controller.undo()
    assert session.paper_dots(vote_round.id)[0].count == 7
    controller.undo()
    assert session.paper_dots(vote_round.id) == []
    controller.start_round(vote_round.id)
    session.set_joining(open=True)
    token = session.join().token
    session.cast_ballot(token, vote_round.id, {ids[2]: 3})
    qtbot.waitUntil(lambda: controller.live.tally_model.ballots == 1)  # votes are counted in the background
    assert controller.live.tally_model.row_at(0).idea_id == ids[2]
    controller.close_round(vote_round.id)
    controller.reveal_round(vote_round.id)
    assert controller.live.focus_round().state is RoundState.REVEALED
    assert controller.reveal_round(vote_round.id) is None and controller.errors  # type: ignore[attr-defined]


def test_practice_round_cleans_up(controller: WorkshopController, session: WorkshopSession) -> None:
    """With an empty board, a practice round brings two practice ideas and takes them away again."""
    practice = controller.start_practice_round()
    assert practice is not None and practice.state is RoundState.OPEN and practice.is_practice
    assert len(session.ideas()) == 2
    controller.close_round(practice.id)
    controller.delete_round(practice.id)
    assert session.rounds() == [] and session.ideas() == []


def test_action_plan(controller: WorkshopController, session: WorkshopSession) -> None:
    """Actions, milestones and go-official steps undo; removing an action and undoing brings all back."""
    idea = controller.add_idea("School streets")
    action = controller.add_action("School streets pilot", idea_id=idea.id, owner="Transport")
    controller.update_action(action.id, department="Mobility")
    milestone = controller.add_milestone(action.id, "Pilot at two schools", "2027-03-01")
    controller.set_milestone_status(milestone, MilestoneStatus.DONE)
    step = controller.add_go_official(action.id, GoOfficialKind.COUNCIL_ACT, "Council resolution")
    controller.set_go_official_done(step, True)
    controller.undo()
    assert not session.actions()[0].go_official[0].done
    controller.redo()
    before = session.actions()[0]
    controller.remove_action(action.id)
    assert session.actions() == []
    controller.undo()
    (restored,) = session.actions()
    assert (restored.title, restored.owner, restored.department) == (before.title, before.owner, before.department)
    assert [(m.title, m.status) for m in restored.milestones] == [("Pilot at two schools", MilestoneStatus.DONE)]
    assert [(g.text, g.done) for g in restored.go_official] == [("Council resolution", True)]
    assert controller.live.actions_model.index(0, 4).data() == "1/1"
