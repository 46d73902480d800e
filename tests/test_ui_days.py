"""Two days of work, through the window only, in English and in Arabic, on a 1366×768 screen.

The field worker's day: first run → an incident typed with the keyboard (a place typed and
chosen) → one placed by a click on the map → an edit → a delete and its restore → a signed
bundle exported. The coordinator's day: the HQ database opened from the File menu → bundles
imported with the real "Choose bundles…" button and by dropping one on the window → a report
that warns about the conflict and the possible duplicates in its scope, in print preview →
the conflict resolved → exact duplicates merged in bulk → a report without that warning.

Every step presses real buttons, triggers real menu entries or types real keys; nothing
calls a slot. With FIELDAPP_SCREENSHOTS=FOLDER each step's window is saved there as PNG
(`scripts/ui_screenshots.py` regenerates docs/images/ that way).
"""

from __future__ import annotations

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget
from ui_helpers import click_map, click_row, map_ready, type_text

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.ui import i18n, jobs
from fieldapp.ui.app import open_main_window
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow

pytestmark = pytest.mark.webengine

LAPTOP = (1366, 768)


@pytest.fixture(params=["en", "ar"])
def lang(request, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    i18n.apply_language("en")
    yield request.param
    i18n.apply_language("en")


# -- what a person does ------------------------------------------------------------------


def shot(widget: QWidget, lang: str, name: str) -> None:
    folder = os.environ.get("FIELDAPP_SCREENSHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"day-{lang}-{name}.png"))


def when_modal(act) -> None:
    """Run `act(dialog)` on the next modal dialog (one that blocks in exec())."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(30, poll)
            return
        act(dialog)

    QTimer.singleShot(30, poll)


def wait_jobs(qtbot, timeout: int = 60_000) -> None:
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not jobs.running_jobs(), timeout=timeout)
    qtbot.wait(20)


def fits_the_screen(window: QWidget) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert (area.width(), area.height()) == LAPTOP, "the tests run on a 1366×768 screen"
    assert area.contains(window.frameGeometry()), (area, window.frameGeometry())
    bar = window.statusBar()
    assert bar.isVisible()
    assert window.mapToGlobal(bar.geometry().bottomLeft()).y() <= area.bottom()


def top_level(class_name: str) -> QWidget:
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if type(w).__name__ == class_name and w.isVisible()
    ]
    assert found, f"no {class_name} on screen"
    return found[-1]


def button(parent: QWidget, context: str, text: str) -> QAbstractButton:
    """The button a person reads as `text` (translated in `context`)."""
    label = QCoreApplication.translate(context, text)
    found = [b for b in parent.findChildren(QAbstractButton) if b.text() == label]
    assert found, f"no button {label!r} in {type(parent).__name__}"
    return found[0]


def view_action(window: MainWindow, context: str, title: str):
    """The View menu entry a person picks to show a view."""
    label = QCoreApplication.translate(context, title)
    for action in window.menu("view").actions():
        if action.text() == label:
            return action
    raise AssertionError(f"no View entry {label!r}")


def keys(qtbot, window: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press keys in the window, where its focus is (after coming back to it)."""
    if not window.isActiveWindow():
        with qtbot.waitActive(window):
            window.activateWindow()
    QTest.keyClick(window.focusWidget() or window, key, modifier)


def choose_by_typing(qtbot, combo: QWidget, text: str) -> None:
    combo.setFocus()
    QTest.keyClicks(combo, text)
    qtbot.wait(QApplication.keyboardInputInterval() + 50)


def drop_files(target: QWidget, files: list[Path]) -> None:
    """Drag files from a file manager and drop them on `target`."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    where = QPointF(target.rect().center())
    action = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), action, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the window refused the drag"
    QApplication.sendEvent(target, QDropEvent(where, action, mime, buttons, keys))


# -- the field worker's day ----------------------------------------------------------------


def first_run(qtbot, db: Path, lang: str) -> MainWindow:
    """The first-run dialog answered as a person answers it, then the main window."""
    seen: list[QDialog] = []

    def answer(dialog: QDialog) -> None:
        seen.append(dialog)
        if lang == "ar":
            qtbot.mouseClick(dialog.language_buttons["ar"], Qt.MouseButton.LeftButton)
        dialog.name.setFocus()
        type_text(dialog.name, "أمل" if lang == "ar" else "Amal")
        type_text(dialog.organisation, "Idlib Response Network")
        type_text(dialog.passphrase, PASSPHRASE)
        type_text(dialog.repeat, PASSPHRASE)
        shot(dialog, lang, "field-1-first-run")
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    when_modal(answer)
    window = open_main_window(db)
    assert seen and window is not None
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.wait(50)
    assert i18n.current_language() == lang
    return window


def test_the_field_workers_day(qtbot, tmp_path, lang, file_dialogs):
    db = tmp_path / "field.db"
    window = first_run(qtbot, db, lang)
    try:
        fits_the_screen(window)
        shot(window, lang, "field-2-empty")

        # An incident by keyboard: Ctrl+N, a sub-event type, a place typed and chosen, a count.
        keys(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        form = window.form
        assert form is not None and form.isVisible()
        choose_by_typing(qtbot, form.editors["sub_event_type"].widget, "Air")
        location = form.editors["location"].widget
        location.setFocus()
        type_text(location, "خان شيخون" if lang == "ar" else "khan shaykhun")
        popup = form.places.location.popup()
        qtbot.waitUntil(popup.isVisible)
        shot(form, lang, "field-3-place-typed")
        QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)
        assert form.editors["admin1_pcode"].get() == "SY07"
        killed = form.editors["killed"].widget
        killed.setFocus()
        QTest.keyClicks(killed, "2")
        with qtbot.waitSignal(form.saved):
            QTest.keyClick(killed, Qt.Key.Key_Return)
        with Store.open(db) as store:
            [record] = store.query(INCIDENT)
        assert record["sub_event_type"] == "Air/drone strike"
        assert (record["admin1"], record["admin1_pcode"], record["killed"]) == ("Idleb", "SY07", 2)
        assert record["latitude"] and record["longitude"]

        # One placed by a click on the map near Saraqib, with "Use this place".
        keys(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        form = window.form
        choose_by_typing(qtbot, form.editors["sub_event_type"].widget, "Shell")
        view_action(window, "MapView", "Map").trigger()
        click_map(qtbot, window.map_view, 35.868, 36.80)
        qtbot.waitUntil(form.suggestion_row.isVisible, timeout=10_000)
        shot(window, lang, "field-4-map-click")
        qtbot.mouseClick(form.use_suggestion_button, Qt.MouseButton.LeftButton)
        assert form.editors["admin1_pcode"].get() == "SY07"
        assert abs(float(form.editors["latitude"].get()) - 35.868) < 0.05
        with qtbot.waitSignal(form.saved):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        assert window.incidents.model.rowCount() == 2

        # An edit: the first row, F2, a new count, Save.
        view_action(window, "MainWindow", "Incidents").trigger()
        click_row(qtbot, window.incidents.table, 0)
        keys(qtbot, window, Qt.Key.Key_F2)
        form = window.form
        assert form is not None and form.record_id
        edited = form.record_id
        injured = form.editors["injured"].widget
        injured.setFocus()
        injured.selectAll()
        QTest.keyClicks(injured, "11")
        with qtbot.waitSignal(form.saved):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        with Store.open(db) as store:
            assert store.get(edited)["injured"] == 11

        # A delete (Del on the table, asked first) and its restore (Show deleted → Restore).
        click_row(qtbot, window.incidents.table, 0)
        gone = window.incidents.selected_ids()
        keys(qtbot, window, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 1)
        qtbot.mouseClick(window.incidents.show_deleted, Qt.MouseButton.LeftButton)
        click_row(qtbot, window.incidents.deleted_table, 0)
        shot(window, lang, "field-5-deleted")
        qtbot.mouseClick(window.incidents.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 2)
        assert window.incidents.selected_ids() == gone

        # A signed bundle: Ctrl+E, Browse… to choose where, the passphrase, Export.
        keys(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        dialog = top_level("ExportDialog")
        out = tmp_path / "amal-day.zip"
        file_dialogs.answer(out)
        qtbot.mouseClick(button(dialog, "ExportDialog", "Browse…"), Qt.MouseButton.LeftButton)
        assert dialog.path.text() == str(out)
        type_text(dialog.passphrase, PASSPHRASE)
        shot(dialog, lang, "field-6-export")
        qtbot.mouseClick(button(dialog, "ExportDialog", "Export"), Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
        assert out.exists()
        with Store.open(db) as store:
            assert store.unexported_count() == 0
    finally:
        if window.form is not None:
            window.form.done(0)
        window.close()
        window.context.close()


# -- the coordinator's day -----------------------------------------------------------------


def open_database(qtbot, window: MainWindow, path: Path, file_dialogs) -> MainWindow:
    """File → Open database…, the file chosen; the window comes back on that database."""
    replaced: list[MainWindow] = []
    window.replaced.connect(replaced.append)
    file_dialogs.answer(path)
    window.findChild(QAction, "action_open_database").trigger()
    qtbot.waitUntil(lambda: bool(replaced))
    new = replaced[-1]
    with qtbot.waitActive(new):
        new.show()
        new.activateWindow()
    return new


def pdf_text(path: Path) -> str:
    """The text pdftotext reads, Arabic presentation forms folded back to letters."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFKC", text)


def warns_about_conflicts(text: str, lang: str) -> bool:
    """The first page's warning box names unresolved conflicts ("… تعارض لم يُحسم")."""
    if lang == "en":
        return "unresolved conflict" in text
    return "لم يُحسم" in text or "لم يحسم" in text


def generate_signed_report(qtbot, view) -> Path:
    """Generate, typing the passphrase into the prompt that asks for it."""

    def answer(dialog: QDialog) -> None:
        type_text(dialog.field, PASSPHRASE)
        QTest.keyClick(dialog.field, Qt.Key.Key_Return)

    before = view.result
    if not view.sign.isChecked():
        qtbot.mouseClick(view.sign, Qt.MouseButton.LeftButton)
    when_modal(answer)
    qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result is not None and view.result is not before, timeout=90_000)
    assert view.result.signed
    pdf = Path(view.context.db_path).with_name("signed-report.pdf")  # as if saved
    pdf.write_bytes(view.shown_pdf())
    return pdf


