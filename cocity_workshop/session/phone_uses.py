"""Use cases for the participant server: ideas and photos from phones, safe to retry, and public reads.

A phone keeps an unsent idea in its outbox and sends it again with the same idempotency key until it
hears back; these commands answer a replay with the stored response instead of adding the idea twice.
The server queues them with ``submit_then`` and is handed the answer after the commit, so its event loop
never waits on SQLite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cocity_workshop.core import tokens
from cocity_workshop.core.actionlog import canonical_json, sha256_hex
from cocity_workshop.core.errors import InvalidInput, NotFound, RuleViolation
from cocity_workshop.core.events import EventKind
from cocity_workshop.core.model import Ballot, IdeaOrigin, IdeaStatus
from cocity_workshop.core.request_keys import check_request_key
from cocity_workshop.session.base import SessionBase
from cocity_workshop.session.checks import check_photo, clean_idea_fields, participant_id_or_raise
from cocity_workshop.session.replays import stored_answer
from cocity_workshop.session.writer import Tx

#: Most photos one idea can carry from a phone.
MAX_PHOTOS_PER_IDEA = 3
#: Most ideas one phone can submit (a generous bound against scripted floods).
MAX_IDEAS_PER_PARTICIPANT = 50


@dataclass(frozen=True)
class PhoneIdeaReceipt:
    """What a phone is told after its idea is stored."""

    idea_id: int
    status: str  # "visible", or "pending" when it waits for the facilitator's approval

    def to_json(self) -> str:
        """The receipt as stored for replays."""
        return canonical_json({"idea_id": self.idea_id, "status": self.status})

    @classmethod
    def from_json(cls, text: str) -> PhoneIdeaReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        return cls(int(data["idea_id"]), str(data["status"]))


@dataclass(frozen=True)
class PhonePhotoReceipt:
    """What a phone is told after its photo is stored."""

    attachment_id: int
    idea_id: int

    def to_json(self) -> str:
        """The receipt as stored for replays."""
        return canonical_json({"attachment_id": self.attachment_id, "idea_id": self.idea_id})

    @classmethod
    def from_json(cls, text: str) -> PhonePhotoReceipt:
        """Read a stored receipt back."""
        data = json.loads(text)
        return cls(int(data["attachment_id"]), int(data["idea_id"]))


@dataclass(frozen=True)
class PhoneIdeaCommand:
    """Store an idea from a phone once, however often the phone sends it."""

    token: str
    fields: dict[str, str]
    idempotency_key: str

    def __call__(self, tx: Tx) -> PhoneIdeaReceipt:
        key = f"idea:{self.idempotency_key}"
        request_hash = sha256_hex(canonical_json(self.fields))
        participant_id = participant_id_or_raise(tx, self.token)  # first: a key is only this phone's
        stored = stored_answer(tx, key, participant_id, request_hash)
        if stored is not None:
            return PhoneIdeaReceipt.from_json(stored)
        if tx.records.idea_count_from(participant_id) >= MAX_IDEAS_PER_PARTICIPANT:
            raise RuleViolation("You have already sent the most ideas one phone can send.")
        workshop = tx.records.workshop()
        theme = self.fields.get("theme", "")
        if theme and theme not in workshop.themes:
            # A phone picks from the workshop's themes (or none); free text would invent chips on the projector.
            raise InvalidInput("Choose one of the workshop's themes, or none.")
        status = IdeaStatus.PENDING if workshop.youth_mode else IdeaStatus.VISIBLE
        idea_id = tx.records.insert_idea(
            {
                **self.fields,
                "origin": IdeaOrigin.PHONE.value,
                "status": status.value,
                "cluster_id": None,
                "participant_id": participant_id,
                "created_at": tx.now,
            }
        )
        receipt = PhoneIdeaReceipt(idea_id, status.value)
        tx.records.remember_response(key, participant_id, request_hash, receipt.to_json())
        tx.emit(EventKind.IDEA_ADDED, idea=idea_id, status=status.value)
        return receipt


@dataclass(frozen=True)
class PhonePhotoCommand:
    """Attach an (already re-encoded) photo to the phone's own idea, once."""

    token: str
    idea_id: int
    mime: str
    data: bytes
    width: int
    height: int
    idempotency_key: str

    def __call__(self, tx: Tx) -> PhonePhotoReceipt:
        key = f"photo:{self.idempotency_key}"
        request_hash = sha256_hex(f"{self.idea_id}:{self.mime}:".encode() + self.data)
        participant_id = participant_id_or_raise(tx, self.token)  # first: a key is only this phone's
        stored = stored_answer(tx, key, participant_id, request_hash)
        if stored is not None:
            return PhonePhotoReceipt.from_json(stored)
        idea = tx.records.idea(self.idea_id)
        if idea is None or idea.participant_id != participant_id:
            raise NotFound("You can add a photo only to an idea you sent.")
        if len(idea.attachment_ids) + len(idea.pending_attachment_ids) >= MAX_PHOTOS_PER_IDEA:
            raise RuleViolation(
                "An idea can have at most {count} photo.",
                plural="An idea can have at most {count} photos.",
                count=MAX_PHOTOS_PER_IDEA,
            )
        # In youth mode every photo waits for the facilitator, whatever its idea's state: an approved idea
        # must not carry a photo the room has not been shown by the facilitator.
        pending = tx.records.workshop().youth_mode
        attachment_id = tx.records.insert_attachment(
            self.idea_id, self.mime, self.width, self.height, self.data, pending=pending
        )
        receipt = PhonePhotoReceipt(attachment_id, self.idea_id)
        tx.records.remember_response(key, participant_id, request_hash, receipt.to_json())
        tx.emit(EventKind.ATTACHMENT_ADDED, idea=self.idea_id, attachment=attachment_id)
        return receipt


class PhoneUses(SessionBase):
    """What the participant server needs beyond the facilitator's use cases."""

    def phone_idea_command(
        self, token: str, title: str, description: str, theme: str, idempotency_key: str
    ) -> PhoneIdeaCommand:
        """A command that stores a phone's idea (cleaned, capped) once per idempotency key."""
        fields = clean_idea_fields({"title": title, "description": description, "theme": theme})
        return PhoneIdeaCommand(token, fields, check_request_key(idempotency_key))

    def phone_photo_command(
        self, token: str, idea_id: int, mime: str, data: bytes, width: int, height: int, idempotency_key: str
    ) -> PhonePhotoCommand:
        """A command that attaches a re-encoded photo to the phone's own idea once per idempotency key."""
        check_photo(mime, data)
        return PhonePhotoCommand(token, idea_id, mime, data, width, height, check_request_key(idempotency_key))

    def participant_id_for_token(self, token: str) -> int | None:
        """The participant id a phone's token belongs to (one indexed read), or ``None``."""
        return self._records().participant_id(tokens.token_hash(token))

    def ballot_of(self, participant_id: int, round_id: int) -> Ballot | None:
        """A participant's stored ballot in a round."""
        return self._records().ballot(round_id, participant_id)

    def public_photo(self, attachment_id: int) -> tuple[str, bytes]:
        """A photo's MIME type and bytes, only if its idea is visible to the room and the photo is not waiting
        for approval."""
        records = self._records()
        for idea in records.ideas([IdeaStatus.VISIBLE]):
            if attachment_id in idea.attachment_ids:
                found = records.attachment_data(attachment_id)
                if found is not None:
                    return found
        raise NotFound("There is no photo {id}.", id=attachment_id)
