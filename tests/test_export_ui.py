"""File → Export table… driven as a user would: the real menu entry, the dialog's widgets,
the file opened with openpyxl afterwards."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, columns
from fieldapp.store import Filter, Store
from fieldapp.ui import i18n
from fieldapp.ui.context import AppContext
from fieldapp.ui.export_table import ExportTableDialog
from fieldapp.ui.main_window import MainWindow

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture
def window(qtbot, demo_db_path):
    context = AppContext(demo_db_path)
    w = MainWindow(context, extensions=("fieldapp.ui.export_table",))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    context.close()


def open_dialog(qtbot, window) -> ExportTableDialog:
    action = window.findChild(type(window.menu_actions()[0]), "action_export_table")
    assert action is not None and action in window.menu("file").actions()
    action.trigger()
    dialog = window.export_table_dialog
    assert isinstance(dialog, ExportTableDialog)
    qtbot.waitExposed(dialog)
    return dialog


def choose(combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def run_export(qtbot, dialog: ExportTableDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.status.text() != "", timeout=30_000)


def test_export_the_filtered_table_to_xlsx(qtbot, window, demo_db_path, tmp_path, file_dialogs):
    window.context.set_filter(Filter(admin1="Idlib"))
    window.show_view("incidents")
    dialog = open_dialog(qtbot, window)
    assert dialog.kinds.currentData() == "incidents"  # the table in front
    with Store.open(demo_db_path) as store:
        expected = [r["id"] for r in store.query(INCIDENT, Filter(admin1="Idlib"), descending=True)]
    assert f"{len(expected)}" in dialog.summary.text()
    target = tmp_path / "idlib"
    file_dialogs.answer(target)
    qtbot.mouseClick(dialog.choose, Qt.MouseButton.LeftButton)
    assert file_dialogs.asked == [("save_file", "Export to")]
    assert dialog.path.text() == str(tmp_path / "idlib.xlsx")
    run_export(qtbot, dialog)
    assert str(tmp_path / "idlib.xlsx") in dialog.status.text(), dialog.status.text()
    wb = openpyxl.load_workbook(tmp_path / "idlib.xlsx")
    assert wb.sheetnames == ["incidents", "columns"]
    rows = list(wb["incidents"].iter_rows(values_only=True))
    assert rows[0] == tuple(columns(INCIDENT))
    assert [r[0] for r in rows[1:]] == expected
    assert all(isinstance(r[1], dt.datetime) for r in rows[1:])
    assert not wb["incidents"].sheet_view.rightToLeft


def test_every_record_both_kinds_csv(qtbot, window, demo_db_path, tmp_path) -> None:
    window.context.set_filter(Filter(admin1="Idlib"))
    dialog = open_dialog(qtbot, window)
    choose(dialog.format, "csv")
    choose(dialog.kinds, "all")
    button = dialog.everything  # its label is at its start, not at the middle of the row
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert dialog.everything.isChecked() and dialog.chosen_filter() is None
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "all.csv"))
    run_export(qtbot, dialog)
    with Store.open(demo_db_path) as store:
        counts = {INCIDENT: store.count(INCIDENT), DISPLACEMENT: store.count(DISPLACEMENT)}
    assert dialog.exported is not None and dialog.exported.counts == counts
    for name in ("all-incidents.csv", "all-displacements.csv"):
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf")
        assert name in dialog.status.text()


def test_acled_means_incidents_and_hxl_only_for_xlsx(qtbot, window) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.format, "acled")
    assert dialog.kinds.currentData() == "incidents" and not dialog.hxl.isEnabled()
    assert dialog.path.text().endswith(".csv")
    choose(dialog.format, "xlsx")
    assert dialog.hxl.isEnabled() and dialog.path.text().endswith(".xlsx")


def test_a_missing_folder_is_said_and_nothing_written(qtbot, window, tmp_path) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "nowhere" / "x.xlsx"))
    run_export(qtbot, dialog)
    assert "does not exist" in dialog.status.text() and dialog.exported is None
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_look_at_it(qtbot, demo_db_path, tmp_path, lang) -> None:
    """At 1366x768 in English and Arabic: grabbed to build/screenshots (looked at when the
    dialog changes); in Arabic the dialog is right to left and the XLSX sheets are too."""
    i18n.apply_language(lang)
    try:
        context = AppContext(demo_db_path)
        w = MainWindow(context, extensions=("fieldapp.ui.export_table",))
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        dialog = open_dialog(qtbot, w)
        assert (dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft) == (lang == "ar")
        dialog.path.setText(str(tmp_path / "shot.xlsx"))
        run_export(qtbot, dialog)
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert w.grab().save(str(SHOTS / f"export_table_window_{lang}.png"))
        assert dialog.grab().save(str(SHOTS / f"export_table_{lang}.png"))
        wb = openpyxl.load_workbook(tmp_path / "shot.xlsx")
        assert wb["incidents"].sheet_view.rightToLeft == (lang == "ar")
        dialog.close()
        context.close()
    finally:
        i18n.reset()


def test_close_while_exporting_cancels_and_writes_nothing(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from fieldapp.ops import exports as export_ops

    real = export_ops.export_data

    def slow(store, *args, **kwargs):  # an export still running when Close is clicked
        task = args[4]
        deadline = time.monotonic() + 20
        while not task.cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(export_ops, "export_data", slow)
    dialog = open_dialog(qtbot, window)
    dialog.path.setText(str(tmp_path / "never.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    assert job is not None
    close = dialog.buttons.button(dialog.buttons.StandardButton.Close)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert job.finished and job.cancel_requested
    assert not [p for p in tmp_path.iterdir() if "never" in p.name]
