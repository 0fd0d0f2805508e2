"""A judged hackathon for report and bundle tests: two challenges, four teams with projects, two criteria,
three jurors (one with a conflict of interest), judging closed and an award."""

from __future__ import annotations

from pathlib import Path

from cocity_workshop.session import WorkshopSession

#: Juror by juror, each project's (impact on 1-5, feasibility on 0-10); ``None``: not scored.
SCORES = [
    [(5, 7), (3, 9), (4, 4), (2, 8)],
    [(4, 6), (4, 5), (5, 9), (3, 3)],
    [(5, 9), (2, 2), None, (1, 5)],
]


def make_judged_hackathon(path: Path, title: str = "Civic hack", language: str = "en") -> Path:
    """Write the hackathon to ``path``; juror 3 declared a conflict of interest with the third team."""
    with WorkshopSession.create(path, title=title, template="hackathon", language=language) as session:
        air = session.add_challenge("Cleaner air", "Fewer cars near schools", "Transport department")
        shade = session.add_challenge("Shade")
        teams = [session.add_team(n, c.id, 3) for n, c in (("Blue", air), ("Red", air), ("Oak", shade), ("Elm", shade))]
        for team in teams:
            session.save_project(team.id, f"{team.name} plan", f"What the {team.name} team made")
        projects = [session.project_of_team(t.id) for t in teams]
        impact = session.add_criterion("Impact", weight=2, scale_min=1, scale_max=5)
        ease = session.add_criterion("Feasibility", scale_min=0, scale_max=10)
        tokens = [session.join_jury(t.code).token for t in session.create_jury_tickets(3)]
        session.open_judging()
        session.declare_conflict(tokens[2], teams[2].id)
        for token, row in zip(tokens, SCORES, strict=True):
            for project, given in zip(projects, row, strict=True):
                if given is not None and project is not None:
                    sheet = {impact.id: given[0], ease.id: given[1]}
                    session.score_project(token, project.id, sheet, f"Note for {project.title}")
        session.close_judging()
        assert projects[0] is not None
        session.add_award(projects[0].id, "Jury prize", "Highest total in Cleaner air", air.id)
    return path
