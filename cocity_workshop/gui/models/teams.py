"""``TeamsTableModel``: a hackathon's teams in pitch order, with their challenge, head count, code and project."""

from __future__ import annotations

from typing import Any

from cocity_workshop.core.hackathon import Team
from cocity_workshop.gui.hackathon_view import HackathonView
from cocity_workshop.gui.models.base import RowsTableModel
from cocity_workshop.i18n import N_, _


class TeamsTableModel(RowsTableModel[Team]):
    """One row per team; the challenge and project columns come from the hackathon view."""

    COL_NAME, COL_CHALLENGE, COL_MEMBERS, COL_CODE, COL_PROJECT = range(5)
    HEADERS = (N_("Team"), N_("Challenge"), N_("Members"), N_("Team code"), N_("Project"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view = HackathonView()

    def show_view(self, view: HackathonView) -> None:
        """Show ``view``'s teams (the challenge titles and projects too)."""
        changed = view.challenges != self.view.challenges or view.projects != self.view.projects
        self.view = view
        self.update_rows(view.teams)
        if changed:
            self.refresh_all()

    def display(self, row: Team, column: int) -> Any:
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_CHALLENGE:
            return self.view.challenge_title(row.challenge_id)
        if column == self.COL_MEMBERS:
            return row.members
        if column == self.COL_CODE:
            return f"{row.code[:3]} {row.code[3:]}" if row.code else "—"
        if column == self.COL_PROJECT:
            project = self.view.projects.get(row.id)
            return project.title if project is not None else _("(no project yet)")
        return None

    def sort_value(self, row: Team, column: int) -> Any:
        return row.members if column == self.COL_MEMBERS else str(self.display(row, column))
