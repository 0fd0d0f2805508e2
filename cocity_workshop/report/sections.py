"""The report's middle sections (contents, summary, agenda, ideas, voting, action plan), each a list of flowables.

Every string here is translated at build time (``write_report`` sets the language), and every piece of
text, ours or a participant's, becomes a flowable through ``rich`` (escaped, font runs, right to left).
"""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image as PILImage
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Image, KeepTogether, PageBreak, Spacer, Table, TableStyle

from cocity_workshop.core.agenda import phase_at
from cocity_workshop.core.model import (
    GO_OFFICIAL_LABELS,
    MILESTONE_STATUS_LABELS,
    ORIGIN_LABELS,
    Action,
    Idea,
    ResultsMode,
    RoundState,
    VoteRound,
)
from cocity_workshop.core.rounds import counted_rounds
from cocity_workshop.core.tally import SMALL_GROUP_THRESHOLD, HeadCount, RoundTally
from cocity_workshop.i18n import _, ngettext
from cocity_workshop.report.charts import round_chart
from cocity_workshop.report.context import (
    ReportContext,
    ballots_and_dots,
    format_clock,
    format_date,
    ideas_shown,
    right_to_left,
    table,
)
from cocity_workshop.report.document import FRAME_WIDTH, contents_start, heading, make_contents
from cocity_workshop.report.fonts import SANS
from cocity_workshop.report.text import rich

#: How many ideas a round's bar chart shows (the ranking table lists them all).
CHART_TOP = 10
#: Photos shown per idea, and their longest side in pixels once embedded.
PHOTOS_PER_IDEA = 4
PHOTO_PIXELS = 900
PHOTO_HEIGHT = 42 * mm


# -- contents ---------------------------------------------------------------------------------------
def contents(ctx: ReportContext) -> list[Flowable]:
    """The table of contents page."""
    return [contents_start(rich(_("Contents"), ctx.styles.h1)), make_contents(ctx.styles), PageBreak()]


# -- summary ---------------------------------------------------------------------------------------
def _count_text(count: HeadCount) -> str:
    if count.suppressed:
        return _("fewer than {n}").format(n=SMALL_GROUP_THRESHOLD)
    if count.withheld:
        return _("not shown (it would reveal a small group)")
    return str(count.count)


def summary(ctx: ReportContext) -> list[Flowable]:
    """The challenge, who took part (in aggregate), how many ideas and ballots."""
    snap = ctx.snapshot
    s = ctx.styles
    workshop = snap.workshop
    story: list[Flowable] = [heading(rich(_("Summary"), s.h1), 0, _("Summary"))]
    if workshop.challenge:
        story += [rich(_("The challenge"), s.h3), rich(workshop.challenge, s.body)]
    if workshop.guiding_questions:
        story.append(rich(_("Guiding questions"), s.h3))
        story += [rich("\u2022 " + q, s.body) for q in workshop.guiding_questions]
    public = snap.public_ideas()
    rounds = counted_rounds(snap.rounds)
    ballots = sum(1 for b in snap.ballots if b.round_id in {r.id for r in rounds})
    people = len(snap.participants)
    story.append(rich(_("Taking part"), s.h3))
    story.append(
        rich(
            ngettext("{n} person took part from a phone.", "{n} people took part from their phones.", people).format(
                n=people
            ),
            s.body,
        )
    )
    story.append(
        rich(
            ideas_shown(public),
            s.body,
        )
    )
    story.append(
        rich(
            ngettext("{n} ballot was cast", "{n} ballots were cast", ballots).format(n=ballots)
            + " "
            + ngettext("in {n} vote round.", "in {n} vote rounds.", len(rounds)).format(n=len(rounds)),
            s.body,
        )
    )
    group_names = {g.id: g.name for g in snap.groups}
    band_names = {b.id: b.label for b in snap.age_bands}
    tables = [
        (_("Stakeholder group"), snap.group_counts(), group_names),
        (_("Age band"), snap.age_band_counts(), band_names),
    ]
    for title, counts, names in tables:
        rows: list[list[object]] = [[rich(title, s.cell_bold), rich(_("People"), s.cell_bold)]]
        for count in counts:
            name = names.get(count.key, "") if count.key is not None else _("did not say")
            rows.append([rich(name or _("did not say"), s.cell), rich(_count_text(count), s.cell_right)])
        story.append(Spacer(1, 3 * mm))
        story.append(table(rows, [FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.25]))
    story.append(
        rich(
            _("Groups of fewer than {n} people are not shown on their own, so that nobody can be singled out.").format(
                n=SMALL_GROUP_THRESHOLD
            ),
            s.meta,
        )
    )
    return story


