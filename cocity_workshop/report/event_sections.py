"""The event report's sections after its first page (decision 0052): the rooms side by side, the shared rounds
combined and per room, each room's own ideas and rounds, participation, and how the rooms were merged.

Rooms sit side by side in tables of at most ``ROOMS_PER_TABLE`` columns (more rooms: more tables, one under the
other), in the event's order of rooms. Every text from a room (its name, its ideas) goes through ``rich``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from cocity_workshop.core.event_merge import Cell, EventResult, IdeaCount, RoomResult, RoomRound, SharedTally
from cocity_workshop.core.tally import competition_ranks
from cocity_workshop.i18n import _, format_number, ngettext
from cocity_workshop.report.context import table
from cocity_workshop.report.document import FRAME_WIDTH, Styles, heading
from cocity_workshop.report.text import rich

#: Rooms per side-by-side table (A4 portrait, a label column and this many room columns).
ROOMS_PER_TABLE = 4
#: A room's own round lists this many ideas; a room's own ideas are listed up to this many (more: a count).
OWN_ROUND_IDEAS = 10
OWN_IDEAS_LISTED = 30
DASH = "\u2013"


def chunks(rooms: Sequence[RoomResult]) -> list[Sequence[RoomResult]]:
    """The rooms in groups of ``ROOMS_PER_TABLE``, in order."""
    return [rooms[i : i + ROOMS_PER_TABLE] for i in range(0, len(rooms), ROOMS_PER_TABLE)] or [[]]


def side_by_side(
    s: Styles,
    label: str,
    rooms: Sequence[RoomResult],
    rows: Sequence[tuple[str, Callable[[RoomResult], str]]],
    totals: Sequence[str] | None = None,
) -> Flowable:
    """A table with a label column, ``totals`` (all rooms together, if given) and one column per room: ``rows``
    are (label, the cell for a room)."""
    first = 0.34 * FRAME_WIDTH
    extra = 0.14 * FRAME_WIDTH if totals is not None else 0.0
    width = (FRAME_WIDTH - first - extra) / max(len(rooms), 1)
    header: list[object] = [rich(label, s.cell_bold)]
    if totals is not None:
        header.append(rich(_("All rooms"), s.cell_bold))
    header += [rich(r.name, s.cell_bold) for r in rooms]
    body: list[list[object]] = []
    for number, (text, cell) in enumerate(rows):
        line: list[object] = [rich(text, s.cell)]
        if totals is not None:
            line.append(rich(totals[number], s.cell_bold))
        body.append(line + [rich(cell(r), s.cell) for r in rooms])
    return table([header, *body], [first, *([extra] if totals is not None else []), *([width] * len(rooms))])


def _shared_run(result: EventResult, room: RoomResult) -> list[RoomRound]:
    return [counted for t in result.shared if (counted := room.shared_round(t.round.round_id)) is not None]


def rooms_side_by_side(result: EventResult, s: Styles) -> list[Flowable]:
    """Each room's figures in a column of its own."""
    title = _("The rooms side by side")
    story: list[Flowable] = [heading(rich(title, s.h1), 0, title)]
    last = result.shared[-1] if result.shared else None

    def top_idea(room: RoomResult) -> str:
        counted = room.shared_round(last.round.round_id) if last is not None else None
        if counted is None or not counted.counts:
            return DASH
        best = counted.counts[0]
        return f"{best.title} ({format_number(best.total)})"

    rows: list[tuple[str, Callable[[RoomResult], str]]] = [
        (_("Phones joined"), lambda r: format_number(r.participants)),
        (_("Shared rounds run"), lambda r: format_number(len(_shared_run(result, r)))),
        (_("Ballots in the shared rounds"), lambda r: format_number(sum(c.ballots for c in _shared_run(result, r)))),
        (_("Ideas of its own shown"), lambda r: format_number(len(r.own_ideas()))),
        (_("Rounds of its own"), lambda r: format_number(len(r.own_rounds()))),
        (_("Shared ideas hidden"), lambda r: format_number(len(r.hidden_shared_ideas))),
    ]
    if last is not None:
        rows.append((_("Top idea of “{round}”").format(round=last.round.title), top_idea))
    for group in chunks(result.rooms):
        story += [side_by_side(s, _("Room"), group, rows), Spacer(1, 4 * mm)]
    return story


