"""Render the app icon (resources/icons/<app id>.svg) to PNGs in the usual sizes, a Windows .ico and a macOS .icns.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py`` after changing the SVG.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from cocity_workshop import APP_ID

ROOT = Path(__file__).resolve().parents[1]
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon as PNG bytes of ``size`` x ``size`` pixels."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> None:
    """Write every icon file."""
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / f"{APP_ID}.svg"))
    images = {}
    for size in SIZES:
        png = render(renderer, size)
        target = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        images[size] = Image.open(io.BytesIO(png))
    windows = ROOT / "packaging" / "windows" / "cocity-workshop.ico"
    windows.parent.mkdir(parents=True, exist_ok=True)
    images[256].save(windows, sizes=[(s, s) for s in (16, 32, 48, 64, 128, 256)])
    mac = ROOT / "packaging" / "macos" / "cocity-workshop.icns"
    mac.parent.mkdir(parents=True, exist_ok=True)
    images[512].save(mac)
    del app


if __name__ == "__main__":
    main()
