"""The phone and projector pages' words, served from the shared gettext catalogue as JSON.

The pages fetch ``/api/strings/<lang>`` once and render with ``textContent``. Counted phrases carry one
form per CLDR plural category of the language ("one", "few", "other"...); the page picks one with the
browser's ``Intl.PluralRules``, which follows the same CLDR rules. The answer also names every language
in itself and says which way the language is written.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from cocity_workshop.i18n import LANGUAGES, N_, _, language_name, ngettext, text_direction, use_language
from cocity_workshop.server import hackathon_strings

STRINGS: dict[str, str] = {
    "language": N_("Language"),
    "workshop": N_("Workshop"),
    "notice_title": N_("Before you start"),
    "notice_text": N_(
        "You take part anonymously. We keep only what you send: your ideas, your votes and, if you choose, "
        "your stakeholder group and age band. No name, no phone number, no location."
    ),
    "notice_names": N_("Please do not write names, phone numbers or addresses in your ideas."),
    "notice_who": N_("Everyone in the room sees the ideas; the city receives the ideas and the results."),
    "join": N_("Join the workshop"),
    "joining": N_("Joining\u2026"),
    "join_closed": N_("Joining is closed at the moment. Ask the facilitator."),
    "ticket_needed": N_("This workshop needs a ticket. Scan the QR code on your ticket, or type its code."),
    "ticket_label": N_("Ticket code"),
    "profile_title": N_("About you (optional)"),
    "group_label": N_("Stakeholder group"),
    "age_label": N_("Age band"),
    "not_said": N_("Prefer not to say"),
    "save": N_("Save"),
    "saved": N_("Saved."),
    "waiting_start": N_("Waiting for the workshop to start"),
    "time_left": N_("{time} left"),
    "time_over": N_("{time} over time"),
    "paused": N_("Paused"),
    "ideas_title": N_("Ideas"),
    "no_ideas": N_("No ideas yet. Be the first!"),
    "add_idea": N_("Add an idea"),
    "idea_title": N_("Title"),
    "idea_description": N_("Description (optional)"),
    "idea_theme": N_("Theme (optional)"),
    "idea_photo": N_("Photo (optional)"),
    "no_theme": N_("No theme"),
    "send_idea": N_("Send idea"),
    "title_needed": N_("Please give your idea a title."),
    "idea_sent": N_("Thank you! Your idea is on the wall."),
    "idea_pending": N_("Thank you! Your idea will appear once the facilitator approves it."),
    "idea_queued": N_("No connection. Your idea will be sent when the connection returns."),
    "photo_failed": N_("The photo could not be sent."),
    "photo_queued": N_("No connection. Your photo will be sent when the connection returns."),
    "photo_sent": N_("Your photo has been sent."),
    "photo_not_kept": N_("Keep this page open until your photo is sent. If the page is closed, the photo is lost."),
    "photo_of": N_("Photo for the idea \u201c{idea}\u201d"),
    "vote_title": N_("Vote: {round}"),
    "vote_hint": N_(
        "Tap + to give an idea a dot and \u2212 to take it back. You can change your vote until voting closes."
    ),
    "add_dot": N_("Add a dot to \u201c{idea}\u201d"),
    "remove_dot": N_("Take a dot from \u201c{idea}\u201d"),
    "vote_saved": N_("Your vote is saved."),
    "vote_saving": N_("Saving your vote\u2026"),
    "vote_offline": N_("No connection. Your vote will be saved when the connection returns."),
    "no_dots_left": N_("You have used all your dots. Take one back to move it."),
    "vote_closed": N_("Voting is closed. Your vote counts as it was saved."),
    "next_person": N_("Next person"),
    "next_person_hint": N_("Done? Hand this device to the next person: they start fresh, your vote stays saved."),
    "results_title": N_("Results: {round}"),
    "results_live": N_("Live results"),
    "thanks_title": N_("Thank you!"),
    "thanks_text": N_("The workshop is over. Thank you for taking part."),
    "reconnecting": N_("Reconnecting\u2026"),
    "error": N_("Something went wrong. Please try again."),
    "scan_to_join": N_("Scan to take part"),
    "or_type": N_("or type"),
    "joining_closed_short": N_("Joining closed"),
    "vote_now": N_("Vote now on your phone"),
    "vote_ends_in": N_("Voting ends in {time}"),
    "vote_last_minute": N_("Last minute! Voting ends in {time}"),
    "vote_time_up": N_("Time is up"),
    "vote_closing": N_("Time is up: voting is closing"),
}

#: Counted phrases (singular marked for extraction; the catalogue keys plural forms by the singular).
PLURALS: dict[str, tuple[str, str]] = {
    "dots_left": (N_("{n} dot left"), "{n} dots left"),
    "dots": (N_("{n} dot"), "{n} dots"),
    "cap": (N_("At most {n} dot per idea."), "At most {n} dots per idea."),
    "ballots": (N_("{n} ballot"), "{n} ballots"),
    "joined": (N_("{n} person joined"), "{n} people joined"),
    "connected": (N_("{n} connected now"), "{n} connected now"),
    "voted": (N_("{n} of {m} has voted"), "{n} of {m} have voted"),
}


@cache
def plural_samples(language: str) -> dict[str, int]:
    """One whole number for each CLDR plural category of ``language`` (for Arabic: zero, one, two, few, many, other)."""
    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for n in (*range(200), 1_000_000):
        samples.setdefault(rule(n), n)
    return samples


def bcp47(language: str) -> str:
    """The language's tag as HTML's ``lang`` and ``Intl`` spell it ("zh_Hant" is "zh-Hant")."""
    return language.replace("_", "-")


#: The parts a page can ask for: its own words, or those of its hackathon screens (``hackathon.js``).
PARTS = {"": (STRINGS, PLURALS), "hackathon": (hackathon_strings.STRINGS, hackathon_strings.PLURALS)}


def page_strings(language: str, part: str = "") -> dict[str, object]:
    """Every string of the phone and projector pages (or of one ``part`` of them) in ``language`` (English
    when unknown)."""
    strings, plurals = PARTS[part]
    with use_language(language) as code:
        texts: dict[str, object] = {key: _(text) for key, text in strings.items()}
        samples = plural_samples(code)
        for key, (singular, plural) in plurals.items():
            texts[key] = {category: ngettext(singular, plural, n) for category, n in samples.items()}
        return {
            "lang": code,
            "tag": bcp47(code),
            "dir": text_direction(code),
            "languages": [{"code": c, "tag": bcp47(c), "name": language_name(c)} for c in LANGUAGES],
            "strings": texts,
        }