# -- agenda ------------------------------------------------------------------------------------------
def agenda(ctx: ReportContext) -> list[Flowable]:
    """The agenda as it ran: planned and real minutes, start times."""
    s = ctx.styles
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        heading(rich(_("The agenda as it ran"), s.h1), 0, _("The agenda as it ran")),
    ]
    rows: list[list[object]] = [
        [
            rich("#", s.cell_bold),
            rich(_("Phase"), s.cell_bold),
            rich(_("Started"), s.cell_bold),
            rich(_("Planned"), s.cell_bold),
            rich(_("Took"), s.cell_bold),
        ]
    ]
    for phase in sorted(ctx.snapshot.phases, key=lambda p: p.position):
        took = ""
        if phase.started_at is not None and phase.ended_at is not None:
            seconds = phase.ended_at - phase.started_at - phase.paused_seconds
            took = _("{n} min").format(n=round(max(seconds, 0) / 60))
        elif phase.started_at is None:
            took = _("not run")
        rows.append(
            [
                rich(str(phase.position + 1), s.cell),
                rich(phase.title, s.cell),
                rich(format_clock(phase.started_at), s.cell),
                rich(_("{n} min").format(n=phase.planned_minutes), s.cell_right),
                rich(took, s.cell_right),
            ]
        )
    story.append(table(rows, [10 * mm, FRAME_WIDTH - 85 * mm, 25 * mm, 25 * mm, 25 * mm]))
    story += [rich(line, s.small) for line in round_times(ctx)]
    return story


def round_times(ctx: ReportContext) -> list[str]:
    """When each counted round ran and in which phase of the agenda, so the two timelines can be read together."""
    phases = ctx.snapshot.phases
    lines = []
    for vote_round in counted_rounds(ctx.snapshot.rounds):
        if vote_round.opened_at is None:
            continue
        end = vote_round.closed_at
        fields = {
            "round": vote_round.title,
            "start": format_clock(vote_round.opened_at),
            "end": format_clock(end) if end is not None else _("the end"),
        }
        first = phase_at(phases, vote_round.opened_at)
        last = phase_at(phases, end) if end is not None else first
        if first is None:
            lines.append(
                _("Vote round \u201c{round}\u201d ran from {start} to {end}, outside the agenda's phases.").format(
                    **fields
                )
            )
        elif last is None or last.id == first.id:
            lines.append(
                _(
                    "Vote round \u201c{round}\u201d ran from {start} to {end}, during the phase \u201c{phase}\u201d."
                ).format(phase=first.title, **fields)
            )
        else:
            lines.append(
                _(
                    "Vote round \u201c{round}\u201d ran from {start} to {end}, from the phase \u201c{phase}\u201d into "
                    "\u201c{later}\u201d."
                ).format(phase=first.title, later=last.title, **fields)
            )
    return lines


# -- ideas -----------------------------------------------------------------------------------------------
def _photo_flowable(data: bytes) -> Image | None:
    try:
        with PILImage.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (PHOTO_PIXELS, PHOTO_PIXELS))  # JPEG: decode at a smaller scale, much faster
            picture = opened.convert("RGB")
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None  # a photo that cannot be read is left out rather than stopping the report
    picture.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80, optimize=True)
    buffer.seek(0)
    width, height = picture.size
    scale = min(PHOTO_HEIGHT / height, (FRAME_WIDTH / 2 - 4 * mm) / width)
    return Image(buffer, width * scale, height * scale)


