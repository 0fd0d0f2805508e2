"""Participant text is plain text in every Qt sink: markup in every participant field, then every panel and
the projector walked (labels, item views with their Display, ToolTip, StatusTip and What's This roles, the
tooltips Qt really shows), and what is displayed must be the literal text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import GoOfficialKind, ResultsMode
from cocity_workshop.core.templates import Template
from cocity_workshop.gui.app import make_application
from cocity_workshop.gui.main_window import FacilitatorWindow, message_box
from cocity_workshop.gui.plain import PlainTextFilter, as_literal_rich_text

#: Every participant value carries this marker, so a sink showing participant text is recognised.
MARK = "ZQ"

MARKUP = (
    '<img src="/dev/zero">',
    "<b>bold</b> <i>it</i>",
    '<a href="https://evil.example">link</a>',
    '<font color="red" size="40">big</font>',
    "<style>* { font-size: 300px }</style>styled",
    '<img src="x" width="30000" height="30000">',
    '<table width="30000"><tr><td>wide</td></tr></table>',
    "<h1>heading</h1> &amp; &lt;",
)


def _hostile(field: str, number: int = 0) -> str:
    return f"{MARK}{field} {MARKUP[number % len(MARKUP)]} end"


def shown_text(text: str, text_format: Qt.TextFormat) -> str:
    """What a Qt text widget displays for ``text`` in ``text_format`` (rich text read as Qt reads it)."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if text_format == Qt.TextFormat.MarkdownText:
        document = QTextDocument()
        document.setMarkdown(text)
        return document.toPlainText()
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)  # parsing loads no image: only a layout would
    return document.toPlainText().replace("\u2028", "\n")


def _visible_tooltip() -> QLabel | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QLabel) and widget.inherits("QTipLabel") and widget.isVisible():
            return widget
    return None


def _tooltip_shown(widget: QWidget, position: QPoint) -> str:
    """Ask ``widget`` for its tooltip at ``position`` as a hovering mouse does; the text the tip shows."""
    event = QHelpEvent(QEvent.Type.ToolTip, position, widget.mapToGlobal(position))
    QApplication.sendEvent(widget, event)
    tip = _visible_tooltip()
    if tip is None:
        return ""
    shown = shown_text(tip.text(), tip.textFormat())
    tip.hide()
    return shown


def _all_widgets(top: QWidget) -> Iterator[QWidget]:
    yield top
    yield from top.findChildren(QWidget)


def _fill(window: FacilitatorWindow, tmp_path: Path) -> list[str]:
    """A workshop with markup in every participant field; returns every value put in."""
    assert window.create_workshop(tmp_path / "w.cocity", "Sinks", Template.LIVING_LAB, "en")
    controller = window.controller
    assert controller is not None
    values: list[str] = []

    def value(field: str) -> str:
        values.append(_hostile(field, len(values)))
        return values[-1]

    theme = value("theme")
    controller.update_workshop(themes=(theme,))
    ideas = []
    for number in range(len(MARKUP)):
        idea = controller.add_idea(value(f"title{number}"), value(f"description{number}"), theme)
        assert idea is not None
        ideas.append(idea)
    cluster = controller.add_cluster(value("cluster"))
    controller.move_ideas_to_cluster(cluster.id, [ideas[0].id])
    controller.add_group(value("group"))
    controller.add_age_band(value("ageband"))
    action = controller.add_action(
        value("action"), idea_id=ideas[0].id, owner=value("owner"), department=value("dept"), next_step=value("next")
    )
    assert action is not None
    controller.add_milestone(action.id, value("milestone"))
    controller.add_go_official(action.id, GoOfficialKind.DEPARTMENT, value("official"))
    vote_round = controller.create_round(value("round"), [i.id for i in ideas], 5, 3, ResultsMode.LIVE)
    assert vote_round is not None
    controller.start_round(vote_round.id)
    return values


