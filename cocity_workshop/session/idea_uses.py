"""Use cases: ideas (from phones, the floor and paper), moderation, merging and photos."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cocity_workshop.core.actionlog import sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.event import check_idea_editable, check_shared_status
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Idea, IdeaOrigin, IdeaStatus
from cocity_workshop.core.tally import resolve_merge
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import check_photo, clean_idea_fields, idea_or_raise, participant_id_or_raise
from cocity_workshop.session.writer import Tx


def _set_status(tx: Tx, idea_id: int, status: IdeaStatus) -> IdeaStatus:
    idea = idea_or_raise(tx, idea_id)
    if idea.status is IdeaStatus.MERGED:
        raise RuleViolation("This idea was merged into another; unmerge it first.")
    check_shared_status(idea, status)
    tx.records.update_idea(idea_id, {"status": status.value})
    tx.log("idea_status", {"idea": idea_id, "status": status.value})
    tx.emit(EventKind.IDEA_CHANGED, idea=idea_id, status=status.value)
    return idea.status


def _merge(tx: Tx, source_id: int, target_id: int) -> Idea:
    source = idea_or_raise(tx, source_id)
    target = idea_or_raise(tx, target_id)
    if source.id == target.id:
        raise RuleViolation("An idea cannot be merged into itself.")
    check_idea_editable(source)  # a room's own duplicate may go into a shared idea, never the other way
    if source.status is IdeaStatus.MERGED:
        raise RuleViolation("This idea is already merged into another.")
    if resolve_merge(target.id, tx.records.merged_into_map()) == source.id or target.status is IdeaStatus.MERGED:
        raise RuleViolation("Merge into an idea that has not been merged itself.")
    tx.records.update_idea(source_id, {"status": IdeaStatus.MERGED.value, "merged_into": target_id})
    tx.log("ideas_merged", {"source": source_id, "target": target_id, "source_status": source.status.value})
    tx.emit(EventKind.IDEAS_MERGED, source=source_id, target=target_id)
    return source


def _unmerge(tx: Tx, idea_id: int, status: IdeaStatus) -> Idea:
    if status is IdeaStatus.MERGED:
        raise InvalidInput("Use merge to merge ideas.")
    idea = idea_or_raise(tx, idea_id)
    if idea.status is not IdeaStatus.MERGED:
        raise RuleViolation("This idea is not merged.")
    tx.records.update_idea(idea_id, {"status": status.value, "merged_into": None})
    tx.log("idea_unmerged", {"idea": idea_id, "status": status.value})
    tx.emit(EventKind.IDEAS_MERGED, source=idea_id, target=None)
    return idea


class IdeaUses(SessionBase):
    """The ideas board."""

    def ideas(self, *statuses: IdeaStatus) -> list[Idea]:
        """Ideas, oldest first; only those with the given statuses when any are given."""
        return self._records().ideas(statuses or None)

    def public_ideas(self) -> list[Idea]:
        """The ideas phones and the projector may show (never pending or hidden ones)."""
        return self._records().ideas([IdeaStatus.VISIBLE])

    def hidden_idea_ids(self) -> set[int]:
        """The ideas the facilitator took off the board: phones and the projector never show them."""
        return self._records().idea_ids_with_status(IdeaStatus.HIDDEN)

    def idea(self, idea_id: int) -> Idea:
        """One idea."""
        idea = self._records().idea(idea_id)
        if idea is None:
            raise NotFound("There is no idea {id}.", id=idea_id)
        return idea

    def add_idea(
        self,
        title: str,
        description: str = "",
        theme: str = "",
        *,
        origin: IdeaOrigin = IdeaOrigin.FACILITATOR,
        token: str | None = None,
        cluster_id: int | None = None,
    ) -> Idea:
        """Add an idea. Ideas from phones need the phone's token and, in youth mode, wait for approval."""
        fields = clean_idea_fields({"title": title, "description": description, "theme": theme})
        if origin is IdeaOrigin.PHONE and token is None:
            raise InvalidInput("An idea from a phone needs the phone's token.")

        def command(tx: Tx) -> Idea:
            participant_id = participant_id_or_raise(tx, token) if token is not None else None
            youth = tx.records.workshop().youth_mode
            status = IdeaStatus.PENDING if origin is IdeaOrigin.PHONE and youth else IdeaStatus.VISIBLE
            idea_id = tx.records.insert_idea(
                {
                    **fields,
                    "origin": origin.value,
                    "status": status.value,
                    "cluster_id": cluster_id,
                    "participant_id": participant_id,
                    "created_at": tx.now,
                }
            )
            if origin is not IdeaOrigin.PHONE:
                tx.log(
                    "idea_added",
                    {"idea": idea_id, "origin": origin.value, "title": sha256_hex(fields["title"])},
                )
            tx.emit(EventKind.IDEA_ADDED, idea=idea_id, status=status.value)
            return idea_or_raise(tx, idea_id)

        return self._write(command)

    def update_idea(self, idea_id: int, **changes: Any) -> Idea:
        """Edit an idea's title, description or theme; returns it as it was before, for undo."""
        clean = clean_idea_fields(changes)

        def command(tx: Tx) -> Idea:
            before = idea_or_raise(tx, idea_id)
            check_idea_editable(before)
            tx.records.update_idea(idea_id, clean)
            tx.log(
                "idea_edited",
                {"idea": idea_id, "fields": {k: sha256_hex(v) for k, v in sorted(clean.items())}},
            )
            tx.emit(EventKind.IDEA_CHANGED, idea=idea_id)
            return before

        return self._write(command)

    def set_idea_status(self, idea_id: int, status: IdeaStatus) -> IdeaStatus:
        """Approve (``VISIBLE``), hide or send back to pending; returns the previous status."""
        if status is IdeaStatus.MERGED:
            raise InvalidInput("Use merge to merge ideas.")
        return self._write(lambda tx: _set_status(tx, idea_id, status))

    def set_idea_statuses(self, statuses: Mapping[int, IdeaStatus]) -> dict[int, IdeaStatus]:
        """Give several ideas a status each, all or none; returns their previous statuses (undo passes
        them back in)."""
        if IdeaStatus.MERGED in statuses.values():
            raise InvalidInput("Use merge to merge ideas.")
        return self._write(lambda tx: {i: _set_status(tx, i, status) for i, status in statuses.items()})

    def merge_ideas(self, source_id: int, target_id: int) -> Idea:
        """Merge ``source_id`` into ``target_id``: its dots and paper dots count for the target.

        Returns the source idea as it was, so the merge can be undone with ``restore_merges``.
        """
        return self._write(lambda tx: _merge(tx, source_id, target_id))

    def merge_ideas_into(self, source_ids: Sequence[int], target_id: int) -> list[Idea]:
        """Merge several duplicates into ``target_id``, all or none; returns them as they were."""
        return self._write(lambda tx: [_merge(tx, source_id, target_id) for source_id in source_ids])

    def unmerge_idea(self, idea_id: int, status: IdeaStatus = IdeaStatus.VISIBLE) -> Idea:
        """Let a merged idea stand on its own again with ``status``; returns it as it was (still merged)."""
        return self._write(lambda tx: _unmerge(tx, idea_id, status))

    def restore_merges(self, ideas: Sequence[Idea]) -> list[Idea]:
        """Put each idea's merge back as ``ideas`` has it (undo of a merge or an unmerge), the last first.

        An idea given with a ``merged_into`` is merged into it again; one given standing alone is unmerged
        with its ``status``; one already as given is left alone. Returns the ideas as they were.
        """

        def command(tx: Tx) -> list[Idea]:
            before: list[Idea] = []
            for idea in reversed(ideas):
                now = idea_or_raise(tx, idea.id)
                before.append(now)
                if idea.merged_into is not None:
                    if now.merged_into != idea.merged_into:
                        _merge(tx, idea.id, idea.merged_into)
                elif now.status is IdeaStatus.MERGED:
                    _unmerge(tx, idea.id, idea.status)
            return before[::-1]

        return self._write(command)

    def delete_idea(self, idea_id: int) -> Idea:
        """Remove an idea for good (a mistaken entry or personal data); its text is overwritten on disk.

        Refused for ideas on a ballot or that others were merged into: hide those instead.
        """

        def command(tx: Tx) -> Idea:
            idea = idea_or_raise(tx, idea_id)
            check_idea_editable(idea)
            if tx.records.rounds_with_idea(idea_id):
                raise RuleViolation("This idea is on a ballot; hide it instead of deleting it.")
            if idea_id in tx.records.merged_into_map().values():
                raise RuleViolation("Other ideas were merged into this one; hide it instead of deleting it.")
            tx.records.delete("ideas", idea_id)
            tx.log("idea_deleted", {"idea": idea_id})
            tx.emit(EventKind.IDEA_CHANGED, idea=idea_id, deleted=True)
            return idea

        return self._write(command)

    def add_photo(self, idea_id: int, mime: str, data: bytes, width: int, height: int) -> int:
        """Attach an already re-encoded photo to an idea; returns the attachment id."""
        check_photo(mime, data)

        def command(tx: Tx) -> int:
            check_idea_editable(idea_or_raise(tx, idea_id))
            attachment_id = tx.records.insert_attachment(idea_id, mime, width, height, data)
            tx.log("photo_added", {"idea": idea_id, "attachment": attachment_id, "sha256": sha256_hex(data)})
            tx.emit(EventKind.ATTACHMENT_ADDED, idea=idea_id, attachment=attachment_id)
            return attachment_id

        return self._write(command)

    def approve_photos(self, idea_ids: Sequence[int]) -> list[int]:
        """Show the room the photos of these ideas that wait for approval; returns the photos approved."""

        def command(tx: Tx) -> list[int]:
            approved: list[int] = []
            for idea_id in idea_ids:
                idea = idea_or_raise(tx, idea_id)
                if idea.pending_attachment_ids:
                    tx.records.set_attachments_pending(idea.pending_attachment_ids, False)
                    approved += idea.pending_attachment_ids
                    tx.log("photos_approved", {"idea": idea_id, "attachments": list(idea.pending_attachment_ids)})
                    tx.emit(EventKind.IDEA_CHANGED, idea=idea_id)
            return approved

        return self._write(command)

    def withhold_photos(self, attachment_ids: Sequence[int]) -> None:
        """Make approved photos wait for approval again (undo of ``approve_photos``)."""

        def command(tx: Tx) -> None:
            if not attachment_ids:
                return
            tx.records.set_attachments_pending(attachment_ids, True)
            tx.log("photos_withheld", {"attachments": list(attachment_ids)})
            wanted = set(attachment_ids)
            ideas = {a.idea_id for a in tx.records.attachments(include_pending=True) if a.id in wanted}
            for idea_id in sorted(ideas):
                tx.emit(EventKind.IDEA_CHANGED, idea=idea_id)

        self._write(command)

    def remove_photo(self, attachment_id: int) -> None:
        """Remove a photo for good (a photo the room should not see)."""

        def command(tx: Tx) -> None:
            found = [a for a in tx.records.attachments(include_pending=True) if a.id == attachment_id]
            if not found:
                raise NotFound("There is no photo {id}.", id=attachment_id)
            check_idea_editable(idea_or_raise(tx, found[0].idea_id))
            if not tx.records.delete_attachment(attachment_id):
                raise NotFound("There is no photo {id}.", id=attachment_id)
            tx.log("photo_removed", {"idea": found[0].idea_id, "attachment": attachment_id})
            tx.emit(EventKind.IDEA_CHANGED, idea=found[0].idea_id)

        self._write(command)

    def photo(self, attachment_id: int) -> tuple[str, bytes]:
        """The MIME type and bytes of one photo."""
        found = self._records().attachment_data(attachment_id)
        if found is None:
            raise NotFound("There is no photo {id}.", id=attachment_id)
        return found
