"""The report's first page: the outcome at a glance, so that a council member who reads one page knows it.

What the room was asked, how many took part and how (phones, the floor, paper), the top ideas of the
deciding round with their dots, the agreed actions with their owners and first milestone, and what the
council is asked to decide. The sections after it give the detail.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, TableStyle

from cocity_workshop import __version__
from cocity_workshop.core.model import Action, GoOfficialKind, RoundState
from cocity_workshop.core.rounds import counted_rounds, deciding_round
from cocity_workshop.i18n import _, ngettext
from cocity_workshop.report.context import (
    ReportContext,
    ballots_and_dots,
    format_date,
    ideas_shown,
    right_to_left,
    table,
)
from cocity_workshop.report.document import FRAME_WIDTH
from cocity_workshop.report.text import rich

#: How many ideas of the deciding round the first page lists.
TOP_IDEAS = 5
#: How many actions the first page lists (the action plan has them all).
FIRST_PAGE_ACTIONS = 6
#: How many decisions for the council the first page lists.
FIRST_PAGE_DECISIONS = 5


def outcomes(ctx: ReportContext) -> list[Flowable]:
    """The first page: title, then the outcome at a glance."""
    story = _title_block(ctx)
    story += _asked(ctx)
    story += _taking_part(ctx)
    story += _top_ideas(ctx)
    story += _agreed_actions(ctx)
    story += _council(ctx)
    s = ctx.styles
    story += [
        Spacer(1, 4 * mm),
        rich(_("Fingerprint of this workshop's record:"), s.meta),
        rich(ctx.snapshot.fingerprint, s.mono),
        rich(_("Made with CoCity Workshop {version}.").format(version=__version__), s.meta),
    ]
    # One page whatever the texts' lengths: a long challenge or many long titles make the page's
    # type a little smaller rather than pushing its end onto a second page.
    return [KeepInFrame(0, 0, story, mode="shrink"), PageBreak()]


def _title_block(ctx: ReportContext) -> list[Flowable]:
    workshop = ctx.snapshot.workshop
    s = ctx.styles
    story: list[Flowable] = [rich(_("Outcome report"), s.cover_line), rich(workshop.title, s.first_title)]
    place = ", ".join(p for p in (workshop.city, workshop.venue) if p)
    line = " \u00b7 ".join(p for p in (place, format_date(workshop.date) if workshop.date else "") if p)
    if line:
        story.append(rich(line, s.cover_line))
    if workshop.organisers:
        story.append(rich(_("Organised by: {names}").format(names=", ".join(workshop.organisers)), s.meta))
    return story


def _asked(ctx: ReportContext) -> list[Flowable]:
    workshop = ctx.snapshot.workshop
    s = ctx.styles
    story: list[Flowable] = [rich(_("What the room was asked"), s.h2)]
    if workshop.challenge:
        story.append(rich(workshop.challenge, s.body))
    elif workshop.guiding_questions:
        story += [rich("\u2022 " + q, s.body) for q in workshop.guiding_questions]
    else:
        story.append(rich(_("The workshop file does not record the question the room was asked."), s.body))
    return story


def _taking_part(ctx: ReportContext) -> list[Flowable]:
    snap = ctx.snapshot
    s = ctx.styles
    people = len(snap.participants)
    public = snap.public_ideas()
    rounds = counted_rounds(snap.rounds)
    counted = {r.id for r in rounds}
    ballots = sum(1 for b in snap.ballots if b.round_id in counted)
    paper = sum(p.count for p in snap.paper_dots if p.round_id in counted)
    lines = [
        ngettext("{n} person took part from a phone.", "{n} people took part from their phones.", people).format(
            n=people
        ),
        ideas_shown(public),
        ngettext("{n} ballot was cast", "{n} ballots were cast", ballots).format(n=ballots)
        + " "
        + ngettext("in {n} vote round.", "in {n} vote rounds.", len(rounds)).format(n=len(rounds)),
        ngettext("{n} dot was counted on paper charts.", "{n} dots were counted on paper charts.", paper).format(
            n=paper
        ),
    ]
    return [rich(_("Taking part"), s.h2), rich(" ".join(lines), s.body)]


def _top_ideas(ctx: ReportContext) -> list[Flowable]:
    snap = ctx.snapshot
    s = ctx.styles
    vote_round = deciding_round(snap.rounds)
    if vote_round is None:
        return [rich(_("The top ideas"), s.h2), rich(_("No vote round was held."), s.body)]
    tally = snap.tally(vote_round)
    titles = {i.id: i.title for i in snap.ideas}
    story: list[Flowable] = [
        rich(_("The top ideas of \u201c{round}\u201d").format(round=vote_round.title), s.h2),
    ]
    if vote_round.state is RoundState.OPEN:
        story.append(rich(_("This round was still open when the report was made."), s.body))
    rows: list[list[object]] = [
        [rich(_("Rank"), s.cell_bold), rich(_("Idea"), s.cell_bold), rich(_("Dots"), s.cell_bold)]
    ]
    for rank, item in list(zip(tally.ranks(), tally.ideas, strict=True))[:TOP_IDEAS]:
        rows.append([str(rank), rich(titles.get(item.idea_id, f"#{item.idea_id}"), s.cell), str(item.total)])
    if len(rows) == 1:
        return [*story, rich(_("No idea was on the ballot."), s.body)]
    ranked = table(rows, [22 * mm, FRAME_WIDTH - 46 * mm, 24 * mm])
    numbers = ((0, 1), (0, -1)) if right_to_left() else ((-1, 1), (-1, -1))
    ranked.setStyle(TableStyle([("ALIGN", *numbers, "RIGHT")]))
    story.append(ranked)
    story.append(rich(ballots_and_dots(tally), s.meta))
    return story


def _first_milestone(action: Action) -> str:
    if not action.milestones:
        return "\u2014"
    milestone = action.milestones[0]  # the earliest due (undated ones come last)
    if milestone.due_date:
        return f"{milestone.title} ({format_date(milestone.due_date)})"
    return milestone.title


def _agreed_actions(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    listed = sorted(ctx.snapshot.actions, key=lambda a: (a.position, a.id))
    story: list[Flowable] = [rich(_("Agreed actions"), s.h2)]
    if not listed:
        return [*story, rich(_("No actions were agreed."), s.body)]
    rows: list[list[object]] = [
        [rich(_("Action"), s.cell_bold), rich(_("Owner"), s.cell_bold), rich(_("First milestone"), s.cell_bold)]
    ]
    for action in listed[:FIRST_PAGE_ACTIONS]:
        owner = action.owner or action.department or "\u2014"
        rows.append([rich(action.title, s.cell), rich(owner, s.cell), rich(_first_milestone(action), s.cell)])
    story.append(table(rows, [FRAME_WIDTH * 0.42, FRAME_WIDTH * 0.23, FRAME_WIDTH * 0.35]))
    more = len(listed) - FIRST_PAGE_ACTIONS
    if more > 0:
        story.append(
            rich(
                ngettext(
                    "And {n} more action in the action plan.", "And {n} more actions in the action plan.", more
                ).format(n=more),
                s.meta,
            )
        )
    return story


def _council(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    asks = [
        (action, item)
        for action in sorted(ctx.snapshot.actions, key=lambda a: (a.position, a.id))
        for item in action.go_official
        if item.kind is GoOfficialKind.COUNCIL_ACT
    ]
    story: list[Flowable] = [rich(_("What the council is asked to decide"), s.h2)]
    if not asks:
        return [*story, rich(_("No action needs a decision of the council."), s.body)]
    for action, item in asks[:FIRST_PAGE_DECISIONS]:
        mark = "\u2611" if item.done else "\u2610"
        text = _("{decision} (for the action \u201c{action}\u201d)").format(decision=item.text, action=action.title)
        story.append(rich(f"{mark} {text}", s.body))
    more = len(asks) - FIRST_PAGE_DECISIONS
    if more > 0:
        story.append(
            rich(
                ngettext(
                    "And {n} more decision in the action plan.", "And {n} more decisions in the action plan.", more
                ).format(n=more),
                s.meta,
            )
        )
    return story
