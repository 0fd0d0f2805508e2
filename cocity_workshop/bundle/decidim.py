"""Files for Decidim's admin "Import proposals from a file" (proposals component, 0.24 and later).

The importer reads a ``;``-separated UTF-8 CSV (a BOM is tolerated) or a JSON array of objects; the
headers ``title/<locale>`` and ``body/<locale>`` for the organisation's default locale are required and
must not repeat. Proposals need a title of 15 to 150 characters and a body of at least 15. Authors
cannot be set from the file, so the body says where the idea came from.

Decidim shows a proposal's body as HTML when its rich-text editor is on, so the body is written as escaped
text in ``<p>`` paragraphs (line breaks as ``<br>``): it shows literally either way.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from cocity_workshop.bundle.tables import Column, DataFile, csv_bytes, schema
from cocity_workshop.core.model import Idea
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import IdeaTally
from cocity_workshop.core.text import single_line
from cocity_workshop.i18n import _, normalise_language, use_language
from cocity_workshop.report.sections import counted_rounds, format_date

TITLE_MIN = 15
TITLE_MAX = 150
BODY_MIN = 15


def proposal_title(idea: Idea, workshop_title: str) -> str:
    """The idea's title, lengthened with the workshop's name when Decidim would find it too short."""
    title = single_line(idea.title)
    if len(title) < TITLE_MIN:
        title = f"{title} \u2013 {single_line(workshop_title)}"
    if len(title) < TITLE_MIN:
        title = f"{title} (CoCity Workshop)"
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "\u2026"
    return title


def proposal_body(idea: Idea, snapshot: WorkshopSnapshot, tallies: Mapping[int, Mapping[int, IdeaTally]]) -> str:
    """The idea's description, its dots in each round and where it was raised (in the current language), as
    escaped HTML paragraphs.

    ``tallies`` holds each counted round's tally by idea (computed once for all proposals).
    """
    workshop = snapshot.workshop
    parts = [idea.description] if idea.description else []
    for vote_round in counted_rounds(snapshot):
        found = tallies[vote_round.id].get(idea.id)
        if found is not None:
            parts.append(
                _("{round}: {total} dots ({phone} from phones, {paper} from paper).").format(
                    round=vote_round.title, total=found.total, phone=found.phone_dots, paper=found.paper_dots
                )
            )
    where = ", ".join(p for p in (workshop.city, format_date(workshop.date) if workshop.date else "") if p)
    parts.append(
        _("Raised at the workshop \u201c{title}\u201d ({where}).").format(title=workshop.title, where=where)
        if where
        else _("Raised at the workshop \u201c{title}\u201d.").format(title=workshop.title)
    )
    return "".join(html_paragraph(part) for part in parts)


def html_paragraph(text: str) -> str:
    """``text`` as one HTML paragraph that shows it literally (escaped, line breaks as ``<br>``)."""
    lines = [html.escape(line, quote=True) for line in text.split("\n")]
    return "<p>" + "<br>".join(lines) + "</p>"


def proposals(snapshot: WorkshopSnapshot, language: str) -> list[tuple[str, str]]:
    """(title, body) for every idea shown to the room, oldest first."""
    tallies = {r.id: snapshot.tally(r).by_idea() for r in counted_rounds(snapshot)}
    with use_language(language):
        return [
            (proposal_title(i, snapshot.workshop.title), proposal_body(i, snapshot, tallies))
            for i in snapshot.public_ideas()
        ]


def _columns(locale: str) -> tuple[Column, Column]:
    return (
        Column(f"title/{locale}", "string", "Proposal title (15 to 150 characters)", required=True),
        Column(f"body/{locale}", "string", "Proposal body (at least 15 characters)", required=True),
    )


def csv_file(snapshot: WorkshopSnapshot, language: str) -> DataFile:
    """decidim-proposals.csv: ``;``-separated, UTF-8, one proposal per idea."""
    locale = normalise_language(language)
    columns = _columns(locale)
    return DataFile(
        "decidim-proposals",
        "decidim-proposals.csv",
        csv_bytes(columns, proposals(snapshot, locale), delimiter=";"),
        "text/csv",
        "Ideas as proposals for Decidim's import from a file (CSV)",
        schema(columns),
        {"delimiter": ";"},
    )


def json_file(snapshot: WorkshopSnapshot, language: str) -> DataFile:
    """decidim-proposals.json: an array of objects with nested ``title``/``body`` per locale."""
    locale = normalise_language(language)
    items: list[dict[str, Any]] = [
        {"title": {locale: title}, "body": {locale: body}} for title, body in proposals(snapshot, locale)
    ]
    data = (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return DataFile(
        "decidim-proposals-json",
        "decidim-proposals.json",
        data,
        "application/json",
        "Ideas as proposals for Decidim's import from a file (JSON)",
    )
