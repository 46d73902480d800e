"""The main window driven as a user would: real database files, offscreen Qt."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.identity.keys import format_fingerprint
from fieldapp.ops import EVERYTHING
from fieldapp.store import Filter, Store
from fieldapp.store.database import LAST_EXPORT_KEY
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.models import RecordTableModel


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    """A real confirmation box would block the test; tests that care set their own."""
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


def make_window(qtbot, path, extensions=()) -> MainWindow:
    context = AppContext(path)
    window = MainWindow(context, extensions=extensions)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)  # the deferred refresh of the governorate list and the status bar
    return window


@pytest.fixture
def window(qtbot, db_path):
    w = make_window(qtbot, db_path)
    yield w
    if w.form is not None:
        w.form.confirm = lambda *a: True
        w.form.done(0)
    w.context.close()


@pytest.fixture
def demo_window(qtbot, demo_db_path):
    w = make_window(qtbot, demo_db_path)
    yield w
    if w.form is not None:
        w.form.confirm = lambda *a: True
        w.form.done(0)
    w.context.close()


def fill(form, **values) -> None:
    """Type into the form's widgets the way a user would set them."""
    for name, value in values.items():
        editor = form.editors[name]
        widget = editor.widget
        if hasattr(editor, "combo"):
            index = editor.combo.findData(value)
            assert index >= 0, (name, value)
            editor.combo.setCurrentIndex(index)
        elif hasattr(editor, "box"):
            editor.set(value)
        else:
            widget.clear()
            widget.setFocus()
            from PySide6.QtTest import QTest

            QTest.keyClicks(widget, str(value))


def test_window_shows_demo_records_counts_and_status(demo_window, demo_store):
    w = demo_window
    incidents = demo_store.count(INCIDENT)
    displacements = demo_store.count(DISPLACEMENT)
    assert w.incidents.model.rowCount() == incidents < RecordTableModel.PAGE_SIZE
    assert w.displacements.model.rowCount() == displacements
    assert w.incidents.count_label.text() == f"{incidents} incidents"
    assert w.displacements.count_label.text() == f"{displacements} displacement reports"
    device = demo_store.require_device()
    assert w.device_label.text() == "Amal · Idlib Response Network"
    assert w.key_label.text() == "Key " + format_fingerprint(device.fingerprint)[:9]
    assert w.unexported_label.text() == f"{incidents + displacements} changes not exported"
    # Newest first, dates ISO, numbers right-aligned with thousands separators.
    model = w.displacements.model
    dates = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    col = [c.name for c in model.columns].index("individuals")
    shown = {model.index(r, col).data() for r in range(model.rowCount())}
    largest = max(r["individuals"] for r in demo_store.query(DISPLACEMENT))
    assert largest >= 1000 and f"{largest:,}" in shown
    align = model.index(0, col).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    assert not w.demo_action.isEnabled()
    assert w.filter_bar.admin1.count() == 4  # all + Aleppo, Hama, Idleb
    assert [w.filter_bar.admin1.itemText(i) for i in range(1, 4)] == ["Aleppo", "Hama", "Idleb"]


def test_add_incident_through_the_form(qtbot, window):
    w = window
    assert w.unexported_label.text() == "All changes exported"
    qtbot.mouseClick(w.toolbar.widgetForAction(w.new_incident_action), Qt.MouseButton.LeftButton)
    form = w.form
    assert form is not None and form.record_id is None
    fill(
        form,
        event_date="2019-05-02",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        location="Khan Shaykhun",
        admin1="Idlib",
        killed="3",
        injured="1,204",
        targets=["school", "mosque"],
        notes="Strike on the school",
    )
    with qtbot.waitSignal(w.context.changed):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert w.form is None
    store = w.context.store()
    [record] = store.query(INCIDENT)
    assert record["location"] == "Khan Shaykhun"
    assert record["killed"] == 3 and record["injured"] == 1204
    assert record["targets"] == ["mosque", "school"]
    assert record["event_date"] == "2019-05-02"
    assert w.incidents.model.rowCount() == 1
    assert w.incidents.current_id() == record["id"]
    assert w.incidents.count_label.text() == "1 incidents"
    assert w.unexported_label.text() == "1 change not exported"
    assert "Khan Shaykhun" in w.statusBar().currentMessage()
    injured = [c.name for c in w.incidents.model.columns].index("injured")
    assert w.incidents.model.index(0, injured).data() == "1,204"
    assert w.filter_bar.admin1.findText("Idleb") > 0


