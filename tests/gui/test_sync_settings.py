"""The sync settings dialog: targets added in it are the ones the sync layer reads; mistakes are marked under
their fields; secrets are never shown again; "Test connection" asks a real wsgidav on 127.0.0.1 in the
background; File > Sync Settings and the "Deliver to the city" box open it."""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cocity_workshop.core.model import Template
from cocity_workshop.gui.main_window import FacilitatorWindow
from cocity_workshop.gui.models.sync_targets import SyncTargetsTableModel
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.sync_settings import SyncSettingsDialog, SyncTargetDialog
from cocity_workshop.sync import (
    Outbox,
    SyncSettings,
    TargetSettings,
    default_settings_path,
    load_settings,
    save_settings,
)

#: The sync tests' real servers (``tests/sync/sync_servers.py``), shared rather than copied.
SYNC_TESTS = Path(__file__).resolve().parents[1] / "sync"
SECRET = "app-pass-1234-5678"  # the wsgidav user's password in sync_servers.py


@pytest.fixture(scope="module")
def webdav(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The sync tests' wsgidav on 127.0.0.1 (user ``anna``), for this module."""
    if str(SYNC_TESTS) not in sys.path:
        sys.path.insert(0, str(SYNC_TESTS))
    from sync_servers import WEBDAV_PASSWORD, WebDavServer

    assert WEBDAV_PASSWORD == SECRET
    server = WebDavServer(tmp_path_factory.mktemp("webdav"))
    yield server
    server.stop()


@pytest.fixture
def dialog(qtbot: QtBot) -> SyncSettingsDialog:
    """The dialog over this test's own sync.toml (no confirmation questions)."""
    made = SyncSettingsDialog(ask=False)
    qtbot.addWidget(made)
    made.show()
    return made


def fill(qtbot: QtBot, editor: SyncTargetDialog, kind: str, name: str, **values: str) -> None:
    """Choose the kind and type the name and settings, as a person would."""
    editor.set_value("type", kind)
    if not editor.name_edit.isReadOnly():
        editor.name_edit.clear()
        qtbot.keyClicks(editor.name_edit, name)
    assert editor.name_edit.text() == name
    for key, value in values.items():
        line = editor.field(key).editor
        assert isinstance(line, QLineEdit)
        line.clear()
        qtbot.keyClicks(line, value)


def shown_texts(widget: Any) -> list[str]:
    """Every text a label or a line edit of ``widget`` shows (what a screenshot could reveal)."""
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [line.text() for line in widget.findChildren(QLineEdit) if line.echoMode() == QLineEdit.EchoMode.Normal]
    return texts


def test_added_folder_and_webdav_targets_are_what_the_sync_layer_reads(
    dialog: SyncSettingsDialog, qtbot: QtBot, tmp_path: Path, webdav: Any
) -> None:
    """Add a folder and a WebDAV target: the list shows them, sync.toml (0600) holds them, the outbox uses them."""
    usb = tmp_path / "usb"
    saved: list[bool] = []
    dialog.settings_saved.connect(lambda: saved.append(True))
    editor = dialog.add_target()
    assert editor.isVisible() and editor.windowTitle() == "Add a sync target"
    fill(qtbot, editor, "folder", "usb-stick", path=str(usb))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)

    editor = dialog.add_target()
    fill(
        qtbot,
        editor,
        "webdav",
        "city-cloud",
        url=f"{webdav.url}/dav/city",
        username="anna",
        app_password=SECRET,
    )
    editor.set_value("tier", "public")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)

    assert saved == [True, True]
    rows = dialog.model.rows
    assert [(r.name, r.type, r.tier, r.where) for r in rows] == [
        ("usb-stick", "folder", "city", str(usb)),
        ("city-cloud", "webdav", "public", f"{webdav.url}/dav/city"),
    ]
    assert dialog.model.index(1, SyncTargetsTableModel.COL_KIND).data() == "Nextcloud / WebDAV"
    path = default_settings_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_settings(path).targets == (
        TargetSettings("usb-stick", "folder", "city", options={"path": str(usb)}),
        TargetSettings(
            "city-cloud",
            "webdav",
            "public",
            options={"url": f"{webdav.url}/dav/city", "username": "anna", "app_password": SECRET},
        ),
    )
    assert [t.name for t in Outbox().settings.enabled()] == ["usb-stick", "city-cloud"]
    assert Outbox().tiers_needed() == ["city", "public"]
    assert not any(SECRET in text for text in shown_texts(dialog))
    cells = [dialog.model.index(r, c).data() for r in range(2) for c in range(dialog.model.columnCount())]
    assert not any(SECRET in str(cell) for cell in cells)


def test_mistakes_are_marked_under_their_fields_and_nothing_is_written(
    dialog: SyncSettingsDialog, qtbot: QtBot
) -> None:
    """A name with a space, a plain-http address, an empty user name: three messages, no file."""
    editor = dialog.add_target()
    fill(qtbot, editor, "webdav", "my cloud", url="http://cloud.example.org/dav")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and not default_settings_path().exists()
    problems = {key: editor.field(key).problem for key in ("name", "url", "username", "app_password")}
    assert problems["name"].isVisible() and "no spaces" in problems["name"].text()
    assert problems["url"].text() == (
        "The app sends passwords and tokens only over an encrypted connection: use https:// here."
    )
    assert problems["username"].text() == "This is needed."
    assert not problems["app_password"].isVisible()
    assert editor.form_label.text() == "Please correct the marked settings."
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in problems.values())

    qtbot.keyClicks(editor.field("url").editor, "x")  # typing in a field clears its message
    assert not problems["url"].isVisible()
    editor.set_value("type", "ckan")
    assert not editor.tier_combo.isEnabled() and editor.tier_combo.currentData() == "public"
    assert editor.field("url").editor.placeholderText() == "https://data.example.org"  # type: ignore[attr-defined]
    editor.set_value("type", "email")
    editor.set_value("security", "ssl")
    assert editor.field("port").editor.placeholderText() == "465"  # type: ignore[attr-defined]
    fill(qtbot, editor, "email", "council", host="smtp.example.org", sender="anna", to="council@example.org, x")
    assert editor.save() is False
    assert editor.field("sender").problem.text() == "Enter one e-mail address, such as anna@example.org."
    assert "separated by commas" in editor.field("to").problem.text()
    editor.reject()


