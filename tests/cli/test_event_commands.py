"""The event command: an event file, a room file made from it, and one-line refusals."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from event_rooms import make_event, run_rooms

from cocity_workshop.__main__ import main
from cocity_workshop.core.errors import RuleViolation
from cocity_workshop.session import WorkshopSession


def test_event_new_and_room(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """event new makes an event file; event room a room file of it with the event's id and its own."""
    event, room = tmp_path / "event.cocity", tmp_path / "hall-b.cocity"
    assert main(["event", "new", str(event), "--title", "Mobility week", "--lang", "cs"]) == 0
    assert "Created the event" in capsys.readouterr().out
    with WorkshopSession.open(event) as opened:
        opened.add_idea("Bike lane")
    assert main(["event", "room", str(event), "--name", "Hall B", "-o", str(room)]) == 0
    out = capsys.readouterr().out
    assert "Hall B" in out and "Shared ideas" in out
    with WorkshopSession.open(event, readonly=True) as a, WorkshopSession.open(room, readonly=True) as b:
        made, source = b.event(), a.event()
        assert made is not None and source is not None and made.event_id == source.event_id
        assert made.room_id in out and made.room_name == "Hall B"
        assert b.workshop().language == "cs"


def test_a_room_of_a_plain_workshop_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A room cannot be made from a workshop that is not an event: one line on stderr, nothing written."""
    plain, room = tmp_path / "plain.cocity", tmp_path / "room.cocity"
    assert main(["new", str(plain), "--title", "Plain"]) == 0
    capsys.readouterr()
    assert main(["event", "room", str(plain), "--name", "Hall B", "-o", str(room)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an event file" in err
    assert not room.exists()


def test_event_merge_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """event merge writes the event bundle and prints each room's fingerprint; verify checks the event and every
    room in it; the same room twice is one line on stderr, exit 2, nothing written."""
    rooms = run_rooms(make_event(tmp_path), tmp_path)
    bundles = [str(p) for p in rooms.bundles.values()]
    target = tmp_path / "event.zip"
    assert main(["event", "merge", str(rooms.event), *bundles, "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Merged 3 rooms of “Mobility week”" in out and all(name in out for name in rooms.bundles)
    assert main(["verify", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Everything matches." in out and "room “Hall C”" in out and "chains the event" in out
    twice = tmp_path / "twice.zip"
    assert main(["event", "merge", str(rooms.event), bundles[0], bundles[0], "-o", str(twice)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "again" in err
    assert not twice.exists()


def test_event_tickets_print_codes_a_room_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """event tickets writes cards with typeable codes and no QR code (each room has its own address); a room
    made afterwards admits a phone with a code typed from the card, once."""
    event, pdf, room = tmp_path / "event.cocity", tmp_path / "tickets.pdf", tmp_path / "hall-a.cocity"
    assert main(["event", "new", str(event), "--title", "Mobility week"]) == 0
    assert main(["event", "tickets", str(event), "-n", "3", "-o", str(pdf)]) == 0
    assert "Wrote 3 tickets" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = re.findall(r"\b(?:[a-z2-9]{4} ){3}[a-z2-9]{4}\b", text)
    assert len(printed) == 3 and "any room of this event" in text
    assert subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout.count("image") == 0
    assert main(["event", "room", str(event), "--name", "Hall A", "-o", str(room)]) == 0
    with WorkshopSession.open(room) as opened:
        opened.set_joining(open=True)
        assert opened.join(printed[0].upper()).token
        with pytest.raises(RuleViolation):
            opened.join(printed[0])
