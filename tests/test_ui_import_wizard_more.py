"""File → Import data… on what analysts bring: ACLED and KoboToolbox exports (no matching
needed), a file dropped on the wizard, a big file read in the background, rows that may
duplicate records already here, a long dry run; and every page in Arabic and with longer
words on a 1366×768 screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from import_wizard_helpers import (
    ACLED_HEADER,
    ACLED_ROWS,
    BAD,
    GOOD,
    click,
    idle,
    next_,
    open_wizard,
    records,
    tick,
    window_on,
    write_csv,
)
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QWidget,
    QWizard,
)
from test_i18n_ui import SCREEN, _english_words, clipped_and_overlapping

from fieldapp.ui import i18n, jobs
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_wizard import ImportWizard
from fieldapp.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def window(qtbot, db_path: Path):
    yield from window_on(qtbot, db_path)


# -- known layouts, a dropped file, a big file read in the background ------------------------


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


def test_a_large_file_is_imported_by_two_processes_from_the_window(
    qtbot, window, tmp_path, monkeypatch
):
    """The window's import of a file larger than a peek, its rows checked by the second
    process (ops.import_pipeline), an invalid row far past the first rows: the valid rows
    imported, the invalid one copied out of the file into the rejected file."""
    monkeypatch.setenv("FIELDAPP_PARALLEL_IMPORT_MIN", "1")
    from fieldapp.interchange import readers
    from fieldapp.ops import import_pipeline

    streamed, read_whole = [], []
    chunks, read = import_pipeline.planned_chunks, readers.read
    monkeypatch.setattr(
        import_pipeline, "planned_chunks", lambda t, *a: streamed.append(t) or chunks(t, *a)
    )
    monkeypatch.setattr(readers, "read", lambda *a: read_whole.append(a) or read(*a))
    rows = [
        [f"2019-05-{n % 28 + 1:02d}", *GOOD[n % 3][1:3], f"Village {n}", "Idleb", str(n % 4), ""]
        for n in range(120)
    ]
    source = write_csv(tmp_path / "large.csv", [*rows[:100], BAD, *rows[100:]])
    wizard = open_wizard(qtbot, window)
    qtbot.keyClicks(wizard.file_page.path, str(source))
    next_(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.MAPPING, timeout=30_000)
    next_(qtbot, wizard)
    idle(qtbot, wizard)
    assert wizard.preview_page.counts.text().startswith("121 rows: 120 new")
    next_(qtbot, wizard)
    assert wizard.run_page.valid.isChecked()
    read_whole.clear()  # the file page and the dry run read it whole: they show every row
    with qtbot.waitSignal(window.context.changed, timeout=60_000):
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.SUMMARY, timeout=60_000)
    summary = wizard.summary_page.text.text()
    assert summary.startswith("120 records created, 0 already imported, 1 rejected."), summary
    rejected = tmp_path / "large-rejected.csv"
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("14/05/2019,Battles,Armed clash,Maarrat")
    assert len(records(window.context.db_path)) == 120
    # the import peeked, the second process checked the rows, and the file was read
    # whole in this process only to copy the rejected row out of it
    assert len(streamed) == 1 and not streamed[0].complete
    assert len(read_whole) == 1
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "fieldapp-import"]


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
        named = preview.model.index(0, 6).data()
        place = i18n.isolate(existing["location"])  # an Arabic name kept whole
        assert named == f"{place}, {existing['event_date']} ({existing['id'][:8]})"
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
    # the field's label, then the message by its code (the line marked right to left)
    assert bad.startswith("\u200fالتاريخ: ") and "YYYY-MM-DD" not in bad


def test_every_page_fits_with_longer_words(qtbot, pseudo, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    wizard = open_wizard(qtbot, window)
    problems = walk_every_page(qtbot, wizard, source)
    assert not problems, "\n".join(problems)
