"""File → Import data…, driven as a coordinator would: the real menu entry, a path typed or
chosen, combo boxes changed, Next / Back / Import clicked, the dry run and the import
cancelled with their progress dialog's Cancel, real CSV and XLSX files, real (encrypted)
databases. Known layouts, drops, big files, duplicates and Arabic are in
test_ui_import_wizard_more.py."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from import_wizard_helpers import (
    BAD,
    GOOD,
    choose,
    click,
    combo_for,
    error_box,
    idle,
    next_,
    open_wizard,
    records,
    tick,
    window_on,
    write_csv,
    write_xlsx,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from fieldapp.ops import imports as ops_imports
from fieldapp.store import Store


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def window(qtbot, db_path: Path):
    yield from window_on(qtbot, db_path)


# -- the menu --------------------------------------------------------------------------------


def test_import_data_is_in_the_file_menu_before_the_demo_data(qtbot, window):
    actions = [a for a in window.menu("file").actions() if not a.isSeparator()]
    names = [a.objectName() for a in actions]
    ours = names.index("action_import_data")
    assert actions[ours + 1] is window.demo_action
    assert ours < actions.index(window.quit_action)
    assert actions[ours].text() == "&Import data…"


# -- a CSV, the valid rows and a file of the rejected ones -----------------------------------


def test_a_csv_imports_its_valid_rows_and_writes_the_rejected_ones(qtbot, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    assert wizard.width() <= 1366 and wizard.height() <= 768
    page = wizard.file_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(page.path, str(source))
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.MAPPING
    mapping = wizard.mapping_page
    assert combo_for(wizard, "Date").currentData() == "event_date"
    assert combo_for(wizard, "Location").currentData() == "location"
    remarks = combo_for(wizard, "Remarks")
    assert remarks.currentData() is None  # not a field's name: ignored until chosen
    choose(qtbot, remarks, "Notes")
    assert mapping.problems.text() == ""
    assert "market hit" in mapping.table.item(6, 2).text()

    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.PREVIEW
    idle(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.counts.text().startswith("4 rows: 3 new, 0 already imported, 1 invalid.")
    assert preview.model.rowCount() == 4
    tick(qtbot, preview.problems_only)
    assert preview.model.rowCount() == 1
    bad = preview.model.rows[0]
    assert bad.row == 5 and bad.status == "invalid"
    problems = preview.model.index(0, 5).data()
    assert "Date" in problems or "event_date" in problems

    next_(qtbot, wizard)
    run = wizard.run_page
    assert wizard.currentId() == wizard.RUN
    assert run.valid.isChecked()  # an invalid row: the valid ones, by default
    rejected = tmp_path / "partner-rejected.csv"
    assert run.rejected.text() == str(rejected)
    with qtbot.waitSignal(window.context.changed, timeout=30_000):
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    summary = wizard.summary_page.text.text()
    assert summary.startswith("3 records created, 0 already imported, 1 rejected.")
    assert str(rejected) in summary
    assert rejected.is_file() and "14/05/2019" in rejected.read_text(encoding="utf-8-sig")

    qtbot.waitUntil(lambda: window.incidents.model.rowCount() == 3, timeout=10_000)
    assert window.current_view_key() == "incidents"
    stored = {r["location"]: r for r in records(window.context.db_path)}
    assert set(stored) == {"Kafr Nabl", "Ariha", "Saraqab"}
    assert stored["Kafr Nabl"]["notes"] == "market hit"  # the column chosen by hand
    assert "3 records created" in window.statusBar().currentMessage()
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_importing_the_same_file_again_creates_nothing(qtbot, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", GOOD)
    for expected in ("3 new, 0 already imported", "0 new, 3 already imported"):
        wizard = open_wizard(qtbot, window)
        qtbot.keyClicks(wizard.file_page.path, str(source))
        next_(qtbot, wizard)
        next_(qtbot, wizard)
        idle(qtbot, wizard)
        assert expected in wizard.preview_page.counts.text()
        next_(qtbot, wizard)
        assert wizard.run_page.all.isChecked()  # every row valid: all or nothing
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda w=wizard: w.currentId() == w.SUMMARY, timeout=30_000)
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert len(records(window.context.db_path)) == 3


# -- refusals: nothing written ---------------------------------------------------------------


def test_all_or_nothing_with_an_invalid_row_shows_the_error_and_writes_nothing(
    qtbot, window, tmp_path
):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    next_(qtbot, wizard)
    tick(qtbot, wizard.run_page.all)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    idle(qtbot, wizard)
    box = error_box(qtbot, wizard)
    assert "row 5" in box.text()
    assert wizard.currentId() == wizard.RUN
    assert "row 5" in wizard.run_page.message.text()
    box.close()
    assert records(window.context.db_path) == []
    assert not (tmp_path / "partner-rejected.csv").exists()


def test_a_file_that_is_not_what_its_name_says_is_refused_with_a_message(
    qtbot, window, tmp_path, file_dialogs
):
    fake = tmp_path / "report.xlsx"
    fake.write_text("date,location\n2019-05-14,Ariha\n", encoding="utf-8")
    with Store.open(window.context.db_path) as store:
        before = store.revision_count()
    wizard = open_wizard(qtbot, window)
    file_dialogs.answer(fake)
    qtbot.mouseClick(wizard.file_page.choose_button, Qt.MouseButton.LeftButton)
    assert file_dialogs.asked and file_dialogs.asked[0][0] == "open_file"
    box = error_box(qtbot, wizard)
    assert "report.xlsx" in box.text()
    assert wizard.file_page.error.text()
    box.close()
    assert wizard.currentId() == wizard.FILE
    # Next tries again, and says it again: the page never goes on with an unread file
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.FILE
    with Store.open(window.context.db_path) as store:
        assert store.revision_count() == before


def test_a_path_with_no_file_says_so(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(tmp_path / "missing.csv"))
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.FILE
    assert "There is no file at" in wizard.file_page.error.text()


# -- the dry run, cancelled ------------------------------------------------------------------


def test_the_dry_run_can_be_cancelled_and_run_again(qtbot, window, tmp_path, monkeypatch):
    source = write_csv(tmp_path / "partner.csv", GOOD)
    real = ops_imports.preview
    started = threading.Event()

    def slow_preview(store, path, mapping, sheet=None, *, task):
        """The real dry run, after waiting (as a big file would) until Cancel is pressed."""
        started.set()
        for done in range(600):
            task.report(done, 600)
            task.check()
            threading.Event().wait(0.05)
        return real(store, path, mapping, sheet, task=task)

    monkeypatch.setattr(ops_imports, "preview", slow_preview)
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    next_(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.job is not None, timeout=10_000)
    job = wizard.job
    assert started.wait(10)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=10_000)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    qtbot.mouseClick(
        job.dialog.buttons.button(job.dialog.buttons.StandardButton.Cancel),
        Qt.MouseButton.LeftButton,
    )
    idle(qtbot, wizard)
    page = wizard.preview_page
    assert "cancelled" in page.counts.text()
    assert wizard.preview is None and page.model.rowCount() == 0
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert page.again.isVisible()

    monkeypatch.setattr(ops_imports, "preview", real)
    qtbot.mouseClick(page.again, Qt.MouseButton.LeftButton)
    idle(qtbot, wizard)
    assert "3 new" in page.counts.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


# -- XLSX: the sheet, Back, a saved mapping --------------------------------------------------


def test_a_workbook_offers_its_sheets_and_a_mapping_is_saved_and_loaded(qtbot, window, tmp_path):
    header = ["When", "Event type", "Sub-event type", "Place", "Governorate", "Dead"]
    rows = [[r[0], r[1], r[2], r[3], r[4], int(r[5])] for r in GOOD]
    source = write_xlsx(tmp_path / "week.xlsx", {"Notes": [["read me"]], "Data": [header, *rows]})
    wizard = open_wizard(qtbot, window)
    page = wizard.file_page
    qtbot.keyClicks(page.path, str(source))
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.FILE  # stays once, to offer the sheets
    assert page.sheet.isVisible() and page.sheet.count() == 2
    assert "2 sheets" in page.summary.text()
    choose(qtbot, page.sheet, "Data")
    assert wizard.inspection.sheet == "Data"
    assert "3 rows and 6 columns" in page.summary.text()
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.MAPPING
    mapping = wizard.mapping_page
    choose(qtbot, combo_for(wizard, "When"), "Date")
    choose(qtbot, combo_for(wizard, "Place"), "Location")
    choose(qtbot, combo_for(wizard, "Dead"), "Killed")
    choose(qtbot, combo_for(wizard, "Governorate"), "Admin 1 (governorate)")
    assert mapping.problems.text() == ""
    qtbot.keyClicks(mapping.name, "weekly sheet")
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    assert "weekly sheet" in mapping.saved_note.text()
    with Store.open(window.context.db_path) as store:
        assert ops_imports.saved_mappings(store) == ["weekly sheet"]

    # Back, and Next again: the choices are kept
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    next_(qtbot, wizard)
    assert combo_for(wizard, "Place").currentData() == "location"
    # two columns into one field stops Next until one is changed
    choose(qtbot, combo_for(wizard, "Governorate"), "Location")
    assert "Two columns fill Location" in mapping.problems.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    choose(qtbot, combo_for(wizard, "Governorate"), "— ignore —")
    choose(qtbot, combo_for(wizard, "Dead"), "— ignore —")
    # the saved mapping puts its choices back
    qtbot.mouseClick(mapping.load_button, Qt.MouseButton.LeftButton)
    assert combo_for(wizard, "Dead").currentData() == "killed"
    assert combo_for(wizard, "Governorate").currentData() == "admin1"

    next_(qtbot, wizard)
    idle(qtbot, wizard)
    assert "3 new" in wizard.preview_page.counts.text()
    next_(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    assert wizard.summary_page.text.text().startswith("3 records created")
    killed = {r["location"]: r["killed"] for r in records(window.context.db_path)}
    assert killed == {"Kafr Nabl": 3, "Ariha": 0, "Saraqab": 2}
    QApplication.processEvents()


def test_a_cancelled_import_writes_nothing_and_can_be_started_again(
    qtbot, window, tmp_path, monkeypatch
):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    real = ops_imports.run

    def slow_run(store, path, mapping, sheet=None, **kw):
        """The real import, once Cancel has been pressed (as on a big file)."""
        for done in range(600):
            kw["task"].report(done, 600)
            if kw["task"].cancelled():
                break
            threading.Event().wait(0.05)
        return real(store, path, mapping, sheet, **kw)

    monkeypatch.setattr(ops_imports, "run", slow_run)
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    next_(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    job = wizard.job
    assert job is not None
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=10_000)
    qtbot.mouseClick(
        job.dialog.buttons.button(job.dialog.buttons.StandardButton.Cancel),
        Qt.MouseButton.LeftButton,
    )
    idle(qtbot, wizard)
    assert wizard.currentId() == wizard.RUN
    assert "cancelled" in wizard.run_page.message.text()
    assert records(window.context.db_path) == []
    assert not (tmp_path / "partner-rejected.csv").exists()

    monkeypatch.setattr(ops_imports, "run", real)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    assert len(records(window.context.db_path)) == 3


def test_another_file_gets_its_own_rejected_file_unless_one_was_typed(qtbot, window, tmp_path):
    first = write_csv(tmp_path / "first.csv", [*GOOD, BAD])
    second = write_csv(tmp_path / "second.csv", [BAD, *GOOD])
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(first))
    for _ in range(3):
        next_(qtbot, wizard)
        idle(qtbot, wizard)
    run = wizard.run_page
    assert run.rejected.text() == str(tmp_path / "first-rejected.csv")
    for _ in range(3):
        click(qtbot, wizard, QWizard.WizardButton.BackButton)
    path = wizard.file_page.path
    path.selectAll()
    qtbot.keyClicks(path, str(second))
    for _ in range(3):
        next_(qtbot, wizard)
        idle(qtbot, wizard)
    assert run.rejected.text() == str(tmp_path / "second-rejected.csv")
    assert "1 invalid" in wizard.preview_page.counts.text()
    run.rejected.selectAll()
    qtbot.keyClicks(run.rejected, str(tmp_path / "mine.csv"))
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    next_(qtbot, wizard)
    assert run.rejected.text() == str(tmp_path / "mine.csv")
