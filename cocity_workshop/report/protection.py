"""The report's data-protection and method sections: what was collected, kept and published, and how.

Every statement is derived from what the workshop file records (its settings and action log), never from
what the app intends (decision 0024).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from cocity_workshop.core import moderation
from cocity_workshop.core.licences import data_licence
from cocity_workshop.core.model import Idea, IdeaStatus
from cocity_workshop.core.privacy import LEGAL_BASIS_LABELS, deletion_date, kept_until
from cocity_workshop.core.snapshot import WorkshopSnapshot
from cocity_workshop.core.tally import SMALL_GROUP_THRESHOLD
from cocity_workshop.i18n import _, format_day, ngettext
from cocity_workshop.report.context import ReportContext, format_clock, table
from cocity_workshop.report.document import FRAME_WIDTH, heading
from cocity_workshop.report.text import rich


def codes_statement(snap: WorkshopSnapshot) -> str:
    """What became of the codes phones joined with, as the action log records it."""
    finished = moderation.finished_at(snap.log)
    if finished is None:
        return _(
            "Phones joined with a random code; the codes (kept only as hashes) are still in the workshop file. "
            "They are deleted when the facilitator finishes the workshop."
        )
    if snap.kept_codes:
        return _(
            "Phones joined with a random code; the codes, the tickets and the QR secrets were deleted when the "
            "facilitator finished the workshop ({when}). Joining was opened again after that: the codes of the "
            "phones that joined since are still in the workshop file."
        ).format(when=_moment(finished))
    return _(
        "Phones joined with a random code; the codes, the tickets and the QR secrets were deleted when the "
        "facilitator finished the workshop ({when})."
    ).format(when=_moment(finished))


def _moment(timestamp: float) -> str:
    return f"{format_day(dt.date.fromtimestamp(timestamp))} {format_clock(timestamp)}"


def _numbers(ideas: Sequence[Idea]) -> str:
    return ", ".join(str(i.id) for i in ideas)


def youth_statements(snap: WorkshopSnapshot) -> list[str]:
    """Which ideas from phones the facilitator checked before others saw them (youth mode), from the log."""
    periods = moderation.youth_periods(snap.log)
    if periods is None:
        if not snap.workshop.youth_mode:
            return []
        return [
            _(
                "Youth mode is on; the workshop file does not record since when, so which ideas were checked is "
                "not known."
            )
        ]
    checked, unchecked = moderation.checked_phone_ideas(snap.ideas, periods)
    lines = []
    if periods.periods:
        spans = "; ".join(
            _("{start} to {end}").format(
                start=_moment(start),
                end=_moment(end) if end is not None else _("the end"),
            )
            for start, end in periods.periods
        )
        lines.append(
            _("Youth mode (ideas from phones wait for the facilitator's approval) was on: {spans}.").format(spans=spans)
        )
    if checked:
        lines.append(
            ngettext(
                "{n} idea from a phone was checked by the facilitator before others saw it (no. {ids}).",
                "{n} ideas from phones were checked by the facilitator before others saw them (nos. {ids}).",
                len(checked),
            ).format(n=len(checked), ids=_numbers(checked))
        )
    if unchecked and periods.periods:
        lines.append(
            ngettext(
                "{n} idea from a phone came while youth mode was off and was shown without a check (no. {ids}).",
                "{n} ideas from phones came while youth mode was off and were shown without a check (nos. {ids}).",
                len(unchecked),
            ).format(n=len(unchecked), ids=_numbers(unchecked))
        )
    return lines


def data_protection(ctx: ReportContext) -> list[Flowable]:
    """Who is responsible and on which basis, what was collected and what not, what is deleted when, and what
    is published under which licence."""
    s = ctx.styles
    snap = ctx.snapshot
    not_shown = sum(1 for i in snap.ideas if i.status in (IdeaStatus.HIDDEN, IdeaStatus.PENDING))
    licence = data_licence(snap.workshop.data_licence)
    story: list[Flowable] = [PageBreak(), heading(rich(_("Data protection"), s.h1), 0, _("Data protection"))]
    story += [rich(_("Who is responsible"), s.h3), _responsible(ctx)]
    story += [
        rich(_("What was collected"), s.h3),
        rich(
            _(
                "The ideas participants typed on their phones or wrote on paper, and photos attached to them; "
                "for each participant, if they chose to say, a stakeholder group and an age band; anonymous "
                "ballots (how many dots went to which idea)."
            ),
            s.body,
        ),
        rich(_("What was not collected"), s.h3),
        rich(
            _("Names, e-mail addresses, phone numbers, IP addresses, device identifiers and browser details."),
            s.body,
        ),
        rich(_("What is deleted when"), s.h3),
        *(rich("\u2022 " + line, s.body) for line in deletions(snap)),
        rich(_("What is published"), s.h3),
        rich(
            _(
                "This report and the public data bundle hold only ideas that were shown in the room, and counts "
                "and dots by group or age band; a group of fewer than {n} people is not shown on its own, nor a "
                "group whose number would give such a group away. The city's bundle adds the anonymous ballots "
                "in sorted order, with no code, time or order of voting, so no ballot can be linked to a person, "
                "and the log of the facilitator's actions."
            ).format(n=SMALL_GROUP_THRESHOLD),
            s.body,
        ),
        rich(
            _("This report and the data bundle are published under {licence}; its terms: {url}").format(
                licence=_(licence.title), url=licence.url
            ),
            s.body,
        ),
    ]
    story += [rich(text, s.body) for text in youth_statements(snap)]
    if not_shown:
        story.append(
            rich(
                ngettext(
                    "{n} idea was hidden by the facilitator or never approved; it is not in this report or the "
                    "bundles.",
                    "{n} ideas were hidden by the facilitator or never approved; they are not in this report or "
                    "the bundles.",
                    not_shown,
                ).format(n=not_shown),
                s.body,
            )
        )
    return story


def _responsible(ctx: ReportContext) -> Flowable:
    s = ctx.styles
    workshop = ctx.snapshot.workshop
    if workshop.controller:
        controller = workshop.controller
    elif workshop.organisers:
        controller = _("{name} (the first organiser: the workshop's settings name no controller)").format(
            name=workshop.organisers[0]
        )
    else:
        controller = _("Not set in the workshop's settings.")
    rows: list[list[object]] = [
        [rich(label, s.cell_bold), rich(value, s.cell)]
        for label, value in (
            (_("Controller"), controller),
            (_("Data protection contact"), workshop.privacy_contact or _("Not given in the workshop's settings.")),
            (_("Legal basis"), _(LEGAL_BASIS_LABELS[workshop.legal_basis])),
            (_("Kept until"), kept_until(workshop.date, workshop.retention_months)),
        )
    ]
    return table(rows, [50 * mm, FRAME_WIDTH - 50 * mm], header=False)


def deletions(snap: WorkshopSnapshot) -> list[str]:
    """What is deleted when: the phones' codes (as the log records), the workshop file, the published files."""
    workshop = snap.workshop
    until = deletion_date(workshop.date, workshop.retention_months)
    if until is None:
        kept = ngettext(
            "The workshop file, with every idea (hidden ones too), the photos, each participant's group and age "
            "band, the ballots and the action log, is kept by the controller for {n} month after the workshop, "
            "then deleted.",
            "The workshop file, with every idea (hidden ones too), the photos, each participant's group and age "
            "band, the ballots and the action log, is kept by the controller for {n} months after the workshop, "
            "then deleted.",
            workshop.retention_months,
        ).format(n=workshop.retention_months)
    else:
        kept = _(
            "The workshop file, with every idea (hidden ones too), the photos, each participant's group and age "
            "band, the ballots and the action log, is kept by the controller until {date}, then deleted."
        ).format(date=format_day(until))
    return [
        codes_statement(snap),
        kept,
        _("This report and the public bundle hold no personal data; they are open data and stay published."),
        _("The city's bundle adds the anonymous ballots and the action log; the city keeps it under its own rules."),
    ]


