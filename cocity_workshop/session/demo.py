"""Build a realistic demo workshop, replayed on a simulated clock so times look like a real afternoon."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable

from cocity_workshop.core.model import GoOfficialKind, IdeaOrigin, IdeaStatus, MilestoneStatus, ResultsMode
from cocity_workshop.session.demo_data import CZECH, ENGLISH, DemoContent
from cocity_workshop.session.session import WorkshopSession

PARTICIPANTS = 30
_ORIGINS = {"phone": IdeaOrigin.PHONE, "floor": IdeaOrigin.FACILITATOR, "paper": IdeaOrigin.PAPER}


class _Clock:
    """A clock that only moves when told to."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def demo_content(language: str) -> DemoContent:
    """The demo for ``language``: Czech (Pilsen) or English (Grenoble)."""
    return CZECH if language == "cs" else ENGLISH


def create_demo(path: str | os.PathLike[str], language: str = "cs", *, seed: int = 2026) -> WorkshopSession:
    """Create the demo workshop at ``path`` and return it open.

    Czech: a Pilsen youth workshop; English: a Grenoble mobility and air-quality living lab. Both have
    30 participants in 4 groups, about 40 ideas in 4 clusters from phones, the floor and paper, two vote
    rounds with ballots and paper dots, and 5 actions with milestones.
    """
    content = demo_content(language)
    rng = random.Random(seed)
    start = dt.datetime.fromisoformat(content.date + "T14:00:00+00:00").timestamp()
    clock = _Clock(start)
    session = WorkshopSession.create(
        path,
        title=content.title,
        template=content.template,
        language=content.language,
        clock=clock,
        city=content.city,
        venue=content.venue,
        date=content.date,
        organisers=content.organisers,
        challenge=content.challenge,
        guiding_questions=content.guiding_questions,
        themes=content.themes,
        controller=content.controller,
        privacy_contact=content.privacy_contact,
        web_page=content.web_page,
    )
    try:
        _build(session, content, rng, clock)
    except BaseException:
        session.close()
        raise
    return session


def _build(session: WorkshopSession, content: DemoContent, rng: random.Random, clock: _Clock) -> None:
    _replace_agenda_and_groups(session, content)
    phases = session.phases()
    durations = {p.title: real for p, (_, _, real) in zip(phases, content.phases, strict=True)}

    def run_phase(index: int, activity: Callable[[], object] | None = None) -> None:
        """Start the phase, do what the room does in it, then let its (real) time run out."""
        if index >= len(phases):
            if activity is not None:
                activity()
            return
        started = clock.now
        session.start_phase(phases[index].id)
        if activity is not None:
            activity()
        clock.advance(max(durations[phases[index].title] * 60 - (clock.now - started), 0))

    session.set_joining(open=True, headcount_cap=40)
    tokens: list[str] = []
    run_phase(0, lambda: tokens.extend(_join_participants(session, content, rng, clock)))
    clusters = [session.add_cluster(name).id for name in content.clusters]
    run_phase(1)
    ideas_by_title: dict[str, int] = {}
    run_phase(2, lambda: ideas_by_title.update(_collect_ideas(session, content, tokens, clusters, rng, clock)))

    def merge_duplicates() -> None:
        for duplicate, original in content.duplicates:
            session.merge_ideas(ideas_by_title[duplicate], ideas_by_title[original])

    run_phase(3, merge_duplicates)
    run_phase(4, lambda: _vote(session, content, tokens, rng, clock))
    run_phase(5, lambda: _plan_actions(session, content, ideas_by_title))
    for index in range(6, len(phases)):
        run_phase(index)
    session.end_phase()
    session.set_joining(open=False)


def _replace_agenda_and_groups(session: WorkshopSession, content: DemoContent) -> None:
    for phase in session.phases():
        session.remove_phase(phase.id)
    for title, planned, _real in content.phases:
        session.add_phase(title, planned)
    for group in session.groups():
        session.remove_group(group.id)
    for name, _count in content.groups:
        session.add_group(name)


