"""Records → Load COD-AB…, Check places… and Places register… (issue 16), driven through
the menu actions, the file choosers' seam (conftest's file_dialogs) and the dialogs' own
buttons, on a real database; the load and the check run as background jobs."""

from __future__ import annotations

import pytest
from cod_fixture import write_cod_boundaries_geojson, write_cod_xlsx
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox
from test_ui_window import make_window

from fieldapp.domain.fields import INCIDENT
from fieldapp.interchange import cod
from fieldapp.ops import places as ops_places
from fieldapp.store import Store
from fieldapp.store import places as store_places
from fieldapp.ui import i18n
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.places_check_view import CheckPlacesDialog
from fieldapp.ui.places_menu import LoadCodDialog, RegisterDialog

EXTENSION = ("fieldapp.ui.places_menu",)


@pytest.fixture(autouse=True)
def _english(qapp, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def window(qtbot, db_path):
    w = make_window(qtbot, db_path, EXTENSION)
    yield w
    if w.form is not None:
        w.form.confirm = lambda *a: True
        w.form.done(0)
    w.context.close()


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None and found in window.menu("records").actions(), name
    return found


def wait_job(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.finished, timeout=30_000)


def open_load_dialog(window, file_dialogs, path) -> LoadCodDialog:
    file_dialogs.answer(path)
    action(window, "action_load_cod").trigger()
    dialog = window.places_dialog
    assert isinstance(dialog, LoadCodDialog) and dialog.isVisible()
    return dialog


def test_load_cod_ab_from_the_menu_with_boundaries(qtbot, window, file_dialogs, tmp_path):
    xlsx = write_cod_xlsx(tmp_path / "syr_adminboundaries_tabulardata.xlsx")
    shapes = write_cod_boundaries_geojson(tmp_path / "syr_admin3.geojson", 3)
    dialog = open_load_dialog(window, file_dialogs, xlsx)
    assert file_dialogs.asked[0] == ("open_file", "Choose a COD-AB")
    file_dialogs.answer(shapes)
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.boundaries.text() == str(shapes)
    qtbot.keyClicks(dialog.title, "Test COD-AB")
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog)
    assert dialog.loaded is not None
    text = dialog.result.text()
    assert "Loaded Test COD-AB" in text and "admin 4" in text, text
    assert "Boundaries matched: 1;" in text  # the one admin-3 box of the fixture
    # the window's own store sees the new units at once: the filter bar and a new form
    index = store_places.index(window.context.store())
    assert index.unit("C4185") is not None and index.unit("SY070002").boundary
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    form = window.new_record(INCIDENT)
    form.editors["location"].set("Saraqab")
    form.places.check()
    assert form.editors["location_pcode"].get() == "C4185"
    assert form.editors["admin3_pcode"].get() == "SY070002"
    items = [window.filter_bar.admin1.itemText(i) for i in range(window.filter_bar.admin1.count())]
    assert "Idleb (SY07)" in items


def test_cancel_leaves_the_register_as_it_was(qtbot, window, file_dialogs, tmp_path):
    before = len(store_places.index(window.context.store()))
    dialog = open_load_dialog(window, file_dialogs, write_cod_xlsx(tmp_path / "cod.xlsx"))
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    job = dialog.job
    assert job is not None and not dialog.load_button.isEnabled()
    # the progress dialog's own Cancel button (shown after a moment; its click works now)
    job.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    wait_job(qtbot, dialog)
    assert dialog.loaded is None and dialog.load_button.isEnabled()
    assert "ancel" in dialog.result.text()
    with Store.open(window.context.db_path) as store:
        assert len(store_places.units(store)) == before == 14
        assert [e.source for e in store_places.editions(store)] == [store_places.BUILTIN]


def test_an_unreadable_file_is_said_in_the_dialog(qtbot, window, file_dialogs, tmp_path):
    bad = tmp_path / "not-a-cod.csv"
    bad.write_text("name,code\nx,y\n", encoding="utf-8")
    dialog = open_load_dialog(window, file_dialogs, bad)
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog)
    assert dialog.loaded is None and dialog.result.text()
    assert dialog.load_button.isEnabled()


