"""Use cases: stakeholder groups, age bands, anonymous participants, joining and tickets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cocity_workshop.core import tokens
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import AgeBand, Participant, StakeholderGroup
from cocity_workshop.core.text import NAME_MAX, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import participant_id_or_raise
from cocity_workshop.session.restoring import put_back
from cocity_workshop.session.writer import Tx
from cocity_workshop.store import Records, UsedTicket

#: What the facilitator counts participants by: a stakeholder group or an age band.
Counted = TypeVar("Counted", StakeholderGroup, AgeBand)


@dataclass(frozen=True)
class JoiningState:
    """Whether phones can join right now, and how many have."""

    open: bool
    headcount_cap: int | None
    ticket_mode: bool
    joined: int
    #: One tablet or laptop passed from person to person: after voting, "Next person" on the phone page.
    shared_device: bool = False


@dataclass(frozen=True)
class JoinResult:
    """A new participant: the token goes to the phone, only its hash stays in the file."""

    token: str
    participant: Participant


@dataclass(frozen=True)
class JoinCommand:
    """Admit one new anonymous participant (with ``ticket`` in ticket mode), inside the writer's transaction.

    A plain value, like every command the participant server sends, so it can cross to the writer from
    the server's own process (``server/channel.py``).
    """

    ticket: str | None = None

    def __call__(self, tx: Tx) -> JoinResult:
        settings = tx.records.workshop_settings()
        if not settings["joining_open"]:
            raise RuleViolation("Joining is closed at the moment. Ask the facilitator.")
        cap = settings["headcount_cap"]
        if cap is not None and tx.records.participant_count() >= cap:
            raise RuleViolation("The workshop is full. Ask the facilitator.")
        minute = int(tx.now // 60)
        used = _use_ticket(tx, self.ticket, minute) if settings["ticket_mode"] else None
        if settings["ticket_mode"] and used is None:
            raise RuleViolation("This workshop needs a ticket, and this one is not valid or already used.")
        token = tokens.new_token()
        event_ticket = used.ticket_id if used is not None and used.shared else None
        participant_id = tx.records.insert_participant(tokens.token_hash(token), minute, event_ticket)
        joined = tx.records.participant_count()
        tx.emit(EventKind.PARTICIPANT_JOINED, joined=joined)
        return JoinResult(token, Participant(participant_id, joined_minute=minute))


@dataclass(frozen=True)
class ProfileCommand:
    """Store a participant's optional self-declared group and age band, inside the writer's transaction."""

    token: str
    group_id: int | None
    age_band_id: int | None

    def __call__(self, tx: Tx) -> Participant:
        participant_id = participant_id_or_raise(tx, self.token)
        if self.group_id is not None and self.group_id not in {g.id for g in tx.records.groups()}:
            raise NotFound("Unknown group.")
        if self.age_band_id is not None and self.age_band_id not in {b.id for b in tx.records.age_bands()}:
            raise NotFound("Unknown age band.")
        tx.records.update_participant(participant_id, self.group_id, self.age_band_id)
        tx.emit(EventKind.PARTICIPANT_UPDATED, participant=participant_id)
        participant = tx.records.participant(participant_id)
        assert participant is not None
        return participant


class PeopleUses(SessionBase):
    """Who takes part, counted anonymously."""

    # -- groups and age bands -----------------------------------------------------------------
    def groups(self) -> list[StakeholderGroup]:
        """The stakeholder groups being counted."""
        return self._records().groups()

    def age_bands(self) -> list[AgeBand]:
        """The age bands being counted."""
        return self._records().age_bands()

    def add_group(self, name: str) -> StakeholderGroup:
        """Count one more stakeholder group."""
        name = required_text(name, max_length=NAME_MAX, what=_("The group name"))

        def command(tx: Tx) -> StakeholderGroup:
            group_id = tx.records.insert_group(name)
            tx.log("group_added", {"group": group_id})
            tx.emit(EventKind.GROUPS_CHANGED)
            return next(g for g in tx.records.groups() if g.id == group_id)

        return self._write(command)

    def add_age_band(self, label: str) -> AgeBand:
        """Count one more age band."""
        label = required_text(label, max_length=NAME_MAX, what=_("The age band"))

        def command(tx: Tx) -> AgeBand:
            band_id = tx.records.insert_age_band(label)
            tx.log("age_band_added", {"age_band": band_id})
            tx.emit(EventKind.GROUPS_CHANGED)
            return next(b for b in tx.records.age_bands() if b.id == band_id)

        return self._write(command)

    def rename_group(self, group_id: int, name: str) -> str:
        """Rename a stakeholder group; returns the old name."""
        return self._rename("stakeholder_groups", "name", group_id, name, _("The group name"))

    def rename_age_band(self, band_id: int, label: str) -> str:
        """Rename an age band; returns the old label."""
        return self._rename("age_bands", "label", band_id, label, _("The age band"))

    def _rename(self, table: str, column: str, row_id: int, value: str, what: str) -> str:
        value = required_text(value, max_length=NAME_MAX, what=what)

        def command(tx: Tx) -> str:
            rows = tx.records.groups() if table == "stakeholder_groups" else tx.records.age_bands()
            before = next((getattr(r, column) for r in rows if r.id == row_id), None)
            if before is None:
                raise NotFound("There is no such group or age band.")
            tx.records.rename(table, column, row_id, value)
            tx.log(f"{table}_renamed", {"id": row_id})
            tx.emit(EventKind.GROUPS_CHANGED)
            return str(before)

        return self._write(command)

    def remove_group(self, group_id: int) -> StakeholderGroup:
        """Stop counting a group (participants who chose it become "not said"); returns it, for undo."""
        return self._remove_row("stakeholder_groups", group_id, Records.groups)

    def remove_age_band(self, band_id: int) -> AgeBand:
        """Stop counting an age band (participants who chose it become "not said"); returns it, for undo."""
        return self._remove_row("age_bands", band_id, Records.age_bands)

    def restore_group(self, group: StakeholderGroup) -> StakeholderGroup:
        """Count a removed group again, at its place with its id (undo of ``remove_group``); participants
        who had chosen it stay "not said"."""
        name = required_text(group.name, max_length=NAME_MAX, what=_("The group name"))
        values = {"id": group.id, "name": name, "position": group.position}
        return self._restore_row("stakeholder_groups", values, Records.groups)

    def restore_age_band(self, band: AgeBand) -> AgeBand:
        """Count a removed age band again, at its place with its id (undo of ``remove_age_band``)."""
        label = required_text(band.label, max_length=NAME_MAX, what=_("The age band"))
        values = {"id": band.id, "label": label, "position": band.position}
        return self._restore_row("age_bands", values, Records.age_bands)

    def _remove_row(self, table: str, row_id: int, rows: Callable[[Records], list[Counted]]) -> Counted:
        def command(tx: Tx) -> Counted:
            row = next((r for r in rows(tx.records) if r.id == row_id), None)
            if row is None:
                raise NotFound("There is no such group or age band.")
            tx.records.delete(table, row_id)
            tx.log(f"{table}_removed", {"id": row_id})
            tx.emit(EventKind.GROUPS_CHANGED)
            return row

        return self._write(command)

    def _restore_row(self, table: str, values: dict[str, object], rows: Callable[[Records], list[Counted]]) -> Counted:
        def command(tx: Tx) -> Counted:
            put_back(tx, table, values)
            tx.log(f"{table}_restored", {"id": values["id"]})
            tx.emit(EventKind.GROUPS_CHANGED)
            return next(r for r in rows(tx.records) if r.id == values["id"])

        return self._write(command)

    # -- joining -------------------------------------------------------------------------------
    def joining(self) -> JoiningState:
        """Whether joining is open, the cap, ticket mode and how many joined."""
        records = self._records()
        settings = records.workshop_settings()
        return JoiningState(
            open=bool(settings["joining_open"]),
            headcount_cap=settings["headcount_cap"],
            ticket_mode=bool(settings["ticket_mode"]),
            joined=records.participant_count(),
            shared_device=bool(settings["shared_device"]),
        )

    def set_joining(
        self,
        *,
        open: bool | None = None,
        headcount_cap: int | bool | None = False,
        ticket_mode: bool | None = None,
        shared_device: bool | None = None,
    ) -> JoiningState:
        """Open or close joining, set the headcount cap (``None`` for no cap), ticket mode or shared-device mode.

        Arguments left out keep their value. Returns the state as it was before, for undo.
        """
        if (
            headcount_cap is not False
            and headcount_cap is not None
            and (not isinstance(headcount_cap, int) or headcount_cap < 1)
        ):
            raise InvalidInput("The headcount cap must be a number of at least 1.")

        def command(tx: Tx) -> JoiningState:
            settings = tx.records.workshop_settings()
            before = JoiningState(
                bool(settings["joining_open"]),
                settings["headcount_cap"],
                bool(settings["ticket_mode"]),
                tx.records.participant_count(),
                bool(settings["shared_device"]),
            )
            changes: dict[str, object] = {}
            if open is not None:
                changes["joining_open"] = int(open)
            if headcount_cap is not False:
                changes["headcount_cap"] = headcount_cap
            if ticket_mode is not None:
                changes["ticket_mode"] = int(ticket_mode)
            if shared_device is not None:
                changes["shared_device"] = int(shared_device)
            tx.records.update_workshop(changes)
            tx.log("joining_changed", {k: v for k, v in sorted(changes.items())})
            tx.emit(EventKind.JOINING_CHANGED)
            return before

        return self._write(command)

    def join(self, ticket: str | None = None) -> JoinResult:
        """Admit a new anonymous participant, if joining is open and the cap allows.

        In ticket mode a printed ticket's code is required and admits one phone, once.
        """
        return self._write(self.join_command(ticket))

    def join_command(self, ticket: str | None = None) -> JoinCommand:
        """The command ``join`` runs, for callers that submit it to the writer themselves (the server, so
        that phones joining at once share a commit)."""
        return JoinCommand(ticket)

    def participant_for_token(self, token: str) -> Participant | None:
        """The participant a phone's token belongs to, if it is one of ours."""
        records = self._records()
        participant_id = records.participant_id(tokens.token_hash(token))
        return records.participant(participant_id) if participant_id is not None else None

    def set_profile(self, token: str, group_id: int | None, age_band_id: int | None) -> Participant:
        """Store a participant's optional self-declared group and age band."""
        return self._write(self.profile_command(token, group_id, age_band_id))

    def profile_command(self, token: str, group_id: int | None, age_band_id: int | None) -> ProfileCommand:
        """The command ``set_profile`` runs, for callers that submit it to the writer themselves (the server)."""
        return ProfileCommand(token, group_id, age_band_id)

    def participants(self) -> list[Participant]:
        """Everyone who joined (anonymous)."""
        return self._records().participants()

    def create_tickets(self, count: int) -> list[str]:
        """Make ``count`` single-use ticket codes (only their hashes are stored) and turn on ticket mode."""
        if not 1 <= count <= 1000:
            raise InvalidInput("Between 1 and 1000 tickets can be printed at once.")

        def command(tx: Tx) -> list[str]:
            codes = [tokens.new_secret() for _ in range(count)]
            for code in codes:
                tx.records.insert_ticket(tokens.token_hash(code))
            tx.records.update_workshop({"ticket_mode": 1})
            tx.log("tickets_created", {"count": count})
            tx.emit(EventKind.JOINING_CHANGED)
            return codes

        return self._write(command)

    def rotate_join_secret(self) -> str:
        """Replace the join secret (a code leaked): old QR codes stop admitting new phones."""

        def command(tx: Tx) -> str:
            secret = tokens.new_secret()
            tx.records.update_workshop({"join_secret": secret})
            tx.log("join_secret_rotated", {})
            tx.emit(EventKind.JOINING_CHANGED)
            return secret

        return self._write(command)

    def hosting(self) -> dict[str, object]:
        """The secrets and the stable port the participant server uses for this workshop."""
        settings = self._records().workshop_settings()
        return {k: settings[k] for k in ("join_secret", "projector_secret", "port")}


def _use_ticket(tx: Tx, ticket: str | None, minute: int) -> UsedTicket | None:
    """Use the ticket ``ticket`` (as printed, or an event-wide ticket's code as typed: any case, with spaces)."""
    if not ticket:
        return None
    used = tx.records.use_ticket(tokens.token_hash(ticket), minute)
    typed = tokens.typed_ticket(ticket)
    if used is None and typed != ticket:
        used = tx.records.use_ticket(tokens.token_hash(typed), minute)
    return used
