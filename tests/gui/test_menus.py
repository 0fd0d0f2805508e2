"""The facilitator window's menus: what is enabled without a workshop, View's panels, File > Open Recent."""

from __future__ import annotations

from pathlib import Path

from cocity_workshop.core.model import Template
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.menus import PANEL_KEYS, panel_title


def test_entries_that_need_a_workshop_wait_for_one_and_view_brings_each_panel_forward(
    window: FacilitatorWindow, tmp_path: Path
) -> None:
    """Without a workshop only what needs none is enabled; once one is open, View > panel N shows panel N."""
    menus = window.menus
    waiting = [menus.save_copy_action, menus.close_action, menus.projector_action, *menus.panel_actions]
    assert not any(action.isEnabled() for action in [*waiting, *menus.room_actions])
    assert not menus.undo_action.isEnabled() and menus.undo_action.text() == "&Undo"
    assert window.create_workshop(tmp_path / "menus.cocity", "Menus", Template.CO_DESIGN, "en")
    assert all(action.isEnabled() for action in [*waiting, *menus.room_actions])
    assert [action.text() for action in menus.panel_actions] == [panel_title(key) for key in PANEL_KEYS]
    assert [action.shortcut().toString() for action in menus.panel_actions] == [f"Ctrl+{n}" for n in range(1, 7)]
    for action, key in reversed(list(zip(menus.panel_actions, PANEL_KEYS, strict=True))):
        action.trigger()
        assert window.tabs.currentWidget() is window.panels[key]
        assert window.tabs.tabText(window.tabs.currentIndex()) == panel_title(key)
    assert window.close_workshop()
    assert not any(action.isEnabled() for action in waiting)


def test_open_recent_lists_the_workshops_and_opens_the_one_chosen(window: FacilitatorWindow, tmp_path: Path) -> None:
    """File > Open Recent lists the last workshops, newest first, and opens the one chosen."""
    assert not window.menus.recent_menu.isEnabled()
    for name in ("first", "second"):
        assert window.create_workshop(tmp_path / f"{name}.cocity", name.title(), Template.CO_DESIGN, "en")
    assert window.close_workshop()
    entries = window.menus.recent_menu.actions()
    assert window.menus.recent_menu.isEnabled()
    assert [(a.text(), a.toolTip()) for a in entries] == [
        (f"{name}.cocity", str((tmp_path / f"{name}.cocity").resolve())) for name in ("second", "first")
    ]
    entries[1].trigger()
    assert window.controller is not None and window.controller.live.workshop.title == "First"
