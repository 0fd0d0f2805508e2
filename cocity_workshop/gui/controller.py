"""``WorkshopController``: the facilitator's operations on the open workshop, with the undo stack.

Panels and windows are passive views: they read ``controller.live`` (the models and live state, see
``gui/live.py``), follow its signals, and call the controller's methods. Each method here is one
facilitator operation, a few lines over the session; edits go on the undo stack (the operations around an
export are in its base ``ExportOperations``, ``gui/export_operations.py``). Errors the session
raises (a ``DomainError`` with a message for people) are reported through ``error_raised`` rather than
thrown at the views.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial

from cocity_workshop.core.model import (
    Action,
    AgeBand,
    Cluster,
    GoOfficialKind,
    Idea,
    IdeaOrigin,
    IdeaStatus,
    MilestoneStatus,
    PaperDots,
    Phase,
    ResultsMode,
    StakeholderGroup,
    VoteRound,
    Workshop,
)
from cocity_workshop.gui.export_operations import ExportOperations
from cocity_workshop.gui.hackathon_ops import HackathonOperations
from cocity_workshop.i18n import N_, _
from cocity_workshop.session import JoiningState, RemovedCluster, WorkshopSession

#: Practice ideas for a practice round when the board is still empty (removed again afterwards).
PRACTICE_IDEAS = (N_("Practice: tea in the break"), N_("Practice: coffee in the break"))


class WorkshopController(ExportOperations, HackathonOperations):
    """Owns the session of the open workshop for the GUI: its operations and their undo."""

    def __init__(self, session: WorkshopSession, clock: Callable[[], float] = time.time) -> None:
        super().__init__(session, clock)
        self._practice_idea_ids: list[int] = []
        self._wire_models()

    def _wire_models(self) -> None:
        self.live.ideas_model.edit_requested.connect(lambda i, f, v: self.update_idea(i, **{f: v}))
        self.live.phases_model.edit_requested.connect(lambda i, f, v: self.update_phase(i, **{f: v}))
        self.live.clusters_model.ideas_dropped.connect(self.move_ideas_to_cluster)
        self.live.clusters_model.rename_requested.connect(self.rename_cluster)
        self.live.tally_model.paper_dots_entered.connect(self.set_paper_dots)
        self.live.actions_model.edit_requested.connect(lambda i, f, v: self.update_action(i, **{f: v}))
        self.live.groups_model.rename_requested.connect(self.rename_group)
        self.live.age_bands_model.rename_requested.connect(self.rename_age_band)

    def close(self) -> None:
        """Stop following the session (the caller closes the session itself)."""
        self.live.close()

    # -- workshop details --------------------------------------------------------------------
    def update_workshop(self, **changes: object) -> Workshop | None:
        """Change details (title, city, challenge, youth mode, ...)."""
        return self._fields(_("Change workshop details"), self.session.update_workshop, changes)

    # -- agenda ------------------------------------------------------------------------------
    def add_phase(self, title: str, minutes: int) -> Phase | None:
        """Add a phase at the end of the agenda."""
        return self._added(_("Add phase"), partial(self.session.add_phase, title, minutes), self.session.remove_phase)

    def remove_phase(self, phase_id: int) -> Phase | None:
        """Remove a phase that has not run."""
        return self._removed(
            _("Remove phase"), partial(self.session.remove_phase, phase_id), self.session.restore_phase
        )

    def update_phase(
        self, phase_id: int, *, title: str | None = None, planned_minutes: int | None = None
    ) -> Phase | None:
        """Rename a phase or change its planned minutes."""
        changes = {n: v for n, v in (("title", title), ("planned_minutes", planned_minutes)) if v is not None}
        return self._fields(_("Change phase"), partial(self.session.update_phase, phase_id), changes)

    def move_phase(self, phase_id: int, offset: int) -> list[int] | None:
        """Move a phase up (-1) or down (+1) in the agenda."""
        order = [p.id for p in self.live.phases_model.rows]
        if phase_id not in order:
            return None
        position = order.index(phase_id)
        target = position + offset
        if not 0 <= target < len(order):
            return None
        order.insert(target, order.pop(position))
        return self._swap(_("Reorder agenda"), self.session.reorder_phases, order)

    # -- running the room (room actions: what the room saw cannot be unseen) ---------------
    def start_next_phase(self) -> Phase | None:
        """End the running phase and start the next one."""
        return self._try(lambda: self.session.start_phase())

    def start_phase(self, phase_id: int) -> Phase | None:
        """Start a given phase (ending the running one)."""
        return self._try(lambda: self.session.start_phase(phase_id))

    def end_phase(self) -> Phase | None:
        """End the running phase."""
        return self._try(self.session.end_phase)

    def toggle_pause(self) -> Phase | None:
        """Pause the countdown, or resume it."""
        running = self.live.running_phase()
        if running is None:
            self.error_raised.emit(_("No phase is running."))
            return None
        if running.paused_at is None:
            return self._try(self.session.pause_phase)
        return self._try(self.session.resume_phase)

    def extend_phase(self, seconds: float) -> Phase | None:
        """Give the running phase more time (undoable: it takes the time back)."""
        extend = self.session.extend_phase
        return self._edit(_("Extend countdown"), lambda: extend(seconds), lambda _phase: extend(-seconds))

    def set_joining(self, **changes: object) -> JoiningState | None:
        """Open or close joining, change the headcount cap or turn shared-device mode on or off."""
        return self._fields(_("Change joining"), self.session.set_joining, changes)

    def rotate_join_secret(self) -> str | None:
        """A new QR code: the old one stops admitting new phones (phones already in stay in)."""
        return self._try(self.session.rotate_join_secret)

    def finish_workshop(self) -> tuple[int, int] | None:
        """Finish the workshop (not undoable: the codes are deleted); (participants, tickets) affected."""
        return self._try(self.session.finish_workshop)

    # -- ideas -------------------------------------------------------------------------------
    def add_idea(
        self, title: str, description: str = "", theme: str = "", origin: IdeaOrigin = IdeaOrigin.FACILITATOR
    ) -> Idea | None:
        """Type in an idea from the floor or from a paper sticky note."""
        add = partial(self.session.add_idea, title, description, theme, origin=origin)
        return self._added(_("Add idea"), add, self.session.delete_idea)

    def update_idea(self, idea_id: int, **changes: object) -> Idea | None:
        """Edit an idea's title, description or theme."""
        return self._fields(_("Edit idea"), partial(self.session.update_idea, idea_id), changes)

    def set_idea_status(self, idea_ids: Sequence[int], status: IdeaStatus) -> None:
        """Approve (visible), hide or send back to the queue; several ideas are one undo step."""
        if not idea_ids:
            return
        label = {IdeaStatus.VISIBLE: _("Approve"), IdeaStatus.HIDDEN: _("Hide"), IdeaStatus.PENDING: _("Hold")}
        text = label.get(status, _("Change status"))
        self._swap(text, self.session.set_idea_statuses, dict.fromkeys(idea_ids, status))

    def merge_ideas(self, source_ids: Sequence[int], target_id: int) -> None:
        """Merge duplicates into ``target_id``: their dots and counts carry over (one undo step)."""
        sources = [i for i in source_ids if i != target_id]
        if sources:
            merge = partial(self.session.merge_ideas_into, sources, target_id)
            self._edit(_("Merge ideas"), merge, self.session.restore_merges)

    def unmerge_idea(self, idea_id: int) -> Idea | None:
        """Let a merged idea stand on its own again."""
        session = self.session
        return self._edit(
            _("Unmerge idea"), lambda: session.unmerge_idea(idea_id), lambda i: session.restore_merges([i])
        )

    def move_ideas_to_cluster(self, cluster_id: int | None, idea_ids: Sequence[int]) -> None:
        """Put ideas into a cluster (or none): drag and drop on the board."""
        self._swap(_("Move to cluster"), self.session.set_idea_clusters, dict.fromkeys(idea_ids, cluster_id))

    def add_cluster(self, name: str) -> Cluster | None:
        """Start a new cluster."""
        return self._added(_("Add cluster"), partial(self.session.add_cluster, name), self.session.remove_cluster)

    def rename_cluster(self, cluster_id: int, name: str) -> str | None:
        """Rename a cluster."""
        return self._swap(_("Rename cluster"), partial(self.session.rename_cluster, cluster_id), name)

    def remove_cluster(self, cluster_id: int) -> RemovedCluster | None:
        """Remove a cluster; its ideas become unclustered (undo brings the cluster and its ideas back)."""
        remove = partial(self.session.remove_cluster, cluster_id)
        return self._removed(_("Remove cluster"), remove, self.session.restore_cluster)

    def approve(self, idea_ids: Sequence[int]) -> None:
        """Show ideas to the room with the photos that wait for approval (one undo step)."""
        ids = list(idea_ids)
        ideas = [self.live.ideas_model.row_at(r) for r in (self.live.ideas_model.row_of(i) for i in ids) if r >= 0]
        hidden = [i.id for i in ideas if i.status is not IdeaStatus.VISIBLE]
        with_photos = [i.id for i in ideas if i.pending_attachment_ids]
        if not hidden and not with_photos:
            return
        self.undo_stack.beginMacro(_("Approve"))
        try:
            self.set_idea_status(hidden, IdeaStatus.VISIBLE)
            if with_photos:
                approve = partial(self.session.approve_photos, with_photos)
                self._edit(_("Approve photos"), approve, self.session.withhold_photos)
        finally:
            self.undo_stack.endMacro()

    def remove_photo(self, attachment_id: int) -> None:
        """Remove a photo for good (not undoable: it may show a person)."""
        self._try(lambda: self.session.remove_photo(attachment_id))

    def add_photo(self, idea_id: int, mime: str, data: bytes, width: int, height: int) -> int | None:
        """Attach a (resized) photo to an idea."""
        return self._try(lambda: self.session.add_photo(idea_id, mime, data, width, height))

    def delete_idea_for_good(self, idea_id: int) -> Idea | None:
        """Remove an idea and overwrite its text on disk (personal data); not undoable on purpose."""
        return self._try(lambda: self.session.delete_idea(idea_id))

    # -- voting ------------------------------------------------------------------------------
    def create_round(
        self,
        title: str,
        idea_ids: Sequence[int],
        dots_per_participant: int,
        max_per_idea: int,
        results_mode: ResultsMode,
        is_practice: bool = False,
        duration_seconds: int | None = None,
        closes_itself: bool = False,
    ) -> VoteRound | None:
        """Prepare a round (a draft) with its countdown, if any; the facilitator opens it when the room is ready."""
        create = partial(
            self.session.create_round,
            title,
            idea_ids,
            dots_per_participant=dots_per_participant,
            max_per_idea=max_per_idea,
            results_mode=results_mode,
            is_practice=is_practice,
            duration_seconds=duration_seconds,
            closes_itself=closes_itself,
        )
        created = self._added(_("New vote round"), create, self.session.delete_round)
        if created is not None:
            self.live.set_focus_round(created.id)
        return created

    def start_round(self, round_id: int) -> VoteRound | None:
        """Open a round for voting."""
        opened = self._try(lambda: self.session.start_round(round_id))
        if opened is not None:
            self.live.set_focus_round(round_id)
        return opened

    def close_round(self, round_id: int) -> VoteRound | None:
        """Stop voting in a round."""
        return self._try(lambda: self.session.close_round(round_id))

    def add_round_time(self, round_id: int, seconds: int = 60) -> VoteRound | None:
        """Give the room more time to vote in an open round (a round without a countdown gets one)."""
        return self._try(lambda: self.session.add_round_time(round_id, seconds))

    def set_round_closes_itself(self, round_id: int, closes_itself: bool) -> VoteRound | None:
        """Whether a round with a countdown closes by itself at zero; returns the round as it was before."""

        def change() -> VoteRound:
            duration = self.session.vote_round(round_id).duration_seconds
            return self.session.set_round_timer(round_id, duration, closes_itself)

        return self._try(change)

    def reveal_round(self, round_id: int) -> VoteRound | None:
        """Show a closed round's result to the room."""
        revealed = self._try(lambda: self.session.reveal_round(round_id))
        if revealed is not None:
            self.live.set_focus_round(round_id)
        return revealed

    def delete_round(self, round_id: int) -> VoteRound | None:
        """Remove a draft or practice round (practice ideas made for it go too)."""
        deleted = self._try(lambda: self.session.delete_round(round_id))
        if deleted is not None and deleted.is_practice:
            for idea_id in [i for i in self._practice_idea_ids if i in deleted.idea_ids]:
                if self._try(partial(self.session.delete_idea, idea_id)) is not None:
                    self._practice_idea_ids.remove(idea_id)
        return deleted

    def start_practice_round(self) -> VoteRound | None:
        """A practice round so everyone can check their phone works (with two practice ideas if none exist)."""
        visible = [row.id for row in self.live.ideas_model.rows if row.status is IdeaStatus.VISIBLE][:5]
        if not visible:
            for title in PRACTICE_IDEAS:
                idea = self._try(partial(self.session.add_idea, _(title)))
                if idea is None:
                    return None
                self._practice_idea_ids.append(idea.id)
                visible.append(idea.id)
        created = self._try(
            lambda: self.session.create_round(
                _("Practice round"),
                visible,
                dots_per_participant=2,
                max_per_idea=1,
                results_mode=ResultsMode.LIVE,
                is_practice=True,
            )
        )
        if created is None:
            return None
        return self.start_round(created.id)

    def set_paper_dots(self, idea_id: int, count: int, round_id: int | None = None) -> PaperDots | None:
        """Enter the dots an idea got on the paper wall chart in the focus round; returns the entry before."""
        round_id = self.live.focus_round_id if round_id is None else round_id
        if round_id is None:
            self.error_raised.emit(_("Choose a vote round first."))
            return None
        enter = partial(self.session.set_paper_dots, round_id, idea_id)
        return self._edit(
            _("Enter paper dots"), lambda: enter(count), lambda b: enter(b.count, b.note) if b else enter(0)
        )

    # -- action plan -------------------------------------------------------------------------
    def add_action(self, title: str, idea_id: int | None = None, **details: str) -> Action | None:
        """Add an action (usually from one of the top ideas)."""
        add = partial(self.session.add_action, title, idea_id=idea_id, **details)
        return self._added(_("Add action"), add, self.session.remove_action)

    def update_action(self, action_id: int, **changes: object) -> Action | None:
        """Edit an action's title, owner, department or next step."""
        return self._fields(_("Edit action"), partial(self.session.update_action, action_id), changes)

    def remove_action(self, action_id: int) -> Action | None:
        """Remove an action with its milestones and checklist (undo restores them)."""
        remove = partial(self.session.remove_action, action_id)
        return self._removed(_("Remove action"), remove, self.session.restore_action)

    def add_milestone(
        self, action_id: int, title: str, due_date: str = "", status: MilestoneStatus = MilestoneStatus.PLANNED
    ) -> int | None:
        """Add a milestone or checkpoint to an action."""
        add = partial(self.session.add_milestone, action_id, title, due_date, status)
        return self._edit(_("Add milestone"), add, self.session.remove_milestone)

    def set_milestone_status(self, milestone_id: int, status: MilestoneStatus) -> Action | None:
        """Move a milestone along (planned, in progress, done, dropped)."""
        update = partial(self.session.update_milestone, milestone_id)

        def undo(before: Action) -> Action:
            return update(status=next(m.status for m in before.milestones if m.id == milestone_id))

        return self._edit(_("Change milestone"), lambda: update(status=status), undo)

    def add_go_official(self, action_id: int, kind: GoOfficialKind, text: str) -> int | None:
        """Add a step of the go-official checklist."""
        add = partial(self.session.add_go_official, action_id, kind, text)
        return self._edit(_("Add checklist step"), add, self.session.remove_go_official)

    def set_go_official_done(self, item_id: int, done: bool) -> Action | None:
        """Tick a go-official step off (or back on)."""
        tick = partial(self.session.update_go_official, item_id)
        return self._edit(_("Tick checklist step"), lambda: tick(done=done), lambda _before: tick(done=not done))

    # -- groups and age bands ----------------------------------------------------------------
    def add_group(self, name: str) -> StakeholderGroup | None:
        """Count one more stakeholder group."""
        return self._added(_("Add group"), partial(self.session.add_group, name), self.session.remove_group)

    def rename_group(self, group_id: int, name: str) -> str | None:
        """Rename a stakeholder group."""
        return self._swap(_("Rename group"), partial(self.session.rename_group, group_id), name)

    def remove_group(self, group_id: int) -> StakeholderGroup | None:
        """Stop counting a stakeholder group (participants who chose it become "not said")."""
        remove = partial(self.session.remove_group, group_id)
        return self._removed(_("Remove group"), remove, self.session.restore_group)

    def add_age_band(self, label: str) -> AgeBand | None:
        """Count one more age band."""
        add = partial(self.session.add_age_band, label)
        return self._added(_("Add age band"), add, self.session.remove_age_band)

    def rename_age_band(self, band_id: int, label: str) -> str | None:
        """Rename an age band."""
        return self._swap(_("Rename age band"), partial(self.session.rename_age_band, band_id), label)

    def remove_age_band(self, band_id: int) -> AgeBand | None:
        """Stop counting an age band."""
        remove = partial(self.session.remove_age_band, band_id)
        return self._removed(_("Remove age band"), remove, self.session.restore_age_band)
