"""Use cases: the workshop's details and its agenda."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cocity_workshop.core import agenda
from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.licences import data_licence
from cocity_workshop.core.model import Phase, Template, Workshop
from cocity_workshop.core.privacy import legal_basis, retention_months
from cocity_workshop.core.text import DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, clean_text, required_text, web_address
from cocity_workshop.i18n import LANGUAGES, _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Tx


def _clean_workshop_fields(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            clean[name] = required_text(value, max_length=TITLE_MAX, what=_("The title"))
        elif name in ("city", "venue"):
            clean[name] = clean_text(value, max_length=NAME_MAX)
        elif name == "date":
            clean[name] = clean_text(value, max_length=10)
        elif name == "challenge":
            clean[name] = clean_text(value, max_length=DESCRIPTION_MAX, multiline=True)
        elif name in ("organisers", "guiding_questions", "themes"):
            items = (
                clean_text(v, max_length=DESCRIPTION_MAX if name == "guiding_questions" else NAME_MAX) for v in value
            )
            clean[name] = tuple(v for v in items if v)
        elif name == "language":
            if value not in LANGUAGES:
                raise InvalidInput("Unknown language {language}.", language=value)
            clean[name] = value
        elif name == "template":
            clean[name] = Template(value).value
        elif name == "youth_mode":
            clean[name] = int(bool(value))
        elif name == "data_licence":
            clean[name] = data_licence(value).id
        elif name in ("controller", "privacy_contact"):
            clean[name] = clean_text(value, max_length=NAME_MAX)
        elif name == "legal_basis":
            clean[name] = legal_basis(value).value
        elif name == "retention_months":
            clean[name] = retention_months(value)
        elif name == "web_page":
            clean[name] = web_address(value)
        else:
            raise InvalidInput("Unknown workshop field {name}.", name=name)
    return clean


class WorkshopUses(SessionBase):
    """Details of the workshop and the agenda's phases and clock."""

    # -- details -------------------------------------------------------------------------------
    def workshop(self) -> Workshop:
        """The workshop's details."""
        return self._records().workshop()

    def update_workshop(self, **changes: Any) -> Workshop:
        """Change details (title, city, venue, date, organisers, challenge, guiding_questions, language,
        template, youth_mode, themes, data_licence, web_page, and the data-protection settings controller,
        privacy_contact, legal_basis, retention_months); returns the details as they were before, for undo."""
        clean = _clean_workshop_fields(changes)

        def command(tx: Tx) -> Workshop:
            before = tx.records.workshop()
            tx.records.update_workshop(clean)
            tx.log("workshop_updated", {"fields": {k: sha256_hex(repr(v)) for k, v in sorted(clean.items())}})
            tx.emit(EventKind.WORKSHOP_UPDATED, fields=sorted(clean))
            return before

        return self._write(command)

    # -- agenda --------------------------------------------------------------------------------
    def phases(self) -> list[Phase]:
        """The agenda, in order."""
        return self._records().phases()

    def add_phase(self, title: str, planned_minutes: int, position: int | None = None) -> Phase:
        """Add a phase to the agenda (at the end unless ``position`` is given)."""
        title = required_text(title, max_length=TITLE_MAX, what=_("The phase name"))
        agenda.validate_phase(title, planned_minutes)

        def command(tx: Tx) -> Phase:
            phase_id = tx.records.insert_phase(title, planned_minutes, position)
            tx.log("phase_added", {"phase": phase_id, "minutes": planned_minutes})
            tx.emit(EventKind.AGENDA_CHANGED)
            phase = tx.records.phase(phase_id)
            assert phase is not None
            return phase

        return self._write(command)

    def update_phase(self, phase_id: int, *, title: str | None = None, planned_minutes: int | None = None) -> Phase:
        """Rename a phase or change its planned duration; returns it as it was before."""

        def command(tx: Tx) -> Phase:
            before = _phase_or_raise(tx, phase_id)
            new_title = required_text(title, max_length=TITLE_MAX, what=_("The phase name")) if title else before.title
            minutes = before.planned_minutes if planned_minutes is None else planned_minutes
            agenda.validate_phase(new_title, minutes)
            tx.records.save_phase(replace(before, title=new_title, planned_minutes=minutes))
            tx.log("phase_updated", {"phase": phase_id, "minutes": minutes, "title": sha256_hex(new_title)})
            tx.emit(EventKind.AGENDA_CHANGED)
            return before

        return self._write(command)

    def remove_phase(self, phase_id: int) -> Phase:
        """Remove a phase that has not started; returns it (for undo)."""

        def command(tx: Tx) -> Phase:
            phase = _phase_or_raise(tx, phase_id)
            if phase.started_at is not None:
                raise RuleViolation("A phase that has already run cannot be removed.")
            tx.records.delete_phase(phase_id)
            tx.log("phase_removed", {"phase": phase_id})
            tx.emit(EventKind.AGENDA_CHANGED)
            return phase

        return self._write(command)

    def restore_phase(self, phase: Phase) -> Phase:
        """Put a removed phase back at its place in the agenda with its id (undo of ``remove_phase``).

        Only its name and planned minutes come back: a phase that has run cannot be removed.
        """
        title = required_text(phase.title, max_length=TITLE_MAX, what=_("The phase name"))
        agenda.validate_phase(title, phase.planned_minutes)
        values = {"id": phase.id, "position": phase.position, "title": title, "planned_minutes": phase.planned_minutes}

        def command(tx: Tx) -> Phase:
            put_back(tx, "phases", values)
            tx.log("phase_restored", {"phase": phase.id, "minutes": phase.planned_minutes})
            tx.emit(EventKind.AGENDA_CHANGED)
            return _phase_or_raise(tx, phase.id)

        return self._write(command)

    def reorder_phases(self, phase_ids: list[int]) -> list[int]:
        """Put the phases in the order given; returns the previous order."""

        def command(tx: Tx) -> list[int]:
            before = [p.id for p in tx.records.phases()]
            if sorted(before) != sorted(phase_ids):
                raise InvalidInput("The new order must list every phase once.")
            tx.records.reorder("phases", phase_ids)
            tx.log("phases_reordered", {"order": phase_ids})
            tx.emit(EventKind.AGENDA_CHANGED)
            return before

        return self._write(command)

    def start_phase(self, phase_id: int | None = None) -> Phase:
        """Start ``phase_id`` (or the next phase not yet run), ending the one running now."""

        def command(tx: Tx) -> Phase:
            phases = tx.records.phases()
            running = agenda.current_phase(phases)
            target = _phase_or_raise(tx, phase_id) if phase_id is not None else agenda.next_phase(phases)
            if target is None:
                raise RuleViolation("Every phase of the agenda has run.")
            if running is not None and running.id != target.id:
                tx.records.save_phase(agenda.end(running, tx.now))
            started = agenda.start(target, tx.now)
            tx.records.save_phase(started)
            tx.log("phase_started", {"phase": started.id})
            tx.emit(EventKind.PHASE_CHANGED, phase=started.id)
            return started

        return self._write(command)

    def end_phase(self) -> Phase | None:
        """End the running phase (the room is between phases, or done)."""
        return self._change_running_phase("phase_ended", lambda p, now: agenda.end(p, now))

    def pause_phase(self) -> Phase | None:
        """Pause the running phase's countdown."""
        return self._change_running_phase("phase_paused", agenda.pause)

    def resume_phase(self) -> Phase | None:
        """Resume the running phase's countdown."""
        return self._change_running_phase("phase_resumed", agenda.resume)

    def extend_phase(self, seconds: float) -> Phase | None:
        """Add time to (or, negative, take time from) the running phase."""
        return self._change_running_phase("phase_extended", lambda p, now: agenda.extend(p, seconds))

    def _change_running_phase(self, entry_type: str, change: Any) -> Phase | None:
        def command(tx: Tx) -> Phase | None:
            running = agenda.current_phase(tx.records.phases())
            if running is None:
                raise RuleViolation("No phase is running.")
            changed: Phase = change(running, tx.now)
            tx.records.save_phase(changed)
            tx.log(entry_type, {"phase": running.id})
            tx.emit(EventKind.PHASE_CHANGED, phase=running.id)
            return changed

        return self._write(command)

    def current_phase(self) -> Phase | None:
        """The running phase, if any."""
        return agenda.current_phase(self.phases())


def _phase_or_raise(tx: Tx, phase_id: int) -> Phase:
    phase = tx.records.phase(phase_id)
    if phase is None:
        raise NotFound("There is no phase {id}.", id=phase_id)
    return phase
