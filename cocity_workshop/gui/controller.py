"""``WorkshopController``: the facilitator's operations on the open workshop, with the undo stack.

Panels and windows are passive views: they read ``controller.live`` (the models and live state, see
``gui/live.py``), follow its signals, and call the controller's methods. Each method here is one
facilitator operation, a few lines over the session; edits go on the undo stack. Errors the session
raises (a ``DomainError`` with a message for people) are reported through ``error_raised`` rather than
thrown at the views.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cocity_workshop.core.errors import DomainError
from cocity_workshop.core.model import (
    Action,
    GoOfficialKind,
    Idea,
    IdeaOrigin,
    IdeaStatus,
    MilestoneStatus,
    Phase,
    ResultsMode,
    VoteRound,
    Workshop,
)
from cocity_workshop.gui.live import LiveWorkshop
from cocity_workshop.gui.undo import SessionCommand
from cocity_workshop.i18n import N_, _
from cocity_workshop.session import JoiningState, WorkshopSession

T = TypeVar("T")

#: Practice ideas for a practice round when the board is still empty (removed again afterwards).
PRACTICE_IDEAS = (N_("Practice: tea in the break"), N_("Practice: coffee in the break"))


class WorkshopController(QObject):
    """Owns the session of the open workshop for the GUI: its operations and their undo."""

    error_raised = Signal(str)

    def __init__(self, session: WorkshopSession, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        #: The models and live state the views show, kept up to date from the session's events.
        self.live = LiveWorkshop(session, clock, self)
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

    # -- plumbing --------------------------------------------------------------------------
    def _try(self, operation: Callable[[], T]) -> T | None:
        """Run a room action (not undoable); report a refusal instead of raising it."""
        try:
            result = operation()
        except DomainError as error:
            self.error_raised.emit(str(error))
            return None
        self.live.flush()
        return result

    def _edit(self, text: str, do: Callable[[], T], undo: Callable[[T], Any]) -> T | None:
        """Run an undoable edit now and put it on the undo stack; refusals are reported, not raised."""
        try:
            result = do()
        except DomainError as error:
            self.error_raised.emit(str(error))
            return None
        self.undo_stack.push(SessionCommand(text, do, undo, result, self._report))
        self.live.flush()
        return result

    def _report(self, error: DomainError) -> None:
        self.error_raised.emit(_("This step cannot be undone any more: {reason}").format(reason=error))

    def undo(self) -> None:
        """Undo the last edit."""
        self.undo_stack.undo()
        self.live.flush()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.undo_stack.redo()
        self.live.flush()

    # -- workshop details --------------------------------------------------------------------
    def update_workshop(self, **changes: Any) -> Workshop | None:
        """Change details (title, city, challenge, youth mode, ...)."""
        names = list(changes)

        def undo(before: Workshop) -> None:
            self.session.update_workshop(**{n: getattr(before, n) for n in names})

        return self._edit(_("Change workshop details"), lambda: self.session.update_workshop(**changes), undo)

    # -- agenda ------------------------------------------------------------------------------
    def add_phase(self, title: str, minutes: int) -> Phase | None:
        """Add a phase at the end of the agenda."""
        return self._edit(
            _("Add phase"),
            lambda: self.session.add_phase(title, minutes),
            lambda phase: self.session.remove_phase(phase.id),
        )

    def remove_phase(self, phase_id: int) -> Phase | None:
        """Remove a phase that has not run."""
        state = {"id": phase_id}

        def undo(phase: Phase) -> None:
            state["id"] = self.session.add_phase(phase.title, phase.planned_minutes, phase.position).id

        return self._edit(_("Remove phase"), lambda: self.session.remove_phase(state["id"]), undo)

    def update_phase(self, phase_id: int, *, title: str | None = None, planned_minutes: int | None = None) -> Any:
        """Rename a phase or change its planned minutes."""
        return self._edit(
            _("Change phase"),
            lambda: self.session.update_phase(phase_id, title=title, planned_minutes=planned_minutes),
            lambda before: self.session.update_phase(
                phase_id, title=before.title, planned_minutes=before.planned_minutes
            ),
        )

    def move_phase(self, phase_id: int, offset: int) -> Any:
        """Move a phase up (-1) or down (+1) in the agenda."""
        order = [p.id for p in self.live.phases_model.rows]
        if phase_id not in order:
            return None
        position = order.index(phase_id)
        target = position + offset
        if not 0 <= target < len(order):
            return None
        order.insert(target, order.pop(position))
        return self._edit(_("Reorder agenda"), lambda: self.session.reorder_phases(order), self.session.reorder_phases)

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
        return self._edit(
            _("Extend countdown"),
            lambda: self.session.extend_phase(seconds),
            lambda _phase: self.session.extend_phase(-seconds),
        )

    def set_joining(self, **changes: Any) -> JoiningState | None:
        """Open or close joining, change the headcount cap or turn shared-device mode on or off."""

        def undo(before: JoiningState) -> None:
            restore: dict[str, Any] = {}
            if "open" in changes:
                restore["open"] = before.open
            if "headcount_cap" in changes:
                restore["headcount_cap"] = before.headcount_cap
            if "shared_device" in changes:
                restore["shared_device"] = before.shared_device
            self.session.set_joining(**restore)

        return self._edit(_("Change joining"), lambda: self.session.set_joining(**changes), undo)

    def rotate_join_secret(self) -> str | None:
        """A new QR code: the old one stops admitting new phones (phones already in stay in)."""
        return self._try(self.session.rotate_join_secret)

    # -- ideas -------------------------------------------------------------------------------
    def add_idea(
        self, title: str, description: str = "", theme: str = "", origin: IdeaOrigin = IdeaOrigin.FACILITATOR
    ) -> Idea | None:
        """Type in an idea from the floor or from a paper sticky note."""
        state: dict[str, int] = {}

        def do() -> Idea:
            idea = self.session.add_idea(title, description, theme, origin=origin)
            state["id"] = idea.id
            return idea

        return self._edit(_("Add idea"), do, lambda _idea: self.session.delete_idea(state["id"]))

    def update_idea(self, idea_id: int, **changes: Any) -> Idea | None:
        """Edit an idea's title, description or theme."""
        names = list(changes)
        return self._edit(
            _("Edit idea"),
            lambda: self.session.update_idea(idea_id, **changes),
            lambda before: self.session.update_idea(idea_id, **{n: getattr(before, n) for n in names}),
        )

    def set_idea_status(self, idea_ids: Sequence[int], status: IdeaStatus) -> None:
        """Approve (visible), hide or send back to the queue; several ideas are one undo step."""
        ids = list(idea_ids)
        if not ids:
            return
        label = {IdeaStatus.VISIBLE: _("Approve"), IdeaStatus.HIDDEN: _("Hide"), IdeaStatus.PENDING: _("Hold")}

        def do() -> list[tuple[int, IdeaStatus]]:
            done: list[tuple[int, IdeaStatus]] = []
            try:
                for idea_id in ids:
                    done.append((idea_id, self.session.set_idea_status(idea_id, status)))
            except DomainError:
                for idea_id, before in reversed(done):
                    self.session.set_idea_status(idea_id, before)
                raise
            return done

        def undo(done: list[tuple[int, IdeaStatus]]) -> None:
            for idea_id, before in reversed(done):
                self.session.set_idea_status(idea_id, before)

        self._edit(label.get(status, _("Change status")), do, undo)

    def merge_ideas(self, source_ids: Sequence[int], target_id: int) -> None:
        """Merge duplicates into ``target_id``: their dots and counts carry over (one undo step)."""
        sources = [i for i in source_ids if i != target_id]
        if not sources:
            return

        def do() -> list[Idea]:
            merged: list[Idea] = []
            try:
                for source in sources:
                    merged.append(self.session.merge_ideas(source, target_id))
            except DomainError:
                undo(merged)
                raise
            return merged

        def undo(merged: list[Idea]) -> None:
            for idea in reversed(merged):
                self.session.unmerge_idea(idea.id, idea.status)

        self._edit(_("Merge ideas"), do, undo)

    def unmerge_idea(self, idea_id: int) -> None:
        """Let a merged idea stand on its own again."""
        target = {row.id: row for row in self.live.ideas_model.rows}.get(idea_id)
        into = target.merged_into if target else None
        self._edit(
            _("Unmerge idea"),
            lambda: self.session.unmerge_idea(idea_id),
            lambda _none: self.session.merge_ideas(idea_id, into) if into is not None else None,
        )

    def move_ideas_to_cluster(self, cluster_id: int | None, idea_ids: Sequence[int]) -> None:
        """Put ideas into a cluster (or none): drag and drop on the board."""
        ids = list(idea_ids)

        def do() -> list[tuple[int, int | None]]:
            return [(i, self.session.set_idea_cluster(i, cluster_id)) for i in ids]

        def undo(before: list[tuple[int, int | None]]) -> None:
            for idea_id, previous in reversed(before):
                self.session.set_idea_cluster(idea_id, previous)

        self._edit(_("Move to cluster"), do, undo)

    def add_cluster(self, name: str) -> Any:
        """Start a new cluster."""
        state: dict[str, int] = {}

        def do() -> Any:
            cluster = self.session.add_cluster(name)
            state["id"] = cluster.id
            return cluster

        return self._edit(_("Add cluster"), do, lambda _c: self.session.remove_cluster(state["id"]))

    def rename_cluster(self, cluster_id: int, name: str) -> Any:
        """Rename a cluster."""
        return self._edit(
            _("Rename cluster"),
            lambda: self.session.rename_cluster(cluster_id, name),
            lambda before: self.session.rename_cluster(cluster_id, before),
        )

    def remove_cluster(self, cluster_id: int) -> Any:
        """Remove a cluster; its ideas become unclustered (undo brings the cluster and its ideas back)."""
        name = next((c.name for c in self.live.clusters_model.rows if c.id == cluster_id), "")
        state = {"id": cluster_id}

        def do() -> list[int]:
            return self.session.remove_cluster(state["id"])

        def undo(members: list[int]) -> None:
            state["id"] = self.session.add_cluster(name).id
            for idea_id in members:
                self.session.set_idea_cluster(idea_id, state["id"])

        return self._edit(_("Remove cluster"), do, undo)

    def finish_workshop(self) -> tuple[int, int] | None:
        """Finish the workshop (not undoable: the codes are deleted); (participants, tickets) affected."""
        return self._try(self.session.finish_workshop)

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
                self._edit(
                    _("Approve photos"),
                    lambda: self.session.approve_photos(with_photos),
                    self.session.withhold_photos,
                )
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
    ) -> VoteRound | None:
        """Prepare a round (a draft); the facilitator opens it when the room is ready."""
        state: dict[str, int] = {}

        def do() -> VoteRound:
            created = self.session.create_round(
                title,
                idea_ids,
                dots_per_participant=dots_per_participant,
                max_per_idea=max_per_idea,
                results_mode=results_mode,
                is_practice=is_practice,
            )
            state["id"] = created.id
            return created

        created = self._edit(_("New vote round"), do, lambda _r: self.session.delete_round(state["id"]))
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
                if self._try(lambda idea_id=idea_id: self.session.delete_idea(idea_id)) is not None:
                    self._practice_idea_ids.remove(idea_id)
        return deleted

    def start_practice_round(self) -> VoteRound | None:
        """A practice round so everyone can check their phone works (with two practice ideas if none exist)."""
        visible = [row.id for row in self.live.ideas_model.rows if row.status is IdeaStatus.VISIBLE][:5]
        if not visible:
            for title in PRACTICE_IDEAS:
                idea = self._try(lambda title=title: self.session.add_idea(_(title)))
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

    def set_paper_dots(self, idea_id: int, count: int, round_id: int | None = None) -> Any:
        """Enter the dots an idea got on the paper wall chart in the focus round."""
        round_id = self.live.focus_round_id if round_id is None else round_id
        if round_id is None:
            self.error_raised.emit(_("Choose a vote round first."))
            return None
        return self._edit(
            _("Enter paper dots"),
            lambda: self.session.set_paper_dots(round_id, idea_id, count),
            lambda before: self.session.set_paper_dots(
                round_id, idea_id, before.count if before else 0, before.note if before else ""
            ),
        )

    # -- action plan -------------------------------------------------------------------------
    def add_action(self, title: str, idea_id: int | None = None, **details: str) -> Action | None:
        """Add an action (usually from one of the top ideas)."""
        state: dict[str, int] = {}

        def do() -> Action:
            action = self.session.add_action(title, idea_id=idea_id, **details)
            state["id"] = action.id
            return action

        return self._edit(_("Add action"), do, lambda _a: self.session.remove_action(state["id"]))

    def update_action(self, action_id: int, **changes: Any) -> Any:
        """Edit an action's title, owner, department or next step."""
        names = list(changes)
        return self._edit(
            _("Edit action"),
            lambda: self.session.update_action(action_id, **changes),
            lambda before: self.session.update_action(action_id, **{n: getattr(before, n) for n in names}),
        )

    def remove_action(self, action_id: int) -> Any:
        """Remove an action with its milestones and checklist (undo restores them)."""
        state = {"id": action_id}

        def do() -> Action:
            return self.session.remove_action(state["id"])

        def undo(action: Action) -> None:
            details = {f.name: getattr(action, f.name) for f in fields(Action)}
            restored = self.session.add_action(
                action.title,
                idea_id=action.idea_id,
                owner=details["owner"],
                department=details["department"],
                next_step=details["next_step"],
            )
            state["id"] = restored.id
            for milestone in action.milestones:
                self.session.add_milestone(restored.id, milestone.title, milestone.due_date, milestone.status)
            for item in action.go_official:
                new_id = self.session.add_go_official(restored.id, item.kind, item.text)
                if item.done:
                    self.session.update_go_official(new_id, done=True)

        return self._edit(_("Remove action"), do, undo)

    def add_milestone(
        self, action_id: int, title: str, due_date: str = "", status: MilestoneStatus = MilestoneStatus.PLANNED
    ) -> int | None:
        """Add a milestone or checkpoint to an action."""
        state: dict[str, int] = {}

        def do() -> int:
            state["id"] = self.session.add_milestone(action_id, title, due_date, status)
            return state["id"]

        return self._edit(_("Add milestone"), do, lambda _i: self.session.remove_milestone(state["id"]))

    def set_milestone_status(self, milestone_id: int, status: MilestoneStatus) -> Any:
        """Move a milestone along (planned, in progress, done, dropped)."""

        def undo(before: Action) -> None:
            old = next(m for m in before.milestones if m.id == milestone_id)
            self.session.update_milestone(milestone_id, status=old.status)

        return self._edit(
            _("Change milestone"), lambda: self.session.update_milestone(milestone_id, status=status), undo
        )

    def add_go_official(self, action_id: int, kind: GoOfficialKind, text: str) -> int | None:
        """Add a step of the go-official checklist."""
        state: dict[str, int] = {}

        def do() -> int:
            state["id"] = self.session.add_go_official(action_id, kind, text)
            return state["id"]

        return self._edit(_("Add checklist step"), do, lambda _i: self.session.remove_go_official(state["id"]))

    def set_go_official_done(self, item_id: int, done: bool) -> Any:
        """Tick a go-official step off (or back on)."""
        return self._edit(
            _("Tick checklist step"),
            lambda: self.session.update_go_official(item_id, done=done),
            lambda _before: self.session.update_go_official(item_id, done=not done),
        )

    # -- groups and age bands ----------------------------------------------------------------
    def add_group(self, name: str) -> Any:
        """Count one more stakeholder group."""
        state: dict[str, int] = {}

        def do() -> Any:
            group = self.session.add_group(name)
            state["id"] = group.id
            return group

        return self._edit(_("Add group"), do, lambda _g: self.session.remove_group(state["id"]))

    def rename_group(self, group_id: int, name: str) -> Any:
        """Rename a stakeholder group."""
        return self._edit(
            _("Rename group"),
            lambda: self.session.rename_group(group_id, name),
            lambda before: self.session.rename_group(group_id, before),
        )

    def remove_group(self, group_id: int) -> Any:
        """Stop counting a stakeholder group (participants who chose it become "not said")."""
        name = next((g.name for g in self.live.groups_model.rows if g.id == group_id), "")
        state = {"id": group_id}
        return self._edit(
            _("Remove group"),
            lambda: self.session.remove_group(state["id"]),
            lambda _none: state.update(id=self.session.add_group(name).id),
        )

    def add_age_band(self, label: str) -> Any:
        """Count one more age band."""
        state: dict[str, int] = {}

        def do() -> Any:
            band = self.session.add_age_band(label)
            state["id"] = band.id
            return band

        return self._edit(_("Add age band"), do, lambda _b: self.session.remove_age_band(state["id"]))

    def rename_age_band(self, band_id: int, label: str) -> Any:
        """Rename an age band."""
        return self._edit(
            _("Rename age band"),
            lambda: self.session.rename_age_band(band_id, label),
            lambda before: self.session.rename_age_band(band_id, before),
        )

    def remove_age_band(self, band_id: int) -> Any:
        """Stop counting an age band."""
        label = next((getattr(b, "label", "") for b in self.live.age_bands_model.rows if b.id == band_id), "")
        state = {"id": band_id}
        return self._edit(
            _("Remove age band"),
            lambda: self.session.remove_age_band(state["id"]),
            lambda _none: state.update(id=self.session.add_age_band(label).id),
        )
