"""The facilitator window's menus: what is enabled without a workshop, View's panels, File > Open Recent."""

from __future__ import annotations

from pathlib import Path

from cocity_workshop.core.model import Template
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.menus import MENU_KEYS, PANEL_KEYS, panel_title


def test_entries_that_need_a_workshop_wait_for_one_and_view_brings_each_panel_forward(
    window: FacilitatorWindow, tmp_path: Path
) -> None:
    """Without a workshop only what needs none is enabled; once one is open, View > panel N shows panel N; the
    Hackathon entry (Ctrl+7) is there only for a hackathon, so Export stays Ctrl+6."""
    menus = window.menus
    waiting = [menus.save_copy_action, menus.close_action, menus.projector_action, *menus.panel_actions]
    assert not any(action.isEnabled() for action in [*waiting, *menus.room_actions])
    assert not menus.undo_action.isEnabled() and menus.undo_action.text() == "&Undo"
    assert window.create_workshop(tmp_path / "menus.cocity", "Menus", Template.CO_DESIGN, "en")
    hackathon = menus.panel_actions[MENU_KEYS.index("hackathon")]
    others = [a for a in waiting if a is not hackathon]
    assert all(action.isEnabled() for action in [*others, *menus.room_actions])
    assert not hackathon.isVisible() and not hackathon.isEnabled()  # a co-design workshop has no Hackathon panel
    assert [action.text() for action in menus.panel_actions] == [panel_title(key) for key in MENU_KEYS]
    assert [action.shortcut().toString() for action in menus.panel_actions] == [f"Ctrl+{n}" for n in range(1, 8)]
    shown = [(a, k) for a, k in zip(menus.panel_actions, MENU_KEYS, strict=True) if k in window.panels]
    assert [k for _a, k in shown] == [k for k in MENU_KEYS if k != "hackathon"]
    for action, key in reversed(shown):
        action.trigger()
        assert window.tabs.currentWidget() is window.panels[key]
        assert window.tabs.tabText(window.tabs.currentIndex()) == panel_title(key)
    assert window.close_workshop()
    assert not any(action.isEnabled() for action in waiting)
    assert window.create_workshop(tmp_path / "hack.cocity", "Hack", Template.HACKATHON, "en")
    assert hackathon.isVisible() and hackathon.isEnabled()
    assert [window.tabs.tabText(n) for n in range(window.tabs.count())] == [panel_title(k) for k in PANEL_KEYS]
    hackathon.trigger()
    assert window.tabs.currentWidget() is window.panels["hackathon"]
    assert window.close_workshop()


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
