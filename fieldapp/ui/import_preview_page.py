"""The import wizard's third page: the dry run, row by row, before anything is written.

ops.imports.preview runs as a background job (progress bar, Cancel) as soon as the page
is shown; the table says for each row of the file whether it would be a new record, was
imported before, or is invalid and why (each validation message, translated), and which
existing incidents it may duplicate. "Show only problems" leaves the rows to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from fieldapp.domain.fields import DATE_FIELD, DISPLACEMENT, FIELDS
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.messages import Message
from fieldapp.ops import NOTHING, Task
from fieldapp.store import Store
from fieldapp.ui import i18n, jobs, labels
from fieldapp.ui.import_common import ALREADY, INVALID, NEW, note, status_title
from fieldapp.ui.models import RowsModel

if TYPE_CHECKING:
    from fieldapp.ops.imports import PlannedRow, Preview
    from fieldapp.ui.import_wizard import ImportWizard

Index = QModelIndex | QPersistentModelIndex
_COLOURS = {NEW: QColor(0, 110, 40), ALREADY: QColor(90, 90, 90), INVALID: QColor(170, 20, 20)}
_INVALID_BG = QColor(255, 236, 236)
_DUPLICATE_BG = QColor(255, 243, 205)  # as a conflicted record in the tables
MESSAGE_CHARS = 160
DUPLICATES_WIDTH = 230  # pixels
MEASURED_ROWS = 500  # rows above which the table stops fitting each row to its text


def _value(row: PlannedRow, name: str) -> str:
    """A value of a row as the record tables would show it; an invalid row's as the file
    has it (to be found there and corrected)."""
    kind, value = row.kind, row.values.get(name)
    if value is None or value == "":
        return ""
    if row.status == INVALID:
        return i18n.isolate(value)
    fields = {f.name: f for f in FIELDS.get(kind, ())}
    f = fields.get(name)
    if f is not None and f.type == "date":
        return labels.date(value)
    if f is not None and f.type == "choice":
        return labels.vocab_label(str(f.choices().get(value, value)) if f.choices else str(value))
    if f is not None and f.type in ("int", "float"):
        return labels.count(value) if isinstance(value, (int, float)) else i18n.isolate(value)
    return i18n.isolate(value)


def problem_text(kind: str, text: str) -> str:
    """One message of a row in the interface's language: "field: message" (as the dry
    run gives it) with the field's label; a coded Message by its code."""
    if isinstance(text, Message):
        return labels.message(text)
    name, sep, rest = text.partition(": ")
    f = {f.name: f for f in FIELDS.get(kind, ())}.get(name)
    if sep and f is not None:  # the message isolated: English inside Arabic stays whole
        return f"{labels.field_label(f)}: {i18n.isolate(labels.message(rest))}"
    return i18n.isolate(labels.message(text))


def row_messages(row: PlannedRow, limit: int | None = MESSAGE_CHARS) -> str:
    """Each validation message of a row, one a line; each cut at `limit` characters in
    the table (a list of every allowed value is read in the tooltip)."""
    texts = [problem_text(row.kind, m) for m in row.messages]
    if limit is not None:
        texts = [t if len(t) <= limit else t[: limit - 1] + "…" for t in texts]
    return "\n".join(texts)


class PreviewModel(RowsModel):
    CONTEXT = "ImportPreview"
    HEADERS = (
        QT_TRANSLATE_NOOP("ImportPreview", "Row"),
        QT_TRANSLATE_NOOP("ImportPreview", "Status"),
        QT_TRANSLATE_NOOP("ImportPreview", "Date"),
        QT_TRANSLATE_NOOP("ImportPreview", "Location"),
        QT_TRANSLATE_NOOP("ImportPreview", "What"),
        QT_TRANSLATE_NOOP("ImportPreview", "Problems"),
        QT_TRANSLATE_NOOP("ImportPreview", "Possible duplicates"),
    )

    def __init__(self, lookup: Callable[[str], dict | None], parent: QObject | None = None):
        """`lookup(record_id)`: an existing record, to name a possible duplicate by its
        place and date (an id alone tells a coordinator nothing)."""
        super().__init__(parent)
        self._lookup = lookup
        self._names: dict[str, str] = {}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: PlannedRow = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(_COLOURS.get(row.status, QColor(0, 0, 0)))
        if role == Qt.ItemDataRole.BackgroundRole and row.status == INVALID:
            return QBrush(_INVALID_BG)
        if role == Qt.ItemDataRole.BackgroundRole and row.possible_duplicates:
            return QBrush(_DUPLICATE_BG)
        if role == Qt.ItemDataRole.ToolTipRole and col == 6 and row.possible_duplicates:
            return "\n".join(row.possible_duplicates)
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and row.messages:
            return row_messages(row, None)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(row, col)

    def _text(self, row: PlannedRow, col: int) -> str:
        if col == 0:
            return labels.count(row.row)
        if col == 1:
            return status_title(row.status)
        if col == 2:
            return _value(row, DATE_FIELD.get(row.kind, ""))
        if col == 3:
            return _value(row, "location")
        if col == 4:
            return self._what(row)
        if col == 5:
            return row_messages(row)
        shown = [self._name(d) for d in row.possible_duplicates[:2]]
        if len(row.possible_duplicates) > 2:
            shown.append("…")
        return "\n".join(shown)

    def _name(self, record_id: str) -> str:
        """Where and when, and the start of its id: "Ariha, 2019-05-14 (1a2b3c4d)"."""
        if record_id not in self._names:
            record = self._lookup(record_id) or {}
            place, day = record.get("location"), record.get("event_date")
            short = i18n.ltr(record_id[:8])
            comma = QCoreApplication.translate("labels", ", ")
            named = f"{i18n.isolate(place)}{comma}{labels.date(day)} ({short})"
            self._names[record_id] = named if place and day else short
        return self._names[record_id]

    def _what(self, row: PlannedRow) -> str:
        """The type of an incident and its dead; the direction and count of people."""
        if row.kind == DISPLACEMENT:
            parts = [_value(row, "direction"), _value(row, "individuals")]
        else:
            parts = [_value(row, "sub_event_type"), _value(row, "killed")]
        return " · ".join(p for p in parts if p)


