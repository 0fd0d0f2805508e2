"""The city's Decidim categories, as the Export panel asks for them (decision 0054): the participatory space the
ideas go to, and the Decidim category id of each cluster or theme there, in a dialog (the panel shows one row
saying how many have one). Category ids belong to a space, so the
app remembers them per space (``decidim/categories`` in the app's settings: a JSON object, space -> name ->
id) and the space last chosen (``decidim/space``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from cocity_workshop.core.categories import category_key
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _, ngettext

CATEGORIES_KEY = "decidim/categories"
SPACE_KEY = "decidim/space"
#: The largest id the spin boxes take (Decidim's ids are PostgreSQL integers).
MAX_ID = 2_147_483_647


def remembered(settings: AppSettings) -> dict[str, dict[str, int]]:
    """Every space's remembered ids (what cannot be read as such is left out)."""
    try:
        found = json.loads(str(settings.value(CATEGORIES_KEY, "{}") or "{}"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        str(space): {str(k): v for k, v in ids.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0}
        for space, ids in found.items()
        if isinstance(ids, dict)
    }


class CategoriesDialog(QDialog):
    """The Decidim space and a table of clusters and themes with their category ids (0: none)."""

    def __init__(self, settings: AppSettings, names: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Decidim categories"))
        self.settings = settings
        self.shown = names  # the rows' names, in order
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.space = QComboBox()
        self.space.setEditable(True)
        self.space.setMinimumContentsLength(40)
        line = self.space.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("The space's address, e.g. https://decidim.example.org/processes/park"))
        self.space.addItems(sorted(remembered(settings)))
        self.space.setEditText(str(settings.value(SPACE_KEY, "") or ""))
        form.addRow(_("Decidim space"), self.space)
        self.table = QTableWidget(len(names), 2)
        self.table.setHorizontalHeaderLabels([_("Cluster or theme"), _("Decidim category id")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        for row, name in enumerate(names):
            item = QTableWidgetItem(name)  # plain text: a name is never read as markup
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, item)
            spin = QSpinBox()
            spin.setRange(0, MAX_ID)
            spin.setSpecialValueText(_("none"))
            spin.valueChanged.connect(lambda _value: self.remember())
            self.table.setCellWidget(row, 1, spin)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.space.editTextChanged.connect(lambda _text: self.load())
        self.load()
        self.resize(640, 420)

    def spins(self) -> list[QSpinBox]:
        """The id boxes, one per row."""
        found = (self.table.cellWidget(row, 1) for row in range(self.table.rowCount()))
        return [spin for spin in found if isinstance(spin, QSpinBox)]

    def load(self) -> None:
        """The ids remembered for the space now written (none for a space never given any)."""
        ids = remembered(self.settings).get(self.space.currentText().strip(), {})
        for name, spin in zip(self.shown, self.spins(), strict=True):
            spin.blockSignals(True)
            spin.setValue(ids.get(category_key(name), 0))
            spin.blockSignals(False)

    def keep_space(self) -> None:
        """The space written now is the one the next export uses (empty: none, so no categories)."""
        self.settings.set_value(SPACE_KEY, self.space.currentText().strip())
        self.settings.qsettings.sync()

    def remember(self) -> None:
        """Keep the ids for this space (and the space) for the next export and the next workshop."""
        space = self.space.currentText().strip()
        if not space:
            return
        every = remembered(self.settings)
        mine = every.setdefault(space, {})
        for name, spin in zip(self.shown, self.spins(), strict=True):
            if spin.value() > 0:
                mine[category_key(name)] = spin.value()
            else:
                mine.pop(category_key(name), None)
        self.settings.set_value(CATEGORIES_KEY, json.dumps(every, ensure_ascii=False, sort_keys=True))
        self.settings.set_value(SPACE_KEY, space)
        self.settings.qsettings.sync()


class DecidimCategories:
    """One row of the Export panel's form: how many clusters and themes have a Decidim id, and a button that
    opens ``CategoriesDialog``."""

    def __init__(self, form: QFormLayout, settings: AppSettings, names: Callable[[], list[str]]) -> None:
        self.settings = settings
        self.names = names
        self.summary = plain_label()
        self.button = QPushButton(_("Set categories…"))
        self.button.clicked.connect(self.open)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.button)
        form.addRow(_("Decidim categories"), row)
        self.dialog: CategoriesDialog | None = None
        self.refresh()

    def space(self) -> str:
        """The Decidim space last chosen."""
        return str(self.settings.value(SPACE_KEY, "") or "").strip()

    def pairs(self) -> tuple[tuple[str, int], ...]:
        """(cluster or theme, Decidim id) for each that has one in the space last chosen."""
        ids = remembered(self.settings).get(self.space(), {})
        found = ((name, ids.get(category_key(name), 0)) for name in self.names())
        return tuple((name, number) for name, number in found if number > 0)

    def refresh(self) -> None:
        """Say how many clusters and themes have an id, for which space."""
        total, given = len(self.names()), len(self.pairs())
        if not total:
            text = _("No clusters or themes yet.")
        elif not given:
            text = _("None: the import file leaves categories out.")
        else:
            text = ngettext(
                "{count} of {total} has a Decidim category ({space}).",
                "{count} of {total} have a Decidim category ({space}).",
                given,
            ).format(count=given, total=total, space=self.space())
        self.summary.setText(text)

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.keep_space()
        self.refresh()

    def open(self) -> CategoriesDialog:
        """Show the dialog for the clusters and themes there are now; the summary follows when it closes."""
        self.dialog = CategoriesDialog(self.settings, self.names(), self.button.window())
        self.dialog.finished.connect(lambda _result: self._closed())
        self.dialog.open()
        return self.dialog
