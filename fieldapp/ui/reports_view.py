"""The Reports tab: build a signed PDF report for the current filter, preview it, save it,
print it.

The report covers what the filter bar above the tabs selects (the same filter as the
tables and the map), optionally narrowed to one district here. Building runs in the
background (fieldapp.reports.generate, the same function as `fieldapp report`); the map
image, which needs QtWebEngine and therefore the GUI thread, is drawn first. The report is
built, signed and kept in memory (nothing of it is written to the temporary folder: its
record text must not be left in clear on disk); QtPdf's viewer previews those bytes through
a QBuffer, printing draws that document, and Save writes the same bytes to the file the
user chose: what is previewed, saved and printed is byte for byte the signed document.

Printing renders one page at a time with QPdfDocument.render at the printer's resolution
(capped, see MAX_PRINT_DPI) and draws it onto the QPrinter; the print preview dialog
reuses the same function.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QShowEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.messages import Message
from fieldapp.ops import Changes, Task
from fieldapp.ops import reports as ops_reports
from fieldapp.progress import CancelFlag, Progress
from fieldapp.qtkit import map_available
from fieldapp.store import Filter, Store
from fieldapp.ui import dialogs, i18n, jobs, labels
from fieldapp.ui.context import AppContext
from fieldapp.ui.passphrase import device_key_check
from fieldapp.ui.report_map import MapDrawing
from fieldapp.ui.report_warning import ScopeWarningLine

if TYPE_CHECKING:
    from fieldapp.reports.generate import ReportResult


log = logging.getLogger("fieldapp")

# A 300 dpi A4 page is a 35 MB image; a 1200 dpi "high resolution" printer would ask for
# 560 MB. Above 300 dpi a raster of this text-and-chart document gains nothing visible.
MAX_PRINT_DPI = 300
PREVIEW_DPI = 110  # the print preview keeps every page's image: keep them small


def print_document(
    document: QPdfDocument,
    printer: QPrinter,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
    max_dpi: int = MAX_PRINT_DPI,
) -> int:
    """Draw the document's pages onto the printer, one page image in memory at a time.

    Honours the page range chosen in the print dialog; each page is scaled to fit the
    printable area, centred, aspect kept. Returns the number of pages printed.
    """
    count = document.pageCount()
    if count <= 0:
        raise FieldappError(Message("print.no_report"))
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(0, printer.fromPage() - 1)
        last = min(count - 1, (printer.toPage() or count) - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise FieldappError(Message("print.printer_not_started"))
    printed = 0
    try:
        dpi = min(printer.resolution(), max_dpi)
        area = painter.viewport()  # the printable area, in device pixels
        for index in range(first, last + 1):
            if cancelled and cancelled():
                printer.abort()
                raise Cancelled(Message("print.cancelled"))
            if index > first and not printer.newPage():
                raise FieldappError(Message("print.new_page_refused"))
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image: QImage = document.render(index, pixels)
            target = QSize(image.width(), image.height()).scaled(
                area.size(), Qt.AspectRatioMode.KeepAspectRatio
            )
            x = area.x() + (area.width() - target.width()) // 2
            y = area.y() + (area.height() - target.height()) // 2
            painter.drawImage(QRect(x, y, target.width(), target.height()), image)
            del image
            printed += 1
            if progress:
                progress(printed, last - first + 1)
    finally:
        painter.end()
    return printed


def _a4_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName("fieldapp report")
    return printer


class ReportsView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.ask_passphrase: Callable[[], str | None] = self._ask_passphrase
        self.job: jobs.Job | None = None
        self.result: ReportResult | None = None
        self.map_problem: str | None = None
        self.map_drawing: MapDrawing | None = None  # while the map is drawn (its Cancel)
        # The shown report's bytes, and the QBuffer QtPdf reads them through: both must live
        # as long as the document does (QtPdf reads pages from the device when it draws).
        self._pdf_data = QByteArray()
        self._pdf_buffer: QBuffer | None = None

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("report_summary")
        self.district = QLineEdit()
        self.district.setPlaceholderText(self.tr("All districts"))
        self.district.setClearButtonEnabled(True)
        self.district.setAccessibleName(self.tr("District"))
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():  # each language under its own name
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.setAccessibleName(self.tr("Report language"))
        self.sign = QCheckBox(self.tr("Sign with this device's key"))
        self.sign.setChecked(True)
        self.sign.setToolTip(self.tr("Unsigned reports are drafts: every page is marked DRAFT."))
        self.with_map = QCheckBox(self.tr("Include the map"))
        self.with_map.setChecked(map_available())
        self.with_map.setEnabled(map_available())

        self.generate_button = QPushButton(self.tr("&Generate report"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.save_button = QPushButton(self.tr("&Save as…"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self.print_report)
        self.preview_button = QPushButton(self.tr("Print pre&view…"))
        self.preview_button.clicked.connect(self.print_preview)
        self.warning_line = ScopeWarningLine(context, self.report_filter, self)
        self.status = QLabel(self.tr("No report yet: choose the filter above, then Generate."))
        self.status.setObjectName("report_status")
        self.status.setWordWrap(True)

        self.document = QPdfDocument(self)
        self.viewer = QPdfView(self)
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._lay_out()

        context.filter_changed.connect(self.refresh_summary)
        context.changed.connect(self._changed)
        for signal in (context.filter_changed, self.district.textChanged):
            signal.connect(self.warning_line.mark_stale)
        self.refresh_summary()
        self._update_buttons()

    def _lay_out(self) -> None:
        """What the report covers and its options, the buttons, the status, the viewer."""
        self.district.setMaximumWidth(220)
        options = QHBoxLayout()
        district_label = QLabel(self.tr("&District"))
        district_label.setBuddy(self.district)
        language_label = QLabel(self.tr("&Language"))
        language_label.setBuddy(self.language)
        options.addWidget(district_label)
        options.addWidget(self.district)
        options.addSpacing(12)
        options.addWidget(language_label)
        options.addWidget(self.language)
        options.addSpacing(12)
        options.addWidget(self.sign)
        options.addWidget(self.with_map)
        options.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Report on"), self.summary)
        form.addRow("", options)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addSpacing(12)
        for button in (self.save_button, self.print_button, self.preview_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QVBoxLayout()
        top.addLayout(form)
        top.addWidget(self.warning_line)
        top.addLayout(buttons)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.viewer, 1)

    # -- what the report will cover --------------------------------------------------------

    def report_filter(self) -> Filter:
        base = self.context.filter
        district = self.district.text().strip() or None
        return Filter(
            date_from=base.date_from,
            date_to=base.date_to,
            admin1=base.admin1,
            admin2=district,
            search=base.search,
            event_type=base.event_type,
            sub_event_type=base.sub_event_type,
        )

    def _changed(self, changes: Changes) -> None:
        if changes.touches_records():
            self.refresh_summary()
        if changes.touches_records() or changes.duplicates:  # what the warning counts
            self.warning_line.mark_stale()

    def refresh_summary(self, *_: object) -> None:
        flt = self.context.filter
        parts = []
        if flt.date_from or flt.date_to:
            parts.append(
                self.tr("{start} to {end}").format(
                    start=i18n.isolate(labels.date(flt.date_from))
                    if flt.date_from
                    else self.tr("the first record"),
                    end=i18n.isolate(labels.date(flt.date_to))
                    if flt.date_to
                    else self.tr("the last record"),
                )
            )
        else:
            parts.append(self.tr("all dates"))
        parts.append(i18n.isolate(flt.admin1) if flt.admin1 else self.tr("all governorates"))
        if flt.search:
            parts.append(self.tr("matching “{text}”").format(text=i18n.isolate(flt.search)))
        try:
            store = self.context.store()
            counts = self._counts(store.count(INCIDENT, flt), store.count(DISPLACEMENT, flt))
        except FieldappError as exc:
            counts = labels.error_text(exc)
        self.summary.setText(" · ".join(parts) + " — " + counts)

    def _counts(self, incidents: int, displacements: int) -> str:
        """ "53 incidents, 12 displacement reports": each noun agrees with its number."""
        return self.tr("{incidents}, {displacements}").format(
            incidents=self.tr("{n} incidents", "", incidents).format(n=labels.count(incidents)),
            displacements=self.tr("{n} displacement reports", "", displacements).format(
                n=labels.count(displacements)
            ),
        )

    # -- generating ------------------------------------------------------------------------

    def _ask_passphrase(self) -> str | None:
        check = device_key_check(self.context.store())  # a wrong one asks again
        return dialogs.ask_passphrase(self, self.tr("Sign the report"), check)

    def generate(self) -> jobs.Job | None:
        if self.job is not None:
            return None
        flt = self.report_filter()
        lang = self.language.currentData()
        sign = self.sign.isChecked()
        secret = None
        if sign:
            secret = self.ask_passphrase()
            if secret is None:
                return None
        map_png = None
        self.map_problem = None
        if self.with_map.isChecked() and self.with_map.isEnabled():
            self.status.setText(self.tr("Drawing the map…"))
            self.generate_button.setEnabled(False)
            self.map_drawing = MapDrawing(self.window(), self.tr("Drawing the map…"))
            drawn = self.map_drawing.draw(self.context.db_path, flt, lang)
            self.map_drawing = None
            if drawn is None:  # Cancel: no report either
                self.status.setText(self.tr("Cancelled; no report was written."))
                self._update_buttons()
                return None
            map_png, self.map_problem = drawn

        def build(store: Store, task: Task) -> ops_reports.Reported:  # in memory: no file
            return ops_reports.report(
                store, None, flt, lang, sign=sign, passphrase=secret, map_png=map_png, task=task
            )

        self.status.setText(self.tr("Building the report…"))
        self.job = jobs.run_op(
            self.context,
            self.window(),
            self.tr("Building the report"),
            build,
            self._built,
            self._failed,
        )
        self._update_buttons()
        return self.job

    def _built(self, reported: ops_reports.Reported) -> None:
        self.job = None
        result: ReportResult = reported.report
        if not self._show(result.pdf):
            self.result = None
            dialogs.show_error(
                self, self.tr("Report"), self.tr("The report was built but cannot be shown.")
            )
        else:
            self.result = result
            self.viewer.pageNavigator().jump(0, QPointF(), 0)
        if self.result is not None:
            self.warning_line.show_warnings(result.warnings)  # as counted for the report
            signed = (
                self.tr("signed by this device's key")
                if result.signed
                else self.tr("UNSIGNED DRAFT")
            )
            text = self.tr("{pages}, {counts}; {signed}. Built in {seconds} s.").format(
                pages=self.tr("{n} pages", "", result.pages).format(n=labels.count(result.pages)),
                counts=self._counts(result.incidents, result.displacements),
                signed=signed,
                seconds=labels.number(round(result.seconds, 1)),
            )
            if self.map_problem:
                text += " " + self.tr("No map: {why}.").format(why=labels.message(self.map_problem))
            self.status.setText(text)
        self._update_buttons()

    def _show(self, pdf: bytes) -> bool:
        """Preview `pdf` from memory; False (nothing shown) if QtPdf cannot read it."""
        self._forget_document()
        data = QByteArray(pdf)
        buffer = QBuffer(self)
        buffer.setData(data)
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf_data, self._pdf_buffer = data, buffer
        self.document.load(buffer)  # synchronous for a QBuffer (random access)
        if (
            self.document.status() != QPdfDocument.Status.Ready
            or self.document.error() != QPdfDocument.Error.None_
            or self.document.pageCount() <= 0
        ):
            self._forget_document()
            return False
        return True

    def _forget_document(self) -> None:
        """Close the shown document, then drop its buffer and bytes (in that order)."""
        self.document.close()
        if self._pdf_buffer is not None:
            self._pdf_buffer.close()
            self._pdf_buffer.deleteLater()
            self._pdf_buffer = None
        self._pdf_data = QByteArray()

    def shown_pdf(self) -> bytes:
        """The bytes the preview shows (and Save writes): b"" without a report."""
        return bytes(self._pdf_data.data()) if self.result is not None else b""

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        if isinstance(exc, Cancelled):
            self.status.setText(self.tr("Cancelled; no report was written."))
        elif isinstance(exc, FieldappError):
            self.status.setText(labels.error_text(exc))
            dialogs.show_error(self, self.tr("Report"), str(exc))
        else:
            self.status.setText(self.tr("The report could not be built (see the error report)."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.result is not None and self.job is None
        self.generate_button.setEnabled(self.job is None)
        for button in (self.save_button, self.print_button, self.preview_button):
            button.setEnabled(ready)

    # -- saving and printing ---------------------------------------------------------------

    def save(self) -> Path | None:
        if self.result is None:
            return None
        chosen = dialogs.save_file(
            self, self.tr("Save the report"), "report.pdf", self.tr("PDF files (*.pdf)")
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(target.suffix + ".pdf")
        try:
            # the previewed bytes, as they are, whole or not at all (a full disk: by its code)
            ops_reports.save(target, self.shown_pdf())
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Save the report"), labels.error_text(exc))
            return None
        self.status.setText(self.tr("Saved {path}.").format(path=i18n.ltr(target)))
        return target

    def print_to(self, printer: QPrinter) -> int:
        """Print the current report on a configured printer (with a progress window)."""
        total = self.document.pageCount()
        dialog = QProgressDialog(self.tr("Printing…"), self.tr("Cancel"), 0, total, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, count: int) -> None:
            dialog.setMaximum(count)
            dialog.setValue(done)
            QCoreApplication.processEvents()

        try:
            return print_document(self.document, printer, progress, dialog.wasCanceled)
        finally:
            dialog.reset()
            dialog.deleteLater()

    def print_report(self) -> int:
        if self.result is None:
            return 0
        printer = _a4_printer()
        chooser = QPrintDialog(printer, self)
        chooser.setMinMax(1, max(1, self.document.pageCount()))
        if chooser.exec() != QPrintDialog.DialogCode.Accepted:
            return 0
        try:
            printed = self.print_to(printer)
        except Cancelled:
            self.status.setText(self.tr("Printing cancelled."))
            return 0
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Print"), str(exc))
            return 0
        self.status.setText(
            self.tr("Sent {n} pages to the printer.", "", printed).format(n=labels.count(printed))
        )
        return printed

    def preview_dialog(self) -> QPrintPreviewDialog:
        printer = _a4_printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.printer_ref = printer  # the dialog does not own it; it must outlive the dialog
        dialog.setWindowTitle(self.tr("Print preview"))
        dialog.paintRequested.connect(self._paint_requested)
        return dialog

    def _paint_requested(self, printer: QPrinter) -> None:
        """The preview's pages (small images: the preview keeps them all) or, when the
        preview's Print button is used, the real print job."""
        previewing = printer.paintEngine().type() == QPaintEngine.Type.Picture
        try:
            print_document(
                self.document, printer, max_dpi=PREVIEW_DPI if previewing else MAX_PRINT_DPI
            )
        except FieldappError as exc:
            dialogs.show_error(self, self.tr("Print"), str(exc))

    def print_preview(self) -> None:
        if self.result is None:
            return
        dialog = self.preview_dialog()
        dialog.exec()
        dialog.deleteLater()

    def closeEvent(self, event: Any) -> None:
        self.document.close()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.warning_line.refresh()  # counts again only if something changed

    def forget_on_lock(self) -> None:
        """Locking drops the report shown (its text is the records'): after unlocking the
        user builds it again."""
        self._forget_document()
        self.result = None
        self.status.setText("")
        self._update_buttons()

    def cleanup(self) -> None:
        self.warning_line.cancel()
        self._forget_document()


