"""The sync settings dialog: the targets of "Deliver to the city", added, edited and removed without a text editor.

``SyncSettingsDialog`` lists the targets of ``sync.toml``; ``SyncTargetDialog`` edits one of them: its kind, its
name, the bundle it takes and the settings that kind needs, each checked with a message under the field
(``cocity_workshop.sync.editing`` does the checking and the writing: this module only shows and collects).
"Test connection" tries the settings as typed, through ``run_task``, so the window never waits on the network.

Secrets are typed into password fields and written only to ``sync.toml`` (mode 0600), where the sync layer
keeps them. A saved secret is never shown again: its field stays empty, and empty means "keep it".
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.gui.models.sync_targets import KIND_LABELS, SyncTargetsTableModel, TargetRow
from cocity_workshop.gui.panels.common import table
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.gui.theme import is_dark
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import N_, _
from cocity_workshop.sync.editing import (
    SECURITY_CHOICES,
    WHOLE,
    TargetDraft,
    check_connection,
    check_draft,
    describe_target,
    is_required,
    save_changes,
)
from cocity_workshop.sync.errors import SettingsError
from cocity_workshop.sync.schema import KINDS, SECRET_KEYS, TARGET_TYPES
from cocity_workshop.sync.settings import (
    TargetSettings,
    default_settings_path,
    load_settings,
)

#: How each setting is asked for: (label, hint under the field or "", placeholder).
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


def _message_label() -> QLabel:
    label = plain_label()
    label.setVisible(False)
    return label


def _show_message(label: QLabel, text: str, colour: str = "") -> None:
    """Show ``text`` literally in ``label`` (hidden when empty)."""
    label.setText(text)
    label.setStyleSheet(f"color: {colour}" if colour else "")
    label.setVisible(bool(text))


def _write_changes(changes: Mapping[str, TargetSettings | None], path: Path | None, label: QLabel) -> bool:
    """Write ``changes`` to the settings file; when that fails, say why in ``label`` and return ``False``."""
    try:
        save_changes(changes, path)
    except (SettingsError, OSError) as error:
        _show_message(label, _("The settings could not be saved: {reason}").format(reason=error), error_colour())
        return False
    return True


class _Field:
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
        self.problem = _message_label()
        column.addWidget(self.problem)

    def show_problem(self, text: str) -> None:
        """Show what is wrong with this setting ("" clears it)."""
        _show_message(self.problem, text, error_colour())


class SyncTargetDialog(QDialog):
    """One target: kind, name, bundle, the settings its kind needs, "Test connection", Save.

    ``saved`` is the target as it is in the file (``None`` for a new one); its name cannot change, because
    the outbox remembers deliveries by name. Saving writes ``sync.toml`` at once (``saved_target`` is set).
    """

    #: A connection test finished: whether it worked, and the sentence shown.
    connection_tested = Signal(bool, str)

    def __init__(
        self,
        saved: TargetSettings | None = None,
        *,
        taken_names: tuple[str, ...] = (),
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.saved = saved
        self.taken_names = taken_names
        self.path = path
        self.saved_target: TargetSettings | None = None
        self.testing = False
        self._closed = False
        self.finished.connect(self._forget)
        self.setWindowTitle(_("Edit sync target") if saved else _("Add a sync target"))
        outer = self._outer = QVBoxLayout(self)

        common = QFormLayout()
        common.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_combo = QComboBox()
        for kind in TARGET_TYPES:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("usb-stick")
        self.name_edit.setMaxLength(64)
        self.tier_combo = QComboBox()
        for tier, label in TIER_CHOICES:
            self.tier_combo.addItem(_(label), tier)
        self.enabled_check = QCheckBox(_("Deliver to this target (untick to pause it)"))
        self.fields: dict[str, _Field] = {}
        self._add(common, "type", _("Kind"), self.kind_combo)
        name_hint = (
            _("The name cannot change: the outbox remembers deliveries by it.")
            if saved
            else _("Letters without accents, digits, '-' and '_'.")
        )
        self._add(common, "name", _("Name"), self.name_edit, name_hint)
        self._add(common, "tier", _("Bundle"), self.tier_combo)
        common.addRow("", self.enabled_check)
        outer.addLayout(common)

        self.settings_box = QGroupBox(_("Settings"))
        box_layout = QVBoxLayout(self.settings_box)
        self.kind_fields: dict[str, dict[str, _Field]] = {}
        #: One page of settings per kind; only the chosen kind's is shown (hidden pages take no room).
        self.pages: dict[str, QWidget] = {}
        for kind in TARGET_TYPES:
            self.pages[kind] = self._build_page(kind)
            box_layout.addWidget(self.pages[kind])
        box_layout.addStretch(1)
        outer.addWidget(self.settings_box, 1)

        test_row = QHBoxLayout()
        self.test_button = QPushButton(_("Test connection"))
        self.test_button.setToolTip(_("Tries these settings without sending anything."))
        self.test_button.clicked.connect(lambda _checked=False: self.test_connection())
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        outer.addLayout(test_row)
        self.test_label = _message_label()
        outer.addWidget(self.test_label)
        self.form_label = _message_label()
        outer.addWidget(self.form_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._fill(saved)

    # -- building ------------------------------------------------------------------------------
    def _add(self, form: QFormLayout, key: str, label: str, editor: QWidget, hint: str = "") -> _Field:
        field = _Field(key, editor, hint)
        self.fields[key] = field
        form.addRow(label, field.container)
        return field

    def _build_page(self, kind: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields: dict[str, _Field] = {}
        for key in FORM_KEYS[kind]:
            label, hint, _placeholder = FIELD_TEXTS[key]
            extra: QWidget | None = None
            editor: QWidget
            row_label = _(label) if is_required(kind, key) else _("{label} (optional)").format(label=_(label))
            if key == "private":
                editor = QCheckBox(_(label))
                row_label = ""
            elif key == "security":
                combo = QComboBox()
                for choice in SECURITY_CHOICES:
                    combo.addItem(_(SECURITY_LABELS[choice]), choice)
                editor = combo
                row_label = _(label)
            else:
                line = QLineEdit()
                line.setPlaceholderText(placeholder(kind, key))
                if key in SECRET_KEYS:
                    line.setEchoMode(QLineEdit.EchoMode.Password)
                    line.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText)
                if key in ("path", "ca_file"):
                    extra = QPushButton(_("Choose…"))
                    extra.clicked.connect(lambda _c=False, key=key, line=line: self._choose(key, line))
                editor = line
            field = _Field(key, editor, _(hint) if hint else "", extra)
            fields[key] = field
            form.addRow(row_label, field.container)
        self.kind_fields[kind] = fields
        if kind == "email":  # the usual port follows the encryption chosen
            security, port = fields["security"].editor, fields["port"].editor
            assert isinstance(security, QComboBox) and isinstance(port, QLineEdit)
            security.currentIndexChanged.connect(
                lambda _i: port.setPlaceholderText("465" if security.currentData() == "ssl" else "587")
            )
            port.setPlaceholderText("587")
        return page

    def _choose(self, key: str, line: QLineEdit) -> None:
        """Pick a folder (``path``) or a certificate file (``ca_file``) with the system's dialog."""
        if key == "path":
            chosen = QFileDialog.getExistingDirectory(self, _("Choose the folder"), line.text())
        else:
            chosen, _f = QFileDialog.getOpenFileName(
                self,
                _("Choose the certificate file"),
                line.text(),
                _("Certificates (*.pem *.crt *.cer);;All files (*)"),
            )
        if chosen:
            line.setText(chosen)

    def _fill(self, saved: TargetSettings | None) -> None:
        """Show ``saved`` (or the defaults of a new target); secrets stay empty."""
        kind = saved.type if saved else "folder"
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.name_edit.setText(saved.name if saved else "")
        self.name_edit.setReadOnly(saved is not None)
        self.tier_combo.setCurrentIndex(max(0, self.tier_combo.findData(saved.tier if saved else "city")))
        self.enabled_check.setChecked(saved.enabled if saved else True)
        if saved is not None:
            for key, field in self.kind_fields[saved.type].items():
                value = saved.options.get(key)
                editor = field.editor
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(0, editor.findData(str(value or "starttls").lower())))
                elif isinstance(editor, QLineEdit):
                    if key in SECRET_KEYS:
                        if value:
                            editor.setPlaceholderText(_("Saved. Type a new one to replace it."))
                    elif value is not None:
                        editor.setText(str(value))
        for fields in self.kind_fields.values():
            for field in fields.values():
                self._clear_on_edit(field)
        for field in self.fields.values():
            self._clear_on_edit(field)
        self._kind_changed()

    def _clear_on_edit(self, field: _Field) -> None:
        editor = field.editor
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _t: field.show_problem(""))
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda _i: field.show_problem(""))

    def _kind_changed(self) -> None:
        """Show the chosen kind's settings; an open-data portal takes the public bundle only."""
        kind = self.kind
        for page_kind, page in self.pages.items():
            page.setVisible(page_kind == kind)
        if kind == "ckan":
            self.tier_combo.setCurrentIndex(self.tier_combo.findData("public"))
        self.tier_combo.setEnabled(kind != "ckan")
        self.fields["tier"].hint.setText(
            _("An open-data portal takes the public bundle only.") if kind == "ckan" else ""
        )
        self.fields["tier"].hint.setVisible(kind == "ckan")
        self.settings_box.setTitle(_("Settings: {kind}").format(kind=_(KIND_LABELS[kind])))
        self.fit_height(shrink=True)

    def fit_height(self, *, shrink: bool = False) -> None:
        """Make the window tall enough for its wrapped messages (Qt does not grow a window for wrapped text)."""
        layout = self._outer
        layout.activate()
        width = max(self.width(), MIN_WIDTH)
        wanted = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else self.sizeHint().height()
        self.resize(width, wanted if shrink else max(self.height(), wanted))

    # -- reading the form ----------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """The kind of target chosen."""
        return str(self.kind_combo.currentData())

    def field(self, key: str) -> _Field:
        """The field of ``key`` for the kind chosen now (or a common one: ``type``, ``name``, ``tier``)."""
        return self.kind_fields[self.kind].get(key) or self.fields[key]

    def set_value(self, key: str, value: str | bool) -> None:
        """Put a value into a field as if typed (for tests and scripts)."""
        editor = self.field(key).editor
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def draft(self) -> TargetDraft:
        """The target as typed."""
        values: dict[str, str | bool] = {}
        for key, field in self.kind_fields[self.kind].items():
            editor = field.editor
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                values[key] = str(editor.currentData())
            elif isinstance(editor, QLineEdit):
                values[key] = editor.text()
        return TargetDraft(
            name=self.name_edit.text(),
            type=self.kind,
            tier=str(self.tier_combo.currentData()),
            enabled=self.enabled_check.isChecked(),
            values=values,
        )

    def checked_target(self) -> TargetSettings | None:
        """The target as typed, if it is complete and valid; otherwise the problems are shown and ``None``."""
        result = check_draft(self.draft(), taken_names=self.taken_names, saved=self.saved)
        for fields in (self.fields, *self.kind_fields.values()):
            for field in fields.values():
                field.show_problem("")
        first: QWidget | None = None
        elsewhere: list[str] = []  # problems without a field of their own
        for key, problem in result.problems.items():
            if key == WHOLE or (key not in self.fields and key not in self.kind_fields[self.kind]):
                elsewhere.append(str(problem))
                continue
            field = self.field(key)
            field.show_problem(str(problem))
            first = first or field.editor
        if result.ok:
            _show_message(self.form_label, "")
        else:
            summary = elsewhere or [_("Please correct the marked settings.")]
            _show_message(self.form_label, " ".join(summary), error_colour())
        self.fit_height()
        if first is not None:
            first.setFocus()
        return result.target

    # -- actions -------------------------------------------------------------------------------
    def save(self) -> bool:
        """Check the form and write the target to the settings file; closes the dialog when it worked."""
        target = self.checked_target()
        if target is None:
            return False
        if not _write_changes({target.name: target}, self.path, self.form_label):
            return False
        self.saved_target = target
        self.accept()
        return True

    def test_connection(self) -> bool:
        """Try the settings as typed in the background; the answer appears under the button."""
        if self.testing:
            return False
        target = self.checked_target()
        if target is None:
            _show_message(self.test_label, "")
            return False
        self.testing = True
        self.test_button.setEnabled(False)
        _show_message(self.test_label, _("Testing the connection…"))

        def worked(message: str) -> None:
            self._tested(True, message)

        def failed(error: BaseException) -> None:
            self._tested(False, str(error) or type(error).__name__)

        run_task(lambda: check_connection(target), worked, failed)
        return True

    def _tested(self, ok: bool, message: str) -> None:
        if self._closed or not shiboken6.isValid(self):  # the dialog went away while the test ran
            return
        self.testing = False
        self.test_button.setEnabled(True)
        text = (_("It works: {message}") if ok else _("It does not work: {message}")).format(message=message)
        _show_message(self.test_label, text, ok_colour() if ok else error_colour())
        self.fit_height()
        self.connection_tested.emit(ok, text)

    def _forget(self, _result: int) -> None:
        self._closed = True


