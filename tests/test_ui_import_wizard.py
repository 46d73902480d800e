"""File → Import data…, driven as a coordinator would: the real menu entry, a path typed or
chosen, combo boxes changed, Next / Back / Import clicked, the dry run cancelled with its
progress dialog's Cancel, real CSV and XLSX files, real (encrypted) databases."""

from __future__ import annotations

import csv
import re
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
    QWizard,
)
from test_i18n_ui import SCREEN, _english_words, clipped_and_overlapping

from fieldapp.domain.fields import INCIDENT
from fieldapp.ops import imports as ops_imports
from fieldapp.store import Store
from fieldapp.ui import i18n, jobs
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_wizard import ImportWizard
from fieldapp.ui.main_window import MainWindow

HEADER = ["Date", "Event type", "Sub-event type", "Location", "Governorate", "Killed", "Remarks"]
GOOD = [
    ["2019-05-14", "Explosions/Remote violence", "Air/drone strike", "Kafr Nabl", "Idleb", "3",
     "market hit"],
    ["2019-05-15", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Ariha",
     "Idleb", "0", ""],
    ["2019-05-16", "Battles", "Armed clash", "Saraqab", "Idleb", "2", "near the road"],
]  # fmt: skip
BAD = ["14/05/2019", "Battles", "Armed clash", "Maarrat", "Idleb", "1", ""]


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def window(qtbot, db_path: Path):
    w = MainWindow(AppContext(db_path), extensions=("fieldapp.ui.import_wizard",))
    qtbot.addWidget(w)
    w.confirm = lambda *a: True
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for job in jobs.running_jobs():
        job.cancel()
        job.wait()
    w.context.close()


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def open_wizard(qtbot, window: MainWindow) -> ImportWizard:
    action = window.findChild(type(window.lock_action), "action_import_data")
    assert action is not None and action in window.menu("file").actions()
    action.trigger()
    wizard = window.import_data.wizard
    assert isinstance(wizard, ImportWizard)
    qtbot.waitExposed(wizard)
    return wizard


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_(qtbot, wizard: QWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)


def idle(qtbot, wizard: ImportWizard) -> None:
    """Until the page's background job (started as the page is shown) has ended."""
    qtbot.wait(10)
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)


def error_box(qtbot, wizard: QWizard) -> QMessageBox:
    qtbot.waitUntil(lambda: wizard.findChild(QMessageBox) is not None, timeout=10_000)
    box = wizard.findChild(QMessageBox)
    assert box is not None
    return box


def combo_for(wizard: ImportWizard, header: str) -> QComboBox:
    page = wizard.mapping_page
    row = list(wizard.inspection.headers).index(header)
    return page.combos[row]


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an item as a person does with the keyboard: focus the box, arrow to it."""
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        before = combo.currentIndex()
        qtbot.keyClick(combo, key)
        assert combo.currentIndex() != before, "the combo box did not move"


def tick(qtbot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its box (a click beside its text misses)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def records(db: Path) -> list[dict]:
    with Store.open(db) as store:
        return store.query(INCIDENT)


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


# -- Arabic, and longer words: every page on a 1366×768 screen -------------------------------


@pytest.fixture
def arabic(qapp):
    i18n.reset()
    i18n.apply_language("ar")
    yield
    i18n.reset()


@pytest.fixture
def pseudo(qapp):
    """Every string 40 % longer and right to left (test_i18n_ui's pseudo-translator)."""
    i18n.reset()
    i18n.install_translator(i18n.PseudoTranslator())
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    i18n.reset()


NAMES = r"\b(CSV|Excel|xlsx|ACLED|KoboToolbox|ODK|HXL)\b"  # formats' and tools' own names


def english_left(wizard: QWizard) -> list[str]:
    """Visible labels, buttons, placeholders, headers and tooltips with English words (the
    file's own text, isolated, aside)."""
    found = []
    for widget in wizard.findChildren(QWidget):
        if not widget.isVisibleTo(wizard):
            continue
        texts = [widget.toolTip()]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QHeaderView):
            model = widget.model()
            orientation = widget.orientation()
            texts += [str(model.headerData(i, orientation) or "") for i in range(widget.count())]
        found += [t for t in texts if _english_words(re.sub(NAMES, "", t))]
    return found


