"""A crash writes a log with where and what kind, never participant text, and calls the dialog."""

from __future__ import annotations

import sys
from pathlib import Path

from cocity_workshop.gui.crash import install_crash_handler, write_crash_log


def test_log_has_no_participant_text(tmp_path: Path) -> None:
    """The error's message (which may quote an idea) and local values stay out of the log."""
    secret_idea = "Call Jana on 777 123 456"
    try:
        title = secret_idea
        raise ValueError(f"bad idea: {title}")
    except ValueError:
        kind, _value, tb = sys.exc_info()
        assert kind is not None
        path = write_crash_log(kind, tb, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "test_log_has_no_participant_text" in text
    assert "777" not in text and "Jana" not in text


def test_handler_shows_the_dialog(tmp_path: Path) -> None:
    """Uncaught exceptions go to the log and to ``show``; the previous hook is restored afterwards."""
    shown: list[Path] = []
    previous = sys.excepthook
    install_crash_handler(shown.append, tmp_path)
    try:
        try:
            raise RuntimeError("Skatepark by the river")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        sys.excepthook = previous
    assert len(shown) == 1 and shown[0].parent == tmp_path
    assert "Skatepark" not in shown[0].read_text(encoding="utf-8")
