"""The import wizard's last two pages: how to import (all or nothing, or the valid rows and
a file of the rejected ones), the import itself, and what it created.

The Import button (the wizard's commit button) runs ops.imports.run as a background job
with a progress bar and Cancel; its result announces what changed, so the record tables,
the status bar and the possible duplicates refresh. "All or nothing" refused because of
an invalid row is shown as the window shows every error, and nothing has been written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import Changes, Task
from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.import_common import ALREADY, BAD_STYLE, INVALID, NEW, note

if TYPE_CHECKING:
    from fieldapp.ops.imports import Imported
    from fieldapp.ui.import_wizard import ImportWizard

# What an import may change: records of either kind (a Kobo export can hold both), what
# the next bundle carries, and the possible duplicates.
IMPORT_CHANGES = Changes(records=frozenset({INCIDENT, DISPLACEMENT}), bundles=True, duplicates=True)


def rejected_path(source: Path) -> Path:
    """Beside the file: `NAME-rejected.csv` (or .xlsx, as the file was)."""
    return source.with_name(f"{source.stem}-rejected{source.suffix or '.csv'}")


class RunPage(QWizardPage):
    """The two ways of importing and where the rejected rows go; Import starts it."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Import"))
        self.setCommitPage(True)
        self.intro = note()
        self.all = QRadioButton(self.tr("All or nothing: import only if every row is valid"))
        self.all.setObjectName("import_mode_all")
        self.valid = QRadioButton(self.tr("The valid rows, and a file of the rejected ones:"))
        self.valid.setObjectName("import_mode_valid")
        group = QButtonGroup(self)
        group.addButton(self.all)
        group.addButton(self.valid)
        self.rejected = QLineEdit()
        self._default = ""  # the path this page proposed (replaced when the file changes)
        self.rejected.setObjectName("import_rejected_path")
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setObjectName("import_rejected_browse")
        self.browse.clicked.connect(lambda: self.choose_rejected())
        where = QHBoxLayout()
        where.addSpacing(24)
        where.addWidget(self.rejected, 1)
        where.addWidget(self.browse)
        self.message = note(BAD_STYLE)
        self.message.setObjectName("import_run_message")
        for button in (self.all, self.valid):
            button.toggled.connect(lambda _on: self._mode_changed())
        self.rejected.textChanged.connect(lambda _t: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        # as wide as their words: a click beside them in a full-width row chose nothing
        layout.addWidget(self.all, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.valid, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addLayout(where)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        preview = self.w.preview
        path = self.w.path()
        counts = preview.counts() if preview is not None else {}
        invalid = counts.get(INVALID, 0)
        text = self.tr(
            "New records: {new}. Imported before (nothing created): {already}. Invalid "
            "rows: {invalid}."
        ).format(
            new=labels.count(counts.get(NEW, 0)),
            already=labels.count(counts.get(ALREADY, 0)),
            invalid=labels.count(invalid),
        )
        if invalid:
            text += " " + self.tr("With “All or nothing”, the invalid rows stop the whole import.")
        text += "\n" + self.tr(
            "Every record imported is an ordinary record made on this device: it can be "
            "edited, and it travels in your next bundle."
        )
        self.intro.setText(text)
        (self.valid if invalid else self.all).setChecked(True)
        typed = self.rejected.text().strip()
        if path is not None and (not typed or typed == self._default):  # not the user's
            self._default = str(rejected_path(path))
            self.rejected.setText(self._default)
        self.message.clear()
        self._mode_changed()

    def _mode_changed(self) -> None:
        on = self.valid.isChecked()
        self.rejected.setEnabled(on)
        self.browse.setEnabled(on)
        self.completeChanged.emit()

    def choose_rejected(self) -> bool:
        suffix = Path(self.rejected.text()).suffix.lower()
        filters = (
            self.tr("Excel workbooks (*.xlsx)")
            if suffix == ".xlsx"
            else self.tr("CSV files (*.csv)")
        )
        chosen = dialogs.save_file(
            self, self.tr("Where to write the rejected rows"), self.rejected.text(), filters
        )
        if chosen:
            self.rejected.setText(chosen)
        return bool(chosen)

    def mode(self) -> str:
        return "valid" if self.valid.isChecked() else "all"

    # -- importing -------------------------------------------------------------------------

    def start(self) -> jobs.Job | None:
        """ops.imports.run in a background job (progress bar and Cancel)."""
        inspection, mapping = self.w.inspection, self.w.mapping
        if inspection is None or mapping is None or self.w.job is not None:
            return None
        from fieldapp.ops import imports as ops_imports

        mode = self.mode()
        rejected = Path(self.rejected.text().strip()) if mode == "valid" else None
        path, sheet = inspection.path, inspection.sheet

        def run(store: Store, task: Task) -> Imported:
            return ops_imports.run(
                store, path, mapping, sheet, mode=mode, rejected_to=rejected, task=task
            )

        self.message.clear()
        job = jobs.run_op(
            self.w.context,
            self.w,
            self.tr("Importing"),
            run,
            self._imported,
            self._failed,
            changes=IMPORT_CHANGES,
        )
        return self.w.start_job(job)

    def _imported(self, imported: Imported) -> None:
        self.w.imported = imported
        self.w.next()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message.setText(self.tr("The import was cancelled; nothing was written."))
        elif isinstance(exc, FieldappError):
            self.message.setText(self.w.show_error(self.tr("Import"), exc))

    def isComplete(self) -> bool:
        if self.w.job is not None or self.w.preview is None:
            return False
        return self.all.isChecked() or bool(self.rejected.text().strip())

    def validatePage(self) -> bool:
        """The Import button: done once the import has run; otherwise it starts it (and
        the job goes on to the summary by itself)."""
        if self.w.imported is not None:
            return True
        self.start()
        return False


class SummaryPage(QWizardPage):
    """What was created, what was there already, where the rejected rows went."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Imported"))
        self.setFinalPage(True)
        self.text = note()
        self.text.setObjectName("import_summary")
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.text.setFont(font)
        self.duplicates = note()
        self.show_duplicates = QPushButton(self.tr("Show the possible duplicates"))
        self.show_duplicates.setObjectName("import_show_duplicates")
        self.show_duplicates.clicked.connect(lambda: self._open_duplicates())
        row = QHBoxLayout()
        row.addWidget(self.show_duplicates)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addWidget(self.duplicates)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:
        imported = self.w.imported
        if imported is None:
            return
        text = self.summary(imported)
        self.text.setText(text)
        self._show_in_window(imported, text)
        preview = self.w.preview
        found = sum(1 for r in preview.rows if r.possible_duplicates) if preview else 0
        self.duplicates.setText(
            self.tr("{n} of the new records may duplicate records already here.", "", found).format(
                n=labels.count(found)
            )
            if found and imported.created
            else ""
        )
        window = self.w.parentWidget()
        views = getattr(window, "views", {})
        self.show_duplicates.setVisible(bool(self.duplicates.text()) and "duplicates" in views)

    def summary(self, imported: Imported) -> str:
        created = len(imported.created)
        text = self.tr(
            "{created} records created, {already} already imported, {rejected} rejected.",
            "",
            created,
        ).format(
            created=labels.count(created),
            already=labels.count(imported.already),
            rejected=labels.count(imported.rejected),
        )
        if imported.rejected_file is not None:
            text += "\n" + self.tr("The rejected rows are in {file}.").format(
                file=i18n.ltr(imported.rejected_file)
            )
        return text

    def _open_duplicates(self) -> None:
        """The Possible duplicates view (it searches when shown), the wizard closed."""
        window = self.w.parentWidget()
        if window is not None and hasattr(window, "show_view"):
            window.show_view("duplicates")
        self.w.accept()

    def _show_in_window(self, imported: Imported, text: str) -> None:
        """The window shows the table the records went to, and says what happened."""
        window = self.w.parentWidget()
        mapping = self.w.mapping
        if window is None or not hasattr(window, "show_view"):
            return
        if imported.created and mapping is not None:
            window.show_view("displacements" if mapping.kind == DISPLACEMENT else "incidents")
        window.statusBar().showMessage(text.replace("\n", " "), 15_000)
