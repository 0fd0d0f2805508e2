"""Desktop integration files validate with the freedesktop tools and agree on one app id."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from cocity_workshop import APP_HOMEPAGE, APP_ID, __version__

LINUX = Path(__file__).resolve().parents[2] / "packaging" / "linux"


def test_desktop_entry_validates_and_opens_cocity_files() -> None:
    """desktop-file-validate accepts the entry; it launches the app with a file and claims the MIME type."""
    entry = LINUX / f"{APP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    text = entry.read_text(encoding="utf-8")
    assert "Exec=cocity-workshop %f" in text
    assert f"Icon={APP_ID}" in text
    assert "MimeType=application/x-cocity-workshop;" in text


def test_metainfo_validates_and_names_this_release() -> None:
    """appstreamcli validates the metainfo; its id, launchable and newest release match the package."""
    metainfo = LINUX / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(metainfo).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    assert root.findtext("url[@type='homepage']") == APP_HOMEPAGE  # bundles name it as their data's source


def test_mime_type_matches_the_file_format() -> None:
    """The MIME type claims *.cocity and recognises our SQLite application id."""
    from cocity_workshop.store.migrations import APPLICATION_ID

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot()
    mime = root.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-cocity-workshop"
    assert mime.find("m:glob", ns).get("pattern") == "*.cocity"  # type: ignore[union-attr]
    inner = mime.find("m:magic/m:match/m:match", ns)
    assert inner is not None and int(inner.get("value", "0"), 16) == APPLICATION_ID


def test_icons_exist_in_the_usual_sizes() -> None:
    """The scalable icon and PNGs at 16-512 px are shipped."""
    icons = Path(__file__).resolve().parents[2] / "resources" / "icons"
    assert (icons / f"{APP_ID}.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), png
        assert png.read_bytes()[16:24] == size.to_bytes(4, "big") * 2  # PNG IHDR width and height
