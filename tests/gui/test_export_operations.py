"""The operations around an export: the facilitator's personal-data decisions, as the controller carries them
out (each in the action log, none on the undo stack), and the refusals it returns as sentences."""

from __future__ import annotations

from cocity_workshop.core import personal_data
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.core.personal_data import Verdict
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.session import WorkshopSession


def test_each_decision_is_carried_out_and_a_refused_one_is_named_by_its_place(
    controller: WorkshopController, session: WorkshopSession
) -> None:
    """Redact, hide and confirm reach the workshop; hiding an action is refused with the finding's place, and the
    other decisions still hold."""
    mail = controller.add_idea("Write to ana.novak@seznam.cz")
    phone = controller.add_idea("Benches", "call +420 777 123 456")
    controller.add_action("Ask the city", owner="@petr_p")
    handle_idea = controller.add_idea("Ask @mayor_office")
    assert mail is not None and phone is not None and handle_idea is not None
    by_text = {finding.text: finding for finding in controller.live.personal_data_findings()}
    steps_before = controller.undo_stack.count()
    problems = controller.settle_personal_data(
        [
            (by_text["Write to ana.novak@seznam.cz"], Verdict.REDACT),
            (by_text["call +420 777 123 456"], Verdict.HIDE),
            (by_text["@petr_p"], Verdict.HIDE),
            (by_text["Ask @mayor_office"], Verdict.CONFIRM),
        ]
    )
    assert problems == ["Action no. 1, owner: Only an idea can be hidden; redact or confirm this text."]
    assert session.idea(mail.id).title == "Write to [\u2026]"
    assert session.idea(phone.id).status is IdeaStatus.HIDDEN
    assert [f.text for f in controller.live.personal_data_findings()] == ["@petr_p"]
    kinds = [entry.type for entry in session.log_entries()]
    assert kinds.count(personal_data.REDACTED) == 1 and kinds.count(personal_data.HIDDEN) == 1
    assert kinds.count(personal_data.CONFIRMED) == 1
    assert controller.undo_stack.count() == steps_before
    assert controller.live.ideas_model.row_at(controller.live.ideas_model.row_of(phone.id)).status is IdeaStatus.HIDDEN
