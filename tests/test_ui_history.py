"""History, restore and the record tables, driven through the window as a person would:
the real actions, buttons, check boxes and keys."""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from fieldapp.domain.fields import INCIDENT
from fieldapp.ops import EVERYTHING
from fieldapp.ui.context import AppContext
from fieldapp.ui.history_dialog import HistoryDialog
from fieldapp.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _yes_to_questions(monkeypatch):
    """Deleting asks first; a real box would block the test."""
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


def open_window(qtbot, path) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)  # the deferred refresh, and the columns fitted once laid out
    return window


@pytest.fixture
def demo_window(qtbot, demo_db_path):
    window = open_window(qtbot, demo_db_path)
    yield window
    window.close()
    window.context.close()


def click_row(qtbot, table, row: int, double: bool = False) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def history_dialog(window: MainWindow) -> HistoryDialog:
    dialogs = [d for d in window.findChildren(HistoryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


# -- restore --------------------------------------------------------------------------------


def test_delete_then_restore_from_the_deleted_list(qtbot, demo_window) -> None:
    w = demo_window
    view = w.incidents
    store = w.context.store()
    total = store.count(INCIDENT)
    click_row(qtbot, view.table, 2)
    record_id = view.current_id()
    before = store.get(record_id)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert store.get(record_id) is None and view.model.matching == total - 1

    qtbot.mouseClick(view.show_deleted, Qt.MouseButton.LeftButton)
    assert view.showing_deleted() and view.stack.currentWidget() is view.deleted_table
    assert view.count_label.text() == "1 deleted incidents"
    assert view.deleted_model.record_id(0) == record_id
    location = view.deleted_model.index(0, 2).data()
    assert location == before["location"]
    assert not w.edit_action.isEnabled() and not w.delete_action.isEnabled()
    assert view.restore_button.isVisible() and view.restore_button.isEnabled()

    with qtbot.waitSignal(w.context.changed):
        qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert store.get(record_id) == before | {
        "updated_at": store.get(record_id)["updated_at"],
        "revision": store.get(record_id)["revision"],
    }
    assert not view.showing_deleted() and view.model.matching == total
    assert view.selected_ids() == [record_id]  # shown, selected, back in the table
    assert "Restored 1 record" in w.statusBar().currentMessage()
    assert [r.deleted for r in store.history(record_id)][-2:] == [True, False]


def test_restore_this_version_in_the_history_of_a_deleted_record(qtbot, demo_window) -> None:
    w = demo_window
    view = w.incidents
    store = w.context.store()
    click_row(qtbot, view.table, 0)
    record_id = view.current_id()
    killed = store.get(record_id)["killed"]
    store.edit(record_id, {"killed": killed + 4})
    store.delete(record_id)
    w.context.announce(EVERYTHING)

    qtbot.mouseClick(view.show_deleted, Qt.MouseButton.LeftButton)
    click_row(qtbot, view.deleted_table, 0, double=True)  # double-click opens the history
    dialog = history_dialog(w)
    assert dialog.record_id == record_id and dialog.deleted
    assert "This record is deleted" in dialog.summary.text()
    assert dialog.restore_button.isEnabled()  # on the deletion: the last values before it
    # choose the first version instead: the number before the edit
    click_row(qtbot, dialog.table, 0)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(w.context.changed):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert store.get(record_id)["killed"] == killed
    assert not dialog.deleted and dialog.model.rowCount() == 4
    assert dialog.model.index(3, 3).data() == "Restored (current)"
    assert "Restored" in dialog.status.text()
    assert not dialog.restore_button.isEnabled()  # the newest is now the current version
    assert view.deleted_model.rowCount() == 0  # the list followed
    dialog.done(0)


def test_restore_an_older_version_of_a_live_record(qtbot, demo_window) -> None:
    w = demo_window
    view = w.incidents
    store = w.context.store()
    click_row(qtbot, view.table, 1)
    record_id = view.current_id()
    first = store.get(record_id)
    store.edit(record_id, {"location": "Wrong place", "killed": 40})
    w.context.announce(EVERYTHING)
    view.select_ids([record_id])
    w.history_action.trigger()
    dialog = history_dialog(w)
    assert not dialog.deleted
    assert not dialog.restore_button.isEnabled()  # the current version is selected
    click_row(qtbot, dialog.table, 0)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    current = store.get(record_id)
    assert (current["location"], current["killed"]) == (first["location"], first["killed"])
    row = view.model.row_of(record_id)
    assert view.model.index(row, 2).data() == first["location"]  # the table followed
    # a version with the same values as now changes nothing and says so
    click_row(qtbot, dialog.table, 0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "nothing changed" in dialog.status.text()
    assert len(store.history(record_id)) == 3
    dialog.done(0)


# -- history --------------------------------------------------------------------------------


def test_history_lists_changed_fields_first_and_local_time(qtbot, demo_window, monkeypatch):
    monkeypatch.setenv("TZ", "UTC-03:00")  # POSIX: three hours ahead of UTC, like Damascus
    time.tzset()
    try:
        w = demo_window
        store = w.context.store()
        click_row(qtbot, w.incidents.table, 0)
        record_id = w.incidents.current_id()
        store.edit(record_id, {"notes": "Updated after the hospital count"})
        w.context.announce(EVERYTHING)
        w.incidents.select_ids([record_id])
        qtbot.keyClick(w.incidents.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        dialog = history_dialog(w)
        model = dialog.model
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Time (UTC)"
        assert model.headerData(1, Qt.Orientation.Horizontal) == "Local time"
        utc, local = model.index(1, 0).data(), model.index(1, 1).data()
        assert utc != local and int(local[11:13]) == (int(utc[11:13]) + 3) % 24
        assert local[14:] == utc[14:]
        html = dialog.details.toHtml()
        text = dialog.details.toPlainText()
        assert "local time" in text and local in text
        # the changed field comes first, then the unchanged ones under their heading
        assert text.index("Notes") < text.index("Unchanged") < text.index("Date")
        assert "#8a8a8a" in html  # dimmed
        click_row(qtbot, dialog.table, 0)  # the creation: nothing set apart, nothing dimmed
        assert "Unchanged" not in dialog.details.toPlainText()
        dialog.done(0)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


# -- tables ---------------------------------------------------------------------------------


def test_columns_fit_their_content_and_are_remembered(qtbot, demo_db_path) -> None:
    w = open_window(qtbot, demo_db_path)
    table = w.incidents.table
    header = table.horizontalHeader()
    names = [c.name for c in w.incidents.model.columns]
    notes, district, date, killed = (
        names.index(n) for n in ("notes", "admin2", "event_date", "killed")
    )
    metrics = table.fontMetrics()
    assert header.sectionSize(notes) >= 0.2 * table.viewport().width()  # Notes is wide
    assert header.stretchLastSection() and header.logicalIndex(header.count() - 1) == notes
    districts = {table.model().index(r, district).data() for r in range(table.model().rowCount())}
    widest = max(metrics.horizontalAdvance(d) for d in districts)
    assert header.sectionSize(district) >= widest + 12  # District readable, not elided
    date_width = metrics.horizontalAdvance("2019-05-14")
    assert date_width + 12 <= header.sectionSize(date) <= date_width + 60  # sized to a date
    assert header.sectionSize(killed) <= 100
    # the user widens District; the next start shows it so
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    edge = header.sectionViewportPosition(district) + header.sectionSize(district) - 1
    y = header.height() // 2
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(header.viewport(), QPoint(edge + 60, y))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge + 60, y))
    wanted = header.sectionSize(district)
    assert wanted >= widest + 12 + 50
    w.close()
    w.context.close()
    again = open_window(qtbot, demo_db_path)
    assert again.incidents.table.horizontalHeader().sectionSize(district) == wanted
    again.close()
    again.context.close()


def test_the_cli_lists_records_in_the_tables_order(qtbot, demo_window, demo_db_path, cli):
    listed = cli("--db", demo_db_path, "list", "incidents", "--format", "json")
    assert listed.code == 0, listed.err
    ids = [r["id"] for r in json.loads(listed.out)]
    model = demo_window.incidents.model
    assert model.rowCount() == len(ids)
    rows = [model.record_id(r) for r in range(model.rowCount())]
    assert rows == ids
    dates = [r["event_date"] for r in json.loads(listed.out)]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) < len(dates)  # ties exist
    oldest = json.loads(
        cli("--db", demo_db_path, "list", "incidents", "--asc", "--format", "json").out
    )
    assert [r["id"] for r in oldest] == ids[::-1]


def test_history_dialog_is_a_dialog_of_the_window(qtbot, demo_window) -> None:
    w = demo_window
    w.history_action.trigger()
    dialog = history_dialog(w)
    assert isinstance(dialog, QDialog) and dialog.context is w.context
    dialog.done(0)


def test_in_arabic_the_newest_revision_and_the_first_row_are_selected(qtbot, demo_db_path):
    """QTableView.selectRow selects nothing right to left (Qt 6.11): the history would show
    the creation and offer to restore it, and the table would land on no record."""
    from fieldapp.ui import i18n

    i18n.apply_language("ar")
    try:
        w = open_window(qtbot, demo_db_path)
        view = w.incidents
        assert view.selected_rows() == [0]
        record_id = view.current_id()
        w.context.store().edit(record_id, {"killed": 12})
        w.context.announce(EVERYTHING)
        w.history_action.trigger()
        dialog = history_dialog(w)
        assert dialog.table.currentIndex().row() == 1
        assert not dialog.restore_button.isEnabled()  # the current version
        assert dialog.model.index(1, 4).data() == "القتلى"
        assert dialog.restore_button.text() == "استعادة هذه النسخة"
        qtbot.mouseClick(view.show_deleted, Qt.MouseButton.LeftButton)
        assert view.count_label.text() == "لا توجد حوادث محذوفة"
        dialog.done(0)
        w.close()
        w.context.close()
    finally:
        i18n.reset()


def test_history_says_who_signed_each_revision(qtbot, demo_window) -> None:
    """Under each revision: signed by its author (checked against the key), or not
    signed; the check is real (a revision written with the key closed is unsigned)."""
    from fieldapp.store import signing

    saved = dict(signing._KEYS)
    w = demo_window
    store = w.context.store()
    click_row(qtbot, w.incidents.table, 0)
    record_id = w.incidents.current_id()
    store.edit(record_id, {"notes": "Signed edit"})
    signing.forget()  # the key closed: the next write is unsigned until an export
    try:
        store.edit(record_id, {"notes": "Unsigned edit"})
    finally:
        for device, key in saved.items():
            signing.remember(device, key)
    w.context.announce(EVERYTHING)
    w.incidents.select_ids([record_id])
    qtbot.keyClick(w.incidents.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = history_dialog(w)
    rows = dialog.model.rowCount()
    assert rows == 3
    click_row(qtbot, dialog.table, 1)
    signed = dialog.details.toPlainText()
    assert "Signed by" in signed and "the signature checks" in signed, signed
    assert store.device_label(store.require_device().id).split(" (")[0] in signed
    click_row(qtbot, dialog.table, 2)
    unsigned = dialog.details.toPlainText()
    assert "Not signed" in unsigned and "Signed by" not in unsigned, unsigned
    assert "#b00020" in dialog.details.toHtml()
    dialog.done(0)
