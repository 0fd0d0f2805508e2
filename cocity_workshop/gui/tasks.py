"""One helper for slow jobs (PDF, bundle, opening a big file): work in a pool thread, callbacks on the GUI thread.

The function runs with data, never widgets. ``on_done``/``on_error``/``on_progress`` are called on the
GUI thread through queued signals, so they may touch widgets.

The pool is Python's own ``ThreadPoolExecutor``, not ``QThreadPool``: handing a job to ``QThreadPool``
lets go of the interpreter lock, and while phones vote the participant server's threads then keep the
GUI thread waiting for it again (measured: about a millisecond per job, several under full load).
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

_pool: concurrent.futures.ThreadPoolExecutor | None = None
_running: set[concurrent.futures.Future[None]] = set()
_alive: set[_Relay] = set()
_alive_lock = threading.Lock()


def _thread_pool() -> concurrent.futures.ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="cocity-task")
    return _pool


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry the job's outcome back there."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, str)


def _run_job(func: Callable[..., Any], relay: _Relay, with_progress: bool) -> None:
    """The pool thread's side: run ``func`` and hand the outcome to ``relay`` (queued to the GUI thread)."""
    try:
        if with_progress:
            result = func(lambda fraction, message="": relay.progressed.emit(float(fraction), message))
        else:
            result = func()
    except BaseException as error:  # handed to on_error on the GUI thread
        relay.failed.emit(error)
    else:
        relay.done.emit(result)


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
    future = _thread_pool().submit(_run_job, func, relay, on_progress is not None)
    with _alive_lock:
        _running.add(future)
    future.add_done_callback(_forget)


def submit(func: Callable[[], None]) -> None:
    """Run ``func`` in the same pool from any thread; it reports through signals of its own.

    For work started off the GUI thread (the live tally is recounted right from the writer's commit).
    """
    future = _thread_pool().submit(func)
    with _alive_lock:
        _running.add(future)
    future.add_done_callback(_forget)


def _forget(future: concurrent.futures.Future[None]) -> None:
    with _alive_lock:
        _running.discard(future)


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Wait until every background job has finished (used when the app quits and by tests)."""
    deadline = time.monotonic() + msecs / 1000
    while True:
        with _alive_lock:
            running = list(_running)
        if not running:
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        concurrent.futures.wait(running, timeout=left)
