"""The personal-data check before an export: every finding listed, with redact, hide or confirm for each
(the controller carries the decisions out: ``settle_personal_data``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from cocity_workshop.core.personal_data import KIND_LABELS, Finding, Verdict, finding_place
from cocity_workshop.gui.widgets import plain_label
from cocity_workshop.i18n import N_, _

VERDICT_LABELS = {
    Verdict.REDACT: N_("Redact it (replace with […])"),
    Verdict.HIDE: N_("Hide the idea"),
    Verdict.CONFIRM: N_("Let it leave as it is"),
}


class PersonalDataDialog(QDialog):
    """Lists what looks like personal data in the texts an export would carry; one decision per finding."""

    COL_PLACE, COL_FOUND, COL_TEXT, COL_VERDICT = range(4)

    def __init__(self, findings: Sequence[Finding], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Personal data before the export"))
        self.findings = list(findings)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                _(
                    "These texts would leave in the report and the bundle and look like personal data (e-mail "
                    "addresses, phone numbers, social media handles). Decide for each: redact it, hide the idea, "
                    "or let it leave as it is. Every decision is recorded in the workshop's action log."
                )
            )
        )
        self.table = QTableWidget(len(self.findings), 4)
        self.table.setHorizontalHeaderLabels([_("Found in"), _("Looks like"), _("Text"), _("Decision")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(self.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, finding in enumerate(self.findings):
            looks = ", ".join(f"{finding.text[s.start : s.end]} ({_(KIND_LABELS[s.kind])})" for s in finding.spans)
            for column, text in ((self.COL_PLACE, finding_place(finding)), (self.COL_FOUND, looks)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.setItem(row, self.COL_TEXT, QTableWidgetItem(" ".join(finding.text.split())))
            combo = QComboBox()
            for verdict in Verdict:
                if verdict is not Verdict.HIDE or finding.can_hide:
                    combo.addItem(_(VERDICT_LABELS[verdict]), verdict.value)
            self.table.setCellWidget(row, self.COL_VERDICT, combo)
            self.combos.append(combo)
        self.table.resizeColumnToContents(self.COL_PLACE)
        self.table.resizeColumnToContents(self.COL_FOUND)
        self.table.resizeColumnToContents(self.COL_VERDICT)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(_("Apply and export"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def choose(self, row: int, verdict: Verdict) -> None:
        """Set the decision of one finding (tests, keyboard flows)."""
        combo = self.combos[row]
        combo.setCurrentIndex(combo.findData(verdict.value))

    def verdicts(self) -> list[tuple[Finding, Verdict]]:
        """Each finding with the decision chosen for it."""
        return [(f, Verdict(c.currentData())) for f, c in zip(self.findings, self.combos, strict=True)]
