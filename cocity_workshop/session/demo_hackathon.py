"""A realistic hackathon demo (#19): 3 challenges, 8 teams with projects, 4 criteria, 5 jurors (one with a
conflict of interest), pitches, a people's choice round over the projects, and awards with reasons.

Czech: a Pilsen civic hackathon; English: a Grenoble one. Scores and ballots come from a seeded generator,
so the same seed always gives the same file.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

from cocity_workshop.core.jury import record_ranking
from cocity_workshop.session.session import WorkshopSession

PARTICIPANTS = 40
JURORS = 5


@dataclass(frozen=True)
class HackathonContent:
    """What differs between the two hackathon demos."""

    language: str
    title: str
    city: str
    date: str
    organisers: tuple[str, ...]
    challenges: tuple[tuple[str, str, str], ...]  # title, statement, owner
    teams: tuple[tuple[str, int, int, str, str], ...]  # name, challenge index, members, project, description
    criteria: tuple[tuple[str, int, str], ...]  # name, weight, description (all scored 1-5)
    round_title: str
    jury_prize: str
    jury_reason: str  # with {total}
    people_prize: str
    people_reason: str  # with {dots}


ENGLISH = HackathonContent(
    language="en",
    title="Grenoble Civic Hack 2026",
    city="Grenoble",
    date="2026-03-21",
    organisers=("Ville de Grenoble", "Grenoble open data group"),
    challenges=(
        ("Cooler schoolyards", "How can schoolyards stay cool and green in a heatwave?", "Schools department"),
        ("Safe cycling at night", "Which routes feel unsafe after dark, and what would change that?", "Mobility"),
        ("Less food waste", "How can canteens and markets waste less food?", "Environment department"),
    ),
    teams=(
        ("Shade Makers", 0, 4, "Sail shades on a timer", "Shade sails that unroll when the yard gets hot."),
        ("Green Corners", 0, 3, "Pocket forests", "Tiny forests in yard corners, planted with the pupils."),
        ("Night Riders", 1, 5, "Light my lane", "A map of dark cycle lanes from riders' reports, fixed first."),
        ("Bright Path", 1, 3, "Glow markings", "Glow-in-the-dark lane markings on three test streets."),
        ("Safe Home", 1, 4, "Ride buddies", "An app that pairs riders going the same way at night."),
        ("Zero Plate", 2, 4, "Canteen countdown", "Pupils order lunch the day before; cooks cook what is ordered."),
        ("Market Rescue", 2, 3, "Last-hour market", "Unsold market food at half price in the last hour."),
        ("Compost Crew", 2, 2, "Neighbourhood compost", "Compost bins run by the residents of each block."),
    ),
    criteria=(
        ("Impact", 3, "How much would the city be better for it?"),
        ("Feasibility", 2, "Could the city do it within a year?"),
        ("Innovation", 1, "Is it new for Grenoble?"),
        ("Pitch", 1, "How clearly was it presented?"),
    ),
    round_title="People's choice",
    jury_prize="Jury prize",
    jury_reason="Highest jury total in this challenge ({total} of 100).",
    people_prize="People's choice",
    people_reason="Most dots in the room's vote ({dots} dots).",
)

CZECH = HackathonContent(
    language="cs",
    title="Plzeňský občanský hackathon 2026",
    city="Plzeň",
    date="2026-03-21",
    organisers=("Statutární město Plzeň", "Plzeňská otevřená data"),
    challenges=(
        ("Chladnější školní dvory", "Jak udržet školní dvory v horku chladné a zelené?", "Odbor školství"),
        ("Bezpečně na kole v noci", "Které trasy jsou po setmění nebezpečné a co by pomohlo?", "Odbor dopravy"),
        ("Méně vyhozeného jídla", "Jak mohou jídelny a trhy vyhazovat méně jídla?", "Odbor životního prostředí"),
    ),
    teams=(
        ("Stínovači", 0, 4, "Plachty na časovač", "Stínicí plachty, které se v horku samy roztáhnou."),
        ("Zelené kouty", 0, 3, "Kapesní lesy", "Malé lesy v rozích dvorů, vysázené s žáky."),
        ("Noční jezdci", 1, 5, "Posviť mi na cestu", "Mapa tmavých cyklotras z hlášení jezdců, opravit nejdřív."),
        ("Světlá stezka", 1, 3, "Svítící značení", "Ve tmě svítící značení pruhů na třech zkušebních ulicích."),
        ("Domů v bezpečí", 1, 4, "Parťák na cestu", "Aplikace, která v noci spojí cyklisty jedoucí stejným směrem."),
        (
            "Prázdný talíř",
            2,
            4,
            "Odpočet v jídelně",
            "Oběd se objednává den předem; kuchaři vaří, co je objednané.",
        ),
        ("Záchrana z trhu", 2, 3, "Poslední hodina trhu", "Neprodané jídlo z trhu za půl ceny v poslední hodině."),
        ("Kompostéři", 2, 2, "Sousedský kompost", "Kompostéry, které spravují obyvatelé každého bloku."),
    ),
    criteria=(
        ("Přínos", 3, "O kolik by bylo město lepší?"),
        ("Proveditelnost", 2, "Zvládlo by to město do roka?"),
        ("Novost", 1, "Je to pro Plzeň nové?"),
        ("Prezentace", 1, "Jak srozumitelně to tým představil?"),
    ),
    round_title="Cena publika",
    jury_prize="Cena poroty",
    jury_reason="Nejvyšší výsledek poroty v této výzvě ({total} ze 100).",
    people_prize="Cena publika",
    people_reason="Nejvíc teček v hlasování publika ({dots} teček).",
)


def create_hackathon_demo(path: str | os.PathLike[str], language: str = "cs", *, seed: int = 2026) -> WorkshopSession:
    """Create the hackathon demo at ``path`` (Czech content for "cs", English otherwise) and return it open."""
    content = CZECH if language == "cs" else ENGLISH
    rng = random.Random(seed)
    session = WorkshopSession.create(
        path,
        title=content.title,
        template="hackathon",
        language=content.language,
        city=content.city,
        date=content.date,
        organisers=content.organisers,
    )
    try:
        _build(session, content, rng)
    except BaseException:
        session.close()
        raise
    return session


def _build(session: WorkshopSession, content: HackathonContent, rng: random.Random) -> None:
    challenges = [session.add_challenge(title, statement, owner) for title, statement, owner in content.challenges]
    teams = [session.add_team(name, challenges[c].id, members) for name, c, members, _p, _d in content.teams]
    for team, (_name, _c, _m, title, description) in zip(teams, content.teams, strict=True):
        session.save_project(team.id, title, description)
    criteria = [session.add_criterion(name, weight=w, description=d) for name, w, d in content.criteria]
    session.shuffle_pitch_order()
    for _team in teams:  # every team pitches in turn
        session.next_pitch()
    session.end_pitch()
    jurors = [session.join_jury(ticket.code).token for ticket in session.create_jury_tickets(JURORS)]
    session.open_judging()
    session.declare_conflict(jurors[4], teams[2].id)  # juror 5 mentors a team
    strength = {t.id: rng.uniform(2.2, 4.6) for t in teams}
    for token_index, token in enumerate(jurors):
        for team in teams:
            if token_index == 4 and team.id == teams[2].id:
                continue
            project = session.project_of_team(team.id)
            assert project is not None
            scores = {c.id: max(1, min(5, round(rng.gauss(strength[team.id], 0.7)))) for c in criteria}
            session.score_project(token, project.id, scores)
    session.close_judging()
    _people_choice(session, content, rng)
    record = session.snapshot().hackathon
    assert record is not None
    for challenge in challenges:
        best = record_ranking(record, challenge.id).results[0]
        reason = content.jury_reason.format(total=best.total)
        session.add_award(best.project_id, content.jury_prize, reason, challenge.id)


def _people_choice(session: WorkshopSession, content: HackathonContent, rng: random.Random) -> None:
    """The room votes with dots over the projects (one idea per project), reusing a vote round."""
    projects = session.projects()
    ideas = {session.add_idea(p.title, p.description).id: p.id for p in projects}
    session.set_joining(open=True)
    vote = session.create_round(content.round_title, list(ideas), dots_per_participant=3, max_per_idea=2)
    session.start_round(vote.id)
    weights = [rng.uniform(0.5, 3.0) for _ in ideas]
    for _person in range(PARTICIPANTS):
        token = session.join().token
        dots: dict[int, int] = {}
        for idea in rng.choices(list(ideas), weights=weights, k=3):
            if dots.get(idea, 0) < 2:
                dots[idea] = dots.get(idea, 0) + 1
        session.cast_ballot(token, vote.id, dots)
    session.close_round(vote.id)
    session.reveal_round(vote.id)
    session.set_joining(open=False)
    top = session.tally(vote.id).ideas[0]
    session.add_award(ideas[top.idea_id], content.people_prize, content.people_reason.format(dots=top.total))
