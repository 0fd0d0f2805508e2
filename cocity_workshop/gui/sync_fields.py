"""The pieces the sync settings dialogs share: how each setting is asked for, its placeholder, the message
labels, and one field of the target form (its editor, the hint under it and its problem message).

Which settings each kind of target has, and in what order the form asks for them, comes from
``cocity_workshop.sync.schema``; this module adds only the words and examples shown.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.gui.theme import is_dark
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.schema import KINDS
from cocity_workshop.sync.settings import (
    TargetSettings,
)
from cocity_workshop.sync.settings_writing import save_changes

FIELD_TEXTS: dict[str, tuple[str, str, str]] = {
    "path": (N_("Folder"), N_("A USB stick or a shared drive; it may be unplugged until you sync."), ""),
    "url": (N_("Address"), "", "https://"),
    "username": (N_("User name"), "", ""),
    "app_password": (
        N_("App password"),
        N_("Nextcloud: Settings > Security > App passwords. Not your account's own password."),
        "",
    ),
    "api_token": (N_("API token"), N_("On the portal: your user > API Tokens."), ""),
    "organization": (N_("Organisation"), N_("The portal's name for it, as in its web address."), "city-council"),
    "dataset_prefix": (N_("Dataset name prefix"), "", "workshops-"),
    "programme_group": (
        N_("Programme group"),
        N_("Optional: the portal's group that gathers the datasets of every workshop and event of a programme."),
        "mobility-2026",
    ),
    "private": (N_("Create datasets as private"), "", ""),
    "host": (N_("Mail server (SMTP)"), "", "smtp.example.org"),
    "security": (N_("Encryption"), "", ""),
    "port": (N_("Port"), N_("Leave empty for the usual one: 587 for STARTTLS, 465 for SSL."), ""),
    "password": (N_("Password"), "", ""),
    "sender": (N_("Sender"), "", "anna@example.org"),
    "to": (N_("Recipients"), N_("Several addresses: separate them with commas."), "council@example.org"),
    "ca_file": (
        N_("Certificate authority"),
        N_("Only for a server whose certificate comes from the city's own authority."),
        "",
    ),
    "timeout": (N_("Timeout (seconds)"), "", ""),
}
#: Placeholders that depend on the kind of target.
URL_PLACEHOLDERS = {
    "webdav": "https://cloud.example.org/remote.php/dav/files/anna/Workshops",
    "ckan": "https://data.example.org",
}
PATH_PLACEHOLDER = "/media/anna/USB/Workshops"
#: The fields of each kind's form, in order (every setting the sync layer accepts for that kind).
FORM_KEYS: dict[str, tuple[str, ...]] = {name: kind.form for name, kind in KINDS.items()}
#: The target form's width: room for a web address of a Nextcloud folder.
MIN_WIDTH = 720
SECURITY_LABELS = {"starttls": N_("STARTTLS (port 587)"), "ssl": N_("SSL/TLS (port 465)")}
TIER_CHOICES = (
    ("city", N_("city: adds the anonymous ballots and the action log")),
    ("public", N_("public: ideas, tallies and participation in aggregate")),
)


def placeholder(kind: str, key: str) -> str:
    """An example value shown in an empty field (never a real setting)."""
    if key == "url":
        return URL_PLACEHOLDERS.get(kind, "https://")
    if key == "path":
        return PATH_PLACEHOLDER
    if key == "timeout":
        timeout = KINDS[kind].timeout
        return "" if timeout is None else str(timeout)
    return FIELD_TEXTS[key][2]


def display_path(path: Path) -> str:
    """``path`` with the home folder written as ``~`` where that is the custom (not on Windows)."""
    if sys.platform == "win32":
        return str(path)
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def error_colour() -> str:
    """The colour of problems, readable in the light and the dark palette."""
    return "#f28b82" if is_dark() else "#c5221f"


def ok_colour() -> str:
    """The colour of a connection test that worked."""
    return "#81c995" if is_dark() else "#188038"


def message_label() -> QLabel:
    label = plain_label()
    label.setVisible(False)
    return label


def show_message(label: QLabel, text: str, colour: str = "") -> None:
    """Show ``text`` literally in ``label`` (hidden when empty)."""
    label.setText(text)
    label.setStyleSheet(f"color: {colour}" if colour else "")
    label.setVisible(bool(text))


def write_changes(changes: Mapping[str, TargetSettings | None], path: Path | None, label: QLabel) -> bool:
    """Write ``changes`` to the settings file; when that fails, say why in ``label`` and return ``False``."""
    try:
        save_changes(changes, path)
    except (SettingsError, OSError) as error:
        show_message(label, _("The settings could not be saved: {reason}").format(reason=error), error_colour())
        return False
    return True


class TargetField:
    """One setting in a form: its editor, a hint and the place for its problem, stacked under each other."""

    def __init__(self, key: str, editor: QWidget, hint: str = "", extra: QWidget | None = None) -> None:
        self.key = key
        self.editor = editor
        self.container = QWidget()
        column = QVBoxLayout(self.container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if extra is None:
            column.addWidget(editor)
        else:
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(editor, 1)
            row.addWidget(extra)
            column.addLayout(row)
        self.hint = plain_label(hint)
        self.hint.setVisible(bool(hint))
        font = self.hint.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.hint.setFont(font)
        self.hint.setEnabled(False)  # greyed: a hint, not a value
        column.addWidget(self.hint)
        self.problem = message_label()
        column.addWidget(self.problem)

    def show_problem(self, text: str) -> None:
        """Show what is wrong with this setting ("" clears it)."""
        show_message(self.problem, text, error_colour())
