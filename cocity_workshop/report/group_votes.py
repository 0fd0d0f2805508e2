"""How the groups voted: per round, the dots from phones by stakeholder group and by age band.

A table of the room's top ideas with each shown group's dots, a note naming the groups not shown (the
small-cell rule of ``core.disclosure``, the same the bundle applies), one sentence on where a group placed an
idea furthest from the room, and a small chart of how each group split its dots.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, TableStyle

from cocity_workshop.core.group_votes import Breakdown, GroupDifference, largest_difference
from cocity_workshop.core.model import VoteRound
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.tally import SMALL_GROUP_THRESHOLD, GroupTally, RoundTally
from cocity_workshop.i18n import _
from cocity_workshop.report.charts import SHARE_COLOURS, share_chart
from cocity_workshop.report.context import ReportContext, right_to_left, table
from cocity_workshop.report.document import FRAME_WIDTH, heading
from cocity_workshop.report.text import rich

#: How many of the room's top ideas a group table lists (plus the idea a group differs most on).
TABLE_TOP = 8


def group_votes(ctx: ReportContext) -> list[Flowable]:
    """The section; empty when nobody said which group or age band they are in, or no round was held."""
    snap = ctx.snapshot
    kinds = snap.breakdowns()
    rounds = counted_rounds(snap.rounds)
    if not kinds or not rounds:
        return []
    s = ctx.styles
    story: list[Flowable] = [
        PageBreak(),
        heading(rich(_("How the groups voted"), s.h1), 0, _("How the groups voted")),
        rich(
            _(
                "Dots from phones by the stakeholder group and age band participants chose to give. Paper dots "
                "are not in these tables: a paper chart does not say who stuck a dot. A group with fewer than {n} "
                "voters in a round is not shown, and neither is the next smallest group when the totals would "
                "otherwise give the small one away."
            ).format(n=SMALL_GROUP_THRESHOLD),
            s.body,
        ),
    ]
    for vote_round in rounds:
        tally = snap.tally(vote_round)
        story.append(CondPageBreak(60 * mm))
        story.append(heading(rich(vote_round.title, s.h2), 1, vote_round.title))
        for by in kinds:
            story += _breakdown(ctx, vote_round, tally, by)
    return story


def _names(ctx: ReportContext, by: Breakdown) -> dict[int | None, str]:
    snap = ctx.snapshot
    if by is Breakdown.GROUP:
        names: dict[int | None, str] = {g.id: g.name for g in snap.groups}
    else:
        names = {b.id: b.label for b in snap.age_bands}
    names[None] = _("did not say")
    return names


def _breakdown(ctx: ReportContext, vote_round: VoteRound, tally: RoundTally, by: Breakdown) -> list[Flowable]:
    s = ctx.styles
    groups = ctx.snapshot.breakdown(vote_round, by)
    names = _names(ctx, by)
    title = _("By stakeholder group") if by is Breakdown.GROUP else _("By age band")
    story: list[Flowable] = [rich(title, s.h3)]
    shown = [g for g in groups if not g.hidden]
    if not shown:
        story.append(rich(_("No group had enough voters in this round to be shown on its own."), s.body))
        return story
    difference = largest_difference(tally, groups)
    told: list[Flowable] = [_table(ctx, tally, shown, names, difference)]
    told += [rich(text, s.meta) for text in _hidden_notes(groups, names)]
    told.append(rich(_difference_text(ctx, tally, by, names, difference), s.body))
    chart = [
        rich(_("How each group split its dots among the room's top ideas"), s.meta),
        _chart(ctx, tally, shown, names),
    ]
    return [*story, KeepTogether(told), KeepTogether(chart)]


def _table(
    ctx: ReportContext,
    tally: RoundTally,
    shown: list[GroupTally],
    names: dict[int | None, str],
    difference: GroupDifference | None,
) -> Flowable:
    s = ctx.styles
    titles = {i.id: i.title for i in ctx.snapshot.ideas}
    listed = [t.idea_id for t in tally.ideas[:TABLE_TOP]]
    if difference is not None and difference.idea_id not in listed:
        listed.append(difference.idea_id)
    phone = {t.idea_id: t.phone_dots for t in tally.ideas}
    number_head = ParagraphStyle("group-head", parent=s.cell_bold, alignment=TA_RIGHT)
    rows: list[list[object]] = [
        [
            rich(_("Idea"), s.cell_bold),
            *(rich(names.get(g.group_id, ""), number_head) for g in shown),
            rich(_("All phones"), number_head),
        ],
        [rich(_("Voters"), s.cell_bold), *(str(g.voters) for g in shown), str(tally.ballots)],
    ]
    for idea_id in listed:
        rows.append(
            [
                rich(titles.get(idea_id, f"#{idea_id}"), s.cell),
                *(str(g.dots.get(idea_id, 0)) for g in shown),
                str(phone.get(idea_id, 0)),
            ]
        )
    idea_width = FRAME_WIDTH * 0.4
    column = (FRAME_WIDTH - idea_width) / (len(shown) + 1)
    result = table(rows, [idea_width, *([column] * (len(shown) + 1))])
    numbers = ((0, 1), (-2, -1)) if right_to_left() else ((1, 1), (-1, -1))
    result.setStyle(TableStyle([("ALIGN", *numbers, "RIGHT"), ("FONTSIZE", (0, 1), (-1, -1), 9)]))
    return result


def _hidden_notes(groups: tuple[GroupTally, ...], names: dict[int | None, str]) -> list[str]:
    notes = []
    small = [names.get(g.group_id, "") for g in groups if g.suppressed]
    withheld = [names.get(g.group_id, "") for g in groups if g.withheld]
    if small:
        notes.append(
            _("Fewer than {n} voters, not shown on their own: {names}.").format(
                n=SMALL_GROUP_THRESHOLD, names=", ".join(small)
            )
        )
    if withheld:
        notes.append(
            _("Not shown, so that a smaller group cannot be worked out from the totals: {names}.").format(
                names=", ".join(withheld)
            )
        )
    return notes


def _difference_text(
    ctx: ReportContext,
    tally: RoundTally,
    by: Breakdown,
    names: dict[int | None, str],
    difference: GroupDifference | None,
) -> str:
    if difference is None:
        if by is Breakdown.GROUP:
            return _("The groups shown ranked the top ideas much as the room did.")
        return _("The age bands shown ranked the top ideas much as the room did.")
    titles = {i.id: i.title for i in ctx.snapshot.ideas}
    fields = {
        "group": names.get(difference.group_id, ""),
        "idea": titles.get(difference.idea_id, f"#{difference.idea_id}"),
        "group_place": difference.group_place,
        "room_place": difference.room_place,
    }
    if by is Breakdown.GROUP:
        if difference.group_dots == 0:
            return _("{group} gave \u201c{idea}\u201d no dots; the room put it in place {room_place}.").format(**fields)
        return _(
            "{group} put \u201c{idea}\u201d in place {group_place}; the room put it in place {room_place}."
        ).format(**fields)
    if difference.group_dots == 0:
        return _("People aged {group} gave \u201c{idea}\u201d no dots; the room put it in place {room_place}.").format(
            **fields
        )
    return _(
        "People aged {group} put \u201c{idea}\u201d in place {group_place}; the room put it in place {room_place}."
    ).format(**fields)


def _chart(ctx: ReportContext, tally: RoundTally, shown: list[GroupTally], names: dict[int | None, str]) -> Flowable:
    s = ctx.styles
    titles = {i.id: i.title for i in ctx.snapshot.ideas}
    top = [t.idea_id for t in tally.ideas[: len(SHARE_COLOURS)]]
    rows = []
    for group in shown:
        dots = [group.dots.get(i, 0) for i in top]
        rows.append((names.get(group.group_id, ""), dots, sum(group.dots.values()) - sum(dots)))
    return share_chart(
        rows,
        [titles.get(i, f"#{i}") for i in top],
        s,
        FRAME_WIDTH,
        other_label=_("other ideas"),
    )
