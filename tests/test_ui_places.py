"""The places register in the record form and the filter bar (issue 16), through the real
widgets: a place typed and left is checked and completed as the store will complete it on
save, a wrong P-code is refused under its box with both units named, coordinates outside
the unit warn, displacement's origin and destination are completed the same way, and the
filter bar's governorate takes any spelling or a P-code."""

from __future__ import annotations

import datetime as dt

import pytest
from cod_fixture import write_cod_xlsx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import type_text

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ops import places as ops_places
from fieldapp.store import Filter, Store
from fieldapp.ui import i18n
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.record_form import RecordForm

TODAY = dt.date(2019, 6, 10)
SCREEN = (1366, 768)


@pytest.fixture(autouse=True)
def _english_and_no_questions(qapp, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def context(db_path):
    """A device's database with the shipped governorates only."""
    ctx = AppContext(db_path)
    yield ctx
    ctx.close()


@pytest.fixture
def cod_context(db_path, tmp_path):
    """The same with the test COD-AB loaded (levels 1-4: Saraqab is C4185)."""
    with Store.open(db_path) as store:
        ops_places.load(store, write_cod_xlsx(tmp_path / "cod.xlsx"))
    ctx = AppContext(db_path)
    yield ctx
    ctx.close()


def open_form(qtbot, context, kind=INCIDENT) -> RecordForm:
    form = RecordForm(context, kind, today=lambda: TODAY)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):  # an active window: focus moves, editingFinished fires
        form.show()
        form.activateWindow()
    return form


def values(form: RecordForm, *names: str) -> dict[str, object]:
    return {n: form.editors[n].get() for n in names}


def type_into(qtbot, form: RecordForm, name: str, text: str, *, leave: bool = True) -> None:
    """Click the box, replace its text by typing, close any suggestions, and leave it."""
    widget = form.editors[name].widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)
    for completer in (form.places.location, form.places.admin1, form.places.admin2):
        if completer is not None and completer.popup().isVisible():
            QTest.keyClick(completer.popup(), Qt.Key.Key_Escape)
    if leave:
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        assert form.focusWidget() is not widget


# -- the record's own place ----------------------------------------------------------------


def test_a_typed_governorate_gets_its_p_code_and_the_registers_name(qtbot, context):
    form = open_form(qtbot, context)
    type_into(qtbot, form, "admin1", "Idlib")
    assert values(form, "admin1", "admin1_pcode") == {"admin1": "Idleb", "admin1_pcode": "SY07"}
    assert "admin1_pcode" in form.places.filled_fields()  # tinted: filled for the person
    assert form.editors["admin1_pcode"].widget.property("filled") is True
    assert form.message("admin1") == ""


def test_a_wrong_code_is_refused_naming_both_units_and_save_keeps_the_form(qtbot, context):
    form = open_form(qtbot, context)
    form.editors["sub_event_type"].set("Air/drone strike")
    type_into(qtbot, form, "admin1_pcode", "SY13")  # As-Sweida's code
    type_into(qtbot, form, "admin1", "Idlib")
    message = form.message("admin1_pcode")
    assert "SY13" in message and "As-Sweida" in message and "Idleb (SY07)" in message
    assert form.editors["admin1_pcode"].widget.property("invalid") is True
    type_into(qtbot, form, "location", "Ariha")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.record_id is None
    assert context.store().count(INCIDENT) == 0
    # nothing the person typed was changed: they correct it themselves
    assert values(form, "admin1", "admin1_pcode", "location") == {
        "admin1": "Idlib",
        "admin1_pcode": "SY13",
        "location": "Ariha",
    }
    assert form.focusWidget() is form.editors["admin1_pcode"].widget
    # emptied, the code is filled from the name again, and the record saves
    type_into(qtbot, form, "admin1_pcode", "")
    assert form.editors["admin1_pcode"].get() == "SY07" and form.message("admin1_pcode") == ""
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    record = context.store().get(saved.args[0])
    assert (record["admin1"], record["admin1_pcode"]) == ("Idleb", "SY07")


def test_coordinates_in_paris_with_idleb_warn_but_do_not_block(qtbot, context):
    form = open_form(qtbot, context)
    form.editors["sub_event_type"].set("Air/drone strike")
    type_into(qtbot, form, "location", "Somewhere")
    type_into(qtbot, form, "admin1", "Idleb")
    type_into(qtbot, form, "latitude", "48.8566")
    type_into(qtbot, form, "longitude", "2.3522")
    type_into(qtbot, form, "admin1", "Idleb")  # left again: checked with the point
    message = form.message("latitude")
    assert "Check:" in message and "outside Idleb (SY07)" in message, message
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert context.store().get(saved.args[0])["latitude"] == 48.8566


