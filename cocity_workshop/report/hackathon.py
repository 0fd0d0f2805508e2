"""The report's hackathon section (#19): the challenges, the teams and their projects, the criteria and their
weights, the jury's scores per project and criterion as means (jurors never one by one), the ranking with
its ties explained, the awards with their reasons, and how the ranking is computed.

Every number comes from ``core.jury.record_ranking``, the computation the bundle publishes and ``verify``
repeats.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from babel import numbers
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, TableStyle

from cocity_workshop.core.hackathon import Challenge, HackathonRecord
from cocity_workshop.core.jury import NORMALISATION_LABELS, JuryRanking, Normalisation, record_ranking
from cocity_workshop.i18n import _, current_language, format_number, ngettext
from cocity_workshop.report.context import ReportContext, right_to_left, table
from cocity_workshop.report.document import FRAME_WIDTH, heading
from cocity_workshop.report.text import rich


def _decimal(value: Decimal | None) -> str:
    """A total as the report's language writes it with two decimals ("85,56" in Czech), or a dash."""
    if value is None:
        return "\u2013"
    return numbers.format_decimal(value, format="0.00", locale=current_language())


def _mean(value: Fraction | None) -> str:
    """A mean score on its criterion's scale, with one decimal."""
    return "\u2013" if value is None else numbers.format_decimal(float(value), format="0.0", locale=current_language())


def hackathon(ctx: ReportContext) -> list[Flowable]:
    """The section; empty for a workshop without challenges."""
    record = ctx.snapshot.hackathon
    if record is None:
        return []
    s = ctx.styles
    members = sum(t.members for t in record.teams)
    story: list[Flowable] = [
        PageBreak(),
        heading(rich(_("Hackathon"), s.h1), 0, _("Hackathon")),
        rich(
            ngettext("{n} challenge", "{n} challenges", len(record.challenges)).format(n=len(record.challenges))
            + " \u00b7 "
            + ngettext("{n} team", "{n} teams", len(record.teams)).format(n=len(record.teams))
            + " \u00b7 "
            + ngettext("{n} member", "{n} members", members).format(n=format_number(members))
            + " \u00b7 "
            + ngettext("{n} juror", "{n} jurors", len(record.juror_numbers)).format(n=len(record.juror_numbers)),
            s.body,
        ),
        *_criteria(ctx, record),
    ]
    for challenge in record.challenges:
        story += _challenge(ctx, record, challenge)
    story += _awards(ctx, record)
    story += _method(ctx, record)
    return story


def _criteria(ctx: ReportContext, record: HackathonRecord) -> list[Flowable]:
    s = ctx.styles
    if not record.criteria:
        return []
    rows: list[list[object]] = [
        [rich(_("Criterion"), s.cell_bold), rich(_("Weight"), s.cell_bold), rich(_("Scale"), s.cell_bold)]
    ]
    for criterion in record.criteria:
        text = criterion.name + (f"\n{criterion.description}" if criterion.description else "")
        scale = _("{low} to {high}").format(low=criterion.scale_min, high=criterion.scale_max)
        rows.append([rich(text, s.cell), str(criterion.weight), scale])
    return [
        heading(rich(_("The jury's criteria"), s.h2), 1, _("The jury's criteria")),
        table(rows, [FRAME_WIDTH - 50 * mm, 20 * mm, 30 * mm]),
    ]


def _challenge(ctx: ReportContext, record: HackathonRecord, challenge: Challenge) -> list[Flowable]:
    s = ctx.styles
    story: list[Flowable] = [CondPageBreak(60 * mm), heading(rich(challenge.title, s.h2), 1, challenge.title)]
    if challenge.owner:
        story.append(rich(_("Set by {owner}").format(owner=challenge.owner), s.meta))
    if challenge.statement:
        story.append(rich(challenge.statement, s.body))
    ranking = record_ranking(record, challenge.id)
    if not ranking.results:
        story.append(rich(_("No team submitted a project for this challenge."), s.body))
        return story
    story += [_ranking_table(ctx, record, ranking), Spacer(1, 3 * mm), _criteria_table(ctx, record, ranking)]
    story += _ties(ctx, record, ranking)
    for result in ranking.results:
        project = next(p for p in record.projects if p.id == result.project_id)
        if project.description or project.link:
            text = project.title + ": " + " ".join(x for x in (project.description, project.link) if x)
            story.append(rich(text, s.small))
    return story


def _team_and_project(record: HackathonRecord, project_id: int) -> str:
    project = next(p for p in record.projects if p.id == project_id)
    team = record.team_of_project(project_id)
    return f"{project.title}\n{team.name}" if team is not None else project.title


