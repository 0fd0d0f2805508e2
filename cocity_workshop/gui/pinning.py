"""Keep PySide6 6.12 from crashing a long workshop on Python 3.11.

PySide6-Essentials 6.12.0 is built against headers where ``None``, ``True`` and ``False`` are immortal
(Python 3.12's PEP 683): it hands them back without taking a reference. On Python 3.11 every such call
(``signal.emit()``, ``label.setText()``, ``widget.update()``...) then drops one reference too many, and
after a few thousand calls the interpreter aborts with "deallocating None/True". Measured here: 50 calls
to ``emit()`` take 50 references off ``True``; a server under load crashes within seconds.

The remedy is what Python 3.12 does: give these singletons so many references that they can never reach
zero (2**40 calls would be needed). They are never freed anyway. On 3.12 and later nothing is done.
See docs/decisions for the record and the way out (Python 3.12, or a PySide6 built for 3.11).
"""

from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40
_done = False


def pin_singletons() -> bool:
    """Make ``None``, ``True``, ``False``, ``Ellipsis`` and ``NotImplemented`` effectively immortal on 3.11.

    Returns whether anything was done (only once per process, only before Python 3.12).
    """
    global _done
    if _done or sys.version_info >= (3, 12):
        return False
    for singleton in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every object; a Py_ssize_t.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PINNED
    _done = True
    return True