def test_editing_keeps_the_saved_secret_and_remove_takes_the_target_out(
    dialog: SyncSettingsDialog, qtbot: QtBot
) -> None:
    """The password field stays empty (saved), a changed user name keeps the password; Remove writes at once."""
    cloud = TargetSettings(
        "cloud", "webdav", options={"url": "https://cloud.example.org/dav", "username": "anna", "app_password": "s3"}
    )
    usb = TargetSettings("usb", "folder", enabled=False, options={"path": "/media/usb <b>bold</b>"})
    save_settings(SyncSettings((cloud, usb)))
    assert dialog.reload(select="cloud")
    assert dialog.model.index(1, SyncTargetsTableModel.COL_WHERE).data() == "/media/usb <b>bold</b>"
    assert dialog.model.index(1, SyncTargetsTableModel.COL_STATE).data() == "paused"
    editor = dialog.edit_target()
    assert editor is not None and editor.name_edit.isReadOnly()
    secret = editor.field("app_password").editor
    assert isinstance(secret, QLineEdit)
    assert secret.text() == "" and secret.echoMode() == QLineEdit.EchoMode.Password
    assert secret.placeholderText() == "Saved. Type a new one to replace it."
    fill(qtbot, editor, "webdav", "cloud", username="anna.novak")
    assert editor.save()
    qtbot.waitUntil(lambda: dialog.editor is None)
    assert load_settings().target("cloud").options == {**cloud.options, "username": "anna.novak"}

    assert dialog.remove_target("cloud")
    assert [t.name for t in load_settings().targets] == ["usb"]
    assert [r.name for r in dialog.model.rows] == ["usb"]


def test_test_connection_asks_the_server_in_the_background(
    dialog: SyncSettingsDialog, qtbot: QtBot, webdav: Any
) -> None:
    """The button returns at once; the answer from the real wsgidav arrives later: it works, then a wrong password."""
    editor = dialog.add_target()
    fill(qtbot, editor, "webdav", "cloud", url=f"{webdav.url}/dav/tested", username="anna", app_password=SECRET)
    with qtbot.waitSignal(editor.connection_tested, timeout=30_000) as answer:
        started = time.monotonic()
        qtbot.mouseClick(editor.test_button, Qt.MouseButton.LeftButton)
        assert time.monotonic() - started < 1.0
        assert editor.testing and not editor.test_button.isEnabled()
        assert editor.test_label.text() == "Testing the connection…"
    ok, text = answer.args
    assert ok and text.startswith("It works: The server accepted the user name and app password.")
    assert editor.test_label.text() == text and editor.test_button.isEnabled()
    assert not default_settings_path().exists()  # testing saves nothing

    editor.field("app_password").editor.setText("wrong")  # type: ignore[attr-defined]
    with qtbot.waitSignal(editor.connection_tested, timeout=30_000) as answer:
        editor.test_button.click()
    assert answer.args[0] is False and "refused the user name or app password" in answer.args[1]

    editor.field("url").editor.setText("http://cloud.example.org/dav")  # type: ignore[attr-defined]
    assert not editor.test_connection()  # a mistake in the form: marked, nothing tried
    assert editor.field("url").problem.isVisible()


def test_a_settings_file_with_a_mistake_is_shown_not_edited(qtbot: QtBot) -> None:
    """The parser's message is shown; nothing can be added until the file is fixed."""
    path = default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[targets.usb]\ntype = "floppy"\n', encoding="utf-8")
    dialog = SyncSettingsDialog(ask=False)
    qtbot.addWidget(dialog)
    assert "needs a type" in dialog.problem_label.text() and not dialog.add_button.isEnabled()


def test_file_menu_and_the_deliver_box_open_it(window: FacilitatorWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """File > Sync Settings works without a workshop; the Deliver to the city box has its own button."""
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "S&ync Settings…")
    action.trigger()
    opened = [w for w in window.findChildren(SyncSettingsDialog) if w.isVisible()]
    assert len(opened) == 1
    opened[0].reject()

    window.create_workshop(tmp_path / "w.cocity", "Benches", Template.CO_DESIGN, "en")
    box = window.panels["export"].sync_box  # type: ignore[attr-defined]
    watcher: OutboxWatcher = window.outbox_watcher
    dialog = box.open_settings()
    assert isinstance(dialog, SyncSettingsDialog) and dialog.isVisible()
    editor = dialog.add_target()
    fill(qtbot, editor, "folder", "usb", path=str(tmp_path / "usb"))
    with qtbot.waitSignal(watcher.status_changed, timeout=10_000):  # the outbox is read again after a change
        editor.save_button.click()
    dialog.reject()


def test_every_setting_the_sync_layer_knows_has_a_field() -> None:
    """The forms ask for exactly the settings each kind of target takes (none lost when a target is edited)."""
    from cocity_workshop.gui.sync_settings import FIELD_TEXTS, FORM_KEYS
    from cocity_workshop.sync.editing import setting_keys

    for kind, keys in FORM_KEYS.items():
        assert sorted(keys) == sorted(setting_keys(kind)), kind
        assert all(key in FIELD_TEXTS for key in keys)