def _ranking_table(ctx: ReportContext, record: HackathonRecord, ranking: JuryRanking) -> Flowable:
    s = ctx.styles
    rows: list[list[object]] = [
        [
            rich(_("Place"), s.cell_bold),
            rich(_("Project and team"), s.cell_bold),
            rich(_("Total"), s.cell_bold),
            rich(_("Jurors"), s.cell_bold),
            rich(_("Conflicts of interest"), s.cell_bold),
        ]
    ]
    for place, result in zip(ranking.places(), ranking.results, strict=True):
        rows.append(
            [
                "\u2013" if place is None else str(place),
                rich(_team_and_project(record, result.project_id), s.cell),
                _decimal(result.total),
                str(result.jurors),
                str(result.conflicts),
            ]
        )
    widths = [16 * mm, FRAME_WIDTH - 16 * mm - 66 * mm, 20 * mm, 18 * mm, 28 * mm]
    ranked = table(rows, widths)
    numbers = ((0, 1), (2, -1)) if right_to_left() else ((2, 1), (-1, -1))
    ranked.setStyle(TableStyle([("ALIGN", *numbers, "RIGHT")]))
    return ranked


def _criteria_table(ctx: ReportContext, record: HackathonRecord, ranking: JuryRanking) -> Flowable:
    """The mean score per project and criterion on the criterion's own scale, with how many jurors gave it."""
    s = ctx.styles
    header: list[object] = [rich(_("Mean score (jurors)"), s.cell_bold)]
    header += [rich(c.name, s.cell_bold) for c in record.criteria]
    rows: list[list[object]] = [header]
    for result in ranking.results:
        project = next(p for p in record.projects if p.id == result.project_id)
        cells: list[object] = [rich(project.title, s.cell)]
        for criterion in result.criteria:
            cells.append(f"{_mean(criterion.mean)} ({criterion.scores})")
        rows.append(cells)
    first = 60 * mm
    rest = (FRAME_WIDTH - first) / max(1, len(record.criteria))
    return table(rows, [first] + [rest] * len(record.criteria))


def _ties(ctx: ReportContext, record: HackathonRecord, ranking: JuryRanking) -> list[Flowable]:
    names = {c.id: c.name for c in record.criteria}
    titles = {p.id: p.title for p in record.projects}
    story: list[Flowable] = []
    for tie in ranking.ties:
        tied = ", ".join(f"\u201c{titles[p]}\u201d" for p in tie.project_ids)
        if tie.deciding_criterion is None:
            text = _("{projects} share a place at {total}; they are equal on every criterion.")
        else:
            text = _(
                "{projects} share a place at {total}; the heaviest criterion that tells them apart is {criterion}."
            )
        story.append(
            rich(
                text.format(
                    projects=tied, total=_decimal(tie.total), criterion=names.get(tie.deciding_criterion or 0, "")
                ),
                ctx.styles.body,
            )
        )
    return story


def _awards(ctx: ReportContext, record: HackathonRecord) -> list[Flowable]:
    s = ctx.styles
    if not record.awards:
        return []
    story: list[Flowable] = [heading(rich(_("Awards"), s.h2), 1, _("Awards"))]
    for award in record.awards:
        winner = _team_and_project(record, award.project_id).replace("\n", ", ")
        story.append(rich(f"{award.title}: {winner}", s.cell_bold))
        story.append(rich(_("Reason: {reason}").format(reason=award.reason), s.body))
    return story


def _method(ctx: ReportContext, record: HackathonRecord) -> list[Flowable]:
    s = ctx.styles
    normalisation = Normalisation(record.normalisation)
    texts = [
        _(
            "Each score is placed on 0 to 100 along its criterion's scale (the bottom of the scale is 0, the top "
            "100), so criteria with different scales can be averaged. A project's value on a criterion is the "
            "mean over the jurors who scored it; its total is the weighted mean of those values over the criteria "
            "scored for it, rounded to two decimals. Equal totals share a place."
        ),
        _(
            "Missing scores: a juror who declared a conflict of interest with a team, or left a criterion out, is "
            "not counted for it. The other jurors' mean stands for the jury; no zero and no average is filled in. "
            "The tables say how many jurors scored each project and criterion."
        ),
        _("Jurors' scores were compared as follows: {how}.").format(how=_(NORMALISATION_LABELS[normalisation])),
    ]
    if normalisation is Normalisation.MIN_MAX:
        texts.append(_("Each juror's scores were stretched so that their lowest became 0 and their highest 100."))
    elif normalisation is Normalisation.Z_SCORE:
        texts.append(
            _(
                "Each juror's scores were expressed as their distance from the juror's own mean in the juror's "
                "standard deviations; totals are in standard deviations around 0."
            )
        )
    texts.append(
        _(
            "Jurors are known only by the number on their jury ticket; the bundle lists every score with that "
            "number, so the ranking can be recomputed (cocity-workshop verify does)."
        )
    )
    return [
        heading(rich(_("How the jury's ranking is computed"), s.h2), 1, _("How the jury's ranking is computed"))
    ] + [rich(text, s.body) for text in texts]
