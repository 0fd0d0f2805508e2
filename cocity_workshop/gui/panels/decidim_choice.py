"""The city's Decidim, as the Export panel asks for it: its default language, its other languages and the CSV
separator its importer expects. The choice belongs to the city's Decidim, not to one workshop, so the app
remembers it between workshops and runs (``decidim/locales`` and ``decidim/separator`` in the app's settings);
until it is first made, the default language is the workshop's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QListWidget, QListWidgetItem

from cocity_workshop.gui.panels.start import LANGUAGE_NAMES
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.i18n import LANGUAGES, _

LOCALES_KEY = "decidim/locales"
SEPARATOR_KEY = "decidim/separator"
SEPARATORS = (";", ",")


def remembered_locales(settings: AppSettings) -> list[str]:
    """The Decidim languages last chosen on this machine (known codes only, in their order), or none."""
    value = settings.value(LOCALES_KEY, [])
    codes = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [str(code) for code in codes if code in LANGUAGES]


class DecidimChoice:
    """The three Decidim rows of a form; every change is remembered at once."""

    def __init__(self, form: QFormLayout, workshop_language: str, settings: AppSettings) -> None:
        self.settings = settings
        self.combo = QComboBox()  # the city's Decidim default locale (its required columns)
        self.extra = QListWidget()  # and the other locales it uses
        for code in LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES.get(code, code), code)
            item = QListWidgetItem(LANGUAGE_NAMES.get(code, code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.extra.addItem(item)
        self.extra.setMaximumHeight(self.extra.sizeHintForRow(0) * 4 + 6)
        self.separator = QComboBox()
        self.separator.addItem(_("Semicolon (;), Decidim's own"), ";")
        self.separator.addItem(_("Comma (,)"), ",")
        form.addRow(_("Decidim's default language"), self.combo)
        form.addRow(_("Decidim's other languages"), self.extra)
        form.addRow(_("Decidim CSV separator"), self.separator)
        self._restore(workshop_language)
        self.combo.currentIndexChanged.connect(lambda _index: self.remember())
        self.extra.itemChanged.connect(lambda _item: self.remember())
        self.separator.currentIndexChanged.connect(lambda _index: self.remember())

    def _restore(self, workshop_language: str) -> None:
        codes = remembered_locales(self.settings) or [workshop_language]
        self.combo.setCurrentIndex(max(0, self.combo.findData(codes[0])))
        for item in self.language_items():
            if item.data(Qt.ItemDataRole.UserRole) in codes[1:]:
                item.setCheckState(Qt.CheckState.Checked)
        separator = self.settings.value(SEPARATOR_KEY, ";")
        self.separator.setCurrentIndex(max(0, self.separator.findData(separator if separator in SEPARATORS else ";")))

    def language_items(self) -> list[QListWidgetItem]:
        """The other-languages list's rows, one per language."""
        return [self.extra.item(i) for i in range(self.extra.count())]

    def locales(self) -> tuple[str, ...]:
        """The city's Decidim languages: the default first, then each other one ticked."""
        checked = [i for i in self.language_items() if i.checkState() == Qt.CheckState.Checked]
        default = str(self.combo.currentData())
        others = (str(i.data(Qt.ItemDataRole.UserRole)) for i in checked)
        return (default, *(code for code in others if code != default))

    def separator_text(self) -> str:
        """The CSV separator chosen."""
        return str(self.separator.currentData())

    def remember(self) -> None:
        """Keep the choice for the next workshop and the next run."""
        self.settings.set_value(LOCALES_KEY, list(self.locales()))
        self.settings.set_value(SEPARATOR_KEY, self.separator_text())
        self.settings.qsettings.sync()

    def format(self, categories: tuple[tuple[str, int], ...] = ()) -> Any:
        """The bundle's ``DecidimFormat`` for this choice (and the space's ``categories``, name and id), or
        ``None`` when this build has no bundle."""
        try:
            from cocity_workshop.bundle.decidim import DecidimFormat
        except ImportError:
            return None
        return DecidimFormat(self.locales(), self.separator_text(), categories)
