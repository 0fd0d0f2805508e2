"""Workshop details, templates and the agenda through the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.core.errors import Conflict, InvalidInput, RuleViolation
from cocity_workshop.core.model import Template
from cocity_workshop.session import WorkshopSession


def test_templates_give_agenda_groups_and_youth_mode_in_the_language(tmp_path: Path) -> None:
    """A Czech youth workshop starts with a Czech agenda, youth groups and youth mode on."""
    with WorkshopSession.create(tmp_path / "y.cocity", title="Mládež", template=Template.YOUTH, language="cs") as s:
        assert s.workshop().youth_mode
        assert next(p.title for p in s.phases()) == "Přivítání"
        assert "Studenti" in [g.name for g in s.groups()]
    with WorkshopSession.create(tmp_path / "h.cocity", title="Hack", template="hackathon") as s:
        assert not s.workshop().youth_mode
        assert "Build and prototype" in [p.title for p in s.phases()]


def test_update_details_returns_previous_for_undo(session: WorkshopSession) -> None:
    """Changing details returns what they were, so the GUI can undo."""
    before = session.update_workshop(city="Plzeň", organisers=["A", " ", "B"], youth_mode=True)
    assert before.city == "" and not before.youth_mode
    after = session.workshop()
    assert after.city == "Plzeň" and after.organisers == ("A", "B") and after.youth_mode
    with pytest.raises(InvalidInput):
        session.update_workshop(title="   ")
    with pytest.raises(InvalidInput):
        session.update_workshop(colour="red")


def test_data_licence_is_one_of_the_known_and_undone_by_the_previous_details(session: WorkshopSession) -> None:
    """A new workshop is CC BY 4.0; an unknown licence is refused naming the choices; undo restores the old one."""
    assert session.workshop().data_licence == "CC-BY-4.0"
    before = session.update_workshop(data_licence="ODbL-1.0")
    assert session.workshop().data_licence == "ODbL-1.0"
    with pytest.raises(InvalidInput) as refused:
        session.update_workshop(data_licence="CC-BY-NC-4.0", city="Brno")
    assert str(refused.value).startswith("Unknown data licence CC-BY-NC-4.0. Choose one of: CC-BY-4.0, CC-BY-SA-4.0")
    assert refused.value.message("cs").startswith("Neznámá licence dat CC-BY-NC-4.0.")
    assert session.workshop().data_licence == "ODbL-1.0" and session.workshop().city == ""
    session.update_workshop(data_licence=before.data_licence)  # what the GUI's undo does
    assert session.workshop().data_licence == "CC-BY-4.0"


def test_agenda_runs_phases_in_order_with_pause_and_extension(session: WorkshopSession) -> None:
    """Start, pause, resume, extend and move on; a phase that ran cannot be removed."""
    first, second = session.phases()[:2]
    started = session.start_phase()
    assert started.id == first.id and session.current_phase() == started
    assert session.pause_phase().paused_at is not None  # type: ignore[union-attr]
    assert session.resume_phase().paused_at is None  # type: ignore[union-attr]
    assert session.extend_phase(120).extra_seconds == 120  # type: ignore[union-attr]
    moved = session.start_phase()
    assert moved.id == second.id
    phases = {p.id: p for p in session.phases()}
    assert phases[first.id].ended_at is not None
    with pytest.raises(RuleViolation):
        session.remove_phase(first.id)


def test_add_reorder_and_remove_phases(session: WorkshopSession) -> None:
    """Phases can be added, reordered (undoable) and removed."""
    added = session.add_phase("Coffee", 15, position=0)
    ids = [p.id for p in session.phases()]
    assert ids[0] == added.id
    previous = session.reorder_phases(list(reversed(ids)))
    assert previous == ids
    assert [p.id for p in session.phases()] == list(reversed(ids))
    session.remove_phase(added.id)
    assert added.id not in [p.id for p in session.phases()]
    with pytest.raises(InvalidInput):
        session.reorder_phases([1])


def test_save_a_copy_while_the_workshop_runs(session: WorkshopSession, tmp_path: Path) -> None:
    """A copy holds everything committed so far and opens on its own; the original carries on."""
    session.add_idea("Before the copy")
    copy = session.save_copy(tmp_path / "copy.cocity")
    session.add_idea("After the copy")
    with WorkshopSession.open(copy) as reopened:
        assert [i.title for i in reopened.ideas()] == ["Before the copy"]
    assert len(session.ideas()) == 2


def test_a_removed_phase_comes_back_in_its_place(session: WorkshopSession) -> None:
    """Undo of a removal: the same id, title, minutes and place; refused once a new phase has its id."""
    before = session.phases()
    middle = before[1]
    removed = session.remove_phase(middle.id)
    assert session.restore_phase(removed) == middle
    assert session.phases() == before
    assert session.log_entries()[-1].type == "phase_restored"
    last = session.remove_phase(before[-1].id)
    assert session.add_phase("Coffee", 10).id == last.id  # SQLite reuses the id of the last row removed
    with pytest.raises(Conflict, match="taken its place"):
        session.restore_phase(last)
    assert [p.title for p in session.phases()] == [p.title for p in before[:-1]] + ["Coffee"]


def test_data_protection_settings_start_from_the_template_and_are_checked(tmp_path: Path) -> None:
    """A youth workshop starts on consent, kept 6 months; a co-design one on a public task, 12 months; the
    settings change like other details, and a retention outside 1 to 120 months or an unknown basis is refused."""
    with WorkshopSession.create(tmp_path / "y.cocity", title="Youth", template=Template.YOUTH) as youth:
        assert (youth.workshop().legal_basis.value, youth.workshop().retention_months) == ("consent", 6)
    with WorkshopSession.create(tmp_path / "c.cocity", title="Co-design") as session:
        details = session.workshop()
        assert (details.legal_basis.value, details.retention_months, details.controller) == ("public-task", 12, "")
        before = session.update_workshop(
            controller="  City of Pilsen ", privacy_contact="dpo@city.example", legal_basis="legitimate-interests"
        )
        assert before.controller == "" and session.workshop().controller == "City of Pilsen"
        assert session.workshop().legal_basis.value == "legitimate-interests"
        session.update_workshop(retention_months=36)
        assert session.workshop().retention_months == 36
        for wrong in ({"retention_months": 0}, {"retention_months": 121}, {"retention_months": "12"}):
            with pytest.raises(InvalidInput, match="1 to 120 months"):
                session.update_workshop(**wrong)
        with pytest.raises(InvalidInput, match="legal basis"):
            session.update_workshop(legal_basis="because")
        assert session.workshop().retention_months == 36


def test_the_web_page_is_one_web_address(session: WorkshopSession) -> None:
    """The workshop's page (the bundle's homepage) is empty or one http(s) address; anything else is refused."""
    assert session.workshop().web_page == ""
    before = session.update_workshop(web_page=" https://city.example/workshops/parks?x=1 ")
    assert before.web_page == "" and session.workshop().web_page == "https://city.example/workshops/parks?x=1"
    for wrong in ("city.example", "javascript:alert(1)", "https://", "https://a b.example", "ftp://city.example"):
        with pytest.raises(InvalidInput, match="web page"):
            session.update_workshop(web_page=wrong)
    session.update_workshop(web_page="")
    assert session.workshop().web_page == ""