def _join_participants(session: WorkshopSession, content: DemoContent, rng: random.Random, clock: _Clock) -> list[str]:
    groups = [g.id for g in session.groups()]
    bands = [b.id for b in session.age_bands()]
    memberships = [gid for gid, (_, count) in zip(groups, content.groups, strict=True) for _ in range(count)]
    tokens = []
    for index in range(PARTICIPANTS):
        clock.advance(rng.uniform(5, 25))
        joined = session.join()
        group = memberships[index] if index < len(memberships) else None
        band = rng.choice(bands[: max(2, len(bands) - 1)]) if rng.random() < 0.9 else None
        session.set_profile(joined.token, group, band)
        tokens.append(joined.token)
    return tokens


def _collect_ideas(
    session: WorkshopSession,
    content: DemoContent,
    tokens: list[str],
    clusters: list[int],
    rng: random.Random,
    clock: _Clock,
) -> dict[str, int]:
    ids: dict[str, int] = {}
    themes = content.themes
    for cluster_index, origin_name, title, description in content.ideas:
        clock.advance(rng.uniform(10, 50))
        origin = _ORIGINS[origin_name]
        idea = session.add_idea(
            title,
            description,
            themes[cluster_index] if cluster_index < len(themes) else "",
            origin=origin,
            token=rng.choice(tokens) if origin is IdeaOrigin.PHONE else None,
        )
        if idea.status is IdeaStatus.PENDING:
            session.set_idea_status(idea.id, IdeaStatus.VISIBLE)
        session.set_idea_cluster(idea.id, clusters[cluster_index])
        ids[title] = idea.id
    hidden = session.add_idea(content.hidden_title, origin=IdeaOrigin.PHONE, token=tokens[0])
    session.set_idea_status(hidden.id, IdeaStatus.HIDDEN)
    return ids


def _vote(session: WorkshopSession, content: DemoContent, tokens: list[str], rng: random.Random, clock: _Clock) -> None:
    candidates = [i.id for i in session.public_ideas()]
    for index, (title, dots, cap, mode) in enumerate(content.rounds):
        if index > 0:
            tally = session.tally(session.rounds()[-1].id)
            candidates = [t.idea_id for t in tally.ideas[:8]]
        vote_round = session.create_round(
            title, candidates, dots_per_participant=dots, max_per_idea=cap, results_mode=ResultsMode(mode)
        )
        session.start_round(vote_round.id)
        weights = [1.0 / (1 + position * 0.35) for position in range(len(candidates))]
        for token in tokens[:-2]:  # two people left early
            clock.advance(rng.uniform(1, 8))
            allocation: dict[int, int] = {}
            while sum(allocation.values()) < dots:
                choice = rng.choices(candidates, weights)[0]
                if allocation.get(choice, 0) < cap:
                    allocation[choice] = allocation.get(choice, 0) + 1
            session.cast_ballot(token, vote_round.id, allocation)
        for idea_id in rng.sample(candidates, k=min(4, len(candidates))):
            session.set_paper_dots(vote_round.id, idea_id, rng.randint(1, 6), content.paper_note)
        clock.advance(120)
        session.close_round(vote_round.id)
        session.reveal_round(vote_round.id)


def _plan_actions(session: WorkshopSession, content: DemoContent, ideas: dict[str, int]) -> None:
    for title, owner, department, next_step, milestones, steps in content.actions:
        idea_id = next((i for t, i in ideas.items() if t.startswith(title[:18])), None)
        action = session.add_action(title, idea_id=idea_id, owner=owner, department=department, next_step=next_step)
        for milestone_title, due, status in milestones:
            session.add_milestone(action.id, milestone_title, due, MilestoneStatus(status))
        for kind, text in steps:
            session.add_go_official(action.id, GoOfficialKind(kind), text)