@pytest.fixture
def unplaced_db(db_path, tmp_path):
    """Two incidents written before the COD-AB was in the register (it is put there
    without completing them): Saraqab can now be completed, Atlantis cannot be placed."""
    with Store.open(db_path) as store:
        base = {"event_date": "2019-05-01", "sub_event_type": "Air/drone strike"}
        saraqab = store.add(INCIDENT, {**base, "location": "Saraqab", "admin1": "Idlib"})
        atlantis = store.add(
            INCIDENT, {**base, "location": "Atlantis", "admin1": "Idlib", "admin2": "Atlantis"}
        )
        found = cod.read_cod(write_cod_xlsx(tmp_path / "cod.xlsx"))
        ed, units = store_places.new_edition(
            "cod-ab", found.title, found.valid_on, store.require_device().id, found.units
        )
        store_places.replace(store, ed, units)
    return db_path, saraqab, atlantis


def test_check_places_lists_completes_and_opens_records(qtbot, unplaced_db):
    path, saraqab, atlantis = unplaced_db
    window = make_window(qtbot, path, EXTENSION)
    action(window, "action_check_places").trigger()
    dialog = window.places_dialog
    assert isinstance(dialog, CheckPlacesDialog)
    wait_job(qtbot, dialog)
    assert {saraqab, atlantis} <= set(dialog.record_ids())
    assert dialog.complete_button.isEnabled()
    rows = {
        dialog.record_ids()[r]: dialog.table.item(r, 3).text()
        for r in range(dialog.table.rowCount())
    }
    assert "Atlantis" in rows[atlantis]
    # what Complete would write, in the form's words (not the command line's)
    assert rows[saraqab].startswith("Can be completed (") and "fieldapp" not in rows[saraqab]
    assert "Location P-code: C4185" in rows[saraqab]
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog)
    assert dialog.report is not None and dialog.report.completed == 1
    assert saraqab not in dialog.record_ids() and atlantis in dialog.record_ids()
    assert "Records completed: 1." in dialog.summary.text()
    record = window.context.store().get(saraqab)
    assert (record["location_pcode"], record["admin3_pcode"]) == ("C4185", "SY070002")
    # a double-click opens the record in the form
    row = dialog.record_ids().index(atlantis)
    table = dialog.table
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.form is not None and window.form.record_id == atlantis
    window.form.done(0)
    dialog.reject()
    window.context.close()


def test_the_register_lists_its_editions(qtbot, unplaced_db):
    path, _saraqab, _atlantis = unplaced_db
    window = make_window(qtbot, path, EXTENSION)
    action(window, "action_places_register").trigger()
    dialog = window.places_dialog
    assert isinstance(dialog, RegisterDialog)
    rows = dialog.rows()
    assert len(rows) == 2
    shipped = next(r for r in rows if r[1] == "shipped with fieldapp")
    cod_row = next(r for r in rows if r[1] == "cod-ab")
    assert shipped[6] == "14" and shipped[7] != "in use"  # replaced at level 1 by the COD
    assert cod_row[7] == "in use" and cod_row[5] == "1, 2, 3, 4"
    assert cod_row[2] == "2021-01-13"
    with Store.open(path) as store:
        assert cod_row[6] == str(
            len(store_places.units(store, ops_places.editions(store)[0].edition.id))
        )
    dialog.reject()
    window.context.close()


def test_a_coordinator_completes_other_devices_records_when_the_box_says_so(
    qtbot, hq_db_path, tmp_path
):
    """On a coordinator's database the records are the field workers': Complete stays off
    (it writes this device's records) until "Other devices' records too" is ticked, as
    `fieldapp places check --fill --all`."""
    with Store.open(hq_db_path) as store:
        found = cod.read_cod(write_cod_xlsx(tmp_path / "cod.xlsx"))
        ed, units = store_places.new_edition(
            "cod-ab", found.title, found.valid_on, store.require_device().id, found.units
        )
        store_places.replace(store, ed, units)
    window = make_window(qtbot, hq_db_path, EXTENSION)
    action(window, "action_check_places").trigger()
    dialog = window.places_dialog
    wait_job(qtbot, dialog)
    assert not dialog.complete_button.isEnabled()
    assert dialog.everyone.isEnabled() and not dialog.everyone.isChecked()
    problems = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert any("another device's record: tick" in p for p in problems)
    box = dialog.everyone  # its indicator, at the start of a row as wide as the dialog
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.everyone.isChecked() and dialog.complete_button.isEnabled()
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    wait_job(qtbot, dialog)
    assert dialog.report is not None and dialog.report.completed > 0
    store = window.context.store()
    saraqab = [r for r in store.query(INCIDENT) if r["location"] == "Saraqab"]
    assert saraqab and {r["location_pcode"] for r in saraqab} == {"C4185"}
    dialog.reject()
    window.context.close()
