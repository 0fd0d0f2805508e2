"""Small helpers for printing command results."""

from __future__ import annotations

import datetime as dt


def format_time(timestamp: float | None) -> str:
    """A local date and time for people, or an empty string."""
    if timestamp is None:
        return ""
    return dt.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def print_table(rows: list[tuple[str, str]]) -> None:
    """Print label/value pairs aligned in two columns."""
    width = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
