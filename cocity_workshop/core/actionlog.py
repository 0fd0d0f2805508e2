"""The hash-chained log of facilitator actions and round closings.

Each entry hashes its height, the previous entry's hash, its type and the hash of its canonical JSON
payload. The head hash is the workshop's fingerprint: change, drop or reorder any entry and every later
hash changes, so the report's fingerprint no longer matches the bundle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cocity_workshop.core.model import LogEntry

GENESIS_HASH = "0" * 64


def canonical_json(payload: Mapping[str, Any]) -> str:
    """The one JSON spelling of ``payload`` that its hash is computed from."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_counts(counts: Mapping[int, int]) -> str:
    """``canonical_json`` of whole numbers by id, e.g. ``{"12":2,"3":1}``, spelled directly.

    A ballot's dots are spelled several times on the voting hot path; ``json.dumps`` with options builds
    an encoder each time and costs several times more. Anything but plain ``int`` keys and values (a
    ``bool``, say) takes the general path, so the spelling is always exactly ``canonical_json``'s.
    """
    if all(type(k) is int and type(v) is int for k, v in counts.items()):
        return "{" + ",".join(sorted(f'"{k:d}":{v:d}' for k, v in counts.items())) + "}"
    return canonical_json({str(k): v for k, v in counts.items()})


def sha256_hex(data: str | bytes) -> str:
    """SHA-256 of ``data`` (text is UTF-8) as lowercase hex."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def entry_hash(height: int, prev_hash: str, entry_type: str, payload_hash: str) -> str:
    """The hash of one log entry."""
    return sha256_hex(f"{height}\n{prev_hash}\n{entry_type}\n{payload_hash}")


def make_entry(previous: LogEntry | None, entry_type: str, payload: Mapping[str, Any], at: float) -> LogEntry:
    """The entry that follows ``previous`` (or starts the chain)."""
    height = 1 if previous is None else previous.height + 1
    prev_hash = GENESIS_HASH if previous is None else previous.hash
    text = canonical_json(payload)
    payload_hash = sha256_hex(text)
    return LogEntry(
        height=height,
        prev_hash=prev_hash,
        type=entry_type,
        payload_hash=payload_hash,
        hash=entry_hash(height, prev_hash, entry_type, payload_hash),
        at=at,
        payload=text,
    )


@dataclass(frozen=True)
class ChainProblem:
    """Where the chain breaks and how."""

    height: int
    reason: str


def verify_chain(entries: Iterable[LogEntry]) -> list[ChainProblem]:
    """Check every link; an empty list means the chain is intact."""
    problems: list[ChainProblem] = []
    expected_height = 1
    prev_hash = GENESIS_HASH
    for entry in entries:
        if entry.height != expected_height:
            problems.append(ChainProblem(entry.height, f"expected entry {expected_height}, found {entry.height}"))
        if entry.prev_hash != prev_hash:
            problems.append(ChainProblem(entry.height, "does not follow the entry before it"))
        if entry.payload and sha256_hex(entry.payload) != entry.payload_hash:
            problems.append(ChainProblem(entry.height, "payload does not match its hash"))
        if entry_hash(entry.height, entry.prev_hash, entry.type, entry.payload_hash) != entry.hash:
            problems.append(ChainProblem(entry.height, "entry hash is wrong"))
        prev_hash = entry.hash
        expected_height = entry.height + 1
    return problems


def fingerprint(entries: Iterable[LogEntry]) -> str:
    """The head hash of the chain (the genesis hash for an empty log)."""
    head = GENESIS_HASH
    for entry in entries:
        head = entry.hash
    return head


def ballots_digest(ballots: Iterable[tuple[int, Mapping[int, int]]]) -> str:
    """A hash over a round's anonymous ballots in sorted order (for the round-closing entry).

    Each ballot is its allocation alone (no participant, time or order), so the city bundle's anonymous
    ballots can be checked against the log.
    """
    lines = sorted(canonical_counts(dots) for _, dots in ballots)
    return sha256_hex("\n".join(lines))
