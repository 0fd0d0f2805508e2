"""Small reusable widgets: the tally chart, the QR code, plain-text labels."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from cocity_workshop.gui.models.tally import TallyTableModel
from cocity_workshop.i18n import _, ngettext, use_language

PHONE_COLOUR = QColor(0x1F, 0x6F, 0xD1)
PAPER_COLOUR = QColor(0xE3, 0x9B, 0x17)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """A label that shows its text literally (participant text is never read as markup)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


class TallyChart(QLabel):
    """A horizontal bar chart of a round's tally: phone dots and paper dots stacked, labelled by origin.

    Drawn with ``QPainter`` (no QtCharts in PySide6-Essentials) into a pixmap once per new tally, size or
    palette; the label paints that pixmap in C++. No Python runs when the window repaints, so a busy
    participant server (which holds the interpreter lock most of the time) cannot delay a repaint.
    ``scale`` enlarges the type for the projector; ``left_out()`` names ideas not to draw (hidden ones);
    ``language()`` is the language its words are drawn in (the room's, on the projector).
    ``min_interval`` (seconds) draws a new tally at most that
    often: the first change at once, later ones coalesced into one drawing when the interval is over (the
    facilitator's chart needs no 60 updates a second while a room votes, and each costs the GUI thread).
    """

    def __init__(
        self,
        model: TallyTableModel,
        *,
        scale: float = 1.0,
        max_bars: int = 12,
        min_interval: float = 0.0,
        left_out: Callable[[], Collection[int]] | None = None,
        language: Callable[[], str] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._left_out = left_out
        self._language = language  # the projector's chart speaks the room's language, not the app's
        self._scale = scale
        self._max_bars = max_bars
        self._stale = True
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(round(min_interval * 1000))
        self._throttle.timeout.connect(self._draw_if_due)
        self._due = False
        #: Measured and elided titles for the font in use: while phones vote, titles stay and counts change.
        self._text_cache: dict[tuple[str, float], str | float] = {}
        self._cache_font = ""
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # The pixmap always has the label's size: its size must not steer the layout.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(int(160 * scale), int(120 * scale))
        self.destroyed.connect(model.on_tally_shown(self.tally_changed))  # a Qt signal would disconnect itself
        model.modelReset.connect(self.redraw)

    def bars(self) -> list[tuple[str, int, int]]:
        """What is drawn: (title, phone dots, paper dots), most dots first."""
        rows = self._model.rows
        if self._left_out is not None:
            left_out = self._left_out()
            rows = [r for r in rows if r.idea_id not in left_out]
        return [(r.title, r.phone_dots, r.paper_dots) for r in rows[: self._max_bars]]

    def tally_changed(self) -> None:
        """Draw the new tally now, or when the minimum interval since the last drawing is over."""
        if self._throttle.interval() > 0:
            if self._throttle.isActive():
                self._due = True
                return
            self._throttle.start()
        self.redraw()

    def _draw_if_due(self) -> None:
        if self._due:
            self._due = False
            self.tally_changed()

    def redraw(self) -> None:
        """Draw the chart again now if it is on screen, else when it is next shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            if self._language is None:
                self._draw(painter, float(self.width()), float(self.height()))
            else:
                with use_language(self._language()):
                    self._draw(painter, float(self.width()), float(self.height()))
        finally:
            painter.end()
        self.setPixmap(pixmap)

    def _draw(self, painter: QPainter, width: float, height: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        font = QFont(self.font())
        if font.pointSizeF() > 0:  # a projector's chart has its type in pixels, a share of the screen already
            font.setPointSizeF(max(6.0, font.pointSizeF() * self._scale))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        if font.key() != self._cache_font or len(self._text_cache) > 4096:
            self._text_cache, self._cache_font = {}, font.key()
        cache = self._text_cache
        bars = self.bars()
        legend_height = metrics.height() * 1.6
        if not bars:
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, _("No dots yet"))
            return
        self._draw_legend(painter, metrics, text_colour, width)
        top = legend_height
        slot = (height - top) / max(len(bars), 1)
        bar_height = max(4.0, min(slot * 0.62, metrics.height() * 1.8))
        advances = []
        for title, _phone, _paper in bars:
            if (title, -1.0) not in cache:
                cache[(title, -1.0)] = metrics.horizontalAdvance(title)
            advances.append(float(cache[(title, -1.0)]))
        label_width = min(width * 0.42, max(advances) + 12)
        count_width = metrics.horizontalAdvance("0000") + 8
        chart_width = max(10.0, width - label_width - count_width)
        most = max(p + q for _t, p, q in bars) or 1
        right_middle = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left_middle = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, (title, phone, paper) in enumerate(bars):
            y = top + i * slot + (slot - bar_height) / 2
            painter.setPen(text_colour)
            label_rect = QRectF(0, top + i * slot, label_width - 8, slot)
            key = (title, label_rect.width())
            if key not in cache:
                cache[key] = metrics.elidedText(title, Qt.TextElideMode.ElideRight, label_rect.width())
            painter.drawText(label_rect, right_middle, str(cache[key]))  # drawText takes plain text
            phone_w = chart_width * phone / most
            paper_w = chart_width * paper / most
            painter.fillRect(QRectF(label_width, y, phone_w, bar_height), PHONE_COLOUR)
            painter.fillRect(QRectF(label_width + phone_w, y, paper_w, bar_height), PAPER_COLOUR)
            painter.drawText(
                QRectF(label_width + phone_w + paper_w + 4, top + i * slot, count_width, slot),
                left_middle,
                str(phone + paper),
            )

    def _draw_legend(self, painter: QPainter, metrics: QFontMetricsF, colour: QColor, width: float) -> None:
        ballots = self._model.ballots
        items = [
            (PHONE_COLOUR, _("phone dots")),
            (PAPER_COLOUR, _("paper dots")),
        ]
        x = 0.0
        box = metrics.height() * 0.7
        painter.setPen(colour)
        for swatch, text in items:
            painter.fillRect(QRectF(x, (metrics.height() - box) / 2, box, box), swatch)
            painter.drawText(QRectF(x + box + 4, 0, width, metrics.height()), text)
            x += box + 4 + metrics.horizontalAdvance(text) + 16
        ballots_text = ngettext("{count} ballot", "{count} ballots", ballots).format(count=ballots)
        painter.drawText(QRectF(0, 0, width, metrics.height()), int(Qt.AlignmentFlag.AlignRight), ballots_text)

    # -- Qt (none of these run while the window merely repaints) ------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self.pixmap().size() != self.size() * self.devicePixelRatioF():
            self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.redraw()


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
