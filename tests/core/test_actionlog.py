"""The hash-chained action log detects changed, dropped and reordered entries."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from cocity_workshop.core.actionlog import (
    GENESIS_HASH,
    ballots_digest,
    canonical_counts,
    canonical_json,
    fingerprint,
    make_entry,
    sha256_hex,
    verify_chain,
)
from cocity_workshop.core.model import LogEntry


def _chain(n: int) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for i in range(n):
        entries.append(make_entry(entries[-1] if entries else None, "step", {"i": i}, at=1000.0 + i))
    return entries


def test_intact_chain_verifies_and_fingerprint_is_the_head() -> None:
    """A chain built link by link verifies; the fingerprint is the last hash."""
    chain = _chain(5)
    assert verify_chain(chain) == []
    assert fingerprint(chain) == chain[-1].hash
    assert fingerprint([]) == GENESIS_HASH


def test_changed_payload_is_detected() -> None:
    """Editing an entry's payload breaks its payload hash."""
    chain = _chain(4)
    chain[2] = replace(chain[2], payload='{"i":99}')
    assert [p.height for p in verify_chain(chain)] == [3]


def test_dropped_entry_is_detected() -> None:
    """Deleting an entry breaks the heights and the link of the next one."""
    chain = _chain(4)
    del chain[1]
    problems = verify_chain(chain)
    assert problems and problems[0].height == 3


def test_rehashed_forgery_still_breaks_the_next_link() -> None:
    """Recomputing one entry's hashes after a change is caught by the following entry."""
    chain = _chain(3)
    forged = make_entry(chain[0], "step", {"i": 42}, at=0)
    chain[1] = forged
    assert [p.height for p in verify_chain(chain)] == [3]


def test_ballots_digest_ignores_order_and_participants() -> None:
    """The digest depends only on the multiset of allocations."""
    a = ballots_digest([(1, {1: 2, 3: 1}), (2, {2: 1})])
    b = ballots_digest([(7, {2: 1}), (9, {3: 1, 1: 2})])
    assert a == b
    assert a != ballots_digest([(1, {1: 2, 3: 1}), (2, {2: 2})])
    assert sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@given(st.dictionaries(st.integers(-(2**40), 2**40), st.integers(-(2**40), 2**40) | st.booleans(), max_size=12))
def test_counts_are_spelled_exactly_as_canonical_json(counts: dict[int, int]) -> None:
    """The direct spelling of dots by id is canonical_json's, byte for byte (keys sorted as text)."""
    expected = canonical_json({str(k): v for k, v in counts.items()})
    assert canonical_counts(counts) == expected
    assert json.loads(canonical_counts(counts)) == {str(k): v for k, v in counts.items()}
