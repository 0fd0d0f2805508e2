"""Keeping the garbage collector's pauses short while the server is busy.

CPython's full collections walk every object in the process. With Qt, the workshop and the server loaded
that is about 70,000 objects, and a full collection during a vote storm held the interpreter lock for up
to 60 ms: every phone's answer and the facilitator's window waited for it. The objects alive when
the server starts live about as long as the app, so they are moved out of the collector's sight once;
the collections that remain only walk what was created since. (Raising the collection thresholds as well
was measured and made the pauses longer, so CPython's defaults stay.)
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Collect once, then move every surviving object into the permanent generation.

    Safe to call again (each call freezes what was created since). Frozen objects are never freed by the
    cycle collector, which suits the app's long-lived ones; reference counting still frees the rest.
    """
    gc.collect()
    gc.freeze()