def test_edit_record_with_enter_and_double_click(qtbot, demo_window):
    w = demo_window
    table = w.incidents.table
    table.setFocus()
    table.selectRow(3)
    record_id = w.incidents.current_id()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    form = w.form
    assert form is not None and form.record_id == record_id
    assert form.editors["location"].get() == w.context.store().get(record_id)["location"]
    fill(form, killed="7", source="Civil defence team")
    with qtbot.waitSignal(w.context.changed):
        qtbot.keyClick(form.editors["source"].widget, Qt.Key.Key_Return)
    record = w.context.store().get(record_id)
    assert record["killed"] == 7 and record["source"] == "Civil defence team"
    assert len(w.context.store().history(record_id)) == 2
    assert w.incidents.current_id() == record_id  # selection kept after the reload
    # Double-click opens the same form.
    rect = table.visualRect(w.incidents.model.index(5, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.form is not None and w.form.record_id == w.incidents.model.record_id(5)


def test_filter_by_date_area_and_search(qtbot, demo_window, demo_store):
    w = demo_window
    bar = w.filter_bar
    model = w.incidents.model
    with qtbot.waitSignal(w.context.filter_changed) as signal:
        qtbot.keyClicks(bar.date_from, "2019-05-20")
    assert signal.args[0] == Filter(date_from="2019-05-20")
    expected = demo_store.count(INCIDENT, Filter(date_from="2019-05-20"))
    total = demo_store.count(INCIDENT)
    assert 0 < model.matching == model.rowCount() == expected < total
    assert all(model.index(r, 0).data() >= "2019-05-20" for r in range(model.rowCount()))
    assert w.incidents.count_label.text() == f"{expected} of {total} incidents match the filter"

    qtbot.keyClicks(bar.date_to, "2019-05-25")
    flt = Filter(date_from="2019-05-20", date_to="2019-05-25")
    assert model.matching == demo_store.count(INCIDENT, flt)
    bar.clear()
    assert model.matching == total and bar.date_from.text() == ""

    bar.admin1.setCurrentIndex(bar.admin1.findText("Aleppo"))
    aleppo = demo_store.count(INCIDENT, Filter(admin1="Aleppo"))
    assert 0 < model.matching == aleppo < total
    assert w.displacements.model.matching == demo_store.count(DISPLACEMENT, Filter(admin1="Aleppo"))
    assert w.context.filter == Filter(admin1="Aleppo")
    bar.clear()

    with qtbot.waitSignal(w.context.filter_changed, timeout=2000):
        qtbot.keyClicks(bar.search, "azaz")
    assert model.matching == demo_store.count(INCIDENT, Filter(search="azaz")) > 0
    location = [c.name for c in model.columns].index("location")
    assert {model.index(r, location).data() for r in range(model.rowCount())} == {"Azaz"}
    # Arabic text is searchable too (typed through an input method, so set as text).
    bar.search.clear()
    with qtbot.waitSignal(w.context.filter_changed, timeout=2000):
        bar.search.setText("قصف")
    assert model.matching == demo_store.count(INCIDENT, Filter(search="قصف")) > 0


def test_invalid_filter_date_is_marked_and_ignored(qtbot, demo_window, demo_store):
    w = demo_window
    qtbot.keyClicks(w.filter_bar.date_from, "2019-02-30")
    assert w.filter_bar.date_from.error and "calendar" in w.filter_bar.date_from.error
    assert w.incidents.model.matching == demo_store.count(INCIDENT)


def test_sort_by_clicking_headers_sorts_in_sql(qtbot, demo_window, demo_store):
    w = demo_window
    model = w.incidents.model
    header = w.incidents.table.horizontalHeader()
    killed = [c.name for c in model.columns].index("killed")
    before = model.queries
    x = header.sectionViewportPosition(killed) + header.sectionSize(killed) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert model.order_by == "killed"
    assert model.queries == before + 1
    expected = demo_store.query_rows(
        INCIDENT, order_by="killed", descending=model.descending, limit=200, cols=("id",)
    )
    assert [model.record_id(r) for r in range(model.rowCount())] == [r[0] for r in expected]
    values = [int(model.index(r, killed).data()) for r in range(model.rowCount())]
    assert values == sorted(values, reverse=model.descending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    values2 = [int(model.index(r, killed).data()) for r in range(model.rowCount())]
    assert values2 == sorted(values, reverse=not model.descending) or values2 == values[::-1]
    assert values2 != values


def test_delete_asks_first_and_keeps_history(qtbot, demo_window):
    w = demo_window
    store = w.context.store()
    total = store.count(INCIDENT)
    w.incidents.table.selectRow(0)
    record_id = w.incidents.current_id()
    asked = []
    w.confirm = lambda parent, title, text, action: asked.append(text) or False
    assert w.delete_selected() == 0
    assert store.get(record_id) is not None and len(asked) == 1
    assert "Delete the incident at" in asked[0]
    # Delete inside a text box edits the text; it never deletes records.
    qtbot.keyClicks(w.filter_bar.search, "ab")
    qtbot.keyClick(w.filter_bar.search, Qt.Key.Key_Home)
    qtbot.keyClick(w.filter_bar.search, Qt.Key.Key_Delete)
    assert w.filter_bar.search.text() == "b" and len(asked) == 1
    w.filter_bar.clear()
    w.incidents.select_ids([record_id])
    w.confirm = lambda *a: True
    with qtbot.waitSignal(w.context.changed):
        qtbot.keyClick(w.incidents.table, Qt.Key.Key_Delete)
    assert store.get(record_id) is None
    assert w.incidents.model.matching == total - 1
    assert store.history(record_id)[-1].deleted
    assert w.incidents.count_label.text() == f"{total - 1} incidents"
    # Several at once, one question.
    w.incidents.table.selectRow(0)
    w.incidents.table.selectionModel().select(
        w.incidents.model.index(1, 0),
        w.incidents.table.selectionModel().SelectionFlag.Select
        | w.incidents.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(w.incidents.selected_ids()) == 2
    assert w.delete_selected() == 2
    assert store.count(INCIDENT) == total - 3


def test_history_dialog_lists_revisions_oldest_first(qtbot, demo_window):
    w = demo_window
    store = w.context.store()
    w.incidents.table.selectRow(0)
    record_id = w.incidents.current_id()
    old = store.get(record_id)["killed"]
    store.edit(record_id, {"killed": old + 5})
    store.edit(record_id, {"notes": "Updated after the hospital count"})
    w.context.announce(EVERYTHING)
    dialog = w.show_history()
    assert dialog is not None
    model = dialog.model
    assert model.rowCount() == 3
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(3)]
    assert [r[3] for r in rows] == ["Created", "Edited", "Edited (current)"]
    assert all("Amal (Idlib Response Network)" in r[2] for r in rows)
    assert rows[0][0] <= rows[1][0] <= rows[2][0]
    assert rows[1][4] == "Killed" and rows[2][4] == "Notes"
    dialog.table.selectRow(1)
    html = dialog.details.toHtml()
    assert f"{old + 5}" in html and "→" in html
    dialog.done(0)


def test_status_bar_counts_unexported_changes(qtbot, window):
    w = window
    store = w.context.store()
    assert w.unexported_label.text() == "All changes exported"
    store.add(
        INCIDENT, {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Ariha"}
    )
    store.add(
        INCIDENT, {"event_date": "2019-05-02", "sub_event_type": "Attack", "location": "Ariha"}
    )
    w.context.announce(EVERYTHING)
    assert w.unexported_label.text() == "2 changes not exported"
    last = store.db.execute("SELECT max(n) FROM revisions").fetchone()[0]
    store.set_setting(LAST_EXPORT_KEY, str(last))
    w.context.announce(EVERYTHING)
    assert w.unexported_label.text() == "All changes exported"


def test_load_demo_data_runs_in_the_background(qtbot, window):
    w = window
    assert w.demo_action.isEnabled()
    job = w.load_demo_data()
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=20_000):
        pass
    store = w.context.store()
    incidents, displacements = store.count(INCIDENT), store.count(DISPLACEMENT)
    assert incidents > 40 and displacements > 5
    assert w.incidents.model.matching == incidents
    assert w.displacements.model.matching == displacements
    assert not w.demo_action.isEnabled()
    assert f"Loaded {incidents} incidents" in w.statusBar().currentMessage()


def test_conflicted_records_are_marked(qtbot, demo_window):
    w = demo_window
    store = w.context.store()
    record_id = w.incidents.model.record_id(2)
    [head] = store.heads(record_id)
    other = "f" * 64
    store.db.execute(
        "INSERT INTO devices (id, name, organisation, certificate, trusted, added_at)"
        " VALUES (?, 'Omar', 'Health Directorate', '', 1, ?)",
        (other, utc_now()),
    )
    foreign = Revision(
        record_id,
        INCIDENT,
        (head.id,),
        other,
        1,
        utc_now(),
        False,
        {**head.data, "killed": 99},
    )
    assert store.edit(record_id, {"notes": "Local correction"}) is not None
    store.apply_revisions([foreign])
    assert len(store.heads(record_id)) == 2
    w.context.announce(EVERYTHING)
    model = w.incidents.model
    row = model.row_of(record_id)
    assert model.is_conflicted(row)
    assert not model.is_conflicted(0 if row else 1)
    assert isinstance(model.index(row, 0).data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert isinstance(model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole), QBrush)
    assert "Conflict" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "conflicts" in w.incidents.conflict_label.text()
    form = w.edit_record(record_id)
    assert form.banner.isVisible() and "2 competing versions" in form.banner.text()
    w.incidents.select_ids([record_id])
    form.done(0)
    dialog = w.show_history()
    authors = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())}
    assert any(a.startswith("Omar (Health Directorate)") for a in authors)
    dialog.done(0)


def test_open_record_signal_and_map_click_fill_the_form(qtbot, demo_window):
    w = demo_window
    record_id = w.incidents.model.record_id(4)
    w.context.open_record.emit(record_id)
    form = w.form
    assert form is not None and form.record_id == record_id
    w.context.map_clicked.emit(35.123456789, 36.5)
    assert form.editors["latitude"].get() == "35.123457"
    assert form.editors["longitude"].get() == "36.5"
    form.confirm = lambda *a: True
    with qtbot.waitSignal(w.context.changed):
        form.save()
    record = w.context.store().get(record_id)
    assert (record["latitude"], record["longitude"]) == (35.123457, 36.5)


def test_only_one_form_and_unsaved_changes_are_protected(qtbot, demo_window):
    w = demo_window
    form = w.new_record(INCIDENT)
    fill(form, location="Saraqab")
    assert w.new_record(DISPLACEMENT) is None  # the typed form is kept
    assert w.form is form
    assert "Save or cancel" in w.statusBar().currentMessage()


def test_extensions_are_installed_and_missing_ones_skipped(qtbot, db_path, monkeypatch):
    installed = []

    def install(window):
        label = QLabel("Sync things")
        window.add_view("fake", "Fake view", label)
        window.menu("sync").addAction("Export bundle…")
        installed.append(window)

    module = types.ModuleType("fieldapp_test_fake_ext")
    module.install = install
    monkeypatch.setitem(sys.modules, "fieldapp_test_fake_ext", module)
    w = make_window(qtbot, db_path, ("fieldapp.ui.no_such_module", "fieldapp_test_fake_ext"))
    assert installed == [w]
    assert list(w.views) == ["incidents", "displacements", "fake"]
    w.show_view("fake")
    assert w.current_view_key() == "fake"
    assert w.menu("sync").menuAction().isVisible()
    assert not w._menus["reports"].menuAction().isVisible()  # empty menus stay hidden
    assert not w.edit_action.isEnabled()
    with pytest.raises(ValueError):
        w.add_view("fake", "Again", QLabel())
    w.context.close()


def test_an_extension_with_a_broken_import_is_not_silenced(qtbot, db_path, tmp_path, monkeypatch):
    (tmp_path / "fieldapp_test_broken_ext.py").write_text("import fieldapp_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    context = AppContext(db_path)
    with pytest.raises(ModuleNotFoundError, match="fieldapp_no_such_dependency"):
        # The module exists but what it imports does not: a bug to surface, not to skip.
        MainWindow(context, extensions=("fieldapp_test_broken_ext",))
    context.close()


def test_about_and_shortcuts_boxes(qtbot, window):
    window.show_shortcuts()
    boxes = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)]
    assert any("Ctrl+N" in b.text() for b in boxes)
    for box in boxes:
        box.done(0)


def test_window_title_names_the_database(window, db_path):
    assert window.windowTitle() == f"fieldapp — {db_path.name}"


def test_store_writes_from_elsewhere_show_after_a_refresh(window, db_path):
    with Store.open(db_path) as other:
        other.add(
            INCIDENT, {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Dana"}
        )
    assert window.incidents.model.matching == 0
    window.context.announce(EVERYTHING)
    assert window.incidents.model.matching == 1
