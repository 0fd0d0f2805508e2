"""Helpers shared by the report and bundle tests: PDF tools from poppler, and workshops to export."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from hostile_export_strings import HOSTILE_EXPORT, LONG_WORD
from PIL import Image

from cocity_workshop.core.model import IdeaOrigin
from cocity_workshop.core.text import DESCRIPTION_MAX, TITLE_MAX
from cocity_workshop.session import WorkshopSession

_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool and return its standard output."""
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=120)
    return done.stdout


def pdf_text(path: Path, *pages: int) -> str:
    """The PDF's text by pdftotext, optionally of a page range."""
    extra = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return poppler("pdftotext", *extra, str(path), "-")


def comparable(text: str) -> str:
    """Text as extracted text can be compared: NFKC (Arabic presentation forms, ligatures to letters),
    no direction marks pdftotext adds, runs of white space as one space."""
    return " ".join(_MARKS.sub("", unicodedata.normalize("NFKC", text)).split())


def without_spaces(text: str) -> str:
    """``comparable`` text with no white space at all (for words the layout had to break)."""
    return "".join(comparable(text).split())


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A small JPEG photo."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def copy_workshop(source: Path, folder: Path) -> Path:
    """A copy of a closed workshop file to change in a test."""
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


def make_hostile_workshop(path: Path) -> Path:
    """A workshop whose every text field a participant or facilitator can fill holds a hostile string."""
    with WorkshopSession.create(path, title="<b>Hostile & =cmd|' /C calc'!A0", language="en") as session:
        session.update_workshop(city="<img src='/etc/passwd'/>", organisers=("@SUM(A1)", "<font size=40>x</font>"))
        session.set_joining(open=True)
        tokens = [session.join().token for _ in range(6)]
        ids = []
        for index, text in enumerate(HOSTILE_EXPORT):
            origin = (IdeaOrigin.PHONE, IdeaOrigin.FACILITATOR, IdeaOrigin.PAPER)[index % 3]
            token = tokens[index % len(tokens)] if origin is IdeaOrigin.PHONE else None
            description = HOSTILE_EXPORT[-1 - index] + " " + (LONG_WORD if index == 0 else "")
            ids.append(session.add_idea(text, description, origin=origin, token=token).id)
        cluster = session.add_cluster("<font name='Symbols'>cluster</font> =1+1")
        for idea_id in ids[:5]:
            session.set_idea_cluster(idea_id, cluster.id)
        vote = session.create_round("=cmd|' /C calc'!A0 round", ids[:12], dots_per_participant=5, max_per_idea=3)
        session.start_round(vote.id)
        for number, token in enumerate(tokens):
            session.cast_ballot(token, vote.id, {ids[number % 12]: 3, ids[(number + 5) % 12]: 2})
        session.close_round(vote.id)
        session.set_paper_dots(vote.id, ids[1], 4, note="<b>")
        session.reveal_round(vote.id)
        action = session.add_action("-1 action <script>", idea_id=ids[0], owner="+owner", department="@dept")
        session.add_milestone(action.id, "=milestone()", "2027-01-01")
    return path


#: Limits the session applies, so tests know what the exports must show.
LIMITS = {"title": TITLE_MAX, "description": DESCRIPTION_MAX}


#: The small-cell workshop's groups: name -> (people, their ballot as idea title -> dots).
GROUP_ROOM = {
    "Residents": (10, {"Benches": 2, "Trees": 1}),
    "Traders": (6, {"Trees": 2, "Lights": 1}),
    "Youth club": (4, {"Lights": 3}),
}


def make_group_workshop(path: Path) -> Path:
    """A workshop of three groups of 10, 6 and 4 people, each group voting alike (``GROUP_ROOM``), no age bands:
    the group of 4 must be hidden, and so must the group of 6, or the room's dots minus the residents' would be
    the youth club's."""
    with WorkshopSession.create(path, title="Small cells", language="en") as session:
        for group in session.groups():
            session.remove_group(group.id)
        for band in session.age_bands():
            session.remove_age_band(band.id)
        session.set_joining(open=True)
        ideas = {title: session.add_idea(title).id for title in ("Benches", "Trees", "Lights")}
        vote = session.create_round("Where to start", list(ideas.values()), dots_per_participant=3, max_per_idea=3)
        session.start_round(vote.id)
        for name, (people, ballot) in GROUP_ROOM.items():
            group = session.add_group(name)
            for _ in range(people):
                token = session.join().token
                session.set_profile(token, group.id, None)
                session.cast_ballot(token, vote.id, {ideas[t]: d for t, d in ballot.items()})
        session.close_round(vote.id)
        session.reveal_round(vote.id)
    return path


#: The linked-tables workshop: (group, age band, votes?, how many). Every group and band has 6 or more people,
#: so the participation table alone hides nothing; in the round, two youth club members of band "60+" do not
#: vote, leaving a youth club of 4 voters and a band of 4 voters.
LINKED_ROOM = (
    ("Residents", "18-29", True, 6),
    ("Residents", "60+", True, 4),
    ("Traders", "18-29", True, 4),
    ("Traders", "30-59", True, 3),
    ("Youth club", "30-59", True, 4),
    ("Youth club", "60+", False, 2),
)


#: A room whose traders are all 30-59 and the only ones: the age band is the very same people as a group
#: hidden in the round (the youth club of 4 takes the traders with it).
TWIN_ROOM = (
    ("Residents", "under 18", True, 2),
    ("Residents", "60+", True, 8),
    ("Traders", "30-59", True, 7),
    ("Youth club", "under 18", True, 4),
)


def make_linked_tables_workshop(path: Path, room: tuple[tuple[str, str, bool, int], ...] = LINKED_ROOM) -> Path:
    """A workshop where the participation table and the round's tables must be read together (``LINKED_ROOM``):
    shown in full, participation's youth club of 6 and traders of 7 would pin the youth club's voters down to 4.
    ``room``: (group, age band, votes?, how many) per kind of participant."""
    with WorkshopSession.create(path, title="Linked tables", language="en") as session:
        for group in session.groups():
            session.remove_group(group.id)
        for band in session.age_bands():
            session.remove_age_band(band.id)
        session.set_joining(open=True)
        groups = {name: session.add_group(name).id for name in dict.fromkeys(g for g, *_ in room)}
        bands = {label: session.add_age_band(label).id for label in dict.fromkeys(b for _, b, *_ in room)}
        ideas = [session.add_idea(title).id for title in ("Benches", "Trees", "Lights")]
        vote = session.create_round("Where to start", ideas, dots_per_participant=3, max_per_idea=3)
        session.start_round(vote.id)
        for number, (group, band, votes, people) in enumerate(room):
            for _ in range(people):
                token = session.join().token
                session.set_profile(token, groups[group], bands[band])
                if votes:
                    session.cast_ballot(token, vote.id, {ideas[number % 3]: 2, ideas[(number + 1) % 3]: 1})
        session.close_round(vote.id)
        session.reveal_round(vote.id)
    return path
