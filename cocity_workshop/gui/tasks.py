"""One helper for slow jobs (PDF, bundle, opening a big file): work in a pool thread, callbacks on the GUI thread.

The function runs with data, never widgets. ``on_done``/``on_error``/``on_progress`` are called on the
GUI thread through queued signals, so they may touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_pool: QThreadPool | None = None
_alive: set[_Relay] = set()
_alive_lock = threading.Lock()


def _thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry the job's outcome back there."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, str)


class _Job(QRunnable):
    def __init__(self, func: Callable[..., Any], relay: _Relay, with_progress: bool) -> None:
        super().__init__()
        self._func = func
        self._relay = relay
        self._with_progress = with_progress

    def run(self) -> None:
        try:
            if self._with_progress:
                result = self._func(lambda fraction, message="": self._relay.progressed.emit(float(fraction), message))
            else:
                result = self._func()
        except BaseException as error:  # handed to on_error on the GUI thread
            self._relay.failed.emit(error)
        else:
            self._relay.done.emit(result)


def run_task(
    func: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> None:
    """Run ``func`` in the background; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

    With ``on_progress``, ``func`` is called with one argument, ``progress(fraction, message="")``, that it
    may call from its thread; ``on_progress`` receives it on the GUI thread.
    """
    relay = _Relay()
    with _alive_lock:
        _alive.add(relay)

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        with _alive_lock:
            _alive.discard(relay)
        relay.deleteLater()
        if callback is not None:
            callback(value)

    relay.done.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda error: finish(on_error, error))
    if on_progress is not None:
        relay.progressed.connect(on_progress)
    _thread_pool().start(_Job(func, relay, on_progress is not None))


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Wait until every background job has finished (used when the app quits and by tests)."""
    return _thread_pool().waitForDone(msecs)