def _ranking(s: Styles, counts: Sequence[IdeaCount]) -> Flowable:
    rows: list[list[object]] = [
        [rich(h, s.cell_bold) for h in (_("Rank"), _("Idea"), _("Phones"), _("Paper"), _("Total"))]
    ]
    for rank, c in zip(competition_ranks([c.total for c in counts]), counts, strict=True):
        numbers = (rank, c.phone_dots, c.paper_dots, c.total)
        rows.append(
            [rich(format_number(numbers[0]), s.cell), rich(c.title, s.cell)]
            + [rich(format_number(n), s.cell_right) for n in numbers[1:]]
        )
    return table(rows, [0.09 * FRAME_WIDTH, 0.55 * FRAME_WIDTH, *([0.12 * FRAME_WIDTH] * 3)])


def shared_round(tally: SharedTally, result: EventResult, s: Styles) -> list[Flowable]:
    """One shared round: the rules, the sum over the rooms, and each room's count beside the others."""
    r = tally.round
    story: list[Flowable] = [heading(rich(r.title, s.h2), 1, r.title)]
    rules = ngettext(
        "{n} dot per person, at most {cap} per idea.",
        "{n} dots per person, at most {cap} per idea.",
        r.dots_per_participant,
    ).format(n=r.dots_per_participant, cap=r.max_per_idea)
    ran = _("Run in {ran} of {rooms} rooms; {ballots} ballots counted.").format(
        ran=tally.ran_in, rooms=len(result.rooms), ballots=format_number(tally.ballots)
    )
    story.append(rich(f"{rules} {ran}", s.body))
    if tally.not_counted:
        story.append(
            rich(
                ngettext(
                    "{n} ballot was left out: its ticket was counted in another room.",
                    "{n} ballots were left out: their tickets were counted in another room.",
                    tally.not_counted,
                ).format(n=tally.not_counted),
                s.body,
            )
        )
    story += [rich(_("All rooms together"), s.h3), _ranking(s, tally.ideas), rich(_("In each room"), s.h3)]
    counted = dict((room.room_id, c) for room, c in tally.rooms)

    def cell(idea_id: int) -> Callable[[RoomResult], str]:
        def text(room: RoomResult) -> str:
            found = counted.get(room.room_id)
            if found is None:
                return DASH
            return format_number(next((c.total for c in found.counts if c.idea_id == idea_id), 0))

        return text

    def ballots(room: RoomResult) -> str:
        found = counted.get(room.room_id)
        return DASH if found is None else format_number(found.ballots)

    rows = [(c.title, cell(c.idea_id)) for c in tally.ideas]
    rows.append((_("Ballots"), ballots))
    totals = [format_number(c.total) for c in tally.ideas] + [format_number(tally.ballots)]
    for group in chunks(result.rooms):
        story += [side_by_side(s, _("Idea"), group, rows, totals), Spacer(1, 3 * mm)]
    return story


def shared_rounds(result: EventResult, s: Styles) -> list[Flowable]:
    """Every shared round a room ran."""
    if not result.shared:
        return []
    title = _("Shared rounds")
    story: list[Flowable] = [CondPageBreak(90 * mm), heading(rich(title, s.h1), 0, title)]
    story.append(
        rich(
            _(
                "Every room voted on the same ballot. The dots of all rooms are added up per idea; each room's own "
                "count stands beside the others."
            ),
            s.body,
        )
    )
    for tally in result.shared:
        story += shared_round(tally, result, s)
    return story


def own_parts(result: EventResult, s: Styles) -> list[Flowable]:
    """What each room added itself: its own rounds' rankings and its own ideas."""
    title = _("Each room's own ideas and rounds")
    story: list[Flowable] = [CondPageBreak(90 * mm), heading(rich(title, s.h1), 0, title)]
    for room in result.rooms:
        story += [CondPageBreak(40 * mm), heading(rich(room.name, s.h2), 1, room.name)]
        rounds, ideas = room.own_rounds(), room.own_ideas()
        if not rounds and not ideas:
            story.append(rich(_("The room added no ideas or rounds of its own."), s.body))
        for own in rounds:
            story += [rich(own.title, s.h3), _ranking(s, own.counts[:OWN_ROUND_IDEAS])]
            more = len(own.counts) - OWN_ROUND_IDEAS
            if more > 0:
                story.append(rich(_("and {n} more ideas (results.csv has them all)").format(n=more), s.meta))
        if ideas:
            story.append(
                rich(
                    ngettext("{n} idea of its own was shown:", "{n} ideas of its own were shown:", len(ideas)).format(
                        n=len(ideas)
                    ),
                    s.h3,
                )
            )
            story += [rich("\u2022 " + i.title, s.small) for i in ideas[:OWN_IDEAS_LISTED]]
            if len(ideas) > OWN_IDEAS_LISTED:
                story.append(
                    rich(_("and {n} more (ideas.csv has them all)").format(n=len(ideas) - OWN_IDEAS_LISTED), s.meta)
                )
        hidden = [i.title for i in result.definition.ideas if i.idea_id in room.hidden_shared_ideas]
        if hidden:
            story.append(rich(_("Shared ideas hidden here: {titles}").format(titles="; ".join(hidden)), s.body))
    return story


