"""The ideas board: fast entry from the floor and paper, moderation, clusters by drag and drop, merging, photos."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QImageWriter, QPainter, QPixmap, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.model import ORIGIN_LABELS, STATUS_LABELS, Idea, IdeaOrigin, IdeaStatus
from cocity_workshop.core.personal_data import KIND_LABELS, find_personal_data
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.ideas import IdeasTableModel, PublicIdeasProxy
from cocity_workshop.gui.panels.common import ask_multiline, button, heading, shortcut, table
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _, ngettext

HIGHLIGHT = QColor(255, 214, 10)
PHOTO_MAX_SIDE = 1600

FILTERS = (
    ("all", None),
    ("pending", (IdeaStatus.PENDING,)),
    ("visible", (IdeaStatus.VISIBLE,)),
    ("hidden", (IdeaStatus.HIDDEN,)),
    ("merged", (IdeaStatus.MERGED,)),
)


class PersonalDataDelegate(QStyledItemDelegate):
    """Draws an idea's title as plain text with likely personal data highlighted."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        spans = find_personal_data(text)
        if not spans:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRectF(opt.rect.adjusted(4, 0, -4, 0))
        layout = QTextLayout(text, opt.font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.NoWrap)
        layout.setTextOption(text_option)
        ranges = []
        for span in spans:
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            fmt.setForeground(QColor(0, 0, 0))
            selection = QTextLayout.FormatRange()
            selection.start, selection.length, selection.format = span.start, span.end - span.start, fmt
            ranges.append(selection)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(100000)
        layout.endLayout()
        painter.save()
        painter.setClipRect(opt.rect)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.highlightedText() if selected else opt.palette.text()
        painter.setPen(colour.color())
        layout.draw(painter, rect.topLeft() + QRectF(0, (rect.height() - line.height()) / 2, 0, 0).topLeft())
        painter.restore()