def _walk(top: QWidget, qtbot: QtBot, seen: set[str]) -> list[str]:
    """Every place under ``top`` where participant text is displayed other than literally."""
    wrong: list[str] = []
    widgets = list(_all_widgets(top))
    for widget in widgets:
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel) and MARK in widget.text() and not widget.inherits("QTipLabel"):
            seen.add(widget.text())
            if shown_text(widget.text(), widget.textFormat()) != widget.text():
                wrong.append(f"label {name}: {widget.text()!r}")
        for tip in (widget.toolTip(), widget.statusTip(), widget.whatsThis(), widget.windowTitle()):
            if MARK in tip:
                seen.add(tip)
                if widget.isVisible() and tip == widget.toolTip():
                    shown = _tooltip_shown(widget, QPoint(2, 2))
                    if shown != tip:
                        wrong.append(f"tooltip of {name}: {shown!r}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            wrong += _walk_view(widget, seen)
    return wrong


def _walk_view(view: QAbstractItemView, seen: set[str]) -> list[str]:
    wrong: list[str] = []
    model = view.model()
    roles = (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
    )
    columns = 0
    while model.index(0, columns).isValid():
        columns += 1
    for row in range(min(model.rowCount(QModelIndex()), 50)):
        for column in range(columns):
            index = model.index(row, column)
            for role in roles:
                value = index.data(role)
                if not isinstance(value, str) or MARK not in value:
                    continue
                seen.add(value)
                if role != Qt.ItemDataRole.ToolTipRole or not view.isVisible():
                    continue
                view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
                rect = view.visualRect(index)
                if rect.isEmpty() or not view.viewport().rect().intersects(rect):
                    continue
                shown = _tooltip_shown(view.viewport(), rect.center())
                if shown != value:
                    wrong.append(f"tooltip of {type(view).__name__} row {row} column {column}: {shown!r}")
    return wrong


def test_every_qt_sink_shows_participant_markup_literally(
    window: FacilitatorWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    """Markup in every participant field; every panel, the projector and every tooltip show it literally."""
    values = _fill(window, tmp_path)
    window.show()
    projector = window.show_projector(fullscreen=False)
    assert projector is not None
    qtbot.addWidget(projector)
    controller = window.controller
    assert controller is not None
    window.panels["ideas"].select_idea(controller.live.ideas_model.row_at(0).id)  # type: ignore[attr-defined]
    window.panels["actions"].select_action(controller.live.actions_model.row_at(0).id)  # type: ignore[attr-defined]
    seen: set[str] = set()
    wrong: list[str] = []
    for key in window.panels:
        window.show_panel(key)
        qtbot.wait(20)
        wrong += _walk(window, qtbot, seen)
    for page in projector.pages.values():
        projector.stack.setCurrentWidget(page)
        qtbot.wait(20)
        wrong += _walk(projector, qtbot, seen)
    assert wrong == []
    # The walk did reach the sinks: every value was seen somewhere, the descriptions as tooltips.
    missing = [v for v in values if not any(v in s for s in seen)]
    assert missing == []


def test_tooltips_of_widgets_are_literal(qtbot: QtBot) -> None:
    """A widget tooltip with markup, hovered, shows the markup as typed (the filter escapes it)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    widget.show()
    for markup in MARKUP[1:]:
        widget.setToolTip(markup)
        assert _tooltip_shown(widget, QPoint(5, 5)) == markup


def test_labels_and_message_boxes_become_plain_before_they_show(qtbot: QtBot) -> None:
    """A label or message box made anywhere without a text format still shows markup literally."""
    label = QLabel("<b>bold</b>")
    qtbot.addWidget(label)
    label.show()
    assert label.textFormat() == Qt.TextFormat.PlainText
    box = QMessageBox(QMessageBox.Icon.Information, "t", "<b>bold</b> <a href='x'>a</a>")
    qtbot.addWidget(box)
    box.show()
    inner = [w for w in box.findChildren(QLabel) if w.text() == box.text()]
    assert inner and all(w.textFormat() == Qt.TextFormat.PlainText for w in inner)
    box.hide()
    made = message_box(None, QMessageBox.Icon.Information, "t", "<i>x</i>")
    assert made.textFormat() == Qt.TextFormat.PlainText


def test_literal_rich_text_shows_every_character() -> None:
    """The escaped form reads back as exactly the text, spaces, ampersands and line breaks included."""
    for text in (*MARKUP, "a  b\tc", "&lt;already&gt;", "line one\nline two", "<qt>x</qt>"):
        assert shown_text(as_literal_rich_text(text), Qt.TextFormat.AutoText) == text


def test_the_app_installs_the_filter() -> None:
    """``make_application`` installs the plain-text filter (once)."""
    app = make_application()
    assert len(app.findChildren(PlainTextFilter)) == 1
    make_application()
    assert len(app.findChildren(PlainTextFilter)) == 1
