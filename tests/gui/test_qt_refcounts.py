"""The Qt binding must not leak or steal references to Python's singletons (PySide6 6.12 on 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal()


def test_frequent_qt_calls_keep_singleton_refcounts(qapp) -> None:  # type: ignore[no-untyped-def]
    """Twenty thousand emits, setText and update calls leave True, False and None as they were."""
    emitter = _Emitter()
    label = QLabel()
    before = {name: sys.getrefcount(obj) for name, obj in (("True", True), ("False", False), ("None", None))}
    for _ in range(20_000):
        emitter.fired.emit()
        label.setText("x")
        label.update()
        label.isVisible()
    after = {name: sys.getrefcount(obj) for name, obj in (("True", True), ("False", False), ("None", None))}
    assert all(abs(after[name] - before[name]) < 100 for name in before), (before, after)
