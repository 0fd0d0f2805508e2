"""The facilitator window's menus (File, Edit, View, Room, Help), and which entries an open workshop enables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from cocity_workshop.core.model import Template
from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.i18n import _

if TYPE_CHECKING:
    from cocity_workshop.gui.main_window import FacilitatorWindow

#: The panels in tab order; a workshop without a hackathon has no Hackathon panel.
PANEL_KEYS = ("prepare", "room", "ideas", "voting", "actions", "hackathon", "export")
#: The View menu's order, Ctrl+1 to Ctrl+7: the Hackathon panel last, so Export stays Ctrl+6.
MENU_KEYS = ("prepare", "room", "ideas", "voting", "actions", "export", "hackathon")
#: A menu entry's shortcut: a key sequence as text, a platform's standard key, or none.
Keys = str | QKeySequence.StandardKey | None


def panel_title(key: str) -> str:
    """A panel's name, on its tab and in the View menu."""
    return {
        "prepare": _("Prepare"),
        "room": _("Run the room"),
        "ideas": _("Ideas"),
        "voting": _("Voting"),
        "actions": _("Action plan"),
        "hackathon": _("Hackathon"),
        "export": _("Export"),
    }[key]


class WindowMenus:
    """The menu bar of ``window``; each entry calls one of the window's methods or one controller operation."""

    def __init__(self, window: FacilitatorWindow) -> None:
        self.window = window
        bar = window.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(
            file_menu,
            _("&New workshop…"),
            lambda: window.new_workshop(Template.CO_DESIGN),
            QKeySequence.StandardKey.New,
        )
        self._action(file_menu, _("&Open…"), window.choose_and_open, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(_("Open &Recent"))
        file_menu.addSeparator()
        self.save_copy_action = self._action(file_menu, _("Save a &Copy…"), window.save_copy, "Ctrl+Shift+S")
        self.close_action = self._action(
            file_menu, _("&Close Workshop"), window.close_workshop, QKeySequence.StandardKey.Close
        )
        file_menu.addSeparator()
        self._action(file_menu, _("S&ync Settings…"), window.show_sync_settings)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), window.close, QKeySequence.StandardKey.Quit)

        edit_menu = bar.addMenu(_("&Edit"))
        self.undo_action = self._action(edit_menu, _("&Undo"), window.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit_menu, _("&Redo"), window.redo, QKeySequence.StandardKey.Redo)

        view_menu = bar.addMenu(_("&View"))
        self.panel_actions = [
            self._action(view_menu, panel_title(key), partial(window.show_panel, key), f"Ctrl+{number}")
            for number, key in enumerate(MENU_KEYS, start=1)
        ]
        view_menu.addSeparator()
        self.projector_action = self._action(
            view_menu, _("&Projector Window"), window.toggle_projector, "Ctrl+Shift+F5"
        )

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
        self.finish_action = self._action(room_menu, _("&Finish the Workshop…"), window.finish_workshop)
        self.room_actions.append(self.finish_action)
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&About CoCity Workshop"), window.about)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object], keys: Keys = None) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcuts(
                QKeySequence.keyBindings(keys) if isinstance(keys, QKeySequence.StandardKey) else [QKeySequence(keys)]
            )
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _with_controller(self, operation: Callable[[WorkshopController], object]) -> None:
        if self.window.controller is not None:
            operation(self.window.controller)

    def update(self) -> None:
        """Enable what needs an open workshop; Undo and Redo name the edit they would take back or do again."""
        controller = self.window.controller
        for action in (
            self.save_copy_action,
            self.close_action,
            self.projector_action,
            *self.panel_actions,
            *self.room_actions,
        ):
            action.setEnabled(controller is not None)
        hackathon = self.panel_actions[MENU_KEYS.index("hackathon")]
        hackathon.setVisible("hackathon" in self.window.panels)
        hackathon.setEnabled(controller is not None and "hackathon" in self.window.panels)
        stack = controller.undo_stack if controller else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(
            _("&Undo {action}").format(action=stack.undoText()) if stack and stack.canUndo() else _("&Undo")
        )
        self.redo_action.setText(
            _("&Redo {action}").format(action=stack.redoText()) if stack and stack.canRedo() else _("&Redo")
        )

    def show_recent(self, recent: Sequence[Path]) -> None:
        """List the recently opened workshops under File > Open Recent."""
        self.recent_menu.clear()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, path=path: self.window.open_path(path))
        self.recent_menu.setEnabled(bool(recent))
