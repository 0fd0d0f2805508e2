"""``RoundsTableModel``: the vote rounds with their state, ballot size and dots."""

from __future__ import annotations

from typing import Any

from cocity_workshop.core.model import ROUND_STATE_LABELS, ResultsMode, RoundState, VoteRound
from cocity_workshop.gui.models.base import RowsTableModel
from cocity_workshop.i18n import N_, _, ngettext


class RoundsTableModel(RowsTableModel[VoteRound]):
    """Every vote round, oldest first."""

    COL_TITLE = 0
    COL_STATE = 1
    COL_IDEAS = 2
    COL_DOTS = 3
    COL_RESULTS = 4
    HEADERS = (N_("Round"), N_("State"), N_("Ideas"), N_("Dots"), N_("Results"))

    def display(self, row: VoteRound, column: int) -> Any:
        if column == self.COL_TITLE:
            return _("{title} (practice)").format(title=row.title) if row.is_practice else row.title
        if column == self.COL_STATE:
            return _(ROUND_STATE_LABELS[row.state])
        if column == self.COL_IDEAS:
            return str(len(row.idea_ids))
        if column == self.COL_DOTS:
            return ngettext(
                "{dots} each, {cap} per idea", "{dots} each, {cap} per idea", row.dots_per_participant
            ).format(dots=row.dots_per_participant, cap=row.max_per_idea)
        if column == self.COL_RESULTS:
            if row.state is RoundState.REVEALED:
                return _("shown to the room")
            return _("live") if row.results_mode is ResultsMode.LIVE else _("hidden until reveal")
        return None

    def sort_value(self, row: VoteRound, column: int) -> Any:
        return len(row.idea_ids) if column == self.COL_IDEAS else row.id
