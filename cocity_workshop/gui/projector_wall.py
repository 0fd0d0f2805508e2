"""The projector's wall of ideas: each visible idea a card with its title in large plain text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem

from cocity_workshop.gui import projector_sizes as sizes
from cocity_workshop.gui.theme import is_dark


def fitted(text: str, fits: Callable[[str], bool]) -> str:
    """``text``, or as many of its first words as ``fits`` with "…" after them (a title too long for its card
    is cut at a word, never in the middle of a line it wraps to)."""
    if fits(text):
        return text
    words = text.split()
    kept = _most(len(words) - 1, lambda n: fits(" ".join(words[:n]) + "\u2026"))
    if kept:
        return " ".join(words[:kept]) + "\u2026"
    return text[: _most(len(text) - 1, lambda n: fits(text[:n] + "\u2026"))] + "\u2026"  # one word too long


def _most(limit: int, fits: Callable[[int], bool]) -> int:
    """The largest ``n`` from 0 to ``limit`` that ``fits`` (0 when none does), by halving."""
    low, high = 0, max(0, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


class IdeaCardDelegate(QStyledItemDelegate):
    """Draws an idea as a card with its title in large plain text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.card_size = QSize(360, 120)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.card_size

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        gap = max(4, option.rect.height() // 16)
        rect = option.rect.adjusted(gap, gap, -gap, -gap)
        dark = is_dark()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2b2f36") if dark else QColor("#fff7c2"))
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(QColor("#ffffff") if dark else QColor("#111111"))
        painter.setFont(option.font)
        inner = rect.adjusted(gap * 2, gap, -gap * 2, -gap)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
        metrics = painter.fontMetrics()
        text = fitted(text, lambda candidate: metrics.boundingRect(inner, flags, candidate).height() <= inner.height())
        painter.setClipRect(inner)  # stacked combining marks or a huge glyph never paint over the next card
        painter.drawText(inner, flags, text)  # drawText takes plain text: nothing is interpreted
        painter.restore()


class IdeaWall(QListView):
    """The wall of ideas: cards about 40 % of the screen's height wide, in as many columns as fit, each as
    tall as three lines of its type (the window sets the type from its height: ``set_unit``)."""

    def __init__(self, delegate: IdeaCardDelegate, parent: Any = None) -> None:
        super().__init__(parent)
        self.card_delegate = delegate
        self.setItemDelegate(delegate)
        self._unit = 7.2  # pixels per 1 % of the window's height (720 px until the window says)

    def set_unit(self, unit: float) -> None:
        """Size the cards for a window ``unit * 100`` pixels high."""
        if unit != self._unit:
            self._unit = unit
            self._layout_cards()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._layout_cards()

    def _layout_cards(self) -> None:
        width = max(200, self.viewport().width() - 4)
        columns = max(1, int(width // (sizes.CARD_WIDTH * self._unit)))
        size = QSize(width // columns - 1, round(sizes.CARD_HEIGHT * self._unit))
        if size != self.card_delegate.card_size:
            self.card_delegate.card_size = size
            self.doItemsLayout()
