"""The key a phone sends with every change, so that a retry is stored once and answered the same way."""

from __future__ import annotations

from cocity_workshop.core.errors import InvalidInput

#: Shortest and longest request key a phone may send.
MIN_REQUEST_KEY = 8
MAX_REQUEST_KEY = 100


def request_key_length_ok(key: str) -> bool:
    """Whether ``key`` is 8 to 100 characters long (the server and the session both hold keys to this)."""
    return MIN_REQUEST_KEY <= len(key) <= MAX_REQUEST_KEY


def check_request_key(key: object) -> str:
    """``key`` when it is a string of an allowed length, else ``InvalidInput``."""
    if not isinstance(key, str) or not request_key_length_ok(key):
        raise InvalidInput("The request key must be 8 to 100 characters long.")
    return key
