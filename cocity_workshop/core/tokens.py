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


def token_hash(token: str) -> str:
    """What the workshop file stores instead of a participant's token."""
    return hashlib.sha256(b"cocity-participant\0" + token.encode("utf-8")).hexdigest()
