"""File → Import data…: a CSV or XLSX file (HXL-tagged, an ACLED export, a KoboToolbox or
ODK export, or plain columns) brought in as ordinary records, in five steps.

1. the file (typed, chosen or dropped) and, in a workbook with several, the sheet;
2. its columns mapped to fieldapp's fields (prefilled from the headers, the HXL tags and
   the known layouts; a mapping can be saved under a name and loaded again);
3. a dry run, row by row (new, already imported, invalid and why, possible duplicates);
4. all or nothing, or the valid rows and a file of the rejected ones; then the import;
5. what was created.

Every step calls fieldapp.ops.imports, the same functions as `fieldapp import`; what can
take long (reading a big file, the dry run, the import) runs as a background job with a
progress bar and Cancel (fieldapp.ui.jobs), and the import announces what it changed, so
the record tables refresh themselves. The pages live in import_file_page,
import_mapping_page, import_preview_page and import_run_page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget, QWizard

from fieldapp.ui import dialogs, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_file_page import FilePage
from fieldapp.ui.import_mapping_page import MappingPage
from fieldapp.ui.import_preview_page import PreviewPage
from fieldapp.ui.import_run_page import RunPage, SummaryPage

if TYPE_CHECKING:
    from fieldapp.ops.imports import Imported, Inspection, Mapping, Preview

PREFERRED = QSize(1180, 700)
FRAME = QSize(16, 40)  # room for the window manager's frame and title bar


class ImportWizard(QWizard):
    """The five pages and what they share: the inspection of the file, the mapping, the
    dry run and the import's result (each None until its step has run)."""

    FILE, MAPPING, PREVIEW, RUN, SUMMARY = range(5)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import data"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        # Our words, not Qt's catalogue's: its Arabic arrows point the wrong way in a
        # right-to-left window, and its Cancel is the clipped imperative (see i18n.py).
        for which, text in (
            (QWizard.WizardButton.BackButton, self.tr("< &Back")),
            (QWizard.WizardButton.NextButton, self.tr("&Next >")),
            (QWizard.WizardButton.CommitButton, self.tr("Import")),
            (QWizard.WizardButton.FinishButton, self.tr("&Finish")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
        ):
            self.setButtonText(which, text)
        self.inspection: Inspection | None = None
        self.mapping: Mapping | None = None
        self.preview: Preview | None = None
        self.imported: Imported | None = None
        self.job: jobs.Job | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        self.summary_page = SummaryPage(self)
        for key, page in (
            (self.FILE, self.file_page),
            (self.MAPPING, self.mapping_page),
            (self.PREVIEW, self.preview_page),
            (self.RUN, self.run_page),
            (self.SUMMARY, self.summary_page),
        ):
            self.setPage(key, page)
        self.fit_to_screen()

    # -- what the pages share ----------------------------------------------------------------

    def path(self) -> Path | None:
        return self.inspection.path if self.inspection is not None else None

    def sheet(self) -> str | None:
        return self.inspection.sheet if self.inspection is not None else None

    def forget_from(self, step: int) -> None:
        """A new file forgets its mapping, a new mapping its dry run: nothing later than
        `step` may describe an earlier choice."""
        if step <= self.FILE:
            self.inspection = None
        if step <= self.MAPPING:
            self.mapping = None
        if step <= self.PREVIEW:
            self.preview = None

    def start_job(self, job: jobs.Job) -> jobs.Job:
        """Remember the running job (one at a time) and let the pages re-check their
        buttons when it ends."""
        self.job = job
        job.done.connect(self._job_done)
        self._update_pages()
        return job

    def _job_done(self) -> None:
        self.job = None
        self._update_pages()

    def _update_pages(self) -> None:
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
        busy = self.job is not None
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            button = self.button(which)
            if button is not None:
                button.setEnabled(not busy)

    def show_error(self, title: str, exc: BaseException) -> str:
        """A problem the user can act on, shown as the window shows its errors (and
        returned, for the page to keep on show)."""
        text = labels.error_text(exc)
        dialogs.show_error(self, title, text)
        return text

    # -- the window ------------------------------------------------------------------------

    def fit_to_screen(self) -> None:
        """As large as useful, never larger than the screen's available room less a
        window frame (a 1366×768 laptop); centred over it."""
        anchor = self.parentWidget() or self
        screen = anchor.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(PREFERRED.width(), area.width() - FRAME.width())
        height = min(PREFERRED.height(), area.height() - FRAME.height())
        self.resize(max(width, 560), max(height, 400))
        self.move(
            area.left() + max(0, (area.width() - self.width()) // 2),
            area.top() + max(0, (area.height() - self.height() - FRAME.height()) // 2),
        )

    def done(self, result: int) -> None:  # closing, however it happens
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
        super().done(result)


class ImportActions(QObject):
    """File → Import data… for one window (the wizard is kept for tests)."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.wizard: ImportWizard | None = None

    @property
    def window(self) -> Any:
        """The Qt parent, not a Python attribute (see FileActions.window)."""
        return self.parent()

    def open(self) -> ImportWizard:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        wizard = ImportWizard(self.window.context, self.window)
        wizard.finished.connect(lambda _r, w=wizard: self._closed(w))
        self.wizard = wizard
        wizard.open()
        return wizard

    def open_file(self, path: Path) -> bool:
        """A data file dropped onto the window: the wizard (the one open, back at its first
        step) with the file chosen and read, as if dropped on that step. False when the
        wizard is busy reading or importing: it is brought to the front, its job goes on,
        and the file is left alone (the caller says so)."""
        wizard = self.open()
        if wizard.job is not None:
            return False
        if wizard.currentId() != wizard.FILE:
            wizard.imported = None  # a new file, a new import (not the summary of the last)
            wizard.restart()
        wizard.file_page.path.setText(str(path))
        wizard.file_page.read_file()
        return True

    def _closed(self, wizard: ImportWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()


def install(window: Any) -> ImportActions:
    """File → Import data…, beside Load demo data (the other way records come in)."""
    actions = ImportActions(window)
    window.import_data = actions
    action = window.add_menu_action(
        "file",
        QCoreApplication.translate("ImportWizard", "&Import data…"),
        actions.open,
        "action_import_data",
        "Ctrl+Shift+I",
    )
    action.setStatusTip(
        QCoreApplication.translate(
            "ImportWizard", "Records from a CSV or Excel file: ACLED, KoboToolbox, HXL, your own"
        )
    )
    menu = window.menu("file")
    menu.removeAction(action)  # added at the end (after Quit): it goes before the demo data
    demo = getattr(window, "demo_action", None)
    before = demo if demo in menu.actions() else (menu.actions() or [None])[0]
    menu.insertAction(before, action)
    return actions