def test_a_typed_community_fills_every_level_and_a_changed_name_drops_its_codes(qtbot, cod_context):
    form = open_form(qtbot, cod_context)
    type_into(qtbot, form, "location", "Saraqib")  # an alternate spelling
    codes = ("location_pcode", "admin3_pcode", "admin2_pcode", "admin1_pcode")
    assert values(form, "location", *codes) == {
        "location": "Saraqab",
        "location_pcode": "C4185",
        "admin3_pcode": "SY070002",
        "admin2_pcode": "SY0700",
        "admin1_pcode": "SY07",
    }
    assert values(form, "admin3", "admin2", "admin1") == {
        "admin3": "Saraqab",
        "admin2": "Idleb",
        "admin1": "Idleb",
    }
    assert set(codes) <= set(form.places.filled_fields())
    # another town: what was filled from Saraqab goes, and Khan Shaykhun's units come
    type_into(qtbot, form, "location", "Khan Shaykhun", leave=False)
    assert values(form, "location_pcode", "admin3", "admin3_pcode") == {
        "location_pcode": "",
        "admin3": "",
        "admin3_pcode": "",
    }
    QTest.keyClick(form.editors["location"].widget, Qt.Key.Key_Tab)
    assert values(form, *codes) == {
        "location_pcode": "C4200",
        "admin3_pcode": "SY070301",
        "admin2_pcode": "SY0703",
        "admin1_pcode": "SY07",
    }
    assert form.message("location") == "" and form.message("admin3") == ""


def test_districts_are_offered_from_the_register_with_their_codes(qtbot, cod_context):
    form = open_form(qtbot, cod_context)
    type_into(qtbot, form, "admin1", "Idlib")
    admin2 = form.editors["admin2"].widget
    qtbot.mouseClick(admin2, Qt.MouseButton.LeftButton)
    type_text(admin2, "ma")
    shown = form.places.admin2.shown()
    assert shown and shown[0].startswith("Al Ma'ra") and "(SY0703)" in shown[0], shown
    assert not any("SY0201" in line for line in form.places.admin2.shown())  # Aleppo's
    QTest.keyClick(form.places.admin2.popup(), Qt.Key.Key_Down)
    QTest.keyClick(form.places.admin2.popup(), Qt.Key.Key_Return)
    assert values(form, "admin2", "admin2_pcode") == {
        "admin2": "Al Ma'ra",
        "admin2_pcode": "SY0703",
    }


def test_a_click_on_the_map_fills_the_governorate_the_point_lies_in(qtbot, context):
    form = open_form(qtbot, context)
    context.map_clicked.emit(35.93, 36.63)
    assert values(form, "latitude", "admin1", "admin1_pcode") == {
        "latitude": "35.93",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
    }
    assert {"admin1", "admin1_pcode"} <= set(form.places.filled_fields())


# -- displacement: where people came from and went to -------------------------------------


def test_the_displacement_form_fits_the_screen_and_completes_origin_and_destination(
    qtbot, cod_context
):
    form = open_form(qtbot, cod_context, DISPLACEMENT)
    form.save()  # every required message shown: the form at its tallest
    QApplication.processEvents()
    assert form.width() <= SCREEN[0] and form.height() <= SCREEN[1] - 40, form.size()
    for name in ("origin_admin3_pcode", "destination_location_pcode"):
        assert form.editors[name].widget.isVisible(), name
    type_into(qtbot, form, "origin_location", "Saraqab")
    type_into(qtbot, form, "destination_admin1_pcode", "SY02")
    assert values(
        form, "origin_location_pcode", "origin_admin3_pcode", "origin_admin2_pcode",
        "origin_admin1", "origin_admin1_pcode", "destination_admin1",
    ) == {
        "origin_location_pcode": "C4185",
        "origin_admin3_pcode": "SY070002",
        "origin_admin2_pcode": "SY0700",
        "origin_admin1": "Idleb",
        "origin_admin1_pcode": "SY07",
        "destination_admin1": "Aleppo",
    }  # fmt: skip
    # a district of another governorate: refused under its code, both units named
    type_into(qtbot, form, "destination_admin2_pcode", "SY0702")
    message = form.message("destination_admin2_pcode")
    assert "Harim (SY0702)" in message and "Aleppo (SY02)" in message, message
    assert not form.save() and cod_context.store().count(DISPLACEMENT) == 0


# -- the filter bar ------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, demo_db_path):
    w = MainWindow(AppContext(demo_db_path), extensions=("fieldapp.ui.places_menu",))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(1)  # the deferred refresh of the governorate list
    yield w
    w.context.close()


