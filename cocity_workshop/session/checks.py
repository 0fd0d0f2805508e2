"""What the use cases of several modules check inside a command, written once.

A command that names a row by id looks it up with one of the ``*_or_raise`` helpers (it raises
``NotFound`` with the message the facilitator or the phone sees); ideas' fields and photos are checked
the same way whether they come from the app or from a phone. A helper only one module needs stays
private there; the second module that needs it moves it here.
"""

from __future__ import annotations

from typing import Any

from cocity_workshop.core import tokens
from cocity_workshop.core.errors import InvalidInput, NotFound
from cocity_workshop.core.model import Action, Cluster, Idea, VoteRound
from cocity_workshop.core.text import DESCRIPTION_MAX, THEME_MAX, TITLE_MAX, clean_text, required_text
from cocity_workshop.i18n import _
from cocity_workshop.session.writer import Tx

#: The largest photo the workshop keeps (phones and the app re-encode to fit).
MAX_PHOTO_BYTES = 2 * 1024 * 1024
#: The kinds of image a photo can be.
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


def participant_id_or_raise(tx: Tx, token: str) -> int:
    """The id of the participant whose phone holds ``token``."""
    participant_id = tx.records.participant_id(tokens.token_hash(token))
    if participant_id is None:
        raise NotFound("This phone is not part of the workshop yet. Scan the QR code again.")
    return participant_id


def idea_or_raise(tx: Tx, idea_id: int) -> Idea:
    """The idea ``idea_id``."""
    idea = tx.records.idea(idea_id)
    if idea is None:
        raise NotFound("There is no idea {id}.", id=idea_id)
    return idea


def cluster_or_raise(tx: Tx, cluster_id: int) -> Cluster:
    """The cluster ``cluster_id``."""
    cluster = next((c for c in tx.records.clusters() if c.id == cluster_id), None)
    if cluster is None:
        raise NotFound("There is no cluster {id}.", id=cluster_id)
    return cluster


def round_or_raise(tx: Tx, round_id: int) -> VoteRound:
    """The vote round ``round_id``."""
    vote_round = tx.records.vote_round(round_id)
    if vote_round is None:
        raise NotFound("There is no vote round {id}.", id=round_id)
    return vote_round


def action_or_raise(tx: Tx, action_id: int) -> Action:
    """The action ``action_id``, with its milestones and go-official steps."""
    action = next((a for a in tx.records.actions() if a.id == action_id), None)
    if action is None:
        raise NotFound("There is no action {id}.", id=action_id)
    return action


def clean_idea_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """An idea's title, description and theme as stored: cleaned, within their lengths, a title required."""
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            clean[name] = required_text(value, max_length=TITLE_MAX, what=_("The idea's title"))
        elif name == "description":
            clean[name] = clean_text(value, max_length=DESCRIPTION_MAX, multiline=True)
        elif name == "theme":
            clean[name] = clean_text(value, max_length=THEME_MAX)
        else:
            raise InvalidInput("Unknown idea field {name}.", name=name)
    return clean


def check_photo(mime: str, data: bytes) -> None:
    """Refuse a photo of another kind than ``PHOTO_TYPES``, an empty one, or one over ``MAX_PHOTO_BYTES``."""
    if mime not in PHOTO_TYPES:
        raise InvalidInput("Photos must be JPEG, PNG or WebP images.")
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("The photo is too large (at most 2 MB after resizing).")