def test_the_coordinators_day(qtbot, tmp_path, lang, file_dialogs, db_path, _hq_template):
    hq = tmp_path / "hq.db"
    copy_database(_hq_template["coordinator"], hq)
    amal_bundle, basel_bundle = _hq_template["new_bundles"]
    i18n.apply_language(lang)
    start = MainWindow(AppContext(db_path))
    with qtbot.waitActive(start):
        start.show()
        start.activateWindow()
    window = open_database(qtbot, start, hq, file_dialogs)
    try:
        assert window.context.db_path == hq
        fits_the_screen(window)

        # The map opens fitted to the records (north-west Syria), not to the Middle East.
        view_action(window, "MapView", "Map").trigger()
        map_ready(qtbot, window.map_view)
        qtbot.wait(300)
        zoom = window.map_view.run_js("FieldMap.state.map.getZoom()")
        assert zoom >= 7, zoom
        shot(window, lang, "coord-0-map-fitted")

        # Bundles: one dropped on the window, one chosen with "Choose bundles…".
        drop_files(window, [basel_bundle])
        dialog = top_level("ImportDialog")
        wait_jobs(qtbot)
        assert dialog.model.rowCount() == 1
        file_dialogs.answer([amal_bundle])
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
        names = {dialog.model.rows[i].path.name for i in range(dialog.model.rowCount())}
        assert amal_bundle.name in names
        assert dialog.merge_button.isEnabled()
        shot(dialog, lang, "coord-1-import")
        with qtbot.waitSignal(window.context.changed, timeout=60_000):
            qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
        results = [dialog.model.index(r, 5).data() for r in range(dialog.model.rowCount())]
        dialog.done(0)
        with Store.open(hq) as store:
            places = {r["location"] for r in store.query(INCIDENT)}
        assert {"Saraqib", "Ariha"} <= places, results

        # A signed report: the view warns before signing, and so does the first page.
        view_action(window, "ReportsView", "Reports").trigger()
        reports = window.reports_view
        qtbot.waitUntil(lambda: reports.warning_line.isVisible(), timeout=30_000)
        before = reports.warning_line.warnings
        assert before.conflicts == 1 and before.exact > 0
        pdf = generate_signed_report(qtbot, reports)
        text = pdf_text(pdf)
        assert warns_about_conflicts(text, lang), text[:800]
        shot(window, lang, "coord-2-report-warning")

        # Print preview: the preview dialog opens on the report's pages.
        previews: list[int] = []

        def look(preview: QDialog) -> None:
            shot(preview, lang, "coord-3-print-preview")
            previews.append(len(preview.findChildren(QWidget)))
            preview.reject()

        when_modal(look)
        qtbot.mouseClick(reports.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(previews), timeout=30_000)

        # The conflict resolved: Conflicts, the first record, "Keep this version whole".
        view_action(window, "ConflictsView", "Conflicts").trigger()
        conflicts = window.conflicts_view
        click_row(qtbot, conflicts.list, 0)
        shot(window, lang, "coord-4-conflict")
        qtbot.mouseClick(conflicts.keep_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: conflicts.list.model().rowCount() == 0)

        # Exact duplicates merged in bulk.
        view_action(window, "DuplicatesView", "Possible duplicates").trigger()
        duplicates = window.duplicates_view
        wait_jobs(qtbot)
        shown = duplicates.table.model().rowCount()
        assert shown > 0
        shot(window, lang, "coord-5-duplicates")
        qtbot.mouseClick(duplicates.merge_exact_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)
        qtbot.waitUntil(lambda: duplicates.table.model().rowCount() < shown)
        # and the displacement reports' (the records list above the pairs: one key down)
        duplicates.kind.setFocus()
        QTest.keyClick(duplicates.kind, Qt.Key.Key_Down)
        wait_jobs(qtbot)
        assert duplicates.table.model().rowCount() > 0
        qtbot.mouseClick(duplicates.merge_exact_button, Qt.MouseButton.LeftButton)
        wait_jobs(qtbot)

        # The report again: no conflict left to warn about, no exact duplicate.
        view_action(window, "ReportsView", "Reports").trigger()
        pdf = generate_signed_report(qtbot, reports)
        after = reports.warning_line.warnings
        assert not after or (after.conflicts == 0 and after.exact == 0)
        assert not warns_about_conflicts(pdf_text(pdf), lang)
        check = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
        assert "Signature is Valid" in check.stdout, check.stdout
    finally:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.done(0)
        window.close()
        window.context.close()
