"""When something unexpected breaks: keep the workshop going, write a log, tell the facilitator calmly.

The log holds where the program was (files, lines, functions), the kind of error and the versions,
never the error's message or variables, which could contain participant text. The workshop file is
safe regardless: every change was committed when it was made.
"""

from __future__ import annotations

import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import PySide6

import cocity_workshop


def default_log_dir() -> Path:
    """Where crash logs go (the user's log folder for the app)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("cocity-workshop", "CoCity"))


def crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """The text of a crash log: versions, the error's type and the stack, with no messages or values."""
    lines = [
        f"CoCity Workshop {cocity_workshop.__version__}",
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, {platform.system()} {platform.release()}",
        time.strftime("%Y-%m-%d %H:%M:%S %z"),
        f"Error type: {kind.__module__}.{kind.__qualname__}",
        "Stack (most recent call last):",
    ]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {_short_path(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _short_path(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    for anchor in ("cocity_workshop", "PySide6", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return path.name


def write_crash_log(kind: type[BaseException], tb: TracebackType | None, log_dir: Path | None = None) -> Path:
    """Write a crash log and return its path."""
    folder = log_dir or default_log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / time.strftime("crash-%Y%m%d-%H%M%S.log")
    path.write_text(crash_report(kind, tb), encoding="utf-8")
    return path


def install_crash_handler(show: Callable[[Path], None], log_dir: Path | None = None) -> None:
    """Route uncaught exceptions (Qt slots included) to a log and ``show(log_path)``."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        try:
            path = write_crash_log(kind, tb, log_dir)
        except OSError:
            path = Path("?")
        show(path)

    sys.excepthook = hook
