"""Take the README's screenshots under Xvfb at 1366x768: the start screen, each panel and the projector, light and dark.

Run: ``xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/make_screenshots.py``
(``COCITY_LANG=cs`` for the Czech app; the demo workshop is the Czech one from Pilsen). With the argument
``sync-settings`` it takes ``sync-settings.png`` instead: the sync settings with a target's form open.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def shoot(theme: str) -> None:
    """All screenshots in one theme."""
    os.environ["COCITY_THEME"] = theme
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from cocity_workshop.gui.app import make_application
    from cocity_workshop.gui.main_window import FacilitatorWindow
    from cocity_workshop.gui.settings import AppSettings
    from cocity_workshop.gui.theme import apply_theme
    from cocity_workshop.session.demo import create_demo

    work = Path(tempfile.mkdtemp())
    # The outbox and the sync settings of the screenshots' own (platformdirs reads these on Linux).
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    os.environ["XDG_DATA_HOME"] = str(work / "data")
    app = make_application()
    apply_theme(app)
    os.environ["COCITY_SETTINGS"] = str(work / "settings.ini")
    configure_sync(work)
    demo = work / "Mladí podnikatelé.cocity"
    create_demo(demo, "cs").close()
    window = FacilitatorWindow(AppSettings(), server_host="127.0.0.1", server_port=0, ask=False)
    window.setGeometry(0, 0, 1366, 768)
    window.show()

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents()
            QApplication.instance().thread().msleep(30)  # type: ignore[union-attr]

    def wait_for_outbox() -> None:
        for _ in range(600):  # at most a minute
            settle()
            if not window.outbox_watcher.busy:
                return

    AppSettings().add_recent(demo)
    window.refresh_recent()
    settle()
    window.grab().save(str(HERE / f"start-{theme}.png"))
    window.open_path(demo)
    controller = window.controller
    assert controller is not None and window.host is not None
    controller.set_joining(open=True)
    window.host.start()
    # Deliver to the city: the bundle queued for two folder targets; one stick is plugged in, one is not.
    window.outbox_watcher.export_for_city(window.session, "cs")  # type: ignore[arg-type]
    wait_for_outbox()
    window.outbox_watcher.sync_now()
    wait_for_outbox()
    ideas_panel = window.panels["ideas"]
    ideas_panel.select_idea(3)  # type: ignore[attr-defined]
    for key in window.panels:
        window.show_panel(key)
        settle()
        window.grab().save(str(HERE / f"{key}-{theme}.png"))
    projector = window.show_projector(0, fullscreen=False)
    assert projector is not None
    projector.setGeometry(0, 0, 1366, 768)
    controller.start_phase(controller.live.phases_model.rows[2].id)
    controller.live.set_focus_round(controller.live.rounds_model.rows[0].id)
    controller.create_round  # noqa: B018 - the demo's first round is open-ended: show the wall
    settle()
    projector.grab().save(str(HERE / f"projector-tally-{theme}.png"))
    controller.live.set_focus_round(None)
    settle()
    projector.grab().save(str(HERE / f"projector-wall-{theme}.png"))
    window.close()


def configure_sync(work: Path) -> None:
    """Two folder targets in the sync settings: a USB stick that is there and a shared drive that is not."""
    from cocity_workshop.sync import SyncSettings, TargetSettings, default_settings_path, save_settings

    stick = work / "USB" / "Workshopy"
    stick.mkdir(parents=True)
    targets = (
        TargetSettings(name="usb-stick", type="folder", tier="city", options={"path": str(stick)}),
        TargetSettings(
            name="city-share", type="folder", tier="city", options={"path": str(work / "mnt" / "mesto-sdilene")}
        ),
    )
    save_settings(SyncSettings(targets), default_settings_path())


def shoot_sync_settings() -> None:
    """The sync settings dialog with four targets, and the form of the Nextcloud one open on top of it."""
    os.environ["COCITY_THEME"] = "light"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    from cocity_workshop.gui.app import make_application
    from cocity_workshop.gui.sync_settings import SyncSettingsDialog
    from cocity_workshop.sync import TargetSettings, default_settings_path, save_settings
    from cocity_workshop.sync.settings import SyncSettings

    work = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(work)  # the dialog shows the settings file as ~/.config/cocity-workshop/sync.toml
    os.environ["XDG_CONFIG_HOME"] = str(work / ".config")
    os.environ["XDG_DATA_HOME"] = str(work / ".local" / "share")
    os.environ["COCITY_SETTINGS"] = str(work / "settings.ini")
    make_application()
    targets = (
        TargetSettings("usb-stick", "folder", "city", options={"path": "/media/anna/USB/Workshopy"}),
        TargetSettings(
            "mestsky-cloud",
            "webdav",
            "city",
            options={
                "url": "https://cloud.plzen.example/remote.php/dav/files/anna/Workshopy",
                "username": "anna",
                "app_password": "not-a-real-app-password",
            },
        ),
        TargetSettings(
            "opendata",
            "ckan",
            "public",
            options={"url": "https://opendata.plzen.example", "api_token": "not-a-token", "organization": "mesto"},
        ),
        TargetSettings(
            "rada",
            "email",
            "city",
            enabled=False,
            options={
                "host": "smtp.plzen.example",
                "security": "starttls",
                "username": "anna@plzen.example",
                "password": "not-a-password",
                "sender": "anna@plzen.example",
                "to": "rada@plzen.example",
            },
        ),
    )
    save_settings(SyncSettings(targets), default_settings_path())
    dialog = SyncSettingsDialog(ask=False)
    dialog.setGeometry(24, 24, 900, 470)
    dialog.show()
    dialog.reload(select="mestsky-cloud")
    editor = dialog.edit_target()
    assert editor is not None
    editor.move(330, 150)
    editor.set_value("url", "http://cloud.plzen.example/remote.php/dav/files/anna/Workshopy")
    editor.checked_target()  # shows how a plain http address is refused
    for _ in range(20):
        QCoreApplication.processEvents()
    right = max(dialog.geometry().right(), editor.geometry().right()) + 24
    bottom = max(dialog.geometry().bottom(), editor.geometry().bottom()) + 24
    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0, 0, 0, right, bottom).save(str(HERE / "sync-settings.png"))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "sync-settings":
        shoot_sync_settings()
    else:
        shoot(sys.argv[1] if len(sys.argv) > 1 else "light")
