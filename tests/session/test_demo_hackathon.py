"""The hackathon demo: 3 challenges, 8 teams with projects, 5 jurors (one conflict), every team pitched, a
people's choice round over the projects, a jury prize per challenge and the people's choice, in English and
Czech; its city bundle verifies, the jury's ranking recomputed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocity_workshop.bundle import export_bundle, verify_bundle
from cocity_workshop.core.hackathon import JudgingState
from cocity_workshop.session.demo_hackathon import create_hackathon_demo


@pytest.mark.parametrize(("language", "prize"), [("en", "Jury prize"), ("cs", "Cena poroty")])
def test_the_hackathon_demo_is_complete_and_its_bundle_verifies(tmp_path: Path, language: str, prize: str) -> None:
    """The demo holds a judged hackathon with awards and a revealed people's choice; verify recomputes it."""
    with create_hackathon_demo(tmp_path / "hack.cocity", language) as session:
        assert (len(session.challenges()), len(session.teams()), len(session.projects())) == (3, 8, 8)
        assert len(session.jurors()) == 5 and len(session.conflicts()) == 1
        assert session.hackathon_state().judging is JudgingState.CLOSED
        assert [a.title for a in session.awards()].count(prize) == 3 and len(session.awards()) == 4
        (vote,) = session.rounds()
        assert vote.state.value == "revealed" and session.tally(vote.id).ballots == 40
        started = [e for e in session.log_entries() if e.type == "pitch_started"]
        assert len(started) == 8
        bundle = export_bundle(session, tmp_path / "city.zip", tier="city").path
    report = verify_bundle(bundle)
    assert report.ok, [f"{c.subject}: {c.message}" for c in report.problems]
    assert sum("jury's ranking recomputed" in c.message for c in report.checks) == 3
