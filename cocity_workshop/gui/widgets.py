"""Small reusable widgets: the tally chart, the QR code, plain-text labels."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.i18n import _, ngettext

PHONE_COLOUR = QColor(0x1F, 0x6F, 0xD1)
PAPER_COLOUR = QColor(0xE3, 0x9B, 0x17)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label that shows its text literally (participant text is never read as markup)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


class TallyChart(QWidget):
    """A horizontal bar chart of a round's tally: phone dots and paper dots stacked, labelled by origin.

    Drawn with ``QPainter`` (no QtCharts in PySide6-Essentials). ``scale`` enlarges the type for the
    projector. ``painted`` fires after each paint with the time it finished (for latency measurements).
    """

    painted = Signal(float)

    def __init__(self, model: TallyTableModel, *, scale: float = 1.0, max_bars: int = 12, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self._scale = scale
        self._max_bars = max_bars
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(int(120 * scale))
        for signal in (model.modelReset, model.dataChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update, Qt.ConnectionType.UniqueConnection)

    def sizeHint(self) -> QSize:
        return QSize(int(420 * self._scale), int(260 * self._scale))

    def bars(self) -> list[tuple[str, int, int]]:
        """What is drawn: (title, phone dots, paper dots), most dots first."""
        return [(r.title, r.phone_dots, r.paper_dots) for r in self._model.rows[: self._max_bars]]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * self._scale))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        bars = self.bars()
        width, height = float(self.width()), float(self.height())
        legend_height = metrics.height() * 1.6
        if not bars:
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, _("No dots yet"))
            painter.end()
            self.painted.emit(time.perf_counter())
            return
        self._draw_legend(painter, metrics, text_colour, width)
        top = legend_height
        slot = (height - top) / max(len(bars), 1)
        bar_height = max(4.0, min(slot * 0.62, metrics.height() * 1.8))
        label_width = min(width * 0.42, max(metrics.horizontalAdvance(t) for t, _p, _q in bars) + 12)
        count_width = metrics.horizontalAdvance("0000") + 8
        chart_width = max(10.0, width - label_width - count_width)
        most = max(p + q for _t, p, q in bars) or 1
        for i, (title, phone, paper) in enumerate(bars):
            y = top + i * slot + (slot - bar_height) / 2
            painter.setPen(text_colour)
            label_rect = QRectF(0, top + i * slot, label_width - 8, slot)
            elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, label_rect.width())
            painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), elided)
            phone_w = chart_width * phone / most
            paper_w = chart_width * paper / most
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PHONE_COLOUR)
            painter.drawRect(QRectF(label_width, y, phone_w, bar_height))
            painter.setBrush(PAPER_COLOUR)
            painter.drawRect(QRectF(label_width + phone_w, y, paper_w, bar_height))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(label_width + phone_w + paper_w + 4, top + i * slot, count_width, slot),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(phone + paper),
            )
        painter.end()
        self.painted.emit(time.perf_counter())

    def _draw_legend(self, painter: QPainter, metrics: QFontMetricsF, colour: QColor, width: float) -> None:
        ballots = self._model.ballots
        items = [
            (PHONE_COLOUR, _("phone dots")),
            (PAPER_COLOUR, _("paper dots")),
        ]
        x = 0.0
        box = metrics.height() * 0.7
        for swatch, text in items:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(swatch)
            painter.drawRect(QRectF(x, (metrics.height() - box) / 2, box, box))
            painter.setPen(colour)
            painter.drawText(QRectF(x + box + 4, 0, width, metrics.height()), text)
            x += box + 4 + metrics.horizontalAdvance(text) + 16
        ballots_text = ngettext("{count} ballot", "{count} ballots", ballots).format(count=ballots)
        painter.drawText(QRectF(0, 0, width, metrics.height()), int(Qt.AlignmentFlag.AlignRight), ballots_text)


class QrLabel(QLabel):
    """Shows a QR code PNG, scaled without smoothing so the modules stay sharp."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._pixmap = QPixmap()

    def set_png(self, png: bytes, placeholder: str = "") -> None:
        """Show ``png`` (or ``placeholder`` text when there is none)."""
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png, "PNG"):
            self._pixmap = pixmap
            self._rescale()
        else:
            self._pixmap = QPixmap()
            self.clear()
            self.setText(placeholder)

    @property
    def has_code(self) -> bool:
        """Whether a code is shown."""
        return not self._pixmap.isNull()

    def _rescale(self) -> None:
        if self._pixmap.isNull():
            return
        side = max(32, min(self.width(), self.height()))
        self.setPixmap(
            self._pixmap.scaled(
                side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._rescale()