def _cell_text(people: int | None) -> str:
    return _("not shown") if people is None else format_number(people)


def participation(result: EventResult, s: Styles) -> list[Flowable]:
    """People by stakeholder group and age band: all rooms together, then each room."""
    title = _("Participation")
    story: list[Flowable] = [CondPageBreak(60 * mm), heading(rich(title, s.h1), 0, title)]
    story.append(
        rich(
            _(
                "Groups of fewer than five people are not shown in any room. A total over the rooms is shown only "
                "when every room showed its part, so no hidden group can be worked out from it."
            ),
            s.body,
        )
    )
    labels = {"stakeholder_group": _("Stakeholder group"), "age_band": _("Age band")}
    per_room = {r.room_id: {(c.category, c.name): c.people for c in r.participation} for r in result.rooms}

    def room_cell(cell: Cell) -> Callable[[RoomResult], str]:
        return lambda room: _cell_text(per_room[room.room_id].get((cell.category, cell.name), 0))

    for category, label in labels.items():
        cells = [c for c in result.participation if c.category == category]
        if not cells:
            continue

        rows = [(c.name, room_cell(c)) for c in cells]
        totals = [_cell_text(c.people) for c in cells]
        for group in chunks(result.rooms):
            story += [side_by_side(s, label, group, rows, totals), Spacer(1, 3 * mm)]
    return story


def merge_method(result: EventResult, s: Styles) -> list[Flowable]:
    """How the rooms were merged, and what the merge found (tickets counted once, shared ideas hidden)."""
    title = _("How the rooms were merged")
    names = {r.room_id: r.name for r in result.rooms}
    rounds = {t.round.round_id: t.round.title for t in result.shared}
    story: list[Flowable] = [CondPageBreak(60 * mm), heading(rich(title, s.h1), 0, title)]
    story += [
        rich(
            _(
                "Each room ran alone and offline on its own laptop. Its results bundle was verified before the "
                "merge: every file against its list of hashes, the tallies recounted from its ballots, and its "
                "action log, which goes on from the event file's."
            ),
            s.body,
        ),
        rich(
            _(
                "Rooms are taken in the order of their names; the order in which the bundles arrived changes "
                "nothing. A room's own ideas and rounds stay that room's."
            ),
            s.body,
        ),
        rich(
            _(
                "A ticket of the event admits one phone once in any room. When the same ticket voted in a shared "
                "round in more than one room, its ballot is counted once: in the first of those rooms by name. "
                "The rooms' laptops have their own clocks, so the merge does not guess which came first."
            ),
            s.body,
        ),
    ]
    if result.counted_once:
        story.append(rich(_("Tickets counted once"), s.h3))
        for once in result.counted_once:
            story.append(
                rich(
                    _("“{round}”: counted in {room}, not in {others}").format(
                        round=rounds.get(once.round_id, str(once.round_id)),
                        room=names.get(once.counted_in, once.counted_in),
                        others=", ".join(names.get(r, r) for r in once.not_counted_in),
                    ),
                    s.small,
                )
            )
    else:
        story.append(rich(_("No ticket was used in more than one room."), s.body))
    hidden = [(i.title, result.hidden_in(i.idea_id)) for i in result.definition.ideas]
    hidden = [(t, rooms) for t, rooms in hidden if rooms]
    if hidden:
        story.append(rich(_("Shared ideas a room hid"), s.h3))
        story += [rich(f"{t}: {', '.join(r.name for r in rooms)}", s.small) for t, rooms in hidden]
    return story