def _idea_block(ctx: ReportContext, idea: Idea, merged: Counter[int], photos: dict[int, list[int]]) -> list[Flowable]:
    s = ctx.styles
    parts = [_("Origin: {origin}").format(origin=_(ORIGIN_LABELS[idea.origin]))]
    if idea.theme:
        parts.append(idea.theme)
    if merged[idea.id]:
        parts.append(
            ngettext("{n} duplicate merged into it", "{n} duplicates merged into it", merged[idea.id]).format(
                n=merged[idea.id]
            )
        )
    parts.append(_("no. {id}").format(id=idea.id))
    block: list[Flowable] = [rich(idea.title, s.idea_title), rich(" \u00b7 ".join(parts), s.meta)]
    if idea.description:
        block.append(rich(idea.description, s.body))
    pictures = []
    if ctx.photos is not None:
        for attachment_id in photos.get(idea.id, [])[:PHOTOS_PER_IDEA]:
            _mime, data = ctx.photos(attachment_id)
            picture = _photo_flowable(data)
            if picture is not None:
                pictures.append(picture)
    for index in range(0, len(pictures), 2):
        row = pictures[index : index + 2]
        row = row[::-1] if right_to_left() else row
        table = Table([row], colWidths=[FRAME_WIDTH / 2] * len(row), hAlign="RIGHT" if right_to_left() else "LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        block.append(table)
    return [KeepTogether(block[:2]), *block[2:]] if len(block) > 2 else [KeepTogether(block)]


def ideas(ctx: ReportContext) -> list[Flowable]:
    """Every idea shown to the room, by cluster, with its origin and photos."""
    snap = ctx.snapshot
    s = ctx.styles
    public = snap.public_ideas()
    merged: Counter[int] = Counter(snap.merged_into().values())
    photos: dict[int, list[int]] = {}
    for attachment in snap.attachments:
        photos.setdefault(attachment.idea_id, []).append(attachment.id)
    story: list[Flowable] = [PageBreak(), heading(rich(_("Ideas"), s.h1), 0, _("Ideas"))]
    story.append(
        rich(
            _(
                "All ideas shown to the room, by cluster. Each says where it came from: a phone, the floor "
                "(typed in by the facilitator) or paper (copied from a sticky note)."
            ),
            s.body,
        )
    )
    groups: list[tuple[str, list[Idea]]] = []
    for cluster in sorted(snap.clusters, key=lambda c: (c.position, c.id)):
        members = [i for i in public if i.cluster_id == cluster.id]
        if members:
            groups.append((cluster.name, members))
    loose = [i for i in public if i.cluster_id is None or i.cluster_id not in {c.id for c in snap.clusters}]
    if loose:
        groups.append((_("Not in a cluster"), loose))
    for name, members in groups:
        count = ngettext("{n} idea", "{n} ideas", len(members)).format(n=len(members))
        story.append(CondPageBreak(30 * mm))
        story.append(heading(rich(f"{name} ({count})", s.h2), 1, name))
        for idea in members:
            story += _idea_block(ctx, idea, merged, photos)
    return story


# -- vote rounds --------------------------------------------------------------------------------------
def _method_text(vote_round: VoteRound) -> str:
    dots = ngettext("{n} dot per person", "{n} dots per person", vote_round.dots_per_participant).format(
        n=vote_round.dots_per_participant
    )
    cap = _("at most {n} on one idea").format(n=vote_round.max_per_idea)
    if vote_round.results_mode is ResultsMode.LIVE:
        shown = _("results shown live while voting")
    else:
        shown = _("results hidden until the facilitator revealed them")
    return f"{dots}, {cap}; {shown}."


def _round_state_text(vote_round: VoteRound) -> str:
    if vote_round.state is RoundState.OPEN:
        return _("This round was still open when the report was made.")
    opened, closed = format_clock(vote_round.opened_at), format_clock(vote_round.closed_at)
    return _("Voting ran from {start} to {end}.").format(start=opened, end=closed) if opened and closed else ""


def rankingtable(ctx: ReportContext, tally: RoundTally, titles: dict[int, str]) -> Table:
    """Every idea of a round, ranked, with phone, paper and total dots."""
    s = ctx.styles
    rows: list[list[object]] = [
        [
            rich(_("Rank"), s.cell_bold),
            rich(_("Idea"), s.cell_bold),
            rich(_("Phone"), s.cell_bold),
            rich(_("Paper"), s.cell_bold),
            rich(_("Total"), s.cell_bold),
        ]
    ]
    for rank, item in zip(tally.ranks(), tally.ideas, strict=True):
        # Numbers are plain cells (our own digits, drawn in the table's font): a 500-idea round has
        # 2,000 of them, and paragraphs would cost a second of layout on every pass.
        rows.append(
            [
                str(rank),
                rich(titles.get(item.idea_id, f"#{item.idea_id}"), s.cell),
                str(item.phone_dots),
                str(item.paper_dots),
                str(item.total),
            ]
        )
    ranking = table(rows, [16 * mm, FRAME_WIDTH - 16 * mm - 54 * mm, 18 * mm, 18 * mm, 18 * mm])
    numbers = ((0, 1), (2, -1)) if right_to_left() else ((2, 1), (-1, -1))  # phone, paper and total
    ranking.setStyle(TableStyle([("ALIGN", *numbers, "RIGHT"), ("FONTSIZE", (0, 1), (-1, -1), 9)]))
    return ranking


def vote_rounds(ctx: ReportContext) -> list[Flowable]:
    """Each round: method, ballots, a bar chart of the top ideas and the full ranking."""
    snap = ctx.snapshot
    s = ctx.styles
    titles = {i.id: i.title for i in snap.ideas}
    story: list[Flowable] = [PageBreak(), heading(rich(_("Voting"), s.h1), 0, _("Voting"))]
    rounds = counted_rounds(snap.rounds)
    if not rounds:
        story.append(rich(_("No vote round was held."), s.body))
    for vote_round in rounds:
        tally = snap.tally(vote_round)
        story.append(CondPageBreak(70 * mm))
        story.append(heading(rich(vote_round.title, s.h2), 1, vote_round.title))
        story.append(rich(_method_text(vote_round), s.body))
        state = _round_state_text(vote_round)
        if state:
            story.append(rich(state, s.body))
        story.append(rich(ballots_and_dots(tally), s.body))
        top = list(tally.ideas[:CHART_TOP])
        if top:
            story.append(
                rich(
                    ngettext("The top idea", "The top {n} ideas", len(top)).format(n=len(top)),
                    s.h3,
                )
            )
            story.append(
                round_chart(
                    top, titles, s, FRAME_WIDTH, phone_label=_("dots from phones"), paper_label=_("dots from paper")
                )
            )
            story.append(rich(_("Ranking"), s.h3))
            story.append(rankingtable(ctx, tally, titles))
    return story


# -- actions -----------------------------------------------------------------------------------------
def _action_block(ctx: ReportContext, action: Action, titles: dict[int, str]) -> list[Flowable]:
    s = ctx.styles
    block: list[Flowable] = [heading(rich(action.title, s.h2), 1, action.title)]
    facts = []
    if action.idea_id is not None and action.idea_id in titles:
        facts.append((_("From the idea"), titles[action.idea_id]))
    facts += [(_("Owner"), action.owner or "\u2014"), (_("Department"), action.department or "\u2014")]
    if action.next_step:
        facts.append((_("Next step"), action.next_step))
    rows: list[list[object]] = [[rich(label, s.cell_bold), rich(value, s.cell)] for label, value in facts]
    block.append(table(rows, [35 * mm, FRAME_WIDTH - 35 * mm], header=False))
    if action.milestones:
        block.append(rich(_("Milestones"), s.h3))
        rows = [[rich(_("Milestone"), s.cell_bold), rich(_("Due"), s.cell_bold), rich(_("Status"), s.cell_bold)]]
        for milestone in action.milestones:
            rows.append(
                [
                    rich(milestone.title, s.cell),
                    rich(format_date(milestone.due_date) if milestone.due_date else "\u2014", s.cell),
                    rich(_(MILESTONE_STATUS_LABELS[milestone.status]), s.cell),
                ]
            )
        block.append(table(rows, [FRAME_WIDTH - 70 * mm, 38 * mm, 32 * mm]))
    if action.go_official:
        block.append(rich(_("Going official"), s.h3))
        for item in action.go_official:
            mark = "\u2611" if item.done else "\u2610"
            block.append(rich(f"{mark} {_(GO_OFFICIAL_LABELS[item.kind])}: {item.text}", s.body))
    return block


def actions(ctx: ReportContext) -> list[Flowable]:
    """The action plan: owners, departments, milestones and the go-official checklist."""
    s = ctx.styles
    titles = {i.id: i.title for i in ctx.snapshot.ideas}
    story: list[Flowable] = [PageBreak(), heading(rich(_("Action plan"), s.h1), 0, _("Action plan"))]
    if not ctx.snapshot.actions:
        story.append(rich(_("No actions were agreed."), s.body))
    for action in sorted(ctx.snapshot.actions, key=lambda a: (a.position, a.id)):
        story.append(CondPageBreak(50 * mm))
        story += _action_block(ctx, action, titles)
    return story
