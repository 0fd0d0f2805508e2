"""Deliver to the city: the Export panel queues the bundle, "Sync now" delivers it to a real folder target
configured through the sync settings, problems show their reason, and the app retries on its own."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cocity_workshop.gui.controller import WorkshopController
from cocity_workshop.gui.models.outbox import OutboxTableModel
from cocity_workshop.gui.outbox import OutboxWatcher
from cocity_workshop.gui.panels.export import ExportPanel
from cocity_workshop.sync import (
    DELIVERED,
    PENDING,
    Outbox,
    RetryPolicy,
    SyncSettings,
    TargetSettings,
    default_settings_path,
    read_bundle,
    save_settings,
)


def _configure_folder(folder: Path) -> None:
    """One folder target (a USB stick) in the user's sync settings: the tests' own config folder."""
    target = TargetSettings(name="usb-stick", type="folder", tier="city", options={"path": str(folder)})
    save_settings(SyncSettings((target,)), default_settings_path())


def _state(panel: ExportPanel) -> str:
    model = panel.sync_box.model
    return model.rows[0].delivery.state if model.rowCount() else ""


def test_export_for_the_city_then_sync_now_delivers_to_the_folder(
    controller: WorkshopController, qtbot: QtBot, tmp_path: Path
) -> None:
    """The bundle is queued (pending), Sync now delivers it with progress; the row says when and where."""
    usb = tmp_path / "usb"
    usb.mkdir()
    _configure_folder(usb)
    controller.add_idea("Benches by the river")
    watcher = OutboxWatcher()
    panel = ExportPanel(controller, watcher)
    qtbot.addWidget(panel)
    box = panel.sync_box
    with qtbot.waitSignal(watcher.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        box.queue_button.click()
    qtbot.waitUntil(lambda: _state(panel) == PENDING, timeout=5000)
    assert "usb-stick" in box.model.index(0, OutboxTableModel.COL_TARGET).data()
    assert box.model.index(0, OutboxTableModel.COL_STATE).data() == "pending"
    assert "Sync now" in box.status_label.text()
    assert not any(usb.iterdir())
    assert box.progress.value() == 0  # queued, not delivered: the bar is not full

    progress: list[float] = []
    watcher.progressed.connect(lambda fraction, _message: progress.append(fraction))
    with qtbot.waitSignal(watcher.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        box.sync_button.click()
        assert not box.sync_button.isEnabled() and box.stop_button.isEnabled()
    qtbot.waitUntil(lambda: _state(panel) == DELIVERED, timeout=5000)
    assert progress and box.sync_button.isEnabled()
    assert box.status_label.text() == "1 delivery arrived."
    assert box.progress.value() == box.progress.maximum()
    details = box.model.index(0, OutboxTableModel.COL_DETAILS).data()
    assert str(usb) in details
    (delivered,) = [p for p in usb.iterdir() if p.is_dir()]
    assert (delivered / "datapackage.json").is_file()
    assert read_bundle(Outbox().directory / "bundles" / f"{box.model.rows[0].bundle.id}.zip").name == delivered.name


def test_a_missing_folder_shows_why_and_is_retried_when_it_is_back(
    controller: WorkshopController, qtbot: QtBot, tmp_path: Path
) -> None:
    """No USB stick: the row stays pending with the reason; once the folder is there, the timer delivers it."""
    usb = tmp_path / "usb"
    _configure_folder(usb)
    watcher = OutboxWatcher(lambda: Outbox(retry=RetryPolicy(attempts=1, later=0.05, later_max=0.05)))
    panel = ExportPanel(controller, watcher)
    qtbot.addWidget(panel)
    box = panel.sync_box
    with qtbot.waitSignal(watcher.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        box.export_for_city()
    with qtbot.waitSignal(watcher.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        watcher.sync_now()
    qtbot.waitUntil(lambda: "not there" in box.model.index(0, OutboxTableModel.COL_DETAILS).data(), timeout=5000)
    assert _state(panel) == PENDING
    assert "did not" in box.status_label.text()
    assert box.progress.value() == 0  # nothing arrived: the bar does not read 100 %

    usb.mkdir()  # the stick is plugged in; nobody presses anything
    watcher.timer.setInterval(50)
    qtbot.waitUntil(lambda: _state(panel) == DELIVERED, timeout=10_000)
    assert any(usb.iterdir())


def test_no_targets_configured_says_where_to_add_them(controller: WorkshopController, qtbot: QtBot) -> None:
    """Without sync settings, Export for the city explains instead of failing silently."""
    watcher = OutboxWatcher()
    panel = ExportPanel(controller, watcher)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(watcher.reported, timeout=30_000) as report:
        panel.sync_box.queue_button.click()
    assert "No sync targets are configured" in report.args[0] and str(default_settings_path()) in report.args[0]
    assert panel.sync_box.model.rowCount() == 0
