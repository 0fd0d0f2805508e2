"""Decidim files: titles on one line, bodies as escaped text in paragraphs that read back literally."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from export_helpers import make_hostile_workshop

from cocity_workshop.bundle.decidim import html_paragraph, json_file, proposal_title
from cocity_workshop.core.model import Idea
from cocity_workshop.session import WorkshopSession

HOSTILE_BODY = '<img src=x onerror="alert(1)"> <script>alert(2)</script> AT&T\nsecond <b>line</b>'


class _Reader(HTMLParser):
    """Reads HTML as a rich-text editor would show it: text, paragraphs, line breaks, and which tags came."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "p":
            self.paragraphs.append("")
        elif tag == "br":
            self.paragraphs[-1] += "\n"

    def handle_data(self, data: str) -> None:
        self.paragraphs[-1] += data


def read_html(body: str) -> _Reader:
    """``body`` parsed as HTML."""
    reader = _Reader()
    reader.feed(body)
    reader.close()
    return reader


def test_the_body_is_escaped_paragraphs(tmp_path: Path) -> None:
    """A phone's markup in a description is text in Decidim's body: only <p> and <br> tags, words literal."""
    with WorkshopSession.create(tmp_path / "d.cocity", title="Decidim test", language="en") as session:
        session.add_idea("A title long enough", HOSTILE_BODY)
        data = json_file(session.snapshot(), "en").data
    body = json.loads(data)[0]["body"]["en"]
    read = read_html(body)
    assert read.tags == {"p", "br"}
    assert read.paragraphs[0] == HOSTILE_BODY
    assert read.paragraphs[-1].startswith("Raised at the workshop")


def test_paragraph_escapes_everything() -> None:
    """Quotes, ampersands and angle brackets are escaped; line breaks become <br>."""
    assert html_paragraph("a<b>&\"'\nc") == "<p>a&lt;b&gt;&amp;&quot;&#x27;<br>c</p>"


def test_titles_are_one_line_without_noncharacters() -> None:
    """A title saved with a line separator or a noncharacter (before the cleaner knew them) is one clean line."""
    idea = Idea(id=1, title="First\u2028second\u2029third\ufffe idea")
    assert proposal_title(idea, "Workshop") == "First second third idea"


def test_every_hostile_description_reads_back_literally_from_decidim(tmp_path: Path) -> None:
    """The team's hostile corpus (with #14's additions): every Decidim body carries no tag but <p> and <br>,
    and its first paragraph reads back as the stored description; titles are one line without noncharacters."""
    workshop = make_hostile_workshop(tmp_path / "hostile.cocity")
    with WorkshopSession.open(workshop, readonly=True) as session:
        snapshot = session.snapshot()
        data = json_file(snapshot, "en").data
        descriptions = {i.description for i in snapshot.public_ideas() if i.description}
    proposals = json.loads(data)
    read = [read_html(p["body"]["en"]) for p in proposals]
    assert all(r.tags <= {"p", "br"} for r in read)
    assert descriptions <= {r.paragraphs[0] for r in read}
    for proposal in proposals:
        title = proposal["title"]["en"]
        assert "\n" not in title and "\u2028" not in title and "\ufffe" not in title
