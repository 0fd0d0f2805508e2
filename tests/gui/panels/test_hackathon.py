"""The Hackathon panel: challenges and teams, the jury's criteria, tickets and judging, the pitch order and the
pitch running now; edits undo and redo against the stored state, room actions act at once; participant text
stays plain text. Screenshots of each page (offscreen) go to docs/screenshots with COCITY_SCREENSHOTS."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cocity_workshop.core.hackathon import JudgingState
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.models.teams import TeamsTableModel
from cocity_workshop.gui.panels.hackathon import HackathonPanel
from cocity_workshop.gui.projector import ProjectorView, ProjectorWindow
from cocity_workshop.gui.tasks import wait_for_tasks
from cocity_workshop.session import WorkshopSession

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = "<b>Bold</b> & <img src=x>"


@pytest.fixture
def hackathon(workshop_path: Path) -> Iterator[WorkshopSession]:
    """A hackathon workshop with one challenge."""
    with WorkshopSession.create(workshop_path, title="Civic hack", template="hackathon") as session:
        session.add_challenge("Cleaner air", "Fewer cars near schools", "Transport department")
        yield session


@pytest.fixture
def hack_controller(hackathon: WorkshopSession, qtbot: QtBot) -> Iterator[WorkshopController]:
    made = WorkshopController(hackathon)
    made.errors = []  # type: ignore[attr-defined]
    made.error_raised.connect(made.errors.append)  # type: ignore[attr-defined]
    yield made
    made.close()


def _host(session: WorkshopSession, url: str = "") -> ServerHost:
    """The server as the panel sees it, not started; with ``url``, as if it ran at that address."""
    host = ServerHost(session)
    if url:
        host.join_url = lambda: url  # type: ignore[method-assign]
    return host


def _panel(controller: WorkshopController, qtbot: QtBot, host: ServerHost | None = None) -> HackathonPanel:
    panel = HackathonPanel(controller, host)
    qtbot.addWidget(panel)
    panel.resize(1280, 640)
    return panel


def _shot(widget: object, name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    if os.environ.get("COCITY_SCREENSHOTS"):
        (ROOT / "docs" / "screenshots" / path.name).write_bytes(path.read_bytes())
    return path


def test_challenges_and_teams_undo_and_redo_and_submissions_open_and_close(
    hack_controller: WorkshopController, hackathon: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """A challenge and a team typed in are stored, undone and redone; the team's name shows as typed (plain
    text), with its code; the submissions button opens and closes submissions (not undoable)."""
    panel = _panel(hack_controller, qtbot)
    page = panel.teams_page
    page.ask_challenge = lambda: ("Shade", "Parks department", "Cooler streets")
    shade = page.add_challenge()
    assert shade is not None and [c.title for c in hackathon.challenges()] == ["Cleaner air", "Shade"]
    assert page.challenges_list.item(1).text() == "Shade · Parks department"
    hack_controller.undo()
    assert [c.title for c in hackathon.challenges()] == ["Cleaner air"]
    hack_controller.redo()
    assert [c.id for c in hackathon.challenges()][-1] == shade.id

    page.team_name.setText(HOSTILE)
    page.team_challenge.setCurrentIndex(page.team_challenge.findData(shade.id))
    page.team_members.setValue(4)
    page.add_team()
    (team,) = hackathon.teams()
    assert (team.name, team.challenge_id, team.members) == (HOSTILE, shade.id, 4)
    model = page.teams_model
    assert model.index(0, TeamsTableModel.COL_NAME).data() == HOSTILE
    assert model.index(0, TeamsTableModel.COL_CHALLENGE).data() == "Shade"
    assert model.index(0, TeamsTableModel.COL_CODE).data().replace(" ", "") == team.code
    hack_controller.undo()
    assert hackathon.teams() == [] and model.rowCount() == 0
    hack_controller.redo()
    assert [t.name for t in hackathon.teams()] == [HOSTILE]
    hack_controller.remove_challenge(shade.id)
    assert "Teams work on this challenge" in hack_controller.errors[-1]  # type: ignore[attr-defined]

    assert page.submissions_button.text() == "Open submissions"
    page.toggle_submissions()
    assert hackathon.hackathon_state().submissions_open and page.submissions_button.text() == "Close submissions"
    hackathon.save_project(hackathon.teams()[0].id, "Shade sails")
    hack_controller.live.flush()
    assert model.index(0, TeamsTableModel.COL_PROJECT).data() == "Shade sails"
    _shot(panel, "hackathon-teams", tmp_path)
    page.teams_view.setCurrentIndex(model.index(0, 0))
    page.remove_team()
    assert hackathon.teams() == []


def test_the_teams_model_passes_qts_checks(hack_controller: WorkshopController, qtmodeltester: ModelTester) -> None:
    """The teams table model is a well-behaved Qt model."""
    session = hack_controller.session
    challenge = session.challenges()[0]
    session.add_team("A", challenge.id, 2)
    session.add_team("B", challenge.id, 3)
    model = TeamsTableModel()
    from cocity_workshop.gui.hackathon_view import HackathonView

    model.show_view(HackathonView.read(session))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["A", "B"]


def test_the_jury_page_sets_criteria_prints_tickets_and_opens_and_closes_judging(
    hack_controller: WorkshopController, hackathon: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """Criteria are added with weight and scale (undone and redone); jury tickets are refused without the
    server and written to a PDF with it; judging opens once submissions are closed and closes."""
    panel = _panel(hack_controller, qtbot, _host(hackathon))
    page = panel.jury_page
    page.criterion_name.setText("Impact")
    page.weight.setValue(2)
    page.scale_max.setValue(10)
    page.add_criterion()
    (impact,) = hackathon.criteria()
    assert (impact.name, impact.weight, impact.scale_min, impact.scale_max) == ("Impact", 2, 1, 10)
    assert page.criteria_list.item(0).text() == "Impact · weight 2 · 1 to 10"
    hack_controller.undo()
    assert hackathon.criteria() == []
    hack_controller.redo()
    assert [c.id for c in hackathon.criteria()] == [impact.id]

    page.print_tickets()
    assert "Start taking part from phones first" in hack_controller.errors[-1]  # type: ignore[attr-defined]
    assert hackathon.jurors() == []
    page.host = _host(hackathon, "http://127.0.0.1:8400/w/secret/")
    page.ask_path = lambda: tmp_path / "jury.pdf"
    page.ticket_count.setValue(3)
    page.print_tickets()
    wait_for_tasks()
    qtbot.waitUntil(lambda: "written" in page.tickets_label.text(), timeout=20_000)
    text = subprocess.run(["pdftotext", str(tmp_path / "jury.pdf"), "-"], capture_output=True, text=True, timeout=60)
    assert all(f"Juror {n}" in text.stdout for n in (1, 2, 3))
    assert page.jurors_label.text() == "3 jurors · 0 with a phone"

    hackathon.set_submissions(True)
    page.open_button.click()
    assert "Close submissions before judging opens" in hack_controller.errors[-1]  # type: ignore[attr-defined]
    hackathon.set_submissions(False)
    page.open_button.click()
    assert hackathon.hackathon_state().judging is JudgingState.OPEN
    assert not page.open_button.isEnabled() and page.close_button.isEnabled()
    panel.pages.setCurrentWidget(page)
    _shot(panel, "hackathon-jury", tmp_path)
    page.close_button.click()
    assert hackathon.hackathon_state().judging is JudgingState.CLOSED
    assert page.judging_label.text().startswith("scores final")


def test_the_pitch_order_moves_and_undoes_and_the_projector_shows_the_pitch(
    hack_controller: WorkshopController, hackathon: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """Moving a team down stores the new order (undo puts it back); the minutes per pitch are stored; the
    next pitch starts the first team, the projector window switches to its pitch screen with the timer and
    the team next, and ending the pitch brings the wall back."""
    challenge = hackathon.challenges()[0]
    a, b, c = (hackathon.add_team(name, challenge.id) for name in ("Alpha", HOSTILE, "Gamma"))
    hackathon.save_project(b.id, "Quiet bins")
    hack_controller.live.flush()
    panel = _panel(hack_controller, qtbot)
    page = panel.pitches_page
    assert page.order_list_ids() == [a.id, b.id, c.id]
    page.order_list.setCurrentRow(0)
    page.move_team(1)
    assert [t.id for t in hackathon.pitch_order()] == [b.id, a.id, c.id] and page.order_list.currentRow() == 1
    hack_controller.undo()
    assert [t.id for t in hackathon.pitch_order()] == [a.id, b.id, c.id]
    hack_controller.redo()
    page.minutes.setValue(3)
    page.set_length()
    assert hackathon.pitch().seconds == 180

    projector = ProjectorWindow(hack_controller, _host(hackathon))
    qtbot.addWidget(projector)
    assert projector.current_view() is not ProjectorView.PITCH
    hack_controller.next_pitch()
    assert hackathon.pitch().team_id == b.id and page.now_label.text() == HOSTILE
    assert page.next_label.text() == "Next: Alpha"
    assert projector.current_view() is ProjectorView.PITCH
    projector.show_clock()
    assert projector.pitch_page.team_label.text() == HOSTILE
    assert projector.pitch_page.project_label.text() == "Quiet bins"
    assert projector.pitch_page.clock_label.text() in ("3:00 left", "2:59 left")
    assert projector.pitch_page.next_label.text() == "Next: Alpha"
    panel.pages.setCurrentWidget(page)
    _shot(panel, "hackathon-pitches", tmp_path)
    _shot(projector, "projector-pitch", tmp_path)
    hack_controller.end_pitch()
    assert projector.current_view() is ProjectorView.WALL and page.now_label.text() == "Nobody is pitching."


def test_only_a_hackathon_has_the_hackathon_panel(window: object, tmp_path: Path) -> None:
    """A co-design workshop opens without the Hackathon panel; a hackathon's has it, between the action plan and
    the export."""
    plain = tmp_path / "plain.cocity"
    WorkshopSession.create(plain, title="Plain").close()
    window.open_path(plain)  # type: ignore[attr-defined]
    assert "hackathon" not in window.panels  # type: ignore[attr-defined]
    window.close_workshop()  # type: ignore[attr-defined]
    hack = tmp_path / "hack.cocity"
    WorkshopSession.create(hack, title="Hack", template="hackathon").close()
    window.open_path(hack)  # type: ignore[attr-defined]
    assert list(window.panels)[-2:] == ["hackathon", "export"]  # type: ignore[attr-defined]


def test_the_results_page_ranks_each_challenge_and_records_awards_with_reasons(qtbot: QtBot, tmp_path: Path) -> None:
    """The judged hackathon's ranking per challenge as the report and the bundle give it; an award needs its
    reason, is stored, undone and redone; the normalisation is fixed once judging has started."""
    from hackathon_workshop import make_judged_hackathon

    with WorkshopSession.open(make_judged_hackathon(tmp_path / "judged.cocity")) as session:
        controller = WorkshopController(session)
        errors: list[str] = []
        controller.error_raised.connect(errors.append)
        panel = _panel(controller, qtbot)
        page = panel.results_page
        rows = [[page.ranking.item(r, c).text() for c in range(5)] for r in range(page.ranking.rowCount())]
        assert rows == [["1", "Blue plan (Blue)", "85.56", "3", "0"], ["2", "Red plan (Red)", "51.11", "3", "0"]]
        page.challenge_combo.setCurrentIndex(1)
        assert page.ranking.item(0, 1).text() == "Oak plan (Oak)" and page.ranking.item(0, 4).text() == "1"
        assert not page.normalisation_combo.isEnabled()  # judging has run
        assert page.awards_list.item(0).text() == "Jury prize: Blue plan (Blue) \u2014 Highest total in Cleaner air"
        page.award_project.setCurrentIndex(page.award_project.findData(session.projects()[2].id))
        page.award_title.setText("People's choice")
        page.give_award()
        assert "reason" in errors[-1] and len(session.awards()) == 1
        page.award_reason.setText("Most dots from the room")
        page.give_award()
        assert [a.title for a in session.awards()] == ["Jury prize", "People's choice"]
        controller.undo()
        assert len(session.awards()) == 1
        controller.redo()
        assert session.awards()[-1].reason == "Most dots from the room"
        panel.pages.setCurrentWidget(page)
        page.challenge_combo.setCurrentIndex(0)
        _shot(panel, "hackathon-results", tmp_path)
        controller.close()
