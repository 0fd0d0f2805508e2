"""The facilitator window: the start screen, then the workshop's panels; the File, Edit, View and Room menus."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
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
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.panels.actions import ActionsPanel
from cocity_workshop.gui.panels.export import ExportPanel
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
        self._build_menus()
        self.refresh_recent()
        if not self.settings.restore_window("main", self):
            self.resize(1280, 760)
        self._update_actions()

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, keys: Any = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcuts(
                QKeySequence.keyBindings(keys) if isinstance(keys, QKeySequence.StandardKey) else [QKeySequence(keys)]
            )
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(
            file_menu, _("&New workshop…"), lambda: self.new_workshop(Template.CO_DESIGN), QKeySequence.StandardKey.New
        )
        self._action(file_menu, _("&Open…"), self.choose_and_open, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(_("Open &Recent"))
        file_menu.addSeparator()
        self.save_copy_action = self._action(file_menu, _("Save a &Copy…"), self.save_copy, "Ctrl+Shift+S")
        self.close_action = self._action(
            file_menu, _("&Close Workshop"), self.close_workshop, QKeySequence.StandardKey.Close
        )
        file_menu.addSeparator()
        self._action(file_menu, _("S&ync Settings…"), self.show_sync_settings)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu(_("&Edit"))
        self.undo_action = self._action(edit_menu, _("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit_menu, _("&Redo"), self.redo, QKeySequence.StandardKey.Redo)

        view_menu = bar.addMenu(_("&View"))
        self.panel_actions: list[QAction] = []
        for number, key in enumerate(("prepare", "room", "ideas", "voting", "actions", "export"), start=1):
            self.panel_actions.append(
                self._action(view_menu, self._panel_title(key), lambda key=key: self.show_panel(key), f"Ctrl+{number}")
            )
        view_menu.addSeparator()
        self.projector_action = self._action(view_menu, _("&Projector Window"), self.toggle_projector, "Ctrl+Shift+F5")

        room_menu = bar.addMenu(_("&Room"))
        operations: list[tuple[str, Callable[[WorkshopController], object], str]] = [
            (_("Start &Next Phase"), WorkshopController.start_next_phase, "Ctrl+Shift+N"),
            (_("&Pause or Resume"), WorkshopController.toggle_pause, "Ctrl+Shift+P"),
            (_("Add a &Minute"), lambda controller: controller.extend_phase(60), "Ctrl+Shift+Up"),
        ]
        self.room_actions = [
            self._action(room_menu, text, partial(self._with_controller, operation), keys)
            for text, operation, keys in operations
        ]
        room_menu.addSeparator()
        self.finish_action = self._action(room_menu, _("&Finish the Workshop…"), self.finish_workshop)
        self.room_actions.append(self.finish_action)
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About CoCity Workshop"), self.about)

    @staticmethod
    def _panel_title(key: str) -> str:
        return {
            "prepare": _("Prepare"),
            "room": _("Run the room"),
            "ideas": _("Ideas"),
            "voting": _("Voting"),
            "actions": _("Action plan"),
            "export": _("Export"),
        }[key]

    def _with_controller(self, operation: Callable[[WorkshopController], object]) -> None:
        if self.controller is not None:
            operation(self.controller)

    def _update_actions(self) -> None:
        is_open = self.controller is not None
        for action in (
            self.save_copy_action,
            self.close_action,
            self.projector_action,
            *self.panel_actions,
            *self.room_actions,
        ):
            action.setEnabled(is_open)
        stack = self.controller.undo_stack if self.controller else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(
            _("&Undo {action}").format(action=stack.undoText()) if stack and stack.canUndo() else _("&Undo")
        )
        self.redo_action.setText(
            _("&Redo {action}").format(action=stack.redoText()) if stack and stack.canRedo() else _("&Redo")
        )

    def refresh_recent(self) -> None:
        """Rebuild Open Recent and the start screen's list."""
        recent = self.settings.recent_files()
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, path=path: self.open_path(path))
        self.recent_menu.setEnabled(bool(recent))
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
        self.host = ServerHost(session, address, self.server_port)
        controller.error_raised.connect(self.show_error)
        controller.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        controller.undo_stack.cleanChanged.connect(lambda _c: self._update_actions())
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
        self.tabs.clear()
        for key, panel in self.panels.items():
            self.tabs.addTab(panel, self._panel_title(key))
        self.tabs.setCurrentIndex(int(str(self.settings.value("main/tab", 1) or 1)) % len(self.panels))
        self.stack.setCurrentWidget(self.tabs)
        self.settings.add_recent(session.path)
        self.refresh_recent()
        self._show_title()
        self._update_actions()
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
        self._update_actions()
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
