"""The personal-data check before an export: findings over every text that leaves, and verdicts in the log."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from cocity_workshop.bundle import export_bundle
from cocity_workshop.core.model import IdeaStatus
from cocity_workshop.core.personal_data import PersonalDataFound, Subject
from cocity_workshop.session import WorkshopSession


def _workshop(path: Path) -> tuple[WorkshopSession, list[int]]:
    session = WorkshopSession.create(path, title="Privacy", language="en")
    ids = [
        session.add_idea("Write to ana.novak@seznam.cz").id,
        session.add_idea("Benches", "call +420 777 123 456 after six").id,
        session.add_idea("Follow @skate_plzen").id,
        session.add_idea("Trees by the river").id,
    ]
    hidden = session.add_idea("Old mail eva@example.org")
    session.set_idea_status(hidden.id, IdeaStatus.HIDDEN)  # hidden and on no ballot: does not leave
    session.add_action("Ask the city", owner="petr@example.cz")
    return session, ids


def test_findings_cover_what_leaves_and_verdicts_resolve_them(tmp_path: Path) -> None:
    """Visible ideas and the action plan are checked; redact, hide and confirm each resolve one finding and
    are logged with the text's hash, never the text."""
    session, ids = _workshop(tmp_path / "p.cocity")
    try:
        found = session.personal_data_findings()
        assert [(f.subject, f.subject_id, f.field) for f in found] == [
            (Subject.IDEA, ids[0], "title"),
            (Subject.IDEA, ids[1], "description"),
            (Subject.IDEA, ids[2], "title"),
            (Subject.ACTION, 1, "owner"),
        ]
        session.redact_personal_data(found[0])
        session.hide_personal_data(found[1])
        session.confirm_personal_data(found[2:])
        assert session.personal_data_findings() == []
        assert session.idea(ids[0]).title == "Write to [\u2026]"
        assert session.idea(ids[1]).status is IdeaStatus.HIDDEN
        verdicts = [e for e in session.log_entries() if e.type.startswith("personal_data_")]
        assert [e.type for e in verdicts] == [
            "personal_data_redacted",
            "personal_data_hidden",
            "personal_data_confirmed",
            "personal_data_confirmed",
        ]
        assert all("@" not in e.payload for e in verdicts)
        # A confirmation holds for that text only: changed, it is a new finding.
        session.update_idea(ids[2], title="Follow @skate_brno")
        assert [(f.subject_id, f.field) for f in session.personal_data_findings()] == [(ids[2], "title")]
    finally:
        session.close()


def test_export_refuses_until_findings_are_resolved(tmp_path: Path) -> None:
    """The bundle and the report are refused (nothing written) while findings are open; once resolved, the
    redacted and hidden texts are in no file of the bundle."""
    session, _ids = _workshop(tmp_path / "p.cocity")
    try:
        with pytest.raises(PersonalDataFound) as refused:
            export_bundle(session, tmp_path / "b.zip")
        assert len(refused.value.findings) == 4 and not (tmp_path / "b.zip").exists()
        for finding in session.personal_data_findings():
            if finding.can_hide:
                session.hide_personal_data(finding)
            else:
                session.redact_personal_data(finding)
        result = export_bundle(session, tmp_path / "b.zip")
    finally:
        session.close()
    with zipfile.ZipFile(result.path) as bundle:
        for name in bundle.namelist():
            if not name.endswith(".pdf"):
                text = bundle.read(name).decode("utf-8")
                for secret in ("ana.novak", "777 123 456", "skate_plzen", "petr@", "eva@"):
                    assert secret not in text, (name, secret)
        decidim = json.loads(bundle.read("decidim-proposals.json"))
    assert [p["title"]["en"] for p in decidim] == ["Trees by the river"]
