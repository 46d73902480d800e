"""Printing a report through Qt: one printed page per report page, pages drawn at the
printer's resolution, the page range honoured, and the print preview fed by the same code."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE, copy_database
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from fieldapp.reports.generate import generate
from fieldapp.ui.context import AppContext
from fieldapp.ui.reports_view import ReportsView, print_document


@pytest.fixture(scope="module")
def report(_template_demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    db = folder / "demo.db"
    copy_database(_template_demo_db, db)
    out = folder / "report.pdf"
    result = generate(db, out, passphrase=PASSPHRASE)
    return db, out, result


def pdf_printer(path, dpi: int = 150) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


@pytest.fixture
def document(qapp, report):
    doc = QPdfDocument()
    assert doc.load(str(report[1])) == QPdfDocument.Error.None_
    yield doc
    doc.close()


def test_one_printed_page_per_report_page(document, report, tmp_path):
    _, _, result = report
    printed_path = tmp_path / "printed.pdf"
    seen = []
    count = print_document(document, pdf_printer(printed_path), lambda d, t: seen.append((d, t)))
    assert count == result.pages == document.pageCount()
    printed = PdfReader(printed_path)
    assert len(printed.pages) == result.pages
    assert seen[-1] == (result.pages, result.pages)
    # every page carries one full-page image (the rendered report page), A4 portrait
    for page in printed.pages:
        images = page.images
        assert len(images) == 1
        width, height = images[0].image.size
        assert width >= 1200 and 1.38 < height / width < 1.44  # ~150 dpi A4


def test_page_range_is_honoured(document, tmp_path):
    printer = pdf_printer(tmp_path / "range.pdf", dpi=72)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_document(document, printer) == 2
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 2


def test_resolution_is_capped(document, tmp_path):
    printer = pdf_printer(tmp_path / "capped.pdf", dpi=1200)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    assert print_document(document, printer, max_dpi=100) == 1
    (image,) = PdfReader(tmp_path / "capped.pdf").pages[0].images
    assert image.image.size[0] == round(595.27 * 100 / 72)


def test_print_preview_uses_the_same_drawing(qtbot, report, tmp_path):
    db = report[0]
    context = AppContext(db)
    view = ReportsView(context)
    qtbot.addWidget(view)
    view.ask_passphrase = lambda: PASSPHRASE
    view.with_map.setChecked(False)
    view.generate_button.click()
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)
    assert view.result is not None
    dialog = view.preview_dialog()
    painted = []
    dialog.paintRequested.connect(lambda printer: painted.append(printer))
    dialog.show()
    qtbot.waitUntil(lambda: bool(painted), timeout=20_000)
    widget = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() == view.result.pages, timeout=20_000)
    dialog.close()
    # and printing from the view goes through the same function
    printed = tmp_path / "view.pdf"
    assert view.print_to(pdf_printer(printed, dpi=72)) == view.result.pages
    assert len(PdfReader(printed).pages) == view.result.pages
    view.cleanup()
    context.close()
