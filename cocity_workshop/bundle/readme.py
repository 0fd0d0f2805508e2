"""README.md: what the bundle is and how its ideas go into Decidim, in the bundle's language (decision 0054).

The words are the same for the same data, whenever it was exported (no time of export), so the outbox still
sees two exports of the same workshop as one bundle.
"""

from __future__ import annotations

from cocity_workshop.bundle.decidim import (
    DecidimFormat,
    category_names,
    decidim_locale,
    idea_categories,
)
from cocity_workshop.bundle.tables import DataFile
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.text import single_line
from cocity_workshop.i18n import _, ngettext, use_language
from cocity_workshop.report.context import format_date

README = "README.md"


def _markdown(text: str) -> str:
    """A facilitator's or participant's words as literal Markdown text on one line (no markup, no links)."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>|~" else c for c in single_line(text))
    return escaped.strip()


def _about(snapshot: WorkshopSnapshot, tier: str) -> list[str]:
    workshop = snapshot.workshop
    where = ", ".join(p for p in (workshop.city, format_date(workshop.date) if workshop.date else "") if p)
    title = _markdown(workshop.title)
    lines = [
        _("This bundle holds the results of the workshop “{title}” ({where}).").format(
            title=title, where=_markdown(where)
        )
        if where
        else _("This bundle holds the results of the workshop “{title}”.").format(title=title),
        _("It is the public bundle: it may be published as open data.")
        if tier == "public"
        else _("It is the city's bundle: it adds the anonymous ballots and the action log. Do not publish it."),
        _(
            "report.pdf is the outcome report for the council. datapackage.json describes every file, its "
            "columns and its SHA-256; the report's last page lists the same fingerprints."
        ),
    ]
    return lines


def _decidim(snapshot: WorkshopSnapshot, language: str, options: DecidimFormat) -> list[str]:
    locales = [decidim_locale(code) for code in options.languages(language)]
    separator = _("semicolon (;)") if options.delimiter == ";" else _("comma (,)")
    steps = [
        _(
            "In Decidim's administration, open the participatory space, then Components, and the proposals "
            "component the ideas should go to."
        ),
        _(
            "Choose Import, then Import proposals from a file, and upload decidim-proposals.csv (columns "
            "separated by a {separator}) or decidim-proposals.json."
        ).format(separator=separator),
        _(
            "The file has titles and bodies in {locales}; {default} must be the organisation's default language "
            "in Decidim."
        ).format(locales=", ".join(locales), default=locales[0]),
    ]
    ids = idea_categories(snapshot, options)
    if options.categories:
        given = sum(1 for i in ids if i is not None)
        steps.append(
            ngettext(
                "{count} of {total} proposals has the Decidim category of its cluster or theme, in the columns "
                "category/id (Decidim 0.27 to 0.29) and taxonomies/ids (Decidim 0.30 and later). The ids must "
                "be those of this participatory space.",
                "{count} of {total} proposals have the Decidim category of their cluster or theme, in the "
                "columns category/id (Decidim 0.27 to 0.29) and taxonomies/ids (Decidim 0.30 and later). The "
                "ids must be those of this participatory space.",
                given,
            ).format(count=given, total=len(ids))
        )
    else:
        names = category_names(snapshot)
        steps.append(
            _(
                "The file gives no categories. To have them, give each cluster or theme its Decidim category "
                "in the Export panel and export again, or set them in Decidim after the import: {names}."
            ).format(names=", ".join(_markdown(n) for n in names))
            if names
            else _("The file gives no categories: the ideas had no cluster or theme.")
        )
    steps.append(
        _(
            "Decidim names the organisation as the author of every imported proposal; each body says where the "
            "idea was raised and how many dots it got."
        )
    )
    return [f"{number}. {step}" for number, step in enumerate(steps, start=1)]


def readme_file(snapshot: WorkshopSnapshot, tier: str, language: str, options: DecidimFormat | None = None) -> DataFile:
    """README.md in ``language``: what the bundle is, then how to import its ideas into Decidim."""
    options = options or DecidimFormat()
    with use_language(language):
        parts = [
            "# " + _("About this bundle"),
            "",
            *(f"{line}\n" for line in _about(snapshot, tier)),
            "## " + _("Importing the ideas into Decidim"),
            "",
            *_decidim(snapshot, language, options),
            "",
        ]
    return DataFile(
        "readme",
        README,
        "\n".join(parts).encode("utf-8"),
        "text/markdown",
        "About this bundle",
        description="What the bundle is and how to import its ideas into Decidim, in the report's language.",
    )
