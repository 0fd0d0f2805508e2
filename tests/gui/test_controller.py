"""WorkshopController: every facilitator edit is undone and redone through the session; refusals are reported."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import GoOfficialKind, IdeaOrigin, IdeaStatus, MilestoneStatus, ResultsMode, RoundState
from cocity_workshop.core.moderation import finished_at
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


def test_add_phase_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """An added phase goes with undo and comes back, the same phase, on redo."""
    titles = [p.title for p in session.phases()]
    phase = controller.add_phase("Coffee", 15)
    assert phase is not None and [p.title for p in session.phases()] == [*titles, "Coffee"]
    controller.undo()
    assert [p.title for p in session.phases()] == titles and controller.live.phases_model.rowCount() == len(titles)
    controller.redo()
    assert session.phases()[-1] == phase and controller.live.phases_model.rowCount() == len(titles) + 1


def test_rename_cluster_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """Renaming a cluster is one step; the board's cluster list follows."""
    cluster = controller.add_cluster("Streets")
    assert cluster is not None
    controller.rename_cluster(cluster.id, "Mobility")
    assert [c.name for c in session.clusters()] == ["Mobility"]
    controller.undo()
    assert [c.name for c in session.clusters()] == ["Streets"]
    assert controller.live.clusters_model.index(1, 0).data() == "Streets"
    controller.redo()
    assert [c.name for c in session.clusters()] == ["Mobility"]


def test_unmerge_idea_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """Unmerging lets the duplicate stand alone; undo merges it back into the same idea."""
    target, duplicate = controller.add_idea("School streets"), controller.add_idea("Streets at schools")
    assert target is not None and duplicate is not None
    controller.merge_ideas([duplicate.id], target.id)
    controller.unmerge_idea(duplicate.id)
    stored = session.idea(duplicate.id)
    assert (stored.status, stored.merged_into) == (IdeaStatus.VISIBLE, None)
    controller.undo()
    stored = session.idea(duplicate.id)
    assert (stored.status, stored.merged_into) == (IdeaStatus.MERGED, target.id)
    controller.redo()
    assert session.idea(duplicate.id).merged_into is None and controller.undo_stack.undoText() == "Unmerge idea"


def test_approve_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """Approving held and hidden ideas is one step named Approve."""
    held, hidden = controller.add_idea("Benches"), controller.add_idea("Swings")
    assert held is not None and hidden is not None
    session.set_idea_status(held.id, IdeaStatus.PENDING)
    session.set_idea_status(hidden.id, IdeaStatus.HIDDEN)
    controller.live.flush()
    controller.approve([held.id, hidden.id])
    assert {i.status for i in session.ideas()} == {IdeaStatus.VISIBLE}
    assert controller.undo_stack.undoText() == "Approve"
    controller.undo()
    assert [i.status for i in session.ideas()] == [IdeaStatus.PENDING, IdeaStatus.HIDDEN]
    controller.redo()
    assert {i.status for i in session.ideas()} == {IdeaStatus.VISIBLE}


def test_remove_group_comes_back_in_its_place(controller: WorkshopController, session: WorkshopSession) -> None:
    """Undoing a removal brings the group back first in the list with its id, so the rename before it
    can still be undone; redo takes both again."""
    groups = session.groups()
    first = groups[0]
    controller.rename_group(first.id, "Neighbours")
    controller.remove_group(first.id)
    assert [g.id for g in session.groups()] == [g.id for g in groups[1:]]
    controller.undo()
    controller.undo()
    assert session.groups() == groups and not controller.errors  # type: ignore[attr-defined]
    assert controller.live.groups_model.row_at(0) == first
    controller.redo()
    controller.redo()
    assert [g.id for g in session.groups()] == [g.id for g in groups[1:]]
    controller.undo()
    assert session.groups()[0].name == "Neighbours"


def test_age_band_added_and_renamed_undo_and_redo(controller: WorkshopController, session: WorkshopSession) -> None:
    """Add and rename an age band, undo both, redo both: the band added again gets its id back (the last
    row's id is free again), so the rename redoes too."""
    labels = [b.label for b in session.age_bands()]
    band = controller.add_age_band("90+")
    assert band is not None
    controller.rename_age_band(band.id, "85+")
    assert [b.label for b in session.age_bands()] == [*labels, "85+"]
    controller.undo()
    assert [b.label for b in session.age_bands()] == [*labels, "90+"]
    controller.undo()
    assert [b.label for b in session.age_bands()] == labels
    controller.redo()
    controller.redo()
    assert session.age_bands()[-1].id == band.id and session.age_bands()[-1].label == "85+"
    assert not controller.errors  # type: ignore[attr-defined]
    assert controller.live.age_bands_model.rowCount() == len(labels) + 1


def test_room_actions_are_not_undone(controller: WorkshopController, session: WorkshopSession) -> None:
    """Starting and ending a phase, a new QR code, a photo, deleting an idea for good and finishing act at
    once and leave nothing on the undo stack (decision 0011)."""
    phases = session.phases()
    assert controller.start_phase(phases[1].id) is not None
    assert session.current_phase().id == phases[1].id  # type: ignore[union-attr]
    assert controller.end_phase() is not None and session.current_phase() is None
    secret = session.hosting()["join_secret"]
    assert controller.rotate_join_secret() not in (None, secret)
    idea = session.add_idea("Sketch of a square")
    photo = controller.add_photo(idea.id, "image/png", b"\x89PNG fake", 10, 10)
    assert photo is not None and session.idea(idea.id).attachment_ids == (photo,)
    mistaken = session.add_idea("Call me on 0612345678")
    assert controller.delete_idea_for_good(mistaken.id) is not None
    assert [i.id for i in session.ideas()] == [idea.id]
    assert controller.finish_workshop() is not None and finished_at(session.log_entries()) is not None
    assert controller.undo_stack.count() == 0
    controller.undo()
    assert finished_at(session.log_entries()) is not None
    assert session.current_phase() is None and len(session.ideas()) == 1


def test_exports_run_on_the_open_workshop(controller: WorkshopController, session: WorkshopSession) -> None:
    """The Export panel's jobs get this workshop, the path, the options and the job's progress callback;
    export for the city hands the workshop to the outbox."""
    calls: list[tuple[object, ...]] = []

    def exporter(source: object, path: str, **options: object) -> str:
        calls.append((source, path, options))
        return path

    def progress(_fraction: float, _message: str) -> None:
        return None

    job = controller.export_job(exporter, "out.zip", tier="public", language="cs")
    assert calls == [] and job(progress) == "out.zip"
    assert calls == [(session, "out.zip", {"progress": progress, "tier": "public", "language": "cs"})]

    class Outbox:
        def export_for_city(self, source: object, language: str, decidim_format: object) -> bool:
            calls.append((source, language, decidim_format))
            return True

    assert controller.export_for_city(Outbox(), "fr", None)  # type: ignore[arg-type]
    assert calls[-1] == (session, "fr", None)
