"""Export: the PDF report and the data bundle, written in the background with progress; then open the result.

Below them, the deliveries to the city (``SyncBox``): "Export for the city" and "Sync now".
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.core.categories import category_names
from cocity_workshop.core.personal_data import Finding
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.panels.common import heading
from cocity_workshop.gui.panels.decidim_categories import DecidimCategories
from cocity_workshop.gui.panels.decidim_choice import DecidimChoice
from cocity_workshop.gui.panels.start import LANGUAGE_NAMES
from cocity_workshop.gui.panels.sync import SyncBox
from cocity_workshop.gui.personal_data_dialog import PersonalDataDialog
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import LANGUAGES, _, ngettext


def _has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def report_writer() -> Callable[..., Any] | None:
    """``cocity_workshop.report.write_report``, if this build has it."""
    try:
        writer: Callable[..., Any] = importlib.import_module("cocity_workshop.report").write_report
        return writer
    except (ImportError, AttributeError):
        return None


def bundle_exporter() -> Callable[..., Any] | None:
    """``cocity_workshop.bundle.export_bundle``, if this build has it."""
    try:
        exporter: Callable[..., Any] = importlib.import_module("cocity_workshop.bundle").export_bundle
        return exporter
    except (ImportError, AttributeError):
        return None


class ExportPanel(QWidget):
    """Two jobs, one at a time: the report and the bundle; below them, the deliveries to the city."""

    def __init__(
        self,
        controller: WorkshopController,
        watcher: OutboxWatcher | None = None,
        parent: Any = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.result_path: Path | None = None
        self.running = False
        outer = QVBoxLayout(self)
        outer.addWidget(heading(_("Export the outcome")))
        outer.addWidget(
            plain_label(
                _(
                    "The report is a PDF for the council: challenge, participation in aggregate, ideas by "
                    "cluster, vote results, the action plan and the workshop's fingerprint. The data bundle is a "
                    "ZIP with the data as CSV and JSON and a Decidim import file. Participants are counted, "
                    "never named; before any export, texts that look like personal data are listed for you to "
                    "redact, hide or let leave."
                )
            )
        )
        self.personal_label = plain_label()
        outer.addWidget(self.personal_label)
        form_box = QGroupBox(_("Settings"))
        form = QFormLayout(form_box)
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(controller.live.workshop.language)))
        form.addRow(_("Language"), self.language_combo)
        self.tier_combo = QComboBox()
        self.tier_combo.addItem(_("public: ideas, tallies and participation in aggregate"), "public")
        self.tier_combo.addItem(_("city: adds the anonymous ballots and the action log"), "city")
        form.addRow(_("Bundle for"), self.tier_combo)
        settings = settings or AppSettings()
        self.decidim = DecidimChoice(form, controller.live.workshop.language, settings)
        self.categories = DecidimCategories(form, settings, self.category_names)
        outer.addWidget(form_box)
        row = QHBoxLayout()
        self.report_button = QPushButton(_("Write the PDF report…"))
        self.report_button.clicked.connect(lambda: self.export_report())
        self.bundle_button = QPushButton(_("Export the data bundle…"))
        self.bundle_button.clicked.connect(lambda: self.export_bundle())
        row.addWidget(self.report_button)
        row.addWidget(self.bundle_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status_label = plain_label()
        self.open_button = QPushButton(_("Open the result"))
        self.open_button.clicked.connect(self.open_result)
        self.open_button.setEnabled(False)
        self.folder_button = QPushButton(_("Show in folder"))
        self.folder_button.clicked.connect(self.open_folder)
        self.folder_button.setEnabled(False)
        outer.addWidget(self.progress)
        outer.addWidget(self.status_label)
        result_row = QHBoxLayout()
        result_row.addWidget(self.open_button)
        result_row.addWidget(self.folder_button)
        result_row.addStretch(1)
        outer.addLayout(result_row)
        self.sync_box = SyncBox(controller, watcher or OutboxWatcher(parent=self))
        self.sync_box.before_export = self.check_personal_data
        self.sync_box.decidim_format = self.decidim_format
        outer.addWidget(self.sync_box, 1)
        #: Whether the check may ask the facilitator (a modal dialog); tests answer through ``dialog``.
        self.ask = True
        self.dialog: PersonalDataDialog | None = None
        self.show_availability()
        self.show_personal_data()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.show_personal_data()
        self.categories.refresh()  # clusters and themes may have changed since

    def category_names(self) -> list[str]:
        """The clusters and themes the ideas shown to the room fall into (``core.categories``)."""
        live = self.controller.live
        return category_names(live.session.ideas(), live.session.clusters(), live.workshop.themes)

    def show_personal_data(self) -> list[Finding]:
        """Say whether texts that would leave look like personal data (never that nothing personal leaves)."""
        found = self.controller.live.personal_data_findings()
        if found:
            self.personal_label.setText(
                ngettext(
                    "{count} text that would leave looks like personal data: you decide about it before any export.",
                    "{count} texts that would leave look like personal data: you decide about them before any export.",
                    len(found),
                ).format(count=len(found))
            )
            self.personal_label.setStyleSheet("color: #9a3412; font-weight: bold;")
        else:
            self.personal_label.setText(
                _(
                    "No text that would leave looks like personal data (checked for e-mail addresses, phone "
                    "numbers and social media handles; read it through too)."
                )
            )
            self.personal_label.setStyleSheet("")
        return found

    def check_personal_data(self) -> bool:
        """Before an export: list the findings and carry out the facilitator's decisions; whether to go on."""
        found = self.show_personal_data()
        if not found:
            return True
        self.dialog = PersonalDataDialog(found, self)
        if self.ask and self.dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        problems = self.controller.settle_personal_data(self.dialog.verdicts())
        left = self.show_personal_data()
        if problems or left:
            self.status_label.setText(" ".join(problems) or self.personal_label.text())
            return False
        return True

    def show_availability(self) -> None:
        """Enable the jobs this build can run (checked without importing them: reportlab is slow to load)."""
        has_report, has_bundle = _has_module("cocity_workshop.report"), _has_module("cocity_workshop.bundle")
        self.report_button.setEnabled(has_report and not self.running)
        self.bundle_button.setEnabled(has_bundle and not self.running)
        missing = []
        if not has_report:
            missing.append(_("The PDF report is not available in this version."))
        if not has_bundle:
            missing.append(_("The data bundle is not available in this version."))
        if missing and not self.running and self.result_path is None:
            self.status_label.setText(" ".join(missing))

    def _default_path(self, suffix: str) -> str:
        path = self.controller.live.path
        return str(path.with_name(path.stem + suffix))

    def export_report(self, path: str | None = None) -> None:
        """Write the PDF report (asking where unless ``path`` is given)."""
        writer = report_writer()
        if writer is None or self.running or not self.check_personal_data():
            return
        if path is None:
            path, _f = QFileDialog.getSaveFileName(
                self, _("Write the PDF report"), self._default_path("-report.pdf"), _("PDF (*.pdf)")
            )
            if not path:
                return
        job = self.controller.export_job(writer, path, language=str(self.language_combo.currentData()))
        self._run(job, _("Writing the report…"))

    def export_bundle(self, path: str | None = None) -> None:
        """Export the data bundle (asking where unless ``path`` is given)."""
        exporter = bundle_exporter()
        if exporter is None or self.running or not self.check_personal_data():
            return
        language, tier = str(self.language_combo.currentData()), str(self.tier_combo.currentData())
        if path is None:  # the tier in the name: a city bundle is never mistaken for the public one
            path, _f = QFileDialog.getSaveFileName(
                self, _("Export the data bundle"), self._default_path(f"-{tier}.zip"), _("ZIP (*.zip)")
            )
            if not path:
                return
        job = self.controller.export_job(
            exporter, path, tier=tier, language=language, decidim_format=self.decidim_format()
        )
        self._run(job, _("Exporting the data bundle…"))

    def decidim_locales(self) -> tuple[str, ...]:
        """The city's Decidim languages: the default first, then each other one ticked."""
        return self.decidim.locales()

    def decidim_format(self) -> Any:
        """The bundle's ``DecidimFormat`` from the choices above (``None`` when this build has no bundle)."""
        return self.decidim.format(self.categories.pairs())

    def _run(self, job: Callable[[Callable[[float, str], None]], Any], message: str) -> None:
        self.running = True
        self.result_path = None
        self.open_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.progress.setValue(0)
        self.status_label.setText(message)
        self.show_availability()
        run_task(job, self._done, self._failed, self._progressed)

    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.status_label.setText(message)

    def _done(self, result: Any) -> None:
        self.running = False
        path = getattr(result, "path", result)
        self.result_path = Path(str(path))
        self.progress.setValue(1000)
        self.status_label.setText(_("Done: {path}").format(path=self.result_path))
        self.open_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.show_availability()

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.progress.setValue(0)
        self.status_label.setText(_("The export failed: {reason}").format(reason=error))
        self.show_availability()

    def open_result(self) -> None:
        """Open the written file with the system's viewer."""
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path)))

    def open_folder(self) -> None:
        """Open the folder that holds the result."""
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))