class IdeasPanel(QWidget):
    """The board the facilitator works on while ideas come in."""

    def __init__(self, controller: WorkshopController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        model = controller.live.ideas_model
        outer = QVBoxLayout(self)

        # -- quick entry: type, Enter, type the next one
        entry = QHBoxLayout()
        self.entry_edit = QLineEdit()
        self.entry_edit.setPlaceholderText(_("Type an idea and press Enter (Ctrl+L jumps here)"))
        self.entry_edit.returnPressed.connect(self.enter_idea)
        self.theme_edit = QLineEdit()
        self.theme_edit.setPlaceholderText(_("Theme (optional)"))
        self.theme_edit.returnPressed.connect(self.enter_idea)
        self.origin_combo = QComboBox()
        self.origin_combo.addItem(_("from the floor"), IdeaOrigin.FACILITATOR.value)
        self.origin_combo.addItem(_("from a paper note"), IdeaOrigin.PAPER.value)
        self.origin_combo.setToolTip(_("Where the idea comes from (Ctrl+T switches)"))
        entry.addWidget(self.entry_edit, 4)
        entry.addWidget(self.theme_edit, 1)
        entry.addWidget(self.origin_combo)
        entry.addWidget(button(_("Add"), self.enter_idea))
        outer.addLayout(entry)
        shortcut(self, "Ctrl+L", self.focus_entry)
        shortcut(self, "Ctrl+T", self.switch_origin)

        self.pending_banner = plain_label()
        self.pending_banner.setStyleSheet("background: #fff3c4; color: #3d2e00; padding: 6px; border-radius: 4px;")
        outer.addWidget(self.pending_banner)

        splitter = QSplitter()
        # -- clusters (drop target)
        cluster_side = QWidget()
        cluster_layout = QVBoxLayout(cluster_side)
        cluster_layout.setContentsMargins(0, 0, 0, 0)
        cluster_layout.addWidget(heading(_("Clusters"), 1.0))
        self.clusters_view = table(controller.live.clusters_model, stretch=0)
        self.clusters_view.setAcceptDrops(True)
        self.clusters_view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.clusters_view.setDropIndicatorShown(True)
        self.clusters_view.setToolTip(_("Drag ideas onto a cluster to group them."))
        cluster_layout.addWidget(self.clusters_view, 1)
        row = QHBoxLayout()
        row.addWidget(button(_("New cluster…"), self.new_cluster, shortcut="Ctrl+Shift+K"))
        row.addWidget(button(_("Remove"), self.remove_cluster))
        cluster_layout.addLayout(row)
        splitter.addWidget(cluster_side)

        # -- the ideas
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.filter_combo = QComboBox()
        for key, _statuses in FILTERS:
            self.filter_combo.addItem("", key)
        self.filter_combo.currentIndexChanged.connect(self._apply_filter)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search ideas"))
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(self.filter_combo)
        filters.addWidget(self.search_edit, 1)
        middle_layout.addLayout(filters)
        self.proxy = PublicIdeasProxy(list(IdeaStatus), self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterKeyColumn(IdeasTableModel.COL_TITLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(IdeasTableModel.SortRole)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.ideas_view = table(self.proxy, stretch=IdeasTableModel.COL_TITLE, fit_contents=False)
        header = self.ideas_view.horizontalHeader()
        # Fixed widths: sizing columns to their contents reads every row, slow with thousands of ideas.
        widths = {
            IdeasTableModel.COL_ID: 48,
            IdeasTableModel.COL_THEME: 110,
            IdeasTableModel.COL_CLUSTER: 150,
            IdeasTableModel.COL_ORIGIN: 80,
            IdeasTableModel.COL_STATUS: 120,
            IdeasTableModel.COL_PHOTOS: 110,  # room for "1 + 2 waiting"
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        # Sort only when the facilitator asks (ideas already come in order of arrival).
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self.proxy.sort)
        self.ideas_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ideas_view.setDragEnabled(True)
        self.ideas_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.ideas_view.setItemDelegateForColumn(IdeasTableModel.COL_TITLE, PersonalDataDelegate(self.ideas_view))
        self.ideas_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.ideas_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_selected())
        middle_layout.addWidget(self.ideas_view, 1)
        actions = QHBoxLayout()
        actions.addWidget(button(_("Approve"), self.approve, shortcut="Ctrl+Return", tip=_("Show to the room")))
        actions.addWidget(button(_("Hide"), self.hide_selected, shortcut="Ctrl+H", tip=_("Take off the wall")))
        actions.addWidget(button(_("Edit…"), self.edit_selected, shortcut="Ctrl+E"))
        actions.addWidget(
            button(
                _("Merge into current"),
                self.merge_selected,
                shortcut="Ctrl+M",
                tip=_("Merge the selected duplicates into the idea with the focus"),
            )
        )
        actions.addWidget(button(_("Unmerge"), self.unmerge_selected))
        actions.addWidget(button(_("Attach photo…"), self.attach_photo))
        middle_layout.addLayout(actions)
        splitter.addWidget(middle)

        # -- the selected idea
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = heading("", 1.1)
        self.detail_meta = plain_label()
        self.detail_description = plain_label()
        self.detail_warning = plain_label()
        self.detail_warning.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.photos_box = QVBoxLayout()
        photos_holder = QWidget()
        photos_holder.setLayout(self.photos_box)
        photos_scroll = QScrollArea()
        photos_scroll.setWidgetResizable(True)
        photos_scroll.setWidget(photos_holder)
        for widget in (self.detail_title, self.detail_meta, self.detail_warning, self.detail_description):
            detail_layout.addWidget(widget)
        detail_layout.addWidget(photos_scroll, 1)
        detail_layout.addWidget(button(_("Delete for good…"), self.delete_selected))
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([220, 700, 330])
        outer.addWidget(splitter, 1)

        controller.live.ideas_changed.connect(self.show_counts)
        controller.live.workshop_changed.connect(lambda _w: self.show_counts())
        self.show_counts()
        self.show_selected()

    # -- showing -----------------------------------------------------------------------------
    def show_counts(self) -> None:
        """Label the filters with their counts; show the moderation banner when ideas wait."""
        rows = self.controller.live.ideas_model.rows
        counts = {status: sum(1 for r in rows if r.status is status) for status in IdeaStatus}
        waiting = sum(1 for r in rows if r.status is IdeaStatus.PENDING or r.pending_attachment_ids)
        photos = sum(len(r.pending_attachment_ids) for r in rows)
        labels = {
            "all": _("All ideas ({count})").format(count=len(rows)),
            "pending": _("Waiting for approval ({count})").format(count=waiting),
            "visible": _("Visible ({count})").format(count=counts[IdeaStatus.VISIBLE]),
            "hidden": _("Hidden ({count})").format(count=counts[IdeaStatus.HIDDEN]),
            "merged": _("Merged ({count})").format(count=counts[IdeaStatus.MERGED]),
        }
        for i, (key, _s) in enumerate(FILTERS):
            self.filter_combo.setItemText(i, labels[key])
        pending = counts[IdeaStatus.PENDING]
        if pending or photos:  # once shown, its space stays: approving the last idea moves no row
            policy = self.pending_banner.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.pending_banner.setSizePolicy(policy)
        self.pending_banner.setVisible(pending > 0 or photos > 0)
        sentences = []
        if pending:
            sentences.append(
                ngettext(
                    "{count} idea waits for your approval before the room sees it (filter: Waiting for approval).",
                    "{count} ideas wait for your approval before the room sees them (filter: Waiting for approval).",
                    pending,
                ).format(count=pending)
            )
        if photos:
            sentences.append(
                ngettext(
                    "{count} photo from a phone waits for your approval (Approve shows it, or remove it).",
                    "{count} photos from phones wait for your approval (Approve shows them, or remove them).",
                    photos,
                ).format(count=photos)
            )
        self.pending_banner.setText(" ".join(sentences))
        self.show_selected()

    def show_selected(self) -> None:
        """The selected idea in full: text, origin, status, personal-data warning, photos."""
        idea = self.current_idea()
        while self.photos_box.count():
            item = self.photos_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if idea is None:
            self.detail_title.setText(_("No idea selected"))
            for label in (self.detail_meta, self.detail_description, self.detail_warning):
                label.setText("")
            return
        self.detail_title.setText(idea.title)
        self.detail_meta.setText(
            _("No. {id} · from {origin} · {status}").format(
                id=idea.id, origin=_(ORIGIN_LABELS[idea.origin]), status=_(STATUS_LABELS[idea.status])
            )
            + (_(" · theme: {theme}").format(theme=idea.theme) if idea.theme else "")
        )
        self.detail_description.setText(idea.description)
        spans = find_personal_data(idea.title) + find_personal_data(idea.description)
        kinds = sorted({_(KIND_LABELS[s.kind]) for s in spans})
        self.detail_warning.setText(
            _("Looks like personal data ({kinds}): edit or hide before approving.").format(kinds=", ".join(kinds))
            if spans
            else ""
        )
        self.detail_warning.setVisible(bool(spans))
        waiting = set(idea.pending_attachment_ids)
        for attachment_id in (*idea.pending_attachment_ids, *idea.attachment_ids):
            try:
                _mime, data = self.controller.live.photo(attachment_id)
            except Exception:  # a photo that cannot be read is simply not shown
                continue
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                if attachment_id in waiting:
                    note = plain_label(_("This photo waits for your approval: the room does not see it yet."))
                    note.setStyleSheet("color: #9a3412; font-weight: bold;")
                    self.photos_box.addWidget(note)
                label = plain_label()
                label.setPixmap(pixmap.scaledToWidth(300, Qt.TransformationMode.SmoothTransformation))
                self.photos_box.addWidget(label)
                if attachment_id in waiting:
                    self.photos_box.addWidget(button(_("Remove this photo"), partial(self.remove_photo, attachment_id)))
        self.photos_box.addStretch(1)

    def _apply_filter(self) -> None:
        key, statuses = FILTERS[self.filter_combo.currentIndex()]
        self.proxy.set_statuses(statuses if statuses is not None else list(IdeaStatus), waiting=key == "pending")

    def show_filter(self, key: str) -> None:
        """Switch to a filter ("all", "pending", "visible", "hidden", "merged")."""
        self.filter_combo.setCurrentIndex([k for k, _s in FILTERS].index(key))

    # -- selection ---------------------------------------------------------------------------
    def current_idea(self) -> Idea | None:
        """The idea with the focus."""
        index = self.ideas_view.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.idea_at(index)

    def selected_ideas(self) -> list[Idea]:
        """Every selected idea, in view order."""
        rows = sorted({i.row() for i in self.ideas_view.selectionModel().selectedIndexes()})
        ideas = [self.proxy.idea_at(self.proxy.index(r, 0)) for r in rows]
        if not ideas and self.current_idea() is not None:
            ideas = [self.current_idea()]
        return [i for i in ideas if i is not None]

    def select_idea(self, idea_id: int) -> None:
        """Put the focus on one idea (tests and keyboard flows)."""
        source_row = self.controller.live.ideas_model.row_of(idea_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.controller.live.ideas_model.index(source_row, IdeasTableModel.COL_TITLE))
        self.ideas_view.setCurrentIndex(index)

    # -- actions -----------------------------------------------------------------------------
    def focus_entry(self) -> None:
        """Jump to the quick entry field."""
        self.entry_edit.setFocus()
        self.entry_edit.selectAll()

    def switch_origin(self) -> None:
        """Switch between floor and paper entry."""
        self.origin_combo.setCurrentIndex(1 - self.origin_combo.currentIndex())

    def enter_idea(self) -> None:
        """Add the typed idea and clear the field for the next one."""
        title = self.entry_edit.text().strip()
        if not title:
            return
        origin = IdeaOrigin(self.origin_combo.currentData())
        if self.controller.add_idea(title, theme=self.theme_edit.text().strip(), origin=origin) is not None:
            self.entry_edit.clear()
        self.entry_edit.setFocus()

    def approve(self) -> None:
        """Show the selected ideas to the room, with their photos that wait for approval."""
        self.controller.approve([i.id for i in self.selected_ideas()])

    def remove_photo(self, attachment_id: int) -> None:
        """Remove a photo that waits for approval (after a confirmation)."""
        answer = QMessageBox.question(
            self, _("Remove this photo"), _("Remove this photo for good? The room never sees it.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.remove_photo(attachment_id)

    def hide_selected(self) -> None:
        """Take the selected ideas off the wall (they stay in the file)."""
        self.controller.set_idea_status([i.id for i in self.selected_ideas()], IdeaStatus.HIDDEN)

    def edit_selected(self) -> None:
        """Edit the focused idea's title and description."""
        idea = self.current_idea()
        if idea is None:
            return
        title, ok = QInputDialog.getText(self, _("Edit idea"), _("Title"), QLineEdit.EchoMode.Normal, idea.title)
        if not ok:
            return
        description, ok = ask_multiline(self, _("Edit idea"), _("Description"), idea.description)
        if not ok:
            return
        changes = {k: v for k, v in (("title", title), ("description", description)) if v != getattr(idea, k)}
        if changes:
            self.controller.update_idea(idea.id, **changes)

    def merge_selected(self) -> None:
        """Merge the other selected ideas into the focused one."""
        target = self.current_idea()
        selected = self.selected_ideas()
        if target is None or len(selected) < 2:
            self.controller.error_raised.emit(
                _("Select the duplicates and put the focus on the idea to keep (Ctrl+click), then merge.")
            )
            return
        self.controller.merge_ideas([i.id for i in selected if i.id != target.id], target.id)

    def unmerge_selected(self) -> None:
        """Let the focused merged idea stand on its own."""
        idea = self.current_idea()
        if idea is not None and idea.status is IdeaStatus.MERGED:
            self.controller.unmerge_idea(idea.id)

    def new_cluster(self) -> None:
        """Start a cluster; the selected ideas go into it."""
        name, ok = QInputDialog.getText(self, _("New cluster"), _("Name of the cluster"))
        if not ok or not name.strip():
            return
        cluster = self.controller.add_cluster(name)
        ids = [i.id for i in self.selected_ideas()]
        if cluster is not None and ids:
            self.controller.move_ideas_to_cluster(cluster.id, ids)

    def remove_cluster(self) -> None:
        """Remove the selected cluster (its ideas stay, unclustered)."""
        index = self.clusters_view.currentIndex()
        if index.isValid():
            cluster_id = self.controller.live.clusters_model.cluster_id(
                self.controller.live.clusters_model.row_at(index.row())
            )
            if cluster_id is not None:
                self.controller.remove_cluster(cluster_id)

    def attach_photo(self, path: str | None = None) -> None:
        """Attach a photo (a sketch, a sticky-note wall) to the focused idea, resized to at most 1600 px."""
        idea = self.current_idea()
        if idea is None:
            return
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Attach photo"), "", _("Images (*.jpg *.jpeg *.png *.webp)")
            )
            if not path:
                return
        image = QImage(path)
        if image.isNull():
            self.controller.error_raised.emit(_("This file is not an image that can be read."))
            return
        if max(image.width(), image.height()) > PHOTO_MAX_SIDE:
            image = image.scaled(
                PHOTO_MAX_SIDE,
                PHOTO_MAX_SIDE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, QByteArray(b"JPEG"))  # QImage.save's stub wants bytes, Qt wants str
        writer.setQuality(85)
        writer.write(image.convertToFormat(QImage.Format.Format_RGB32))
        buffer.close()
        self.controller.add_photo(idea.id, "image/jpeg", bytes(data.data()), image.width(), image.height())
        self.show_selected()

    def delete_selected(self) -> None:
        """Remove the focused idea for good (e.g. it contains personal data), after a confirmation."""
        idea = self.current_idea()
        if idea is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Delete for good"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            _("Delete “{title}” for good? Its text is overwritten in the file; this cannot be undone.").format(
                title=idea.title
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.controller.delete_idea_for_good(idea.id)
