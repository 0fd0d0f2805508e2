"""Files for Decidim's admin "Import proposals from a file" (proposals component, 0.24 and later).

The importer reads a ``;``-separated UTF-8 CSV (a BOM is tolerated) or a JSON array of objects; the
headers ``title/<locale>`` and ``body/<locale>`` for the organisation's default locale are required and
must not repeat. Proposals need a title of 15 to 150 characters and a body of at least 15. Authors
cannot be set from the file, so the body says where the idea came from.

The file is written for the locales the city's Decidim uses (``DecidimFormat``; the first is its default
locale, whose columns Decidim requires; by default the workshop's language): the participants' words stay
as written, the sentences we add around them are in each locale. Decidim spells Traditional Chinese
``zh-TW``; the CSV separator is ``;`` (Decidim's) unless a city's instance wants ``,``.

Decidim shows a proposal's body as HTML when its rich-text editor is on, so the body is written as escaped
text in ``<p>`` paragraphs (line breaks as ``<br>``): it shows literally either way.

Categories (decision 0054): an idea's cluster, or else its theme, becomes the Decidim category the
facilitator gave it for the city's space (``DecidimFormat.categories``: name -> id). Decidim 0.27 to 0.29
read ``category/id``, 0.30 and later ``taxonomies/ids``; both columns carry the id (each version ignores the
other's), empty where a cluster or theme has none (Decidim then sets none). Decidim's JSON reader takes the
first object's keys as the columns, so every object has the same keys. Without a mapping both are left out.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cocity_workshop.bundle.tables import Column, DataFile, csv_bytes, schema
from cocity_workshop.core.categories import category_key, category_source
from cocity_workshop.core.categories import category_names as names_of_categories
from cocity_workshop.core.model import Idea
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import IdeaTally
from cocity_workshop.core.text import single_line
from cocity_workshop.i18n import _, normalise_language, use_language
from cocity_workshop.report.context import format_date

#: Decidim's names for our languages where they differ from ours.
DECIDIM_LOCALES = {"zh_Hant": "zh-TW"}
SEPARATORS = (";", ",")

TITLE_MIN = 15
TITLE_MAX = 150
BODY_MIN = 15


@dataclass(frozen=True)
class DecidimFormat:
    """How the city's Decidim wants its import file: its locales (the default first) and CSV separator."""

    locales: tuple[str, ...] = ()
    delimiter: str = ";"
    #: The Decidim category (or taxonomy) id of each cluster or theme, in the city's space: (name, id).
    categories: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        if self.delimiter not in SEPARATORS:
            raise ValueError(f"Decidim's CSV separator is one of {SEPARATORS}")
        if any(not isinstance(i, int) or isinstance(i, bool) or i < 1 for _name, i in self.categories):
            raise ValueError("Decidim's category ids are whole numbers from 1")

    def category_ids(self) -> dict[str, int]:
        """Cluster or theme name (compared as ``category_key`` does) -> Decidim id."""
        keys = ((category_key(name), number) for name, number in self.categories)
        return {key: number for key, number in keys if key}

    def languages(self, workshop_language: str) -> list[str]:
        """Our language codes, default first, without repeats (the workshop's when none were chosen)."""
        chosen = [normalise_language(code) for code in self.locales] or [normalise_language(workshop_language)]
        return list(dict.fromkeys(chosen))


def category_names(snapshot: WorkshopSnapshot) -> list[str]:
    """The clusters and themes the ideas shown to the room fall into (``core.categories``)."""
    return names_of_categories(snapshot.ideas, snapshot.clusters, snapshot.workshop.themes)


def idea_categories(snapshot: WorkshopSnapshot, options: DecidimFormat) -> list[int | None]:
    """Each idea shown to the room's Decidim id (in ``proposals`` order), ``None`` where its cluster or theme
    has none."""
    clusters = {c.id: c for c in snapshot.clusters}
    ids = options.category_ids()
    return [ids.get(category_key(category_source(i, clusters))) for i in snapshot.public_ideas()]


