"""The "Deliver to the city" box of the Export panel: the outbox's deliveries, "Export for the city" and "Sync now"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.outbox import OutboxTableModel, delivery_rows
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.panels.common import table
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import _


class SyncBox(QGroupBox):
    """Passive: shows the watcher's state and asks it for jobs."""

    def __init__(self, controller: WorkshopController, watcher: OutboxWatcher, parent: Any = None) -> None:
        super().__init__(_("Deliver to the city"), parent)
        self.controller = controller
        self.watcher = watcher
        #: Runs before an export; the export goes ahead only when it answers true (the Export panel's
        #: personal-data check).
        self.before_export: Callable[[], bool] = lambda: True
        #: The Decidim locales and separator the bundle's Decidim files are written for (the Export panel's).
        self.decidim_format: Callable[[], Any] = lambda: None
        self.model = OutboxTableModel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "Export for the city puts this workshop's data bundle in the outbox for every target in the "
                    "sync settings (a folder, Nextcloud, the open-data portal, e-mail). Sync now delivers what "
                    "waits; the app also tries again by itself when the network is back."
                )
            )
        )
        self.view = table(self.model, stretch=OutboxTableModel.COL_DETAILS, editable=False)
        self.view.setMinimumHeight(110)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.queue_button = QPushButton(_("Export for the city"))
        self.queue_button.clicked.connect(lambda: self.export_for_city())
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.clicked.connect(lambda: watcher.sync_now())
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.clicked.connect(lambda: watcher.cancel())
        for widget in (self.queue_button, self.sync_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.settings_button = QPushButton(_("Sync settings…"))
        self.settings_button.setToolTip(_("Add, change or remove the places results are delivered to."))
        self.settings_button.clicked.connect(lambda: self.open_settings())
        buttons.addWidget(self.settings_button)
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status_label = plain_label()
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        watcher.status_changed.connect(self.show_status)
        watcher.busy_changed.connect(self.show_busy)
        watcher.progressed.connect(self.show_progress)
        watcher.reported.connect(self.status_label.setText)
        self.show_busy(watcher.busy)
        self.show_status(watcher.statuses)
        watcher.refresh()

    def export_for_city(self) -> bool:
        """Queue this workshop's bundle for the city's targets (after the personal-data check)."""
        if not self.before_export():
            return False
        language = self.controller.live.workshop.language
        return self.controller.export_for_city(self.watcher, language, self.decidim_format())

    def open_settings(self) -> Any:
        """Show the sync settings; the list follows each change (the dialog is loaded when first asked for)."""
        from cocity_workshop.gui.sync_settings import open_sync_settings

        return open_sync_settings(self.window(), self.watcher.refresh)

    def show_status(self, statuses: list[Any]) -> None:
        """Each bundle's delivery to each target."""
        self.model.update_rows(delivery_rows(statuses))

    def show_busy(self, busy: bool) -> None:
        """Buttons follow whether a job runs."""
        self.queue_button.setEnabled(not busy and not self.controller.live.readonly)
        self.sync_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
        else:
            self.progress.setValue(self.progress.maximum() if self.watcher.last_delivered else 0)

    def show_progress(self, fraction: float, message: str) -> None:
        """How far the running job is."""
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.status_label.setText(message)
