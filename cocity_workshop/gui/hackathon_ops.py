"""The facilitator's hackathon operations (#19), a mixin of ``WorkshopController`` over ``Operations``.

Edits of what the room has not acted on (challenges, criteria, a team typed in, the pitch order) are on
the undo stack; what phones and jurors act on at once (submissions, judging, jury tickets, removing a team
its phones registered, pitches starting and ending) are room actions, as in decision 0011.
"""

from __future__ import annotations

from functools import partial

from cocity_workshop.core.hackathon import Award, Challenge, Criterion, HackathonState, PitchState, Team
from cocity_workshop.core.jury import Normalisation
from cocity_workshop.gui.undo import Operations
from cocity_workshop.i18n import _
from cocity_workshop.session.jury_uses import JuryTicket


class HackathonOperations(Operations):
    """Challenges, teams, the jury and pitches."""

    # -- challenges and teams ----------------------------------------------------------------
    def add_challenge(self, title: str, statement: str = "", owner: str = "") -> Challenge | None:
        """Add a challenge (its title, statement and owner, e.g. a city department)."""
        add = partial(self.session.add_challenge, title, statement, owner)
        return self._added(_("Add challenge"), add, self.session.remove_challenge)

    def remove_challenge(self, challenge_id: int) -> Challenge | None:
        """Remove a challenge no team works on."""
        remove = partial(self.session.remove_challenge, challenge_id)
        return self._removed(_("Remove challenge"), remove, self.session.restore_challenge)

    def add_team(self, name: str, challenge_id: int, members: int = 1) -> Team | None:
        """Type in a team (its members join it on their phones with its code)."""
        add = partial(self.session.add_team, name, challenge_id, members)
        return self._added(_("Add team"), add, self.session.remove_team)

    def remove_team(self, team_id: int) -> Team | None:
        """Remove a team with its project (a room action: its phones lose their team)."""
        return self._try(lambda: self.session.remove_team(team_id))

    def set_submissions(self, open: bool) -> HackathonState | None:
        """Let teams register and edit projects from their phones, or stop them."""
        return self._try(lambda: self.session.set_submissions(open))

    # -- the jury ----------------------------------------------------------------------------
    def add_criterion(self, name: str, weight: int, scale_min: int, scale_max: int) -> Criterion | None:
        """Add a criterion the jury scores on (before judging opens)."""
        add = partial(self.session.add_criterion, name, weight=weight, scale_min=scale_min, scale_max=scale_max)
        return self._added(_("Add criterion"), add, self.session.remove_criterion)

    def remove_criterion(self, criterion_id: int) -> Criterion | None:
        """Remove a criterion (before judging opens)."""
        remove = partial(self.session.remove_criterion, criterion_id)
        return self._removed(_("Remove criterion"), remove, self.session.restore_criterion)

    def create_jury_tickets(self, count: int) -> list[JuryTicket] | None:
        """Make single-use jury tickets numbered after the jurors there are (a room action: they are printed)."""
        return self._try(lambda: self.session.create_jury_tickets(count))

    def open_judging(self) -> HackathonState | None:
        """Let jurors score (submissions must be closed)."""
        return self._try(self.session.open_judging)

    def close_judging(self) -> HackathonState | None:
        """Freeze the jury's scores."""
        return self._try(self.session.close_judging)

    def set_normalisation(self, normalisation: Normalisation) -> Normalisation | None:
        """How jurors' scores are made comparable (before judging opens; undo puts the choice before back)."""
        return self._swap(_("Change how scores are compared"), self.session.set_normalisation, normalisation)

    # -- awards ------------------------------------------------------------------------------
    def add_award(self, project_id: int, title: str, reason: str, challenge_id: int | None = None) -> Award | None:
        """Record an award for a project with its reason."""
        add = partial(self.session.add_award, project_id, title, reason, challenge_id)
        return self._added(_("Give award"), add, self.session.remove_award)

    def remove_award(self, award_id: int) -> Award | None:
        """Take an award back."""
        remove = partial(self.session.remove_award, award_id)
        return self._removed(_("Remove award"), remove, self.session.restore_award)

    # -- pitches -----------------------------------------------------------------------------
    def set_pitch_order(self, team_ids: list[int]) -> list[int] | None:
        """Put the teams in this pitch order (undo puts the order before back)."""
        return self._swap(_("Change pitch order"), self.session.set_pitch_order, team_ids)

    def shuffle_pitch_order(self) -> list[int] | None:
        """Draw the pitch order at random (a room action: the room sees the draw)."""
        return self._try(self.session.shuffle_pitch_order)

    def set_pitch_seconds(self, seconds: int) -> PitchState | None:
        """How long each pitch lasts."""
        return self._try(lambda: self.session.set_pitch_seconds(seconds))

    def next_pitch(self) -> PitchState | None:
        """Let the next team in the order pitch (the first when nobody has)."""
        return self._try(self.session.next_pitch)

    def start_pitch(self, team_id: int) -> PitchState | None:
        """Let this team pitch now."""
        return self._try(lambda: self.session.start_pitch(team_id))

    def end_pitch(self) -> PitchState | None:
        """End the pitch running now."""
        return self._try(self.session.end_pitch)
