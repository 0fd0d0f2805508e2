"""The facilitator window: the start screen, then the workshop's panels (its menus: ``gui/menus.py``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from cocity_workshop.core.model import Template
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.hosting import ServerHost
from cocity_workshop.gui.menus import PANEL_KEYS, WindowMenus, panel_title
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.panels.actions import ActionsPanel
from cocity_workshop.gui.panels.export import ExportPanel
from cocity_workshop.gui.panels.hackathon import HackathonPanel
from cocity_workshop.gui.panels.ideas import IdeasPanel
from cocity_workshop.gui.panels.prepare import PreparePanel
from cocity_workshop.gui.panels.room import RoomPanel
from cocity_workshop.gui.panels.start import NewWorkshopDialog, StartScreen
from cocity_workshop.gui.panels.voting import VotingPanel
from cocity_workshop.gui.projector import ProjectorWindow
from cocity_workshop.gui.settings import AppSettings
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.i18n import _, current_language
from cocity_workshop.session import DomainError, FileLocked, WorkshopSession

FILE_FILTER_ID = "CoCity (*.cocity)"


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A message box whose text is shown literally (messages may quote participant text or file names)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


class FacilitatorWindow(QMainWindow):
    """The main window. Owns at most one open workshop (session, controller, server, projector)."""

    workshop_opened = Signal(object)  # WorkshopController
    workshop_closed = Signal()

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        server_host: str | None = None,
        server_port: int | None = None,
        ask: bool = True,
        outbox_watcher: OutboxWatcher | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.server_host, self.server_port = server_host, server_port
        #: Whether to ask questions in dialogs (tests and benchmarks turn it off).
        self.ask = ask
        self.session: WorkshopSession | None = None
        self.controller: WorkshopController | None = None
        self.host: ServerHost | None = None
        self.projector: ProjectorWindow | None = None
        self.panels: dict[str, QWidget] = {}
        self.last_error = ""
        #: The user's outbox (deliveries to the city): one for the whole app, retrying on its own.
        self.outbox_watcher = outbox_watcher or OutboxWatcher(parent=self)
        self.setWindowTitle(_("CoCity Workshop"))
        self.stack = QStackedWidget()
        self.start_screen = StartScreen()
        self.start_screen.template_chosen.connect(self.new_workshop)
        self.start_screen.open_requested.connect(self.choose_and_open)
        self.start_screen.recent_chosen.connect(self.open_path)
        self.start_screen.demo_requested.connect(self.open_demo)
        self.stack.addWidget(self.start_screen)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.menus = WindowMenus(self)
        self.refresh_recent()
        if not self.settings.restore_window("main", self):
            self.resize(1280, 760)
        self.menus.update()

    # -- recent workshops --------------------------------------------------------------------
    def refresh_recent(self) -> None:
        """Rebuild Open Recent and the start screen's list."""
        recent = self.settings.recent_files()
        self.menus.show_recent(recent)
        self.start_screen.set_recent(recent)

    # -- errors ------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """Tell the facilitator why something was refused (in the status bar: the room never sees a dialog)."""
        self.last_error = message
        self.statusBar().showMessage(message, 10_000)
        QApplication.beep()

    def _refuse(self, title: str, error: Exception) -> None:
        self.last_error = str(error)
        if self.ask:
            message_box(self, QMessageBox.Icon.Warning, title, str(error)).exec()

    # -- opening and closing -----------------------------------------------------------------
    def new_workshop(self, template: Template) -> None:
        """Ask for title, template, language and location, then create the workshop."""
        dialog = NewWorkshopDialog(template, current_language(), self)
        if dialog.exec() != NewWorkshopDialog.DialogCode.Accepted:
            return
        title, kind, language = dialog.values()
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip() or "workshop"
        path, _f = QFileDialog.getSaveFileName(self, _("Where to keep the workshop"), f"{safe}.cocity", FILE_FILTER_ID)
        if path:
            if not path.endswith(".cocity"):
                path += ".cocity"
            self.create_workshop(Path(path), title, kind, language)

    def create_workshop(self, path: Path, title: str, template: Template, language: str) -> bool:
        """Create a workshop file from a template and open it."""
        if not self.close_workshop():
            return False
        try:
            session = WorkshopSession.create(path, title=title, template=template, language=language)
        except (DomainError, OSError) as error:
            self._refuse(_("The workshop could not be created"), error)
            return False
        self.adopt(session)
        return True

    def choose_and_open(self) -> None:
        """Ask for a workshop file and open it."""
        path, _f = QFileDialog.getOpenFileName(self, _("Open a workshop"), "", FILE_FILTER_ID)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a workshop file; refused files get one clear message, never a traceback."""
        path = Path(path)
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        if not self.close_workshop():
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        session: WorkshopSession | None
        try:
            session = WorkshopSession.open(path)
        except FileLocked as error:
            QGuiApplication.restoreOverrideCursor()
            session = self._offer_readonly(path, error)
            if session is None:
                return False
        except (DomainError, OSError) as error:
            QGuiApplication.restoreOverrideCursor()
            if not path.exists():
                self.settings.forget_recent(path)
                self.refresh_recent()
            self._refuse(_("This workshop cannot be opened"), error)
            return False
        else:
            QGuiApplication.restoreOverrideCursor()
        self.adopt(session)
        return True

    def _offer_readonly(self, path: Path, error: FileLocked) -> WorkshopSession | None:
        self.last_error = str(error)
        if not self.ask:
            return None
        box = message_box(
            self,
            QMessageBox.Icon.Warning,
            _("This workshop is open elsewhere"),
            str(error) + "\n\n" + _("You can look at it read-only; changes cannot be made."),
        )
        readonly = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not readonly:
            return None
        try:
            return WorkshopSession.open(path, readonly=True)
        except DomainError as again:
            self._refuse(_("This workshop cannot be opened"), again)
            return None

    def open_demo(self, language: str) -> None:
        """Build a fresh demo workshop in the background and open it."""
        import platformdirs

        from cocity_workshop.session.demo import create_demo

        folder = Path(platformdirs.user_data_dir("cocity-workshop", "CoCity")) / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / time.strftime(f"demo-{language}-%Y%m%d-%H%M%S.cocity")
        self.statusBar().showMessage(_("Preparing the demo workshop…"))
        self.start_screen.setEnabled(False)

        def done(session: WorkshopSession) -> None:
            self.start_screen.setEnabled(True)
            self.statusBar().clearMessage()
            if self.close_workshop():
                self.adopt(session)
            else:
                session.close()

        def failed(error: BaseException) -> None:
            self.start_screen.setEnabled(True)
            self._refuse(_("The demo could not be prepared"), error if isinstance(error, Exception) else Exception())

        run_task(lambda: create_demo(path, language), done, failed)

    def adopt(self, session: WorkshopSession) -> WorkshopController:
        """Show ``session``'s workshop in the panels."""
        self.session = session
        controller = WorkshopController(session)
        self.controller = controller
        address = self.server_host or str(self.settings.value("server/address", "") or "") or None
        self.host = ServerHost(session, address, self.server_port, own_process=self.settings.server_in_own_process())
        controller.error_raised.connect(self.show_error)
        controller.undo_stack.indexChanged.connect(lambda _i: self.menus.update())
        controller.undo_stack.cleanChanged.connect(lambda _c: self.menus.update())
        controller.live.workshop_changed.connect(lambda _w: self._show_title())
        room = RoomPanel(controller, self.host)
        room.projector_requested.connect(self.show_projector)
        room.address_chosen.connect(lambda address: self.settings.set_value("server/address", address))
        self.panels = {
            "prepare": PreparePanel(controller),
            "room": room,
            "ideas": IdeasPanel(controller),
            "voting": VotingPanel(controller, self.host),
            "actions": ActionsPanel(controller),
            "export": ExportPanel(controller, self.outbox_watcher),
        }
        if session.workshop().template is Template.HACKATHON or session.challenges():
            self.panels["hackathon"] = HackathonPanel(controller, self.host)
        self.panels = {key: self.panels[key] for key in PANEL_KEYS if key in self.panels}
        self.tabs.clear()
        for key, panel in self.panels.items():
            self.tabs.addTab(panel, panel_title(key))
        self.tabs.setCurrentIndex(int(str(self.settings.value("main/tab", 1) or 1)) % len(self.panels))
        self.stack.setCurrentWidget(self.tabs)
        self.settings.add_recent(session.path)
        self.refresh_recent()
        self._show_title()
        self.menus.update()
        if session.readonly:
            self.statusBar().showMessage(
                _("Read-only: this workshop is open in another window or on another computer.")
            )
        self.workshop_opened.emit(controller)
        return controller

    def _show_title(self) -> None:
        if self.controller is None:
            self.setWindowTitle(_("CoCity Workshop"))
            return
        title = self.controller.live.workshop.title
        suffix = _(" (read-only)") if self.session is not None and self.session.readonly else ""
        self.setWindowTitle(f"{title}{suffix} — CoCity Workshop")

    def close_workshop(self) -> bool:
        """Close the open workshop (it is already saved); back to the start screen."""
        if self.controller is None or self.session is None:
            return True
        self.settings.set_value("main/tab", self.tabs.currentIndex())
        if self.projector is not None:
            self.settings.save_window("projector", self.projector)
            self.projector.close()
            self.projector.deleteLater()
            self.projector = None
        if self.host is not None:
            self.host.stop()
            self.host = None
        self.controller.close()
        self.session.close()
        self.tabs.clear()
        for panel in self.panels.values():
            panel.deleteLater()
        self.panels = {}
        self.controller.deleteLater()
        self.controller = None
        self.session = None
        self.stack.setCurrentWidget(self.start_screen)
        self.refresh_recent()
        self._show_title()
        self.menus.update()
        self.workshop_closed.emit()
        return True

    def save_copy(self, destination: Path | None = None) -> Path | None:
        """Write a checked copy of the workshop (to hand over, or as a backup)."""
        if self.session is None:
            return None
        if destination is None:
            suggested = self.session.path.with_name(self.session.path.stem + "-copy.cocity")
            chosen, _f = QFileDialog.getSaveFileName(self, _("Save a copy"), str(suggested), FILE_FILTER_ID)
            if not chosen:
                return None
            destination = Path(chosen)
        try:
            written = self.session.save_copy(destination)
        except (DomainError, OSError) as error:
            self._refuse(_("The copy could not be saved"), error)
            return None
        self.statusBar().showMessage(_("Copy saved: {path}").format(path=written), 8000)
        return written

    def show_sync_settings(self) -> Any:
        """The targets results are delivered to (the user's, so available with or without a workshop open)."""
        from cocity_workshop.gui.sync_settings import open_sync_settings

        return open_sync_settings(self, self.outbox_watcher.refresh)

    # -- panels and projector ----------------------------------------------------------------
    def show_panel(self, key: str) -> None:
        """Bring a panel to the front."""
        if key in self.panels:
            self.tabs.setCurrentWidget(self.panels[key])

    def show_projector(self, screen_index: int = -1, fullscreen: bool = True) -> ProjectorWindow | None:
        """Open (or move) the projector window on a screen."""
        if self.controller is None or self.host is None:
            return None
        if self.projector is None:
            self.projector = ProjectorWindow(self.controller, self.host)
            self.settings.restore_window("projector", self.projector)
        screens = QGuiApplication.screens()
        screen = screens[screen_index] if screens and -len(screens) <= screen_index < len(screens) else None
        self.projector.show_on(screen, fullscreen=fullscreen)
        return self.projector

    def toggle_projector(self) -> None:
        """Show the projector window on the last screen, or hide it."""
        if self.projector is not None and self.projector.isVisible():
            self.projector.hide()
        else:
            self.show_projector(-1)

    def undo(self) -> None:
        """Undo the last edit."""
        if self.controller is not None:
            self.controller.undo()

    def redo(self) -> None:
        """Redo the last undone edit."""
        if self.controller is not None:
            self.controller.redo()

    def finish_workshop(self) -> bool:
        """After a confirmation: close joining and voting and delete the phones' codes (not undoable)."""
        if self.controller is None:
            return False
        if self.ask:
            box = message_box(
                self,
                QMessageBox.Icon.Question,
                _("Finish the workshop"),
                _(
                    "Finish the workshop? Joining and any open round close, and every phone's code, the unused "
                    "tickets and the QR codes are deleted: no phone can send or vote any more. The ideas, the "
                    "anonymous ballots and the action log stay, so the results can still be checked. This cannot "
                    "be undone."
                ),
            )
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            if box.exec() != QMessageBox.StandardButton.Yes:
                return False
        if self.host is not None and self.host.running:
            self.host.stop()
        done = self.controller.finish_workshop()
        if done is None:
            return False
        participants, tickets = done
        self.statusBar().showMessage(
            _("Workshop finished: the codes of {participants} phones and {tickets} tickets were deleted.").format(
                participants=participants, tickets=tickets
            ),
            15_000,
        )
        return True

    def about(self) -> None:
        """Name, version and licence."""
        import cocity_workshop

        message_box(
            self,
            QMessageBox.Icon.Information,
            _("About CoCity Workshop"),
            _("CoCity Workshop {version}\nRun in-person co-creation workshops offline.\nLicence: EUPL-1.2").format(
                version=cocity_workshop.__version__
            ),
        ).exec()

    # -- Qt ----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window("main", self)
        self.close_workshop()
        event.accept()
        QTimer.singleShot(0, lambda: None)
