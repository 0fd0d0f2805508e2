"""The stored answer to a retried phone request: a phone that sends a change again with the same key
is told what it was told the first time, and the same key for another request is refused."""

from __future__ import annotations

from cocity_workshop.core.errors import Conflict
from cocity_workshop.i18n import N_
from cocity_workshop.session.writer import Tx

DIFFERENT_REQUEST = N_("This request key was already used for a different request.")


def stored_answer(
    tx: Tx, key: str, participant_id: int, request_hash: str, conflict: str = DIFFERENT_REQUEST
) -> str | None:
    """The answer stored for ``key`` from this participant, or ``None`` if the key is new.

    Raises ``Conflict`` with the ``conflict`` message when the key was stored for another request.
    """
    earlier = tx.records.idempotent_response(key, participant_id)
    if earlier is None:
        return None
    if earlier[0] != request_hash:
        raise Conflict(conflict)
    return earlier[1]