def filter_by_typing(qtbot, window: MainWindow, text: str) -> int:
    box = window.filter_bar.admin1
    box.lineEdit().selectAll()
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Delete)
    type_text(box.lineEdit(), text)
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    QApplication.processEvents()
    return window.incidents.model.matching


def test_the_filter_bar_takes_a_governorate_in_any_spelling_or_its_p_code(
    qtbot, window, demo_store
):
    bar = window.filter_bar
    items = [bar.admin1.itemText(i) for i in range(bar.admin1.count())]
    assert "Idleb (SY07)" in items and "Aleppo (SY02)" in items
    assert bar.admin1.itemData(items.index("Idleb (SY07)")) == "SY07"
    assert len(items) == 15  # all, and the fourteen governorates
    total = demo_store.count(INCIDENT)
    idleb = filter_by_typing(qtbot, window, "Idleb")
    assert window.context.filter == Filter(admin1="Idleb")
    assert 0 < idleb < total
    assert filter_by_typing(qtbot, window, "SY07") == idleb
    assert window.context.filter == Filter(admin1="SY07")
    assert filter_by_typing(qtbot, window, "إدلب") == idleb
    assert filter_by_typing(qtbot, window, "idlib") == idleb
    assert filter_by_typing(qtbot, window, "SY02") == demo_store.count(
        INCIDENT, Filter(admin1="Aleppo")
    )
    bar.clear()
    assert window.incidents.model.matching == total and bar.filter().admin1 is None
    bar.admin1.setCurrentIndex(items.index("Idleb (SY07)"))  # chosen from the list
    assert window.context.filter == Filter(admin1="SY07")
    assert window.incidents.model.matching == idleb


def test_in_arabic_the_filter_lists_arabic_names(qtbot, demo_db_path):
    i18n.apply_language("ar")
    w = MainWindow(AppContext(demo_db_path), extensions=("fieldapp.ui.places_menu",))
    qtbot.addWidget(w)
    items = [w.filter_bar.admin1.itemText(i) for i in range(w.filter_bar.admin1.count())]
    assert "إدلب (SY07)" in items
    w.context.close()


def test_the_district_box_appears_with_the_registers_districts(qtbot, demo_db_path, tmp_path):
    w = MainWindow(AppContext(demo_db_path), extensions=("fieldapp.ui.places_menu",))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert not w.filter_bar.admin2.isVisible()  # the shipped register has no districts
    w.context.close()
    with Store.open(demo_db_path) as store:
        ops_places.load(store, write_cod_xlsx(tmp_path / "cod.xlsx"))
    w = MainWindow(AppContext(demo_db_path), extensions=("fieldapp.ui.places_menu",))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(1)
    bar = w.filter_bar
    assert bar.admin2.isVisible()
    bar.admin1.setCurrentIndex(bar.admin1.findData("SY07"))
    districts = [bar.admin2.itemText(i) for i in range(1, bar.admin2.count())]
    assert "Al Ma'ra (SY0703)" in districts and not any("SY02" in d for d in districts)
    bar.admin2.setCurrentIndex(bar.admin2.findData("SY0703"))
    assert w.context.filter == Filter(admin1="SY07", admin2="SY0703")
    with Store.open(demo_db_path) as store:
        expected = store.count(INCIDENT, Filter(admin1="SY07", admin2="SY0703"))
        assert expected == store.count(INCIDENT, Filter(admin2="Maarrat An Nu'man"))
    assert w.incidents.model.matching == expected
    bar.admin1.setCurrentIndex(bar.admin1.findData("SY02"))  # Aleppo: its districts only
    assert w.context.filter == Filter(admin1="SY02")
    assert bar.admin2.findData("SY0201") > 0 and bar.admin2.findData("SY0703") < 0
    w.context.close()


def test_editing_a_records_name_drops_its_stored_code_and_finds_the_new_one(qtbot, context):
    record_id = context.store().add(
        INCIDENT,
        {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Ariha",
         "admin1": "Idlib"},
    )  # fmt: skip
    assert context.store().get(record_id)["admin1_pcode"] == "SY07"  # completed on save
    form = RecordForm(context, INCIDENT, record_id, today=lambda: TODAY)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    assert values(form, "admin1", "admin1_pcode") == {"admin1": "Idleb", "admin1_pcode": "SY07"}
    type_into(qtbot, form, "admin1", "Hama", leave=False)
    assert form.editors["admin1_pcode"].get() == ""  # Idleb's code went with its name
    QTest.keyClick(form.editors["admin1"].widget, Qt.Key.Key_Tab)
    assert values(form, "admin1", "admin1_pcode") == {"admin1": "Hama", "admin1_pcode": "SY05"}
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert context.store().get(record_id)["admin1_pcode"] == "SY05"