def method(ctx: ReportContext) -> list[Flowable]:
    """How ideas were gathered, how voting worked and how tallies are made."""
    s = ctx.styles
    paragraphs = [
        _(
            "Ideas came from three places: phones (typed by participants), the floor (typed in by the "
            "facilitator from what was said) and paper (copied from sticky notes). The facilitator grouped "
            "similar ideas into clusters and merged duplicates; a merged idea's dots count for the idea it was "
            "merged into."
        ),
        _(
            "Dot voting: in each round every participant had a number of dots to spread over the ideas on the "
            "ballot, with a cap per idea. A participant could change their ballot while the round was open; "
            "only their last ballot counts. Dots stuck on paper charts were counted by the facilitator and "
            "entered separately; they are shown apart from the dots from phones."
        ),
        _(
            "A participant who took back all their dots withdrew their ballot; it is not counted. After a merge, "
            "the cap per idea holds for the merged idea with everything merged into it: phones cannot give it "
            "more, and a ballot cast before the merge that gave it more counts with the cap. An idea the "
            "facilitator hid takes no new dots; dots given to it before it was hidden stay counted."
        ),
        _(
            "Each phone listed the ballot's ideas in an order of its own, the same every time it was shown, so "
            "no idea gained from being first on the list. The projector lists the tally by dots."
        ),
        _(
            "Ideas are ranked by their total dots from phones and paper. Ideas with the same total share a rank "
            "and are listed by number."
        ),
        _(
            "Every tally in this report is computed from the stored ballots, never from running counters. When "
            "a round closes, a digest of its anonymous ballots and its dots per idea are written to the "
            "workshop's action log."
        ),
        _(
            "Counts of participants are counts of phones that joined; people who took part only on paper are "
            "not in them."
        ),
    ]
    story: list[Flowable] = [CondPageBreak(60 * mm), heading(rich(_("Method"), s.h1), 0, _("Method"))]
    story += [rich(p, s.body) for p in paragraphs]
    story.append(rich(_("Limits of the method"), s.h3))
    story += [rich("\u2022 " + line, s.body) for line in method_limits(ctx.snapshot)]
    return story


def method_limits(snap: WorkshopSnapshot) -> list[str]:
    """What the results cannot tell: who was (not) in the room, how one person could count twice, what dots are."""
    modes = moderation.joining_modes(snap.log)
    lines = [
        _(
            "The room chose itself: the people who came are not a sample of the city's residents, and those who "
            "could not come are not heard here."
        )
    ]
    if modes.tickets:
        lines.append(
            _(
                "Phones joined with single-use tickets: each ticket gave one ballot per round, so each person had "
                "one, as long as each ticket went to one person."
            )
        )
    else:
        lines.append(
            _(
                "Phones joined without tickets: one phone counts as one participant, so a person with two phones "
                "could vote twice, and two people sharing a phone count once."
            )
        )
    if modes.shared_device:
        lines.append(
            _(
                "A shared device let person after person take part on it; each counted once when they handed it "
                "on, and nothing checks that they did."
            )
        )
    lines += [
        _("Paper dots cannot be tied to anyone: someone could stick dots on paper and vote on a phone as well."),
        _(
            "Dots are not a referendum: they show which of the ideas on the ballot the people in the room preferred "
            "on the day. They advise the council; they decide nothing."
        ),
    ]
    return lines
