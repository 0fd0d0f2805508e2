"""Find the files shipped in ``resources/`` the same way from a checkout, a wheel or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder that holds the phone page, fonts, icons and translations.

    Looked up in order: a frozen bundle (PyInstaller's ``sys._MEIPASS``), the package itself
    (an installed wheel carries ``cocity_workshop/_resources``), then the source checkout.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_resources"
    if installed.is_dir():
        return installed
    return package_dir.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of one shipped resource, e.g. ``resource_path("web", "index.html")``."""
    return resources_dir().joinpath(*parts)
