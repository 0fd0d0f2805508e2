"""Plain text by construction: nothing Qt shows from participant text is ever read as markup.

Qt guesses whether a string is rich text (``Qt.mightBeRichText``) in tooltips, What's This help, labels and
message boxes. A phone's ``<img src="/dev/zero">`` would then make Qt read that file until memory runs out.
Rather than remember an escape at each place, ``PlainTextFilter`` (installed once on the application)
answers every tooltip and What's This request itself, with the text escaped so Qt shows it literally, and
makes every label plain text before it is first shown. The helpers below are for code that builds such
widgets directly (decision 0023).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTabBar,
    QToolTip,
    QWhatsThis,
    QWidget,
)

#: Set this property to ``True`` on a label whose own (never participant) text is meant as rich text.
RICH_TEXT_PROPERTY = "cocity_rich_text"


def as_literal_rich_text(text: str) -> str:
    """``text`` as rich text that shows exactly ``text``: escaped, spaces and line breaks kept.

    The result always starts with a tag Qt knows, so its rich-text guess is always "yes" and the escaped
    characters come out as themselves (an escaped string guessed as plain would show ``&lt;``).
    """
    escaped = html.escape(text, quote=False).replace("\n", "<br>")
    return f'<p style="white-space:pre-wrap">{escaped}</p>'


def make_plain(widget: QLabel | QMessageBox) -> None:
    """Show the text of ``widget`` literally from now on (Qt re-reads text already set)."""
    widget.setTextFormat(Qt.TextFormat.PlainText)


def _item_view_text(view: QAbstractItemView, position: QPoint, role: Qt.ItemDataRole) -> str:
    if isinstance(view, QHeaderView):
        model = view.model()
        section = view.logicalIndexAt(position)
        if model is None or section < 0:
            return ""
        value = model.headerData(section, view.orientation(), role)
    else:
        value = view.indexAt(position).data(role)
    return "" if value is None else str(value)


def help_text(widget: QWidget, position: QPoint, event_type: QEvent.Type) -> str | None:
    """The tooltip (or What's This text) Qt would show for ``widget`` at ``position``; ``None`` when the
    widget has none of its own (Qt then asks its parent)."""
    tooltip = event_type == QEvent.Type.ToolTip
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractItemView) and parent.viewport() is widget:
        role = Qt.ItemDataRole.ToolTipRole if tooltip else Qt.ItemDataRole.WhatsThisRole
        return _item_view_text(parent, position, role)
    if isinstance(widget, QTabBar):
        index = widget.tabAt(position)
        if index >= 0:
            text = widget.tabToolTip(index) if tooltip else widget.tabWhatsThis(index)
            return text or None
    if isinstance(widget, QMenu) and tooltip:
        action = widget.actionAt(position)
        if action is not None and widget.toolTipsVisible():
            return action.toolTip() or None
    text = widget.toolTip() if tooltip else widget.whatsThis()
    return text or None


def _may_be_made_plain(label: QLabel) -> bool:
    # Qt's own tooltip is a label too: it must keep reading the escaped rich text this filter gives it.
    if label.inherits("QTipLabel"):
        return False
    return label.textFormat() != Qt.TextFormat.PlainText and not label.property(RICH_TEXT_PROPERTY)


class PlainTextFilter(QObject):
    """The application-wide event filter that keeps tooltips, What's This help and labels plain text."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ToolTip, QEvent.Type.WhatsThis) and isinstance(watched, QWidget):
            assert isinstance(event, QHelpEvent)
            text = help_text(watched, event.pos(), kind)
            if text is None:
                return False  # nothing here: Qt passes the request on to the parent, which comes back here
            if kind == QEvent.Type.ToolTip:
                if text:
                    QToolTip.showText(event.globalPos(), as_literal_rich_text(text), watched)
                else:
                    QToolTip.hideText()
            elif text:
                QWhatsThis.showText(event.globalPos(), as_literal_rich_text(text), watched)
            return True
        if kind == QEvent.Type.Polish and isinstance(watched, QLabel) and _may_be_made_plain(watched):
            make_plain(watched)
        return False


def install_plain_text_filter(app: QApplication) -> PlainTextFilter:
    """Install the filter on ``app`` (once; it is kept as a child of the application)."""
    existing = app.findChild(PlainTextFilter)
    if isinstance(existing, PlainTextFilter):
        return existing
    made = PlainTextFilter(app)
    app.installEventFilter(made)
    return made
