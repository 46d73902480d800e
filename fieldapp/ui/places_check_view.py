"""Records → Check places…: the records the places register cannot place, or that it
refuses or doubts, each with its problem (fieldapp.ops.places.check, run in the
background). A double-click opens the record in the form, where the place is checked
again as it is corrected; "Complete what can be completed" writes the codes the register
finds for this device's records (check(fill=True)) and lists what is left; with "Other
devices' records too" ticked, for every record (check(fill=True, everyone=True)), as
`fieldapp places check --fill --all` does: a coordinator's explicit choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from fieldapp.domain.fields import FIELDS
from fieldapp.ops import places as ops_places
from fieldapp.ops.changes import NOTHING
from fieldapp.progress import Task
from fieldapp.store import Store
from fieldapp.ui import i18n, jobs, labels

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_FIELDS = {f.name: f for kind in FIELDS.values() for f in kind}


class CheckPlacesDialog(QDialog):
    """The unplaced records; `run()` checks again, `complete()` fills what it can."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window_ = window
        self.report: ops_places.PlaceReport | None = None
        self.job: jobs.Job | None = None
        self.setWindowTitle(self.tr("Check places"))
        self.resize(980, 460)
        self.summary = QLabel(self.tr("Checking…"))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Place"), self.tr("Field"), self.tr("Problem")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self.open_row)
        self.complete_button = QPushButton(self.tr("&Complete what can be completed"))
        self.complete_button.setToolTip(
            self.tr("Fill the P-codes and names the register finds, in your own records")
        )
        self.complete_button.clicked.connect(self.complete)
        self.complete_button.setEnabled(False)
        self.everyone = QCheckBox(self.tr("Other devices' records too"))
        self.everyone.setToolTip(
            self.tr(
                "Complete the records other devices wrote as well: this device becomes the "
                "author of those completions, which travel in its next bundle"
            )
        )
        self.everyone.setEnabled(False)
        self.everyone.toggled.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.complete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Double-click a record to open it"))
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.everyone)
        layout.addWidget(buttons)

    def run(self, fill: bool = False, everyone: bool = False) -> jobs.Job:
        """Check every record in the background (and complete them with `fill`: this
        device's, or with `everyone` every device's)."""

        def op(store: Store, task: Task) -> ops_places.PlaceReport:
            return ops_places.check(store, fill=fill, everyone=everyone, task=task)

        self.complete_button.setEnabled(False)
        title = self.tr("Completing places…") if fill else self.tr("Checking places…")
        self.job = jobs.run_op(
            self.window_.context,
            self,
            title,
            op,
            self._show,
            self._failed,
            changes=None if fill else NOTHING,
        )
        return self.job

    def complete(self) -> jobs.Job:
        return self.run(fill=True, everyone=self.everyone.isChecked())

    def _enable(self, *_: object) -> None:
        """Complete acts on this device's completable records, and on other devices' too
        once the box says so."""
        found = {u.status for u in self.report.unplaced} if self.report else set()
        self.everyone.setEnabled(ops_places.OTHERS in found)
        others = self.everyone.isChecked() and ops_places.OTHERS in found
        busy = self.job is not None and not self.job.finished
        self.complete_button.setEnabled(not busy and (ops_places.FILLABLE in found or others))

    def _show(self, report: ops_places.PlaceReport) -> None:
        self.report = report
        store = self.window_.context.store()
        self.table.setRowCount(0)
        for item in report.unplaced:
            self._add(store, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        text = self.tr("Records checked: {n}; with a place to look at: {m}.").format(
            n=labels.count(report.checked), m=labels.count(report.records())
        )
        if report.completed:
            text += " " + self.tr("Records completed: {n}.").format(
                n=labels.count(report.completed)
            )
        self.summary.setText(text)
        self._enable()

    def _add(self, store: Store, item: ops_places.Unplaced) -> None:
        record = store.get(item.record_id) or {}
        comma = QCoreApplication.translate("labels", ", ")
        place = comma.join(
            i18n.isolate(record[k]) for k in ("location", "admin2", "admin1") if record.get(k)
        )
        kind = self.tr("Incident") if item.kind == "incident" else self.tr("Displacement")
        field = _FIELDS.get(item.field)
        cells = (
            f"{kind} {item.record_id[:8]}",
            place,
            labels.field_label(field) if field else item.field,
            self._problem(item),
        )
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setData(_ID_ROLE, item.record_id)
            if column == 3:
                cell.setToolTip(text)
            self.table.setItem(row, column, cell)

    def _problem(self, item: ops_places.Unplaced) -> str:
        """The message; a completion not written says what it would write in the form's
        words, and what in this dialog writes it (the message names the command line's)."""
        if not item.changes:
            return labels.message(item.message)
        separator = QCoreApplication.translate("labels", "; ")
        said = separator.join(
            f"{labels.field_label(_FIELDS[name]) if name in _FIELDS else name}: "
            f"{i18n.isolate(value)}"
            for name, value in item.changes.items()
            if value not in (None, "")
        )
        if item.status == ops_places.OTHERS:
            text = self.tr("Can be completed ({changes}); another device's record: tick "
                           "“Other devices' records too” to complete it")  # fmt: skip
        elif item.status == ops_places.CONFLICT:
            text = self.tr("Can be completed ({changes}) once its competing versions are "
                           "resolved")  # fmt: skip
        else:
            text = self.tr("Can be completed ({changes})")
        return text.format(changes=said)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(labels.error_text(exc))

    def open_row(self, row: int, _column: int = 0) -> None:
        """Open the record of a row in the form (the window's open_record)."""
        item = self.table.item(row, 0)
        if item is not None:
            self.window_.context.open_record.emit(item.data(_ID_ROLE))

    def record_ids(self) -> list[str]:
        """The records listed, in order (for tests and accessibility)."""
        return [self.table.item(r, 0).data(_ID_ROLE) for r in range(self.table.rowCount())]
