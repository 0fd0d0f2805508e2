"""Participant tokens and workshop secrets: random, and stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 24  # 192 bits
SECRET_BYTES = 18  # 144 bits, URL-safe in 24 characters


def new_token() -> str:
    """A fresh anonymous participant token (kept by the phone only)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_secret() -> str:
    """A fresh workshop secret for the join URL or the projector feed (at least 128 random bits)."""
    return secrets.token_urlsafe(SECRET_BYTES)


#: Letters and digits of an event-wide ticket's code: no 0/o, 1/l/i, so it can be typed from the card.
TICKET_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TICKET_LENGTH = 16  # about 79 bits


def new_ticket_code() -> str:
    """A fresh code for an event-wide ticket (typed on the phone, so lowercase and unambiguous)."""
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def typed_ticket(code: str) -> str:
    """A ticket code as typed (any case, spaces or hyphens between groups) in the form it was made in."""
    return "".join(code.split()).replace("-", "").lower()


def token_hash(token: str) -> str:
    """What the workshop file stores instead of a participant's token."""
    return hashlib.sha256(b"cocity-participant\0" + token.encode("utf-8")).hexdigest()
