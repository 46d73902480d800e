"""The import wizard's first page: which file, and which sheet of a workbook.

The path can be typed (or pasted), chosen with "Choose file…" or dropped onto the page.
The file is read (ops.imports.inspect: its headers, HXL tags, layout, rows) as soon as its
path is known, so that a workbook's sheets can be offered before Next; a big file is read
by a background job, with a progress bar and Cancel, not on the UI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.bundle_drop import local_files
from fieldapp.ui.import_common import BAD_STYLE, layout_title, note

if TYPE_CHECKING:
    from fieldapp.ops.imports import Inspection
    from fieldapp.ui.import_wizard import ImportWizard

INLINE_LIMIT = 2_000_000  # bytes: a file larger than this is read by a background job
FIRST_ROWS = 12  # rows of the file shown once it is read


class FilePage(QWizardPage):
    """Path, chooser, sheet; isComplete once a path is typed, Next reads the file if that
    has not happened yet (and stays, once, to offer a workbook's sheets)."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle("")
        self.setAcceptDrops(True)
        self._read: tuple[str, str | None] | None = None  # (path, sheet) of the inspection
        self._sheets_offered = False
        intro = QLabel(
            self.tr(
                "A CSV or Excel (.xlsx) file: an ACLED export, a KoboToolbox or ODK export, a "
                "sheet with HXL hashtags, or your own columns. Type its path, choose it, or "
                "drop it here."
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setPlaceholderText(self.tr("the file's full path"))
        self.path.textChanged.connect(self._path_edited)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.setObjectName("import_choose")
        self.choose_button.clicked.connect(lambda: self.choose())
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet = QComboBox()
        self.sheet.setObjectName("import_sheet")
        self.sheet_label.setBuddy(self.sheet)
        self.sheet.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet.activated.connect(lambda _i: self.read_file())
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet)
        sheet_row.addStretch(1)
        self.summary = note()
        self.summary.setObjectName("import_file_summary")
        self.error = note(BAD_STYLE)
        self.error.setObjectName("import_file_error")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(sheet_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        self.first_rows = QTableWidget(0, 0)
        self.first_rows.setObjectName("import_first_rows")
        self.first_rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.first_rows.hide()
        layout.addWidget(self.first_rows, 1)
        layout.addStretch(0)
        self._show_sheets(())

    # -- choosing --------------------------------------------------------------------------

    def choose(self) -> bool:
        """The "Choose file…" button: a file dialog, then the file is read."""
        current = Path(self.path.text().strip()).expanduser()
        folder = str(current.parent if current.parent.is_dir() else Path.home())
        chosen = dialogs.open_file(
            self,
            self.tr("Choose the file to import"),
            folder,
            self.tr("Spreadsheets (*.csv *.xlsx);;All files (*)"),
        )
        if not chosen:
            return False
        self.path.setText(chosen)
        return self.read_file()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if len(local_files(event.mimeData())) == 1:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if len(files) != 1:
            return
        event.acceptProposedAction()
        self.path.setText(str(files[0]))
        self.read_file()

    def _path_edited(self) -> None:
        """Another path: what was read from the previous one no longer applies."""
        if self._read is not None and self._read[0] != self._typed():
            self._read = None
            self._sheets_offered = False
            self.w.forget_from(self.w.FILE)
            self._show_sheets(())
            self._show_first_rows(None)
            self.summary.clear()
        self.error.clear()
        self.completeChanged.emit()

    def _typed(self) -> str:
        return self.path.text().strip()

    def _show_sheets(self, sheets: tuple[str, ...], current: str | None = None) -> None:
        self.sheet.clear()
        for name in sheets:
            self.sheet.addItem(i18n.isolate(name), name)
        if current in sheets:
            self.sheet.setCurrentIndex(sheets.index(current))
        several = len(sheets) > 1
        self.sheet.setVisible(several)
        self.sheet_label.setVisible(several)

    # -- reading ---------------------------------------------------------------------------

    def read_file(self, then_next: bool = False) -> bool:
        """Inspect the typed file (and the chosen sheet). True when it was read now and the
        wizard may go on; False when it could not be read, a background job is reading it
        (which then goes on itself if `then_next`), or a workbook's sheets are offered."""
        if self.w.job is not None:
            return False
        typed = self._typed()
        if not typed:
            return False
        path = Path(typed).expanduser()
        if not path.is_file():
            self.error.setText(
                self.tr("There is no file at {path}. Check the path, or choose the file.").format(
                    path=i18n.ltr(path)
                )
            )
            return False
        sheet = self.sheet.currentData() if self.sheet.count() > 1 else None
        key = (typed, sheet)
        from fieldapp.ops import imports as ops_imports

        if path.stat().st_size <= INLINE_LIMIT:
            try:
                inspection = ops_imports.inspect(path, sheet)
            except FieldappError as exc:
                self._failed(exc)
                return False
            return self._inspected(key, inspection)

        def work(progress: jobs.Progress, cancelled: jobs.CancelFlag) -> Inspection:
            return ops_imports.inspect(path, sheet)

        title = self.tr("Reading {file}").format(file=i18n.ltr(path.name))
        self.summary.setText(title)
        job = jobs.run_job(
            self.w,
            title,
            work,
            lambda result: self._inspected(key, result, then_next, job),
            self._failed,
        )
        self.w.start_job(job)
        return False

    def _inspected(
        self,
        key: tuple[str, str | None],
        inspection: Inspection,
        then_next: bool = False,
        job: jobs.Job | None = None,
    ) -> bool:
        """Show what was read; True when the wizard may go on (no sheets to offer first)."""
        if job is not None and job.cancel_requested:
            self.summary.setText(self.tr("Reading the file was cancelled."))
            return False
        if key[0] != self._typed():  # the path was edited while it was read
            return False
        self.w.forget_from(self.w.FILE)
        self.w.inspection = inspection
        self._read = (key[0], inspection.sheet if len(inspection.sheets) > 1 else None)
        self._show_sheets(inspection.sheets, inspection.sheet)
        self.error.clear()
        self.summary.setText(self.describe(inspection))
        self._show_first_rows(inspection)
        self.completeChanged.emit()
        offer = len(inspection.sheets) > 1 and not self._sheets_offered
        self._sheets_offered = self._sheets_offered or len(inspection.sheets) > 1
        if then_next and not offer:
            self.w.next()  # after a background job: Next was pressed before it
        return not offer

    def _failed(self, exc: BaseException) -> None:
        self._read = None
        self.w.forget_from(self.w.FILE)
        self.completeChanged.emit()
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Reading the file was cancelled."))
            return
        if not isinstance(exc, FieldappError):
            return  # a bug: the job runner has shown the crash dialog
        self.summary.clear()
        self.error.setText(self.w.show_error(self.tr("Import data"), exc))

    def _show_first_rows(self, inspection: Inspection | None) -> None:
        """The header and first rows as the file has them: is it the right file, the
        right sheet?"""
        table = self.first_rows
        table.clear()
        if inspection is None or not inspection.headers:
            table.hide()
            return
        rows = inspection.sample[:FIRST_ROWS]
        table.setColumnCount(len(inspection.headers))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels([i18n.isolate(h) for h in inspection.headers])
        table.setVerticalHeaderLabels([labels.count(n + 2) for n in range(len(rows))])
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells[: len(inspection.headers)]):
                text = "" if value is None else str(value)
                table.setItem(r, c, QTableWidgetItem(i18n.isolate(text[:80])))
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), 260))
        table.show()

    def describe(self, inspection: Inspection) -> str:
        """ "412 rows and 14 columns (sheet «Data» of 3). ACLED export recognised.\""""
        text = self.tr("{rows} rows and {columns} columns.", "", inspection.rows).format(
            rows=labels.count(inspection.rows), columns=labels.count(len(inspection.headers))
        )
        if len(inspection.sheets) > 1:
            text += " " + self.tr(
                "This workbook has {n} sheets; the sheet read is {sheet}. Choose another "
                "one above if the records are there.",
                "",
                len(inspection.sheets),
            ).format(n=labels.count(len(inspection.sheets)), sheet=i18n.isolate(inspection.sheet))
        recognised = layout_title(inspection.layout)
        if recognised:
            text += " " + recognised + "."
        return text

    # -- QWizardPage -----------------------------------------------------------------------

    def isComplete(self) -> bool:
        return bool(self._typed()) and self.w.job is None

    def validatePage(self) -> bool:
        sheet = self.sheet.currentData() if self.sheet.count() > 1 else None
        if self.w.inspection is not None and self._read == (self._typed(), sheet):
            return True
        return self.read_file(then_next=True)
