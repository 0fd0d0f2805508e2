"""The Export panel: the personal-data check before every export, with a decision per finding."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.core.personal_data import Verdict
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.panels.export import ExportPanel
from cocity_workshop.gui.tasks import wait_for_tasks
from cocity_workshop.session import WorkshopSession


def test_findings_are_decided_before_the_bundle_is_written(
    controller: WorkshopController, session: WorkshopSession, qtbot: QtBot, tmp_path: Path
) -> None:
    """The panel never says nothing personal leaves while findings are open; the dialog lists each finding,
    redact / hide / confirm are carried out, and only then is the bundle written."""
    mail = controller.add_idea("Write to ana.novak@seznam.cz")
    phone = controller.add_idea("Benches", "call +420 777 123 456")
    controller.add_action("Ask the city", owner="@petr_p")
    assert mail is not None and phone is not None
    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    panel.ask = False
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert not any("Nothing personal leaves" in t for t in texts)
    assert panel.personal_label.text().startswith("3 texts that would leave look like personal data")

    # The facilitator's decisions, as the dialog takes them: redact the e-mail (the default), hide the idea
    # with the phone number, let the handle leave.
    target = tmp_path / "bundle.zip"
    original = panel.check_personal_data

    def decide() -> bool:
        found = panel.show_personal_data()
        from cocity_workshop.gui.personal_data_dialog import PersonalDataDialog

        dialog = PersonalDataDialog(found, panel)
        qtbot.addWidget(dialog)
        places = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        assert places == [
            f"Idea no. {mail.id}, title",
            f"Idea no. {phone.id}, description",
            "Action no. 1, owner",
        ]
        assert dialog.combos[2].count() == 2  # an action cannot be hidden
        dialog.choose(1, Verdict.HIDE)
        dialog.choose(2, Verdict.CONFIRM)
        assert controller.settle_personal_data(dialog.verdicts()) == []
        return original()

    panel.check_personal_data = decide  # type: ignore[method-assign]
    panel.export_bundle(str(target))
    wait_for_tasks()
    qtbot.waitUntil(lambda: not panel.running, timeout=20_000)
    assert target.exists()
    assert session.idea(mail.id).title == "Write to [\u2026]"
    assert session.idea(phone.id).status is IdeaStatus.HIDDEN
    ideas = zipfile.ZipFile(target).read("ideas.csv").decode("utf-8")
    assert "ana.novak" not in ideas and "777 123 456" not in ideas
    assert panel.personal_label.text().startswith("No text that would leave looks like personal data")


def test_the_bundles_suggested_file_name_says_its_tier(
    controller: WorkshopController, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save as… offers "<workshop>-public.zip" or "<workshop>-city.zip", so the two are never mixed up."""
    from cocity_workshop.gui.panels import export

    panel = ExportPanel(controller)
    qtbot.addWidget(panel)
    panel.ask = False
    panel.check_personal_data = lambda: True  # type: ignore[method-assign]
    offered: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        offered.append(Path(suggested).name)
        return "", ""  # the user cancels

    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", save_as)
    for tier in ("public", "city"):
        panel.tier_combo.setCurrentIndex(panel.tier_combo.findData(tier))
        panel.export_bundle()
    stem = controller.live.path.stem
    assert offered == [f"{stem}-public.zip", f"{stem}-city.zip"]
    assert not panel.running
