"""The target dialog: one sync target's kind, name, bundle and settings, checked with a message under each field.

``cocity_workshop.sync.editing`` checks and ``sync.settings_writing`` writes: this module only shows and collects.
"Test connection" tries the settings as typed, through ``run_task``, so the window never waits on the network.

Secrets are typed into password fields and written only to ``sync.toml`` (mode 0600), where the sync layer
keeps them. A saved secret is never shown again: its field stays empty, and empty means "keep it".
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocity_workshop.gui.models.sync_targets import KIND_LABELS
from cocity_workshop.gui.sync_fields import (
    FIELD_TEXTS,
    FORM_KEYS,
    MIN_WIDTH,
    SECURITY_LABELS,
    TIER_CHOICES,
    TargetField,
    error_colour,
    message_label,
    ok_colour,
    placeholder,
    show_message,
    write_changes,
)
from cocity_workshop.gui.tasks import run_task
from cocity_workshop.i18n import _
from cocity_workshop.sync.editing import (
    SECURITY_CHOICES,
    WHOLE,
    TargetDraft,
    check_connection,
    check_draft,
    is_required,
)
from cocity_workshop.sync.schema import SECRET_KEYS, TARGET_TYPES
from cocity_workshop.sync.settings import (
    TargetSettings,
)


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
        self.fields: dict[str, TargetField] = {}
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
        self.kind_fields: dict[str, dict[str, TargetField]] = {}
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
        self.test_label = message_label()
        outer.addWidget(self.test_label)
        self.form_label = message_label()
        outer.addWidget(self.form_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._fill(saved)

    # -- building ------------------------------------------------------------------------------
    def _add(self, form: QFormLayout, key: str, label: str, editor: QWidget, hint: str = "") -> TargetField:
        field = TargetField(key, editor, hint)
        self.fields[key] = field
        form.addRow(label, field.container)
        return field

    def _build_page(self, kind: str) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields: dict[str, TargetField] = {}
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
            field = TargetField(key, editor, _(hint) if hint else "", extra)
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

    def _clear_on_edit(self, field: TargetField) -> None:
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

    def field(self, key: str) -> TargetField:
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
            show_message(self.form_label, "")
        else:
            summary = elsewhere or [_("Please correct the marked settings.")]
            show_message(self.form_label, " ".join(summary), error_colour())
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
        if not write_changes({target.name: target}, self.path, self.form_label):
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
            show_message(self.test_label, "")
            return False
        self.testing = True
        self.test_button.setEnabled(False)
        show_message(self.test_label, _("Testing the connection…"))

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
        show_message(self.test_label, text, ok_colour() if ok else error_colour())
        self.fit_height()
        self.connection_tested.emit(ok, text)

    def _forget(self, _result: int) -> None:
        self._closed = True
