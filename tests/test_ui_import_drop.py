"""CSV and Excel files dropped from a file manager onto the main window: File → Import
data… opens with the file chosen and read; bundles still go to Import bundles; whatever
is left alone is named in the status bar. Real QDragEnterEvent and QDropEvent."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_wizard_helpers import BAD, GOOD, HEADER, next_, window_on, write_csv, write_xlsx
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWizard

from fieldapp.ui import i18n, jobs
from fieldapp.ui.import_dialog import ImportDialog
from fieldapp.ui.import_wizard import ImportWizard

BOTH = ("fieldapp.ui.sync_views", "fieldapp.ui.import_wizard")


@pytest.fixture
def window(qtbot, hq_db_path: Path):
    yield from window_on(qtbot, hq_db_path, BOTH)


def drop(target, paths: list[Path]) -> QDropEvent:
    """Drag files from a file manager onto `target` and let go: DragEnter, then Drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = target.rect().center()
    action, left, none = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(centre), action, mime, left, none)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drag was refused before the drop"
    event = QDropEvent(QPointF(centre), action, mime, left, none)
    QApplication.sendEvent(target, event)
    assert event.isAccepted()
    return event


def wizard_of(qtbot, window) -> ImportWizard:
    wizard = window.import_data.wizard
    assert isinstance(wizard, ImportWizard)
    qtbot.waitExposed(wizard)
    return wizard


def test_a_csv_dropped_on_the_window_opens_the_import_wizard_with_it(qtbot, window, tmp_path):
    source = write_csv(tmp_path / "partner.csv", [*GOOD, BAD])
    drop(window, [source])
    wizard = wizard_of(qtbot, window)
    assert wizard.currentId() == wizard.FILE
    assert wizard.file_page.path.text() == str(source)
    assert "4 rows and 7 columns" in wizard.file_page.summary.text()
    assert wizard.inspection is not None and wizard.path() == source
    assert window.sync_actions.import_dialog is None  # no bundle: no bundle import
    assert window.statusBar().currentMessage() == ""  # nothing left alone
    next_(qtbot, wizard)  # the file is read already: Next goes straight on
    assert wizard.currentId() == wizard.MAPPING
    wizard.done(0)


def test_a_workbook_dropped_on_an_open_wizard_starts_it_again_with_that_file(
    qtbot, window, tmp_path
):
    first = write_csv(tmp_path / "partner.csv", GOOD)
    second = write_xlsx(tmp_path / "weekly.xlsx", {"Data": [HEADER, *GOOD[:2]]})
    drop(window, [first])
    wizard = wizard_of(qtbot, window)
    next_(qtbot, wizard)
    assert wizard.currentId() == wizard.MAPPING
    drop(window, [second])
    assert window.import_data.wizard is wizard  # the one open, not a second wizard
    assert wizard.currentId() == wizard.FILE
    assert wizard.file_page.path.text() == str(second)
    assert "2 rows and 7 columns" in wizard.file_page.summary.text()
    assert wizard.mapping is None and wizard.path() == second
    wizard.done(0)


def test_a_file_dropped_while_the_wizard_reads_another_is_left_alone(
    qtbot, window, tmp_path, monkeypatch
):
    monkeypatch.setattr("fieldapp.ui.import_file_page.INLINE_LIMIT", 10)  # every file is big
    first = write_csv(tmp_path / "partner.csv", GOOD)
    second = write_csv(tmp_path / "other.csv", GOOD)
    drop(window, [first])
    wizard = wizard_of(qtbot, window)
    assert wizard.job is not None  # reading the first file, off the UI thread
    drop(window, [second])
    assert window.statusBar().currentMessage().startswith("Left alone: other.csv.")
    qtbot.waitUntil(lambda: wizard.job is None, timeout=30_000)
    assert wizard.file_page.path.text() == str(first) and wizard.path() == first
    wizard.done(0)


def test_bundles_and_data_files_dropped_together(qtbot, window, tmp_path, _hq_template):
    """The bundle to Import bundles, the first data file to the wizard, and the status bar
    names the second data file and the PDF, which are left alone."""
    bundle = _hq_template["new_bundle"]
    first = write_csv(tmp_path / "partner.csv", GOOD)
    second = write_csv(tmp_path / "other.csv", GOOD)
    readme = tmp_path / "readme.pdf"
    readme.write_bytes(b"%PDF")
    drop(window, [readme, bundle, first, second])
    dialog = window.sync_actions.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert [r.path for r in dialog.model.rows] == [bundle]
    wizard = wizard_of(qtbot, window)
    assert wizard.file_page.path.text() == str(first)
    message = window.statusBar().currentMessage()
    assert message.startswith("Left alone: readme.pdf, other.csv.")
    assert "one CSV or Excel file at a time opens in Import data" in message
    qtbot.waitUntil(lambda: not jobs.running_jobs(), timeout=30_000)
    wizard.done(0)
    dialog.done(0)


def test_without_the_wizard_a_csv_is_refused_as_before(qtbot, hq_db_path, tmp_path):
    for window in window_on(qtbot, hq_db_path, ("fieldapp.ui.sync_views",)):
        source = write_csv(tmp_path / "partner.csv", GOOD)
        drop(window, [source])
        assert getattr(window, "import_data", None) is None
        assert window.sync_actions.import_dialog is None
        message = window.statusBar().currentMessage()
        assert message.startswith("Not a bundle, left alone: partner.csv.")


def test_the_wizard_needs_no_sync_views(qtbot, db_path, tmp_path):
    """Extensions are optional: the wizard alone opens a file given to it."""
    for window in window_on(qtbot, db_path, ("fieldapp.ui.import_wizard",)):
        source = write_csv(tmp_path / "partner.csv", GOOD)
        assert window.import_data.open_file(source)
        wizard = window.import_data.wizard
        assert "3 rows and 7 columns" in wizard.file_page.summary.text()
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.done(0)


def test_in_arabic_what_is_left_alone_is_said_in_arabic(qtbot, hq_db_path, tmp_path):
    i18n.apply_language("ar")
    try:
        for window in window_on(qtbot, hq_db_path, BOTH):
            readme = tmp_path / "readme.pdf"
            readme.write_bytes(b"%PDF")
            drop(window, [readme])
            message = window.statusBar().currentMessage()
            assert "readme.pdf" in message and "Left alone" not in message
            assert any("\u0600" <= ch <= "\u06ff" for ch in message)
    finally:
        i18n.reset()
