"""The record form: keyboard-only entry, validation messages, vocabularies."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from fieldapp.domain import vocab
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.ui.context import AppContext
from fieldapp.ui.record_form import RecordForm, layout_rows

TODAY = dt.date(2019, 6, 10)


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def context(db_path):
    ctx = AppContext(db_path)
    yield ctx
    ctx.close()


def open_form(qtbot, context, kind, record_id=None) -> RecordForm:
    form = RecordForm(context, kind, record_id, today=lambda: TODAY)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):  # an active window: focus moves, editingFinished fires
        form.show()
        form.activateWindow()
    return form


def key(form: RecordForm, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a user would."""
    QTest.keyClick(form.focusWidget(), k, modifier)


def type_text(form: RecordForm, text: str) -> None:
    QTest.keyClicks(form.focusWidget(), text)


def test_every_field_has_a_place_in_the_form(qtbot, context):
    for kind in (INCIDENT, DISPLACEMENT):
        placed = [n for _, _, rows in layout_rows(kind) for row in rows for n in row]
        assert sorted(placed) == sorted(f.name for f in FIELDS[kind])
        form = open_form(qtbot, context, kind)
        assert set(form.editors) == {f.name for f in FIELDS[kind]}
        form.done(0)


def test_keyboard_only_entry_tab_order_and_enter(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    date = form.editors["event_date"].widget
    assert form.focusWidget() is date
    assert date.text() == "2019-06-10" and date.selectedText() == "2019-06-10"
    type_text(form, "2019-05-02")
    # The P-code boxes are filled from the place chosen: Tab passes them by.
    order = [
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "admin1",
        "admin2",
    ]
    for name in order:
        key(form, Qt.Key.Key_Tab)
        assert form.focusWidget() is form.editors[name].widget, name
        if name == "event_type":
            type_text(form, "Explosions")  # type-ahead picks the choice
        elif name == "sub_event_type":
            type_text(form, "Air")
        elif name == "location":
            type_text(form, "Khan Shaykhun")
            popup = form.places.location.popup()
            assert popup.isVisible()
            QTest.keyClick(popup, Qt.Key.Key_Down)
            QTest.keyClick(popup, Qt.Key.Key_Return)  # chooses the place; does not save
            assert form.isVisible() and form.focusWidget() is form.editors[name].widget
    assert form.editors["admin1"].get() == "Idleb"  # filled by the choice
    assert form.editors["admin1_pcode"].get() == "SY07"
    key(form, Qt.Key.Key_Backtab)
    assert form.focusWidget() is form.editors["admin1"].widget
    # admin2, admin3, country, latitude, longitude, precision, killed
    for _ in range(7):
        key(form, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.editors["killed"].widget
    type_text(form, "4")
    with qtbot.waitSignal(form.saved) as saved:
        key(form, Qt.Key.Key_Return)
    assert not form.isVisible()
    record = context.store().get(saved.args[0])
    assert record["event_date"] == "2019-05-02"
    assert record["event_type"] == "Explosions/Remote violence"
    assert record["sub_event_type"] == "Air/drone strike"
    assert record["location"] == "Khan Shaykhun" and record["admin1"] == "Idleb"
    assert (record["admin1_pcode"], record["country"]) == ("SY07", "Syria")
    assert record["latitude"] is not None and record["longitude"] is not None
    assert record["killed"] == 4


def test_targets_are_ticked_with_space_and_notes_save_with_ctrl_enter(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    form.editors["sub_event_type"].set("Grenade")
    form.editors["location"].set("Ariha")
    targets = form.editors["targets"].widget
    targets.setFocus()
    key(form, Qt.Key.Key_Down)
    key(form, Qt.Key.Key_Space)
    assert form.editors["targets"].get() == ["school"]
    notes = form.editors["notes"].widget
    notes.setFocus()
    type_text(form, "Line one")
    key(form, Qt.Key.Key_Return)  # a new line, not a save
    type_text(form, "Line two")
    assert form.isVisible()
    with qtbot.waitSignal(form.saved) as saved:
        key(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    record = context.store().get(saved.args[0])
    assert record["notes"] == "Line one\nLine two"
    assert record["targets"] == ["school"]
    assert record["event_type"] == "Explosions/Remote violence"  # filled from the sub-event


def test_escape_cancels_and_asks_only_when_something_was_typed(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    key(form, Qt.Key.Key_Escape)
    assert not form.isVisible()

    form = open_form(qtbot, context, INCIDENT)
    form.editors["location"].widget.setFocus()
    type_text(form, "Saraqab")
    asked = []
    form.confirm = lambda *a: asked.append(a) or False
    key(form, Qt.Key.Key_Escape)
    assert form.isVisible() and len(asked) == 1
    form.confirm = lambda *a: True
    key(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert context.store().revision_count() == 0


def test_invalid_input_shows_messages_by_the_fields_and_stores_nothing(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    form.editors["event_date"].set("2019-02-30")
    form.editors["event_type"].set("Protests")
    form.editors["killed"].set("-3")
    form.editors["injured"].set("lots")
    form.editors["latitude"].set("95")
    form.editors["longitude"].set("36.6")
    assert form.save() is False
    assert form.isVisible()
    assert "not a real calendar date" in form.message("event_date")
    assert "negative" in form.message("killed")
    assert "not a whole number" in form.message("injured")
    assert "outside -90..90" in form.message("latitude")
    assert form.message("location") == "Required"
    assert form.message("sub_event_type") == "Required"
    assert form.message("actor1") == ""
    assert form.editors["killed"].widget.property("invalid") is True
    # The first field in reading order with a problem gets the focus.
    assert form.focusWidget() is form.editors["event_date"].widget
    assert context.store().revision_count() == 0
    # Fixing a field clears its message as the user types.
    form.editors["killed"].widget.clear()
    QTest.keyClicks(form.editors["killed"].widget, "3")
    qtbot.waitUntil(lambda: form.message("killed") == "")
    assert form.editors["killed"].widget.property("invalid") is False


def test_future_dates_are_refused(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    form.editors["event_date"].set("2019-06-11")
    form.editors["sub_event_type"].set("Attack")
    form.editors["location"].set("Dana")
    assert form.save() is False
    assert "in the future" in form.message("event_date")


def test_messages_appear_while_typing_only_for_touched_fields(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    widget = form.editors["killed"].widget
    widget.setFocus()
    QTest.keyClicks(widget, "1.5")
    qtbot.waitUntil(lambda: "whole number" in form.message("killed"))
    assert form.message("location") == ""  # required, but not touched yet


def test_sub_event_types_follow_the_event_type(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    subs = form.editors["sub_event_type"].combo
    all_subs = [subs.itemData(i) for i in range(1, subs.count())]
    assert all_subs == list(vocab.SUB_EVENT_TYPES)
    form.editors["event_type"].set("Protests")
    shown = [subs.itemData(i) for i in range(1, subs.count())]
    assert shown == list(vocab.EVENT_TYPES["Protests"])
    form.editors["sub_event_type"].set("Peaceful protest")
    form.editors["event_type"].set("Riots")
    assert form.editors["sub_event_type"].get() is None  # no longer a valid choice
    # Choosing a sub-event type first fills the event type.
    form.editors["event_type"].set(None)
    form.editors["sub_event_type"].set("Chemical weapon")
    assert form.editors["event_type"].get() == "Explosions/Remote violence"
    assert form.editors["sub_event_type"].get() == "Chemical weapon"


def test_displacement_warning_is_shown_but_does_not_block(qtbot, context):
    form = open_form(qtbot, context, DISPLACEMENT)
    direction = form.editors["direction"].combo
    assert [direction.itemData(i) for i in range(1, direction.count())] == list(vocab.DIRECTIONS)
    form.editors["direction"].set("arrived")
    form.editors["location"].set("Atmeh")
    form.editors["individuals"].set("100")
    form.editors["households"].set("10")
    form.editors["household_size"].set("5")
    checked = form.validate()
    assert not checked.errors and "household_size" in checked.warnings
    assert form.message("household_size").startswith("Check:")
    with qtbot.waitSignal(form.saved) as saved:
        assert form.save() is True
    record = context.store().get(saved.args[0])
    assert (record["individuals"], record["households"]) == (100, 10)


def test_edit_form_shows_the_record_and_saves_a_revision(qtbot, context):
    store = context.store()
    record_id = store.add(
        INCIDENT,
        {
            "event_date": "2019-05-03",
            "sub_event_type": "Air/drone strike",
            "location": "Kafr Nabl",
            "latitude": 35.6133,
            "longitude": 36.56141,
            "geo_precision": 2,
            "targets": ["school", "market"],
            "killed": 2,
        },
    )
    form = open_form(qtbot, context, INCIDENT, record_id)
    assert form.windowTitle() == "Edit incident"
    assert form.editors["event_type"].get() == "Explosions/Remote violence"
    assert form.editors["geo_precision"].get() == 2
    assert form.editors["longitude"].get() == "36.56141"
    assert sorted(form.editors["targets"].get()) == ["market", "school"]
    assert not form.is_dirty()
    announced = []
    context.changed.connect(announced.append)
    with qtbot.waitSignal(form.saved):
        assert form.save() is True  # unchanged: no new revision, but the form closes
    assert len(store.history(record_id)) == 1
    assert announced == []  # nothing changed, so no view reloads
    form = open_form(qtbot, context, INCIDENT, record_id)
    form.editors["killed"].set("5")
    form.editors["notes"].set("Second count")
    assert form.save() is True
    assert store.get(record_id)["killed"] == 5
    assert len(store.history(record_id)) == 2


def test_map_click_fills_coordinates_only_while_open(qtbot, context):
    form = open_form(qtbot, context, DISPLACEMENT)
    context.map_clicked.emit(36.2075, 36.6897)
    assert (form.editors["latitude"].get(), form.editors["longitude"].get()) == (
        "36.2075",
        "36.6897",
    )
    form.confirm = lambda *a: True
    form.reject()
    context.map_clicked.emit(1.0, 2.0)  # a closed form ignores clicks (and does not crash)
    assert QApplication.instance() is not None


def _suggest(context, km: float) -> None:
    """What the map sends for a click: the nearest known place and its distance."""
    context.place_suggested.emit(
        {
            "location": "Khān Shaykhūn",
            "admin1": "Idlib",
            "admin1_pcode": "SY07",
            "admin2": None,
            "country": "Syria",
            "distance_km": km,
        }
    )


def test_map_place_suggestion_is_offered_with_its_distance_and_fills_the_place(qtbot, context):
    form = open_form(qtbot, context, INCIDENT)
    assert form.suggestion_row.isHidden()
    _suggest(context, 1.2)
    assert not form.suggestion_row.isHidden()
    assert "Khan Shaykhun, 1.2 km" in form.suggestion_label.text()
    assert form.editors["location"].get() == ""  # offered, not imposed
    qtbot.mouseClick(form.use_suggestion_button, Qt.MouseButton.LeftButton)
    assert form.editors["location"].get() == "Khan Shaykhun"
    assert form.editors["admin1"].get() == "Idleb"
    assert form.editors["admin1_pcode"].get() == "SY07"
    assert form.editors["country"].get() == "Syria"
    assert form.suggestion_row.isHidden()
    form.confirm = lambda *a: True
    form.reject()
    context.place_suggested.emit({"location": "X"})  # a closed form ignores it
    assert QApplication.instance() is not None


@pytest.mark.parametrize("km", [5.01, 12.0, 49.0])
def test_a_place_farther_than_five_km_is_not_offered(qtbot, context, km):
    form = open_form(qtbot, context, INCIDENT)
    _suggest(context, 1.0)
    assert not form.suggestion_row.isHidden()
    _suggest(context, km)  # a later click far from any known place withdraws the offer
    assert form.suggestion_row.isHidden()
    assert form.suggestion is None