def walk_every_page(qtbot, wizard: ImportWizard, source: Path) -> list[str]:
    """Next through the five pages (Import on the fourth); the layout problems of each."""
    problems = []

    def check(name: str) -> None:
        QApplication.processEvents()
        assert wizard.width() <= SCREEN[0] and wizard.height() <= SCREEN[1] - 40
        page = wizard.currentPage()
        hint = page.minimumSizeHint()
        assert hint.width() <= page.width() and hint.height() <= page.height(), (name, hint)
        problems.extend(f"[{name}] {p}" for p in clipped_and_overlapping(wizard))
        if i18n.current_language() == "ar":
            problems.extend(f"[{name}] English: {t!r}" for t in english_left(wizard))

    qtbot.keyClicks(wizard.file_page.path, str(source))
    assert wizard.file_page.read_file()
    check("file")
    for name in ("mapping", "dry run", "import"):
        next_(qtbot, wizard)
        idle(qtbot, wizard)
        check(name)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    check("summary")
    return problems


def test_the_wizard_in_arabic_is_right_to_left_and_translated(qtbot, arabic, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    assert wizard.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert wizard.windowTitle() == "استيراد بيانات"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "ال&تالي"
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "إلغاء"
    assert walk_every_page(qtbot, wizard, source) == []
    summary = wizard.summary_page.text.text()
    assert summary.startswith("السجلات المنشأة: ٣، المستوردة من قبل: ٠، المرفوضة: ١.")
    preview = wizard.preview_page
    preview.problems_only.setChecked(True)
    bad = preview.model.index(0, 5).data()
    assert bad.startswith("التاريخ: ")  # the field's label; the message by its code


def test_every_page_fits_with_longer_words(qtbot, pseudo, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    problems = walk_every_page(qtbot, wizard, source)
    assert not problems, "\n".join(problems)


# -- known layouts, a dropped file, a big file read in the background ------------------------

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                "sub_event_type", "actor1", "country", "admin1", "location", "latitude",
                "longitude", "source", "notes", "fatalities"]  # fmt: skip
ACLED_ROWS = [
    ["SYR1001", "14 May 2019", "2019", "1", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Syria", "Syria", "Idleb", "Kafr Nabl", "35.6131", "36.5614",
     "SOHR", "market hit", "3"],
    ["SYR1002", "15 May 2019", "2019", "1", "Battles", "Armed clash", "HTS", "Syria",
     "Idleb", "Saraqab", "35.8622", "36.8003", "SOHR", "", "2"],
]  # fmt: skip


def test_an_acled_export_is_recognised_and_imports_with_no_matching(qtbot, window, tmp_path):
    source = write_csv(tmp_path / "acled.csv", ACLED_ROWS, ACLED_HEADER)
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    qtbot.keyClick(wizard.file_page.path, Qt.Key.Key_Return)  # Enter: Next
    assert "ACLED export recognised" in wizard.file_page.summary.text()
    assert wizard.currentId() == wizard.MAPPING
    assert wizard.mapping_page.layout_label.text().startswith("ACLED export recognised.")
    assert wizard.mapping_page.problems.text() == ""
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    assert "2 new, 0 already imported, 0 invalid" in wizard.preview_page.counts.text()
    next_(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    stored = {r["location"]: r for r in records(window.context.db_path)}
    assert stored["Kafr Nabl"]["killed"] == 3 and stored["Kafr Nabl"]["event_date"] == "2019-05-14"


def test_a_file_dropped_on_the_first_page_is_read(qtbot, window, tmp_path):
    source = write_csv(tmp_path / "dropped.csv", GOOD)
    wizard = open_wizard(qtbot, window)
    page = wizard.file_page
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    where = QPointF(page.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(where.toPoint(), action, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(page, drop)
    assert page.path.text() == str(source)
    assert "3 rows and 7 columns" in page.summary.text()
    assert page.first_rows.isVisible() and page.first_rows.rowCount() == 3


def test_a_big_file_is_read_by_a_background_job(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.import_file_page.INLINE_LIMIT", 10)  # every file is big
    source = write_csv(tmp_path / "big.csv", GOOD)
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    assert wizard.job is not None  # reading, off the UI thread; Next goes on by itself
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.MAPPING, timeout=30_000)
    assert wizard.inspection is not None and wizard.inspection.rows == 3


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


def test_a_kobo_export_is_recognised_and_imports_with_no_matching(qtbot, window, tmp_path):
    header = ["start", "incident/event_date", "incident/event_type", "incident/sub_event_type",
              "place/location", "place/admin1", "place/coordinates", "_uuid",
              "_submission_time"]  # fmt: skip
    rows = [
        ["2019-05-14T09:00:00+03:00", "2019-05-14", "Battles", "Armed clash", "Saraqab",
         "Idleb", "35.8622 36.8003 0 5", "6f1c2d3e-aaaa-4bbb-8ccc-000000000001",
         "2019-05-14T10:00:00"],
    ]  # fmt: skip
    source = write_csv(tmp_path / "kobo.csv", rows, header)
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    assert wizard.mapping_page.layout_label.text().startswith("KoboToolbox export recognised.")
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    assert "1 new, 0 already imported, 0 invalid" in wizard.preview_page.counts.text()
    next_(qtbot, wizard)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
    (saraqab,) = records(window.context.db_path)
    assert saraqab["location"] == "Saraqab" and saraqab["latitude"] == 35.8622


def test_a_row_like_an_existing_incident_is_shown_as_a_possible_duplicate(
    qtbot, demo_db_path, tmp_path
):
    window = MainWindow(
        AppContext(demo_db_path),
        extensions=("fieldapp.ui.sync_views", "fieldapp.ui.import_wizard"),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        existing = records(demo_db_path)[0]
        row = [existing["event_date"], existing["event_type"], existing["sub_event_type"],
               existing["location"], existing["admin1"] or "", "", "seen by a partner"]  # fmt: skip
        source = write_csv(tmp_path / "partner.csv", [row])
        wizard = open_wizard(qtbot, window)
        qtbot.keyClicks(wizard.file_page.path, str(source))
        next_(qtbot, wizard)
        next_(qtbot, wizard)
        idle(qtbot, wizard)
        preview = wizard.preview_page
        assert "may duplicate records already here" in preview.counts.text()
        assert existing["id"] in preview.model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
        next_(qtbot, wizard)
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=30_000)
        summary = wizard.summary_page
        assert (
            summary.duplicates.text() == "1 of the new records may duplicate records already here."
        )
        qtbot.mouseClick(summary.show_duplicates, Qt.MouseButton.LeftButton)
        assert not wizard.isVisible()
        assert window.current_view_key() == "duplicates"
    finally:
        for job in jobs.running_jobs():
            job.wait()
        window.context.close()


def test_a_long_dry_run_gets_one_line_rows(qtbot, window, tmp_path, monkeypatch):
    """Fitting each row's height to its text took 35 s for 20,000 rows: past a limit the
    rows are one line high (the problems whole in their tooltips)."""
    monkeypatch.setattr("fieldapp.ui.import_preview_page.MEASURED_ROWS", 3)
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    page = wizard.preview_page
    rows = page.table.verticalHeader()
    assert page.model.rowCount() == 4
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert not page.table.wordWrap()
    assert "is not a date" in page.model.index(3, 5).data(Qt.ItemDataRole.ToolTipRole)
    tick(qtbot, page.problems_only)
    assert page.model.rowCount() == 1
    assert rows.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert page.table.wordWrap()
