"""Which counts may be published: the one rule for small cells, used by every table of the report and bundle.

A count of fewer than five people is never published (primary suppression). When exactly one count of a table
is hidden that way, the smallest other count is hidden too (complementary suppression): otherwise the hidden
one is the table's total (published elsewhere: the number of participants, an idea's dots from phones) minus
the counts shown. With two or more small counts hidden, the total minus the counts shown gives only their sum,
which singles out nobody.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
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


def hidden_counts(counts: Mapping[Key, int], order: Mapping[Key, int] | None = None) -> Hidden[Key]:
    """The counts of one table (key -> people) that must not be published, by the rule above.

    ``order`` breaks a tie between equally small other counts (lower first; default: the mapping's order), so
    the same table always hides the same cells.
    """
    keys = list(counts)
    rank = order if order is not None else {k: i for i, k in enumerate(keys)}
    small = frozenset(k for k in keys if is_small(counts[k]))
    withheld: frozenset[Key] = frozenset()
    if len(small) == 1:
        others = [k for k in keys if counts[k] >= SMALL_GROUP_THRESHOLD]
        if others:
            withheld = frozenset([min(others, key=lambda k: (counts[k], rank.get(k, len(rank))))])
    return Hidden(small, withheld)
