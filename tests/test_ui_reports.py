"""The Reports tab driven as a user would: generate in the background, preview, save."""

from __future__ import annotations

import io

import pytest
from conftest import PASSPHRASE, run_cli
from pypdf import PdfReader
from PySide6.QtCore import Qt

from fieldapp.reports import verify as V
from fieldapp.store import Filter
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.reports_view import ReportsView


@pytest.fixture
def window(qtbot, demo_db_path):
    context = AppContext(demo_db_path)
    w = MainWindow(context, extensions=("fieldapp.ui.reports_view",))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    view: ReportsView = w.reports_view
    view.with_map.setChecked(False)  # the map has its own tests; keep these fast
    yield w
    view.cleanup()
    context.close()


def generate(qtbot, view: ReportsView) -> None:
    view.generate_button.click()
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)


def test_reports_tab_and_menu_are_installed(window):
    assert "reports" in window.views
    names = {a.objectName() for a in window.menu("reports").actions()}
    assert {"action_new_report", "action_print_report", "action_print_preview"} <= names
    view = window.reports_view
    assert not view.save_button.isEnabled() and not view.print_button.isEnabled()
    assert "53 incidents" in view.summary.text()


def test_generate_preview_and_save_a_signed_report(
    qtbot, window, tmp_path, demo_db_path, file_dialogs
):
    view: ReportsView = window.reports_view
    window.show_view("reports")
    asked = []
    view.ask_passphrase = lambda: asked.append(1) or PASSPHRASE
    generate(qtbot, view)
    assert asked == [1]
    result = view.result
    assert result is not None and result.signed
    assert view.document.pageCount() == result.pages > 1
    assert "signed" in view.status.text()
    assert view.save_button.isEnabled() and view.print_button.isEnabled()

    target = tmp_path / "saved"
    file_dialogs.answer(target)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert file_dialogs.asked == [("save_file", "Save the report")]
    saved = tmp_path / "saved.pdf"
    # what was previewed is what is saved, byte for byte: the signed report built in memory
    assert result.path is None
    assert saved.read_bytes() == view.shown_pdf() == result.pdf
    assert bytes(view._pdf_buffer.data().data()) == result.pdf
    check = run_cli("--db", demo_db_path, "verify", saved)
    assert check.code == V.OK, check.out


def test_report_follows_the_filter_and_language(qtbot, window):
    view: ReportsView = window.reports_view
    window.context.set_filter(Filter(admin1="Aleppo"))
    assert "Aleppo" in view.summary.text() and "4 incidents" in view.summary.text()
    view.language.setCurrentIndex(view.language.findData("ar"))
    view.sign.setChecked(False)
    view.ask_passphrase = lambda: pytest.fail("a draft needs no passphrase")
    generate(qtbot, view)
    result = view.result
    assert result is not None and not result.signed
    assert result.incidents == 4
    assert "UNSIGNED DRAFT" in view.status.text()
    reader = PdfReader(io.BytesIO(result.pdf))
    assert all("مسودة" in p.extract_text() for p in reader.pages)  # as typed: searchable
    view.district.setText("Azaz")
    generate(qtbot, view)
    assert view.result.incidents == 2


def test_wrong_passphrase_keeps_the_previous_report(qtbot, window, monkeypatch):
    view: ReportsView = window.reports_view
    view.ask_passphrase = lambda: PASSPHRASE
    generate(qtbot, view)
    first = view.result
    shown = []
    monkeypatch.setattr(
        "fieldapp.ui.reports_view.dialogs.show_error", lambda *a: shown.append(a[-1])
    )
    view.ask_passphrase = lambda: "not the passphrase"
    generate(qtbot, view)
    assert view.result is first and view.shown_pdf() == first.pdf
    assert shown and "passphrase is wrong" in shown[0]
    assert "passphrase is wrong" in view.status.text()
    assert view.generate_button.isEnabled()


def test_cancelled_passphrase_prompt_builds_nothing(qtbot, window):
    view: ReportsView = window.reports_view
    view.ask_passphrase = lambda: None
    assert view.generate() is None
    assert view.job is None and view.result is None
