"""The start screen: a new workshop from a template, recent workshops, the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.model import TEMPLATE_LABELS, Template
from cocity_workshop.gui.panels.common import heading
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import LANGUAGES, N_, _, language_name

TEMPLATE_BLURBS = {
    Template.HACKATHON: N_("Teams build prototypes for a city challenge, pitch them and vote."),
    Template.LIVING_LAB: N_("A short sprint with residents: explore, ideate, cluster, vote and plan."),
    Template.YOUTH: N_("For young people: ideas wait for your approval before the room sees them."),
    Template.CO_DESIGN: N_("Citizens, staff and partners shape a service together."),
}
#: Each language named in itself, from CLDR ("Čeština", "العربية", "繁體中文").
LANGUAGE_NAMES = {code: language_name(code) for code in LANGUAGES}


class NewWorkshopDialog(QDialog):
    """Title, template and language of a new workshop."""

    def __init__(self, template: Template = Template.CO_DESIGN, language: str = "en", parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New workshop"))
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(_("e.g. Greener streets for Plzeň"))
        self.template_combo = QComboBox()
        for kind in Template:
            self.template_combo.addItem(_(TEMPLATE_LABELS[kind]), kind.value)
        self.template_combo.setCurrentIndex(list(Template).index(template))
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, list(LANGUAGES).index(language) if language in LANGUAGES else 0))
        form = QFormLayout(self)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Template"), self.template_combo)
        form.addRow(_("Language of the workshop"), self.language_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create…"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def _accept(self) -> None:
        if self.title_edit.text().strip():
            self.accept()
        else:
            self.title_edit.setFocus()

    def values(self) -> tuple[str, Template, str]:
        """(title, template, language)."""
        return (
            self.title_edit.text().strip(),
            Template(self.template_combo.currentData()),
            str(self.language_combo.currentData()),
        )


class StartScreen(QWidget):
    """What the facilitator sees before a workshop is open."""

    template_chosen = Signal(object)  # Template
    open_requested = Signal()
    recent_chosen = Signal(object)  # Path
    demo_requested = Signal(str)  # language

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        outer.setSpacing(14)
        outer.addWidget(heading(_("CoCity Workshop"), 1.9))
        outer.addWidget(
            plain_label(_("Run a co-creation workshop from this laptop: phones join by QR code, no internet needed."))
        )
        outer.addWidget(heading(_("Start a new workshop")))
        grid = QGridLayout()
        grid.setSpacing(12)
        self.template_buttons: dict[Template, QPushButton] = {}
        for index, kind in enumerate(Template):
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(card)
            chooser = QPushButton(_(TEMPLATE_LABELS[kind]))
            font = chooser.font()
            font.setBold(True)
            chooser.setFont(font)
            chooser.clicked.connect(lambda _c=False, kind=kind: self.template_chosen.emit(kind))
            self.template_buttons[kind] = chooser
            box.addWidget(chooser)
            blurb = plain_label(_(TEMPLATE_BLURBS[kind]))
            blurb.setAlignment(Qt.AlignmentFlag.AlignTop)
            box.addWidget(blurb, 1)
            grid.addWidget(card, index // 2, index % 2)
        outer.addLayout(grid)
        row = QHBoxLayout()
        recent_box = QVBoxLayout()
        recent_box.addWidget(heading(_("Recent workshops")))
        self.recent_list = QListWidget()
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        recent_box.addWidget(self.recent_list)
        self.empty_recent = plain_label(_("Workshops you open appear here."))
        recent_box.addWidget(self.empty_recent)
        row.addLayout(recent_box, 3)
        side = QVBoxLayout()
        side.addWidget(heading(_("Other ways in")))
        self.open_button = QPushButton(_("Open a workshop file…"))
        self.open_button.clicked.connect(lambda: self.open_requested.emit())
        side.addWidget(self.open_button)
        self.demo_button = QPushButton(_("Try the demo workshop"))
        self.demo_button.clicked.connect(lambda: self.demo_requested.emit("cs"))
        side.addWidget(self.demo_button)
        self.demo_en_button = QPushButton(_("Try the demo workshop in English"))
        self.demo_en_button.clicked.connect(lambda: self.demo_requested.emit("en"))
        side.addWidget(self.demo_en_button)
        side.addStretch(1)
        row.addLayout(side, 2)
        outer.addLayout(row, 1)

    def set_recent(self, paths: list[Path]) -> None:
        """Show the recent workshops (file name, then folder)."""
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}  —  {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.empty_recent.setVisible(not paths)

    def recent_label(self) -> QLabel:
        """The note shown when there are no recent workshops (tests)."""
        return self.empty_recent