def decidim_locale(language: str) -> str:
    """Decidim's spelling of one of our language codes ("zh_Hant" is "zh-TW")."""
    return DECIDIM_LOCALES.get(language, language)


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
    for vote_round in counted_rounds(snapshot.rounds):
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
    tallies = {r.id: snapshot.tally(r).by_idea() for r in counted_rounds(snapshot.rounds)}
    with use_language(language):
        return [
            (proposal_title(i, snapshot.workshop.title), proposal_body(i, snapshot, tallies))
            for i in snapshot.public_ideas()
        ]


CATEGORY_COLUMNS = (
    Column("category/id", "integer", "The Decidim category of the idea's cluster or theme (Decidim 0.27 to 0.29)"),
    Column("taxonomies/ids", "string", "The same id for Decidim 0.30 and later, which read taxonomies"),
)


def _columns(locales: Sequence[str], categories: bool) -> list[Column]:
    titles = [
        Column(f"title/{loc}", "string", "Proposal title (15 to 150 characters)", required=True) for loc in locales
    ]
    bodies = [
        Column(f"body/{loc}", "string", "Proposal body (at least 15 characters)", required=True) for loc in locales
    ]
    return [*titles, *bodies, *(CATEGORY_COLUMNS if categories else ())]


def _by_locale(snapshot: WorkshopSnapshot, languages: Sequence[str]) -> list[list[tuple[str, str]]]:
    """For each idea, its (title, body) in each language."""
    return [list(row) for row in zip(*(proposals(snapshot, language) for language in languages), strict=True)]


def csv_file(snapshot: WorkshopSnapshot, language: str, options: DecidimFormat | None = None) -> DataFile:
    """decidim-proposals.csv: one proposal per idea, a title and a body column per locale."""
    options = options or DecidimFormat()
    languages = options.languages(language)
    columns = _columns([decidim_locale(code) for code in languages], bool(options.categories))
    categories = idea_categories(snapshot, options)
    rows: list[list[object]] = []
    for idea, category in zip(_by_locale(snapshot, languages), categories, strict=True):
        row: list[object] = [*(t for t, _b in idea), *(b for _t, b in idea)]
        if options.categories:
            row += [category, None if category is None else str(category)]
        rows.append(row)
    return DataFile(
        "decidim-proposals",
        "decidim-proposals.csv",
        csv_bytes(columns, rows, delimiter=options.delimiter),
        "text/csv",
        "Ideas as proposals for Decidim's import from a file (CSV)",
        schema(columns),
        {"delimiter": options.delimiter},
        description='The ideas shown to the room as proposals for Decidim\'s "Import proposals from a file".',
    )


def json_file(snapshot: WorkshopSnapshot, language: str, options: DecidimFormat | None = None) -> DataFile:
    """decidim-proposals.json: an array of objects with nested ``title``/``body`` per locale."""
    options = options or DecidimFormat()
    languages = options.languages(language)
    locales = [decidim_locale(code) for code in languages]
    items: list[dict[str, Any]] = []
    for idea, category in zip(_by_locale(snapshot, languages), idea_categories(snapshot, options), strict=True):
        item: dict[str, Any] = {
            "title": {loc: title for loc, (title, _b) in zip(locales, idea, strict=True)},
            "body": {loc: body for loc, (_t, body) in zip(locales, idea, strict=True)},
        }
        if options.categories:  # the same keys in every object: Decidim reads the first one's as the columns
            item["category"] = {"id": category}
            item["taxonomies"] = {"ids": "" if category is None else str(category)}
        items.append(item)
    data = (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return DataFile(
        "decidim-proposals-json",
        "decidim-proposals.json",
        data,
        "application/json",
        "Ideas as proposals for Decidim's import from a file (JSON)",
        description="The same proposals as decidim-proposals.csv, as JSON.",
    )