class SyncSettingsDialog(QDialog):
    """The targets "Export for the city" and "Sync now" deliver to: a list with Add, Edit and Remove.

    Every change is written to ``sync.toml`` at once; ``settings_saved`` tells the outbox to look again.
    ``ask`` is off in tests: Remove then does not ask for confirmation.
    """

    #: The settings file was written.
    settings_saved = Signal()

    def __init__(self, path: Path | None = None, parent: QWidget | None = None, *, ask: bool = True) -> None:
        super().__init__(parent)
        self.path = path or default_settings_path()
        self.ask = ask
        self.targets: tuple[TargetSettings, ...] = ()
        self.editor: SyncTargetDialog | None = None
        self.setWindowTitle(_("Sync settings"))
        outer = QVBoxLayout(self)
        outer.addWidget(
            plain_label(
                _(
                    "Where Export for the city delivers the workshop's results. Passwords and tokens are kept "
                    "only in the settings file on this computer, readable by you alone:"
                )
            )
        )
        self.path_label = plain_label(display_path(self.path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.path_label)
        self.model = SyncTargetsTableModel(self)
        self.view = table(self.model, stretch=SyncTargetsTableModel.COL_WHERE, editable=False)
        self.view.setSelectionMode(self.view.SelectionMode.SingleSelection)
        self.view.doubleClicked.connect(lambda _index: self.edit_target())
        self.view.setMinimumHeight(140)
        outer.addWidget(self.view, 1)
        self.problem_label = _message_label()
        outer.addWidget(self.problem_label)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("Add…"))
        self.add_button.clicked.connect(lambda _c=False: self.add_target())
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(lambda _c=False: self.edit_target())
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(lambda _c=False: self.remove_target())
        for button in (self.add_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        outer.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda _s, _d: self._update_buttons())
        self.reload()
        self.resize(760, 420)

    # -- the list ------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> bool:
        """Read the settings file again; a file with a mistake is shown, not edited."""
        try:
            settings = load_settings(self.path)
        except SettingsError as error:
            self.targets = ()
            self.model.set_rows([])
            _show_message(
                self.problem_label,
                _(
                    "The settings file has a mistake, so it cannot be edited here: {problem} Fix it in a text editor."
                ).format(problem=error),
                error_colour(),
            )
            self.add_button.setEnabled(False)
            self._update_buttons()
            return False
        self.targets = settings.targets
        self.model.update_rows([self._row(t) for t in self.targets])
        self.add_button.setEnabled(True)
        if not self.targets:
            _show_message(self.problem_label, _("No targets yet: Add one to deliver results to the city."))
        else:
            _show_message(self.problem_label, "")
        if select is not None and (row := self.model.row_of(select)) >= 0:
            self.view.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()
        return True

    @staticmethod
    def _row(target: TargetSettings) -> TargetRow:
        return TargetRow(target.name, target.type, target.tier, target.enabled, describe_target(target))

    def selected(self) -> TargetSettings | None:
        """The target selected in the list."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        name = self.model.row_at(rows[0].row()).name
        return next((t for t in self.targets if t.name == name), None)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # -- changes -------------------------------------------------------------------------------
    def add_target(self) -> SyncTargetDialog:
        """Open an empty target form (window-modal; the list follows when it is saved)."""
        return self._open_editor(None)

    def edit_target(self, name: str | None = None) -> SyncTargetDialog | None:
        """Open the form of the selected target (or of ``name``)."""
        target = self.selected() if name is None else next((t for t in self.targets if t.name == name), None)
        if target is None:
            return None
        return self._open_editor(target)

    def _open_editor(self, saved: TargetSettings | None) -> SyncTargetDialog:
        others = tuple(t.name for t in self.targets if saved is None or t.name != saved.name)
        editor = SyncTargetDialog(saved, taken_names=others, path=self.path, parent=self)
        self.editor = editor

        def finished(result: int) -> None:
            if self.editor is editor:
                self.editor = None
            if result == QDialog.DialogCode.Accepted and editor.saved_target is not None:
                self.reload(select=editor.saved_target.name)
                self.settings_saved.emit()
            editor.deleteLater()

        editor.finished.connect(finished)
        editor.open()
        return editor

    def remove_target(self, name: str | None = None) -> bool:
        """Take the selected target (or ``name``) out of the settings, after asking."""
        target = self.selected() if name is None else next((t for t in self.targets if t.name == name), None)
        if target is None:
            return False
        if self.ask and not self._confirm(
            _(
                "Remove the target {name}? Copies already delivered there stay where they are; bundles still "
                "waiting for it are no longer delivered there."
            ).format(name=target.name)
        ):
            return False
        if not _write_changes({target.name: None}, self.path, self.problem_label):
            return False
        self.reload()
        self.settings_saved.emit()
        return True

    def _confirm(self, text: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Remove the target"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def open_sync_settings(parent: QWidget | None, on_saved: Callable[[], Any] | None = None) -> SyncSettingsDialog:
    """Show the sync settings (window-modal, not blocking); ``on_saved`` runs after each change is written."""
    dialog = SyncSettingsDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_saved is not None:
        dialog.settings_saved.connect(on_saved)
    dialog.open()
    return dialog
