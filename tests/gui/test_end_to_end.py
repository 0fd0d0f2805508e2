"""A whole workshop through the GUI, with phones over real HTTP; the projector shows the right things at each step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import IdeaStatus, RoundState, Template
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.models.ideas import mime_for_idea_ids
from cocity_workshop.gui.panels.actions import ActionsPanel
from cocity_workshop.gui.panels.export import ExportPanel, bundle_exporter, report_writer
from cocity_workshop.gui.panels.ideas import IdeasPanel
from cocity_workshop.gui.panels.room import RoomPanel
from cocity_workshop.gui.panels.voting import RoundDialog, VotingPanel
from cocity_workshop.gui.projector import ProjectorView

from .phones import phone_for


def test_a_workshop_from_template_to_export(window: FacilitatorWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """Create, open joining, phones submit, approve, cluster, merge, vote, paper dots, reveal, action, export."""
    assert window.create_workshop(tmp_path / "e2e.cocity", "Greener streets", Template.YOUTH, "en")
    controller = window.controller
    assert controller is not None and controller.live.workshop.youth_mode
    projector = window.show_projector(0, fullscreen=False)
    assert projector is not None
    assert projector.current_view() is ProjectorView.WALL and projector.wall_titles() == []

    # -- open the room
    room = window.panels["room"]
    assert isinstance(room, RoomPanel)
    room.open_check.click()
    assert controller.live.joining.open
    room.toggle_server()
    assert window.host is not None and window.host.running, window.host.error
    assert projector.qr.has_code and projector.join_label.text() == window.host.short_url().removeprefix("http://")
    qtbot.waitUntil(lambda: window.host.last_check is not None, timeout=5000)
    room.next_button.click()
    assert projector.phase_label.text() == controller.live.running_phase().title
    assert projector.countdown_label.text()

    # -- phones join and submit; in youth mode nothing reaches the wall before approval
    phones = [phone_for(window.host.join_url()).join() for _ in range(3)]
    qtbot.waitUntil(lambda: controller.live.joining.joined == 3)
    assert projector.joined_label.text() == "3 joined"
    bike = phones[0].submit_idea("Bike lanes on Klatovská")
    bike_dup = phones[1].submit_idea("Bike lane Klatovska please")
    trees = phones[2].submit_idea("<b>Trees</b> for the school yard")
    private = phones[2].submit_idea("Call me on 777 123 456")
    qtbot.waitUntil(lambda: controller.live.ideas_model.rowCount() == 4)
    assert {r.status for r in controller.live.ideas_model.rows} == {IdeaStatus.PENDING}
    assert projector.wall_titles() == []

    ideas = window.panels["ideas"]
    assert isinstance(ideas, IdeasPanel)
    assert ideas.pending_banner.isVisibleTo(ideas)
    ideas.show_filter("pending")
    ideas.select_idea(private)
    assert ideas.detail_warning.text().startswith("Looks like personal data (phone number)")
    ideas.hide_selected()
    ideas.ideas_view.selectAll()
    ideas.approve()
    assert sorted(projector.wall_titles()) == sorted(
        ["Bike lanes on Klatovská", "Bike lane Klatovska please", "<b>Trees</b> for the school yard"]
    )
    ideas.show_filter("all")

    # -- a floor idea, a cluster by drag and drop, a merged duplicate
    ideas.entry_edit.setText("Water fountains")
    qtbot.keyClick(ideas.entry_edit, Qt.Key.Key_Return)
    assert ideas.entry_edit.text() == "" and "Water fountains" in projector.wall_titles()
    cluster = controller.add_cluster("Green and cycling")
    clusters = controller.live.clusters_model
    clusters.dropMimeData(mime_for_idea_ids([bike, trees]), Qt.DropAction.MoveAction, -1, -1, clusters.index(1, 0))
    assert {controller.session.idea(i).cluster_id for i in (bike, trees)} == {cluster.id}
    ideas.select_idea(bike_dup)
    ideas.ideas_view.selectionModel().select(
        ideas.proxy.mapFromSource(controller.live.ideas_model.index(controller.live.ideas_model.row_of(bike), 0)),
        ideas.ideas_view.selectionModel().SelectionFlag.Select | ideas.ideas_view.selectionModel().SelectionFlag.Rows,
    )
    ideas.select_idea(bike)
    ideas.ideas_view.selectionModel().select(
        ideas.proxy.mapFromSource(controller.live.ideas_model.index(controller.live.ideas_model.row_of(bike_dup), 0)),
        ideas.ideas_view.selectionModel().SelectionFlag.Select | ideas.ideas_view.selectionModel().SelectionFlag.Rows,
    )
    ideas.merge_selected()
    assert controller.session.idea(bike_dup).merged_into == bike
    assert "Bike lane Klatovska please" not in projector.wall_titles()

    # -- a round: phones vote, the result stays hidden until the reveal
    voting = window.panels["voting"]
    assert isinstance(voting, VotingPanel)
    dialog = RoundDialog(controller, voting)
    dialog.title_edit.setText("Long list")
    round_ = dialog.create_round()
    assert round_ is not None and set(round_.idea_ids) == {bike, trees, controller.live.ideas_model.rows[-1].id}
    voting.open_button.click()
    assert controller.live.focus_round().state is RoundState.OPEN
    phones[0].vote(round_.id, {bike: 3, trees: 2})
    phones[1].vote(round_.id, {trees: 3})
    qtbot.waitUntil(lambda: controller.live.tally_model.ballots == 2)
    assert projector.current_view() is ProjectorView.VOTE  # "Vote now": the count, nothing of the tally
    # No phone holds its live stream here: M is the two that voted.
    qtbot.waitUntil(lambda: projector.vote_page.count_label.text() == "2 of 2 have voted", timeout=5000)
    paper_row = controller.live.tally_model.row_of(bike)
    controller.live.tally_model.setData(controller.live.tally_model.index(paper_row, 3), 4)
    voting.close_button.click()
    voting.reveal_button.click()
    assert controller.live.focus_round().state is RoundState.REVEALED
    assert projector.current_view() is ProjectorView.TALLY
    assert projector.chart.bars()[:2] == [("Bike lanes on Klatovská", 3, 4), ("<b>Trees</b> for the school yard", 5, 0)]
    assert projector.tally_title.text() == "Long list"

    # -- a pause shows the pause screen
    controller.toggle_pause()
    assert projector.current_view() is ProjectorView.PAUSE
    controller.toggle_pause()
    assert projector.current_view() is ProjectorView.TALLY

    # -- the top idea becomes an action
    actions = window.panels["actions"]
    assert isinstance(actions, ActionsPanel)
    assert actions.idea_combo.currentData() == bike
    actions.add_from_idea()
    actions.milestone_title.setText("Pilot on one street")
    actions.milestone_date.setText("2027-05-01")
    actions.add_milestone()
    (action,) = controller.session.actions()
    assert action.idea_id == bike and action.milestones[0].title == "Pilot on one street"
    assert "May 1, 2027" in actions.milestones_list.item(0).text()  # the due date as the language writes it

    # -- export in the background, then the result can be opened
    export = window.panels["export"]
    assert isinstance(export, ExportPanel)
    if report_writer() is not None:
        export.export_report(str(tmp_path / "report.pdf"))
        qtbot.waitUntil(lambda: not export.running, timeout=60_000)
        assert export.result_path == tmp_path / "report.pdf", export.status_label.text()
        assert export.result_path.read_bytes().startswith(b"%PDF") and export.open_button.isEnabled()
    if bundle_exporter() is not None:
        export.export_bundle(str(tmp_path / "bundle.zip"))
        qtbot.waitUntil(lambda: not export.running, timeout=60_000)
        assert (tmp_path / "bundle.zip").exists(), export.status_label.text()

    # -- the hidden idea never reached the projector
    assert "Call me on 777 123 456" not in projector.wall_titles()
