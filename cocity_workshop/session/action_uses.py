"""Use cases: the action plan with milestones and the go-official checklist."""

from __future__ import annotations

from typing import Any

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Action, GoOfficialKind, MilestoneStatus
from cocity_workshop.core.text import DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, clean_text, is_plain_number, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import action_or_raise, idea_or_raise
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Tx

_ACTION_FIELDS = {"title": TITLE_MAX, "owner": NAME_MAX, "department": NAME_MAX, "next_step": DESCRIPTION_MAX}


def _clean_action_fields(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            clean[name] = required_text(value, max_length=TITLE_MAX, what=_("The action's title"))
        elif name in _ACTION_FIELDS:
            clean[name] = clean_text(value, max_length=_ACTION_FIELDS[name], multiline=name == "next_step")
        elif name == "idea_id":
            clean[name] = value
        else:
            raise InvalidInput("Unknown action field {name}.", name=name)
    return clean


def _check_date(value: str) -> str:
    value = clean_text(value, max_length=10)
    if value:
        parts = value.split("-")
        if len(parts) != 3 or not all(is_plain_number(p) for p in parts) or len(parts[0]) != 4:
            raise InvalidInput("Dates are written as YYYY-MM-DD.")
    return value


class ActionUses(SessionBase):
    """What happens after the workshop, and who does it."""

    def actions(self) -> list[Action]:
        """The action plan, in order."""
        return self._records().actions()

    def add_action(self, title: str, *, idea_id: int | None = None, **fields: Any) -> Action:
        """Add an action (usually from an idea) with owner, department and next step."""
        clean = _clean_action_fields({"title": title, "idea_id": idea_id, **fields})

        def command(tx: Tx) -> Action:
            if idea_id is not None:
                idea_or_raise(tx, idea_id)
            action_id = tx.records.insert_action(clean)
            tx.log("action_added", {"action": action_id, "idea": idea_id, "title": sha256_hex(clean["title"])})
            tx.emit(EventKind.ACTIONS_CHANGED, action=action_id)
            return action_or_raise(tx, action_id)

        return self._write(command)

    def update_action(self, action_id: int, **changes: Any) -> Action:
        """Edit an action's title, owner, department, next step or idea; returns it as it was."""
        clean = _clean_action_fields(changes)
        return self._write(lambda tx: self._update_in(tx, "actions", action_id, action_id, clean))

    def remove_action(self, action_id: int) -> Action:
        """Remove an action with its milestones and checklist; returns it (for undo)."""

        def command(tx: Tx) -> Action:
            action = action_or_raise(tx, action_id)
            tx.records.delete("actions", action_id)
            tx.records.renumber("actions")
            tx.log("action_removed", {"action": action_id})
            tx.emit(EventKind.ACTIONS_CHANGED, action=action_id)
            return action

        return self._write(command)

    def restore_action(self, action: Action) -> Action:
        """Put a removed action back at its place with its id, milestones and checklist (undo of
        ``remove_action``)."""
        clean = _clean_action_fields({f: getattr(action, f) for f in ("idea_id", *_ACTION_FIELDS)})
        milestones = [
            {
                "id": m.id,
                "action_id": action.id,
                "title": required_text(m.title, max_length=TITLE_MAX, what=_("The milestone")),
                "due_date": _check_date(m.due_date),
                "status": MilestoneStatus(m.status).value,
            }
            for m in action.milestones
        ]
        steps = [
            {
                "id": g.id,
                "action_id": action.id,
                "kind": GoOfficialKind(g.kind).value,
                "text": required_text(g.text, max_length=DESCRIPTION_MAX, what=_("The step")),
                "done": int(g.done),
            }
            for g in action.go_official
        ]

        def command(tx: Tx) -> Action:
            if action.idea_id is not None:
                idea_or_raise(tx, action.idea_id)
            put_back(tx, "actions", {"id": action.id, **clean, "position": action.position})
            for milestone in milestones:
                put_back(tx, "milestones", milestone)
            for step in steps:
                put_back(tx, "go_official", step)
            tx.log(
                "action_restored",
                {
                    "action": action.id,
                    "idea": action.idea_id,
                    "title": sha256_hex(clean["title"]),
                    "milestones": [m["id"] for m in milestones],
                    "go_official": [g["id"] for g in steps],
                },
            )
            tx.emit(EventKind.ACTIONS_CHANGED, action=action.id)
            return action_or_raise(tx, action.id)

        return self._write(command)

    def add_milestone(
        self,
        action_id: int,
        title: str,
        due_date: str = "",
        status: MilestoneStatus = MilestoneStatus.PLANNED,
    ) -> int:
        """Add a dated milestone to an action; returns its id."""
        values = {
            "action_id": action_id,
            "title": required_text(title, max_length=TITLE_MAX, what=_("The milestone")),
            "due_date": _check_date(due_date),
            "status": MilestoneStatus(status).value,
        }
        return self._write(lambda tx: self._insert_in(tx, "milestones", action_id, values))

    def update_milestone(self, milestone_id: int, **changes: Any) -> Action:
        """Change a milestone's title, due date or status; returns its action as it was."""
        clean: dict[str, Any] = {}
        for name, value in changes.items():
            if name == "title":
                clean[name] = required_text(value, max_length=TITLE_MAX, what=_("The milestone"))
            elif name == "due_date":
                clean[name] = _check_date(value)
            elif name == "status":
                clean[name] = MilestoneStatus(value).value
            else:
                raise InvalidInput("Unknown milestone field {name}.", name=name)
        return self._write(lambda tx: self._update_child(tx, "milestones", milestone_id, clean))

    def add_go_official(self, action_id: int, kind: GoOfficialKind, text: str) -> int:
        """Add a go-official step (council act, department, dataset to open, announcement)."""
        values = {
            "action_id": action_id,
            "kind": GoOfficialKind(kind).value,
            "text": required_text(text, max_length=DESCRIPTION_MAX, what=_("The step")),
        }
        return self._write(lambda tx: self._insert_in(tx, "go_official", action_id, values))

    def update_go_official(self, item_id: int, *, text: str | None = None, done: bool | None = None) -> Action:
        """Edit a go-official step or tick it off; returns its action as it was."""
        clean: dict[str, Any] = {}
        if text is not None:
            clean["text"] = required_text(text, max_length=DESCRIPTION_MAX, what=_("The step"))
        if done is not None:
            clean["done"] = int(done)
        return self._write(lambda tx: self._update_child(tx, "go_official", item_id, clean))

    def remove_milestone(self, milestone_id: int) -> None:
        """Remove a milestone."""
        self._write(lambda tx: self._delete_child(tx, "milestones", milestone_id))

    def remove_go_official(self, item_id: int) -> None:
        """Remove a go-official step."""
        self._write(lambda tx: self._delete_child(tx, "go_official", item_id))

    # -- shared commands -------------------------------------------------------------------------
    @staticmethod
    def _insert_in(tx: Tx, table: str, action_id: int, values: dict[str, Any]) -> int:
        action_or_raise(tx, action_id)
        row_id = tx.records.insert_row(table, values)
        tx.log(f"{table}_added", {"action": action_id, "id": row_id})
        tx.emit(EventKind.ACTIONS_CHANGED, action=action_id)
        return row_id

    @staticmethod
    def _update_in(tx: Tx, table: str, row_id: int, action_id: int, values: dict[str, Any]) -> Action:
        before = action_or_raise(tx, action_id)
        if values and tx.records.update_row(table, row_id, values) == 0:
            raise NotFound("There is no such item.")
        tx.log(
            f"{table}_updated",
            {"id": row_id, "fields": {k: sha256_hex(str(v)) for k, v in sorted(values.items())}},
        )
        tx.emit(EventKind.ACTIONS_CHANGED, action=action_id)
        return before

    @classmethod
    def _update_child(cls, tx: Tx, table: str, row_id: int, values: dict[str, Any]) -> Action:
        action_id = _owning_action(tx, table, row_id)
        return cls._update_in(tx, table, row_id, action_id, values)

    @staticmethod
    def _delete_child(tx: Tx, table: str, row_id: int) -> None:
        action_id = _owning_action(tx, table, row_id)
        tx.records.delete(table, row_id)
        tx.log(f"{table}_removed", {"id": row_id})
        tx.emit(EventKind.ACTIONS_CHANGED, action=action_id)


def _owning_action(tx: Tx, table: str, row_id: int) -> int:
    for action in tx.records.actions():
        children = action.milestones if table == "milestones" else action.go_official
        if any(child.id == row_id for child in children):
            return action.id
    raise NotFound("There is no such item.")