def install(window: Any) -> ReportsView:
    """Add the Reports tab and the Reports menu to the main window."""
    view = ReportsView(window.context, window)
    translate = QCoreApplication.translate
    window.add_view("reports", translate("ReportsView", "Reports"), view)
    menu = window.menu("reports")

    def show() -> None:
        window.show_view("reports")

    action = functools.partial(window.add_menu_action, "reports")
    action(translate("ReportsView", "&New report…"), show, "action_new_report")
    action(
        translate("ReportsView", "&Generate report"),
        lambda: (show(), view.generate()),
        "action_generate_report",
    )
    menu.addSeparator()

    def with_report(command: Callable[[], object]) -> Callable[[], None]:
        """Save and print need a report: without one, the menu entry (and Ctrl+P) brings
        the Reports tab forward and says what to do, rather than doing nothing."""

        def run() -> None:
            if view.result is None:
                show()
                view.generate_button.setFocus()
                window.statusBar().showMessage(
                    translate(
                        "ReportsView", "Generate the report first (Generate report), then print it."
                    ),
                    8000,
                )
                return
            command()

        return run

    action(
        translate("ReportsView", "&Save report as…"), with_report(view.save), "action_save_report"
    )
    action(
        translate("ReportsView", "&Print report…"),
        with_report(view.print_report),
        "action_print_report",
        "Ctrl+P",
    )
    action(
        translate("ReportsView", "Print pre&view…"),
        with_report(view.print_preview),
        "action_print_preview",
    )
    window.reports_view = view
    return view
