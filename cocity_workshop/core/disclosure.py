"""Which counts may be published: the one rule for small cells, used by every table of the report and bundle.

A count of fewer than five people is never published (primary suppression). When exactly one count of a table
is hidden that way, the smallest other count is hidden too (complementary suppression): otherwise the hidden
one is the table's total (published elsewhere: the number of participants, an idea's dots from phones) minus
the counts shown. With two or more small counts hidden, the total minus the counts shown gives only their sum,
which singles out nobody.

Tables that count the same people by the same grouping (participants per stakeholder group, and each round's
voters per group) are read together: a round's voters of a group are at most its participants, so a group
hidden in one table but shown in another could be narrowed down to one number. Such tables hide the same
groups (``hidden_across``): a group hidden in one of them is hidden in every one it appears in, and each
still hides two or none. A stakeholder group that is the very same people as an age band in one of these
tables (the youth club is everyone under 18) is hidden or shown with it (decision 0055).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Generic, TypeVar

#: Groups with fewer participants than this are never shown on their own.
SMALL_GROUP_THRESHOLD = 5

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Hidden(Generic[Key]):
    """The keys of a table whose counts must not be published."""

    small: frozenset[Key]  # fewer than five
    withheld: frozenset[Key]  # large enough, hidden so that a small one cannot be worked out

    def __contains__(self, key: object) -> bool:
        return key in self.small or key in self.withheld


def is_small(count: int) -> bool:
    """Whether a count of people is too small to publish (zero is not: it reveals nobody)."""
    return 0 < count < SMALL_GROUP_THRESHOLD


def hidden_counts(
    counts: Mapping[Key, int], order: Mapping[Key, int] | None = None, also: Set[Key] = frozenset()
) -> Hidden[Key]:
    """The counts of one table (key -> people) that must not be published, by the rule above.

    ``also`` are keys hidden in a table read together with this one (``hidden_across``); those counted here
    are hidden here too. ``order`` breaks a tie between equally small other counts (lower first; default: the
    mapping's order), so the same table always hides the same cells.
    """
    keys = list(counts)
    rank = order if order is not None else {k: i for i, k in enumerate(keys)}
    small = frozenset(k for k in keys if is_small(counts[k]))
    withheld = frozenset(k for k in keys if k in also and counts[k] > 0) - small
    if len(small | withheld) == 1:
        others = [k for k in keys if counts[k] >= SMALL_GROUP_THRESHOLD and k not in withheld]
        if others:
            withheld |= {min(others, key=lambda k: (counts[k], rank.get(k, len(rank))))}
    return Hidden(small, withheld)


def hidden_across(
    tables: Sequence[Mapping[Key, int]], order: Mapping[Key, int] | None = None, also: Set[Key] = frozenset()
) -> frozenset[Key]:
    """The keys to hide in every one of ``tables``, which count the same people by the same grouping.

    Starting from each table's own rule (and ``also``, keys hidden for a reason outside these tables), a key
    hidden in one table is hidden in all, and a table left with a single hidden count hides its smallest other
    one too, until nothing changes (at most once per key).
    """
    keys = {k for table in tables for k in table}
    hidden: frozenset[Key] = frozenset(also)
    for _ in range(len(keys) + 1):
        found = hidden.union(*(_keys(hidden_counts(table, order, hidden)) for table in tables))
        if found == hidden:
            break
        hidden = found
    return hidden


def _keys(hidden: Hidden[Key]) -> frozenset[Key]:
    return hidden.small | hidden.withheld


def combined_counts(tables: Sequence[Mapping[Key, int | None]]) -> dict[Key, int | None]:
    """Add up tables that were each published by the rule above (``None``: a count not shown), cell by cell.

    A cell of the sum is shown only when every table showed its part: the sum of shown parts (each zero or five
    and more) tells nothing the tables did not. A cell any table hid stays hidden, since the sum minus the parts
    shown would be the hidden part. A part under five (which a table never shows) counts as hidden. Keys come in
    the order first seen.
    """
    combined: dict[Key, int | None] = {}
    for table in tables:
        for key, part in table.items():
            so_far = combined.get(key, 0)
            combined[key] = None if so_far is None or part is None or is_small(part) else so_far + part
    return combined