class PreviewPage(QWizardPage):
    """The dry run's counts, the table (all rows or only the problems) and, after a
    cancelled or failed run, a button to run it again."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Dry run: what the import would do"))
        self.counts = note()
        self.counts.setObjectName("import_counts")
        self.problems_only = QCheckBox(self.tr("Show only problems"))
        self.problems_only.setObjectName("import_problems_only")
        self.problems_only.toggled.connect(lambda _on: self._show_rows())
        self.again = QPushButton(self.tr("Run the dry run again"))
        self.again.setObjectName("import_preview_again")
        self.again.clicked.connect(lambda: self.start())
        self.again.hide()
        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.again)
        top.addWidget(self.problems_only)
        self.model = PreviewModel(lambda rid: self.w.context.store().get(rid), self)
        self.table = QTableView()
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(MEASURED_ROWS)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # the duplicates wrap in a column of their own width: the problems keep the room
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(6, DUPLICATES_WIDTH)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        """Entered with Next: run the dry run, unless it has already run on this mapping
        (started once the wizard has set its buttons for this page, so Back stays
        disabled while it runs)."""
        if self.w.preview is None:
            self.counts.setText(self.tr("Checking every row…"))
            QTimer.singleShot(0, self, lambda: self.start())
        else:
            self._show_rows()

    def start(self) -> jobs.Job | None:
        """ops.imports.preview in a background job (progress bar and Cancel)."""
        inspection, mapping = self.w.inspection, self.w.mapping
        if inspection is None or mapping is None or self.w.job is not None:
            return None
        from fieldapp.ops import imports as ops_imports

        path, sheet = inspection.path, inspection.sheet

        def dry_run(store: Store, task: Task) -> Preview:
            return ops_imports.preview(store, path, mapping, sheet, task=task)

        self.w.preview = None
        self.model.set_rows([])
        self.again.hide()
        self.counts.setStyleSheet("")
        self.counts.setText(self.tr("Checking every row…"))
        job = jobs.run_op(
            self.w.context,
            self.w,
            self.tr("Dry run"),
            dry_run,
            self._previewed,
            self._failed,
            changes=NOTHING,  # a dry run writes nothing
        )
        return self.w.start_job(job)

    def _previewed(self, preview: Preview) -> None:
        self.w.preview = preview
        self._show_rows()

    def _failed(self, exc: BaseException) -> None:
        self.again.show()
        self.counts.setStyleSheet("color: #aa1414;")
        if isinstance(exc, Cancelled):
            self.counts.setText(
                self.tr("The dry run was cancelled; nothing was written. Run it again to go on.")
            )
        elif isinstance(exc, FieldappError):
            self.counts.setText(self.w.show_error(self.tr("Dry run"), exc))
        else:  # a bug: the job runner has shown the crash dialog
            self.counts.setText(self.tr("The dry run failed."))

    def _show_rows(self) -> None:
        preview = self.w.preview
        if preview is None:
            return
        rows = list(preview.rows)
        if self.problems_only.isChecked():
            rows = [r for r in rows if r.status == INVALID or r.possible_duplicates]
        # Each row's height measured from its text costs seconds on tens of thousands of
        # rows (an ACLED export): a long table gets one-line rows, its problems read in
        # their tooltips.
        big = len(rows) > MEASURED_ROWS
        self.table.setWordWrap(not big)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Fixed if big else QHeaderView.ResizeMode.ResizeToContents
        )
        self.model.set_rows(rows)
        self.counts.setStyleSheet("")
        self.counts.setText(self.summary(preview))

    def summary(self, preview: Preview) -> str:
        counts = preview.counts()
        total = len(preview.rows)
        text = self.tr(
            "{total} rows: {new} new, {already} already imported, {invalid} invalid.", "", total
        ).format(
            total=labels.count(total),
            new=labels.count(counts.get(NEW, 0)),
            already=labels.count(counts.get(ALREADY, 0)),
            invalid=labels.count(counts.get(INVALID, 0)),
        )
        duplicates = sum(1 for r in preview.rows if r.possible_duplicates)
        if duplicates:
            text += " " + self.tr(
                "{n} rows may duplicate records already here (see Possible duplicates after "
                "the import).",
                "",
                duplicates,
            ).format(n=labels.count(duplicates))
        return text

    def isComplete(self) -> bool:
        return self.w.preview is not None and self.w.job is None
