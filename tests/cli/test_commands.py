"""The command line: every command works, has help, is in the README, and errors are one line."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cocity_workshop.__main__ import main
from cocity_workshop.cli import build_parser
from cocity_workshop.session import WorkshopSession

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    """Each subcommand has a help line and appears in README.md's command table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, sub in _commands().items():
        assert sub.format_help().strip(), name
        assert re.search(rf"`cocity-workshop {re.escape(name)}\b", readme), f"{name} is missing from README.md"


def test_new_info_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Create a workshop, inspect it and check it."""
    path = tmp_path / "w.cocity"
    assert main(["new", str(path), "--title", "Hackathon Plzeň", "--template", "hackathon", "--lang", "cs"]) == 0
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Hackathon Plzeň" in out and "Schema version" in out and "Fingerprint" in out
    assert main(["check", str(path)]) == 0
    assert "Action log: ok" in capsys.readouterr().out


def test_errors_are_one_line_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A refused file is one line on stderr and exit code 2, never a traceback."""
    bad = tmp_path / "bad.cocity"
    bad.write_text("not a workshop")
    assert main(["info", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a CoCity workshop file" in err
    with pytest.raises(SystemExit) as exited:
        main(["new", str(tmp_path / "x.cocity")])
    assert exited.value.code == 2


def test_check_exits_1_on_a_broken_log(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` fails when the action log was tampered with."""
    copy = tmp_path / "t.cocity"
    shutil.copy(demo_file, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM action_log WHERE height = 3")
    assert main(["check", str(copy)]) == 1
    assert "Action log: FAILED" in capsys.readouterr().out


def test_check_and_report_refuse_a_tampered_ballot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A ballot edited in the file (3 dots on one idea, cap 2; 6 of 5 dots) fails `check` and stops the report."""
    path = tmp_path / "w.cocity"
    with WorkshopSession.create(path, title="T") as session:
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(2)]
        ideas = [session.add_idea(f"Idea {n}").id for n in range(3)]
        vote_round = session.create_round("Long list", ideas, dots_per_participant=5, max_per_idea=2)
        session.start_round(vote_round.id)
        for token in tokens:
            session.cast_ballot(token, vote_round.id, {ideas[0]: 1})
        session.close_round(vote_round.id)
    assert main(["check", str(path)]) == 0 and "Ballots: ok" in capsys.readouterr().out
    over_cap, over_budget = json.dumps({str(ideas[0]): 3}), json.dumps({str(i): 2 for i in ideas})
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE ballots SET dots = ?, spent = 3 WHERE participant_id = 1", [over_cap])
        conn.execute("UPDATE ballots SET dots = ?, spent = 6 WHERE participant_id = 2", [over_budget])
    conn.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "Ballots: FAILED" in out
    assert "round 1: This ballot gives 3 dots to one idea; the limit is 2 dots per idea." in out
    assert "round 1: This ballot spends 6 dots; each participant has 5." in out
    assert main(["report", str(path), "-o", str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert "\u201cLong list\u201d (round 1)" in err and "limit is 2 dots per idea" in err
    assert not (tmp_path / "r.pdf").exists()


def test_subcommands_never_import_qt_and_python_m_works(demo_file: Path) -> None:
    """`python -m cocity_workshop info` runs headless without loading PySide6."""
    code = (
        "import sys, runpy\n"
        "sys.argv = ['cocity-workshop', 'info', sys.argv[1]]\n"
        "try:\n    runpy.run_module('cocity_workshop', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(demo_file)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Mladí podnikatelé pro Plzeň" in result.stdout


def test_privacy_shows_and_sets_data_protection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A youth workshop starts on consent, 6 months; privacy sets the controller and contact, and refuses 0 months."""
    path = tmp_path / "w.cocity"
    assert main(["new", str(path), "--title", "Youth", "--template", "youth"]) == 0
    capsys.readouterr()
    assert main(["privacy", str(path)]) == 0
    out = capsys.readouterr().out
    assert "the participants' consent (GDPR Article 6(1)(a))" in out and "6 months after the workshop" in out
    assert main(["privacy", str(path), "--controller", "City of Pilsen", "--contact", "dpo@city.example"]) == 0
    out = capsys.readouterr().out
    assert "City of Pilsen" in out and "dpo@city.example" in out
    assert main(["privacy", str(path), "--retention-months", "0"]) == 2
    assert "1 to 120 months" in capsys.readouterr().err
    with WorkshopSession.open(path, readonly=True) as session:
        assert (session.workshop().controller, session.workshop().retention_months) == ("City of Pilsen", 6)
