"""Data entry in the record form as a person does it (issue 11): a place typed and chosen
from the gazetteer's suggestions, governorate and district suggestions, the sub-event type
type-ahead, Tab in visual order, and text laid out in its own direction. Every test types
into the real widgets and picks suggestions with the keyboard in the real popup."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import type_text

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.maps import gazetteer
from fieldapp.ui import i18n
from fieldapp.ui.context import AppContext
from fieldapp.ui.record_form import RecordForm

TODAY = dt.date(2019, 6, 10)


@pytest.fixture(autouse=True)
def _english_and_no_questions(qapp, monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def context(demo_db_path):
    ctx = AppContext(demo_db_path)
    yield ctx
    ctx.close()


def open_form(qtbot, context, kind=INCIDENT) -> RecordForm:
    form = RecordForm(context, kind, today=lambda: TODAY)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    return form


def values(form: RecordForm, *names: str) -> dict[str, object]:
    return {n: form.editors[n].get() for n in names}


PLACE = ("location", "admin1", "admin1_pcode", "admin2", "country", "latitude", "longitude")


def khan_shaykhun() -> gazetteer.Place:
    [place] = [p for p in gazetteer.default().places if p.name == "Khān Shaykhūn"]
    return place


# -- Location: a type-ahead over the gazetteer -------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("khan shaykhun", "Khan Shaykhun"),
        ("Khan Sheikhoun", "Khan Shaykhun"),
        ("خان شيخون", "خان شيخون"),  # typed in Arabic: the Arabic name is kept
    ],
)
def test_a_typed_place_is_chosen_with_the_keyboard_and_fills_the_place(
    qtbot, context, typed, stored
):
    form = open_form(qtbot, context)
    choose_by_typing(form, "sub_event_type", "Air")
    location = form.editors["location"].widget
    location.setFocus()
    type_text(location, typed)
    popup = form.places.location.popup()
    assert popup.isVisible()
    [line, *_] = form.places.location.shown()
    assert "Khan Shaykhun" in line and "خان شيخون" in line and "Idleb" in line
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible() and form.isVisible()  # Enter chose; it did not save
    place = khan_shaykhun()
    assert values(form, *PLACE) == {
        "location": stored,
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "admin2": "Maarrat An-Numan",  # the district the demo records file it under
        "country": "Syria",
        "latitude": repr(round(place.lat, 6)),
        "longitude": repr(round(place.lon, 6)),
    }
    with qtbot.waitSignal(form.saved) as saved:
        QTest.keyClick(location, Qt.Key.Key_Return)  # now Enter saves
    record = context.store().get(saved.args[0])
    assert (record["location"], record["admin1_pcode"]) == (stored, "SY07")
    assert record["latitude"] == round(place.lat, 6)


def test_a_place_is_chosen_with_the_mouse_too(qtbot, context):
    form = open_form(qtbot, context, DISPLACEMENT)
    location = form.editors["location"].widget
    location.setFocus()
    type_text(location, "saraq")
    popup = form.places.location.popup()
    assert popup.isVisible()
    rect = popup.visualRect(popup.model().index(0, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert values(form, "location", "admin1", "admin1_pcode") == {
        "location": "Saraqib",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
    }


def test_free_text_that_matches_nothing_stays_as_typed(qtbot, context):
    form = open_form(qtbot, context)
    location = form.editors["location"].widget
    location.setFocus()
    type_text(location, "Qqqxz farm")
    assert form.places.location.shown() == []
    QTest.keyClick(location, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.editors["admin1"].widget
    assert values(form, "location", "admin1", "admin1_pcode", "latitude") == {
        "location": "Qqqxz farm",
        "admin1": "",
        "admin1_pcode": "",
        "latitude": "",
    }


def test_a_place_chosen_after_a_map_click_keeps_the_clicked_point(qtbot, context):
    form = open_form(qtbot, context)
    context.map_clicked.emit(35.4451, 36.6402)
    location = form.editors["location"].widget
    location.setFocus()
    type_text(location, "khan shay")
    QTest.keyClick(form.places.location.popup(), Qt.Key.Key_Return)
    assert values(form, "location", "admin1", "latitude", "longitude") == {
        "location": "Khan Shaykhun",
        "admin1": "Idleb",
        "latitude": "35.4451",
        "longitude": "36.6402",
    }


# -- Governorate and district offer their known values ----------------------------------


def test_the_governorate_offers_the_known_ones_and_fills_its_p_code(qtbot, context):
    form = open_form(qtbot, context)
    admin1 = form.editors["admin1"].widget
    admin1.setFocus()
    type_text(admin1, "id")
    popup = form.places.admin1.popup()
    assert popup.isVisible()
    assert form.places.admin1.shown()[0].startswith("Idleb")
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert values(form, "admin1", "admin1_pcode", "country") == {
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "country": "Syria",
    }
    # All fourteen Syrian governorates are offered (here: those with a word starting "a").
    admin1.clear()
    type_text(admin1, "a")
    shown = form.places.admin1.shown()
    for name in ("Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida"):
        assert any(line.startswith(name) for line in shown), (name, shown)
    QTest.keyClick(popup, Qt.Key.Key_Escape)


@pytest.mark.parametrize(
    ("typed", "admin1", "pcode", "country"),
    [
        ("idleb", "Idleb", "SY07", "Syria"),
        ("إدلب", "Idleb", "SY07", "Syria"),
        ("Dayr az Zawr", "Deir-ez-Zor", "SY09", "Syria"),
        ("Hatay", "Hatay", "", "Turkey"),
        ("Northern sector", "Northern sector", "", "Syria"),  # unknown: kept as typed
    ],
)
def test_a_governorate_typed_in_full_gets_its_spelling_p_code_and_country(
    qtbot, context, typed, admin1, pcode, country
):
    form = open_form(qtbot, context)
    assert form.editors["country"].get() == "Syria"  # the last record's country
    widget = form.editors["admin1"].widget
    widget.setFocus()
    type_text(widget, typed)
    QTest.keyClick(form.places.admin1.popup(), Qt.Key.Key_Escape)
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.editors["admin2"].widget
    assert values(form, "admin1", "admin1_pcode", "country") == {
        "admin1": admin1,
        "admin1_pcode": pcode,
        "country": country,
    }


def test_a_p_code_the_user_typed_is_kept(qtbot, context):
    form = open_form(qtbot, context)
    pcode = form.editors["admin1_pcode"].widget
    qtbot.mouseClick(pcode, Qt.MouseButton.LeftButton)  # not a Tab stop: a click edits it
    type_text(pcode, "SY0700")
    widget = form.editors["admin1"].widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    type_text(widget, "Idlib")
    QTest.keyClick(form.places.admin1.popup(), Qt.Key.Key_Escape)
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    assert values(form, "admin1", "admin1_pcode") == {"admin1": "Idlib", "admin1_pcode": "SY0700"}


def test_governorates_in_the_data_are_offered_too(qtbot, context):
    context.store().add(
        INCIDENT,
        {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "X",
         "admin1": "Northern Zone"},
    )  # fmt: skip
    form = open_form(qtbot, context)
    widget = form.editors["admin1"].widget
    widget.setFocus()
    type_text(widget, "zone")
    assert form.places.admin1.shown() == ["Northern Zone"]


def test_the_district_offers_the_districts_already_recorded(qtbot, context):
    form = open_form(qtbot, context)
    form.editors["admin1"].widget.setFocus()
    type_text(form.editors["admin1"].widget, "Idlib")
    QTest.keyClick(form.places.admin1.popup(), Qt.Key.Key_Escape)
    QTest.keyClick(form.editors["admin1"].widget, Qt.Key.Key_Tab)
    admin2 = form.editors["admin2"].widget
    assert form.focusWidget() is admin2
    type_text(admin2, "ha")
    shown = form.places.admin2.shown()
    assert shown == ["Harim"]
    QTest.keyClick(form.places.admin2.popup(), Qt.Key.Key_Return)
    assert form.editors["admin2"].get() == "Harim"
    admin2.clear()
    type_text(admin2, "n")  # a word start: "Maarrat An-Numan"
    assert "Maarrat An-Numan" in form.places.admin2.shown()


# -- Sub-event type type-ahead -----------------------------------------------------------


def choose_by_typing(form: RecordForm, name: str, text: str) -> None:
    combo = form.editors[name].widget
    combo.setFocus()
    QTest.keyClicks(combo, text)
    # the next search starts fresh, as after a pause in typing
    QTest.qWait(QApplication.keyboardInputInterval() + 50)


def test_typing_air_with_no_event_type_picks_air_strike_and_shows_its_event_type(qtbot, context):
    form = open_form(qtbot, context)
    assert form.editors["event_type"].get() is None
    choose_by_typing(form, "sub_event_type", "Air")
    assert form.editors["sub_event_type"].get() == "Air/drone strike"
    event_type = form.editors["event_type"]
    assert event_type.get() == "Explosions/Remote violence"
    assert event_type.widget.currentText() == "Explosions/Remote violence"  # visibly
    # The filled event type follows a new choice of sub-event type.
    choose_by_typing(form, "sub_event_type", "peace")
    assert form.editors["sub_event_type"].get() == "Peaceful protest"
    assert event_type.get() == "Protests"


def test_the_type_ahead_matches_the_start_of_any_word(qtbot, context):
    form = open_form(qtbot, context)
    choose_by_typing(form, "sub_event_type", "drone")
    assert form.editors["sub_event_type"].get() == "Air/drone strike"
    choose_by_typing(form, "sub_event_type", "landm")
    assert form.editors["sub_event_type"].get() == "Remote explosive/landmine/IED"


def test_a_chosen_event_type_is_never_changed_by_the_sub_event_type(qtbot, context):
    form = open_form(qtbot, context)
    choose_by_typing(form, "event_type", "Battles")
    assert form.editors["event_type"].get() == "Battles"
    choose_by_typing(form, "sub_event_type", "Air")
    # Not offered (it is not a kind of battle), not selected, and the event type stays.
    assert form.editors["sub_event_type"].get() is None
    assert form.editors["event_type"].get() == "Battles"
    combo = form.editors["sub_event_type"].widget
    assert "Air/drone strike" not in [combo.itemText(i) for i in range(combo.count())]
    assert form.message("sub_event_type").startswith(
        "No sub-event type of Battles starts with “Air”"
    )
    choose_by_typing(form, "sub_event_type", "arm")
    assert form.editors["sub_event_type"].get() == "Armed clash"
    assert form.message("sub_event_type") == ""
    assert form.editors["event_type"].get() == "Battles"


def test_event_type_then_sub_event_type_by_keyboard_saves_both(qtbot, context):
    form = open_form(qtbot, context)
    choose_by_typing(form, "event_type", "Expl")
    QTest.keyClick(form.editors["event_type"].widget, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.editors["sub_event_type"].widget
    choose_by_typing(form, "sub_event_type", "Air")
    form.editors["location"].widget.setFocus()
    type_text(form.editors["location"].widget, "Ariha")
    QTest.keyClick(form.places.location.popup(), Qt.Key.Key_Escape)
    with qtbot.waitSignal(form.saved) as saved:
        QTest.keyClick(form.editors["location"].widget, Qt.Key.Key_Return)
    record = context.store().get(saved.args[0])
    assert (record["event_type"], record["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )


# -- Tab follows the visual order --------------------------------------------------------


def widget_name(form: RecordForm, widget: QWidget) -> str:
    if widget is form.save_button:
        return "Save"
    if widget is form.cancel_button:
        return "Cancel"
    return widget.objectName() or repr(widget)


def tab_sequence(form: RecordForm) -> list[QWidget]:
    first = form.editors["event_date"].widget if form.kind == INCIDENT else None
    first = first or form.editors["report_date"].widget
    first.setFocus()
    seen = [first]
    for _ in range(60):
        QTest.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
        widget = form.focusWidget()
        if widget is first:
            break
        seen.append(widget)
    return seen


def visual_order(form: RecordForm) -> list[QWidget]:
    """Every Tab stop, down the first column then the second (the right-hand one first
    in Arabic), left to right (right to left) within a line; the buttons last."""
    rtl = form.layoutDirection() == Qt.LayoutDirection.RightToLeft
    middle = form.width() / 2
    stops = [
        e.widget
        for e in form.editors.values()
        if e.widget.focusPolicy() & Qt.FocusPolicy.TabFocus and e.widget.isVisible()
    ]

    def where(widget: QWidget) -> tuple[int, int, int]:
        top_left = widget.mapTo(form, QPoint(0, 0))
        centre = top_left.x() + widget.width() / 2
        column = int((centre < middle) == rtl)
        return column, top_left.y(), -top_left.x() if rtl else top_left.x()

    buttons = sorted(
        (form.save_button, form.cancel_button),
        key=lambda b: -b.mapTo(form, QPoint(0, 0)).x() if rtl else b.mapTo(form, QPoint(0, 0)).x(),
    )
    return sorted(stops, key=where) + buttons


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("kind", [INCIDENT, DISPLACEMENT])
def test_tab_follows_the_visual_order_and_skips_the_p_codes(qtbot, context, lang, kind):
    i18n.apply_language(lang)
    form = open_form(qtbot, context, kind)
    form.resize(1300, 740)
    names = [widget_name(form, w) for w in tab_sequence(form)]
    assert names == [widget_name(form, w) for w in visual_order(form)], " ".join(names)
    assert not any(n.endswith("_pcode") for n in names)
    assert names.index("field_location") + 1 == names.index("field_admin1")
    assert names.index("field_admin1") + 1 == names.index("field_admin2")


# -- Text takes the direction of its first strong character ------------------------------


def on_the_right(widget, x: float) -> bool:
    return x > widget.width() / 2


def cursor_x(widget) -> int:
    widget.grab()  # the line edit places its text (and cursor) when it paints
    return widget.cursorRect().center().x()


@pytest.mark.parametrize("name", ["notes", "source", "actor1"])
def test_arabic_text_is_right_aligned_in_the_english_interface(qtbot, context, name):
    form = open_form(qtbot, context)
    widget = form.editors[name].widget
    widget.setFocus()
    type_text(widget, "قصف على السوق")
    if name == "notes":
        option = widget.document().defaultTextOption()
        assert option.alignment() & Qt.AlignmentFlag.AlignRight
        assert option.textDirection() == Qt.LayoutDirection.RightToLeft
        line = widget.document().firstBlock().layout().lineAt(0)
        assert on_the_right(widget, line.naturalTextRect().left())
    else:
        assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert on_the_right(widget, cursor_x(widget))
    # Emptied and typed again in Latin letters: back to the left.
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, "12 killed, market hit")  # digits first: the first letter decides
    if name == "notes":
        line = widget.document().firstBlock().layout().lineAt(0)
        assert not on_the_right(widget, line.naturalTextRect().right() - 40)
        assert widget.document().defaultTextOption().alignment() & Qt.AlignmentFlag.AlignLeft
    else:
        assert widget.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert not on_the_right(widget, cursor_x(widget) - 100)


def test_latin_text_is_left_aligned_in_the_arabic_interface(qtbot, context):
    i18n.apply_language("ar")
    form = open_form(qtbot, context)
    assert form.layoutDirection() == Qt.LayoutDirection.RightToLeft
    notes = form.editors["notes"].widget
    notes.setFocus()
    type_text(notes, "Witness: Dr Ahmad")
    line = notes.document().firstBlock().layout().lineAt(0)
    assert line.naturalTextRect().left() < notes.width() / 4
    source = form.editors["source"].widget
    source.setFocus()
    type_text(source, "SNHR")
    assert source.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert cursor_x(source) < source.width() / 2
    source.selectAll()
    QTest.keyClick(source, Qt.Key.Key_Delete)
    assert source.layoutDirection() == Qt.LayoutDirection.RightToLeft  # empty: the interface's
    type_text(source, "الدفاع المدني")
    assert cursor_x(source) > source.width() / 2


def test_in_arabic_the_place_popup_opens_under_its_box_and_lists_arabic_first(qtbot, context):
    i18n.apply_language("ar")
    form = open_form(qtbot, context)
    location = form.editors["location"].widget
    location.setFocus()
    type_text(location, "خان شي")
    popup = form.places.location.popup()
    assert form.places.location.shown()[0].startswith("\u2068خان شيخون")
    assert "إدلب" in form.places.location.shown()[0]  # the governorate in Arabic
    right = location.mapToGlobal(QPoint(location.width(), 0)).x()
    qtbot.waitUntil(lambda: popup.geometry().right() + 1 == right)
    assert popup.geometry().left() >= form.mapToGlobal(QPoint(0, 0)).x()  # inside the form
