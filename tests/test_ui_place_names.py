"""The Arabic window shows the places register's Arabic names in the record tables.

The register stores OCHA's English names (Idleb, Ar-Raqqa), so a governorate typed as إدلب
is stored as "Idleb" with its P-code SY07. In the Arabic window the tables show إدلب for it
(the stored name and code in the cell's tooltip); a name the register does not know by that
code, or a row without a code, is shown as it was typed; the English window shows what is
stored. Read from the real window's tables, as a person sees them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_wizard_helpers import window_on
from PySide6.QtCore import QCoreApplication, Qt

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.ui import i18n


@pytest.fixture
def records(db_path: Path) -> Path:
    """Three incidents and a displacement report, their places as a field worker types them."""
    with Store.open(db_path) as store:
        base = {"event_date": "2019-05-01", "sub_event_type": "Air/drone strike"}
        store.add(INCIDENT, {**base, "location": "Saraqib", "admin1": "إدلب", "killed": 3})
        store.add(INCIDENT, {**base, "location": "Kafr Nabl", "admin1": "Idlib", "killed": 2})
        store.add(INCIDENT, {**base, "location": "Mystery farm", "killed": 1})  # no area
        store.add(
            DISPLACEMENT,
            {
                "report_date": "2019-05-02",
                "period_end": "2019-05-09",
                "direction": "departed",
                "location": "Maarat al-Numan",
                "admin1": "Idleb",
                "individuals": 120,
                "origin_location": "Khan Shaykhun",
                "destination_location": "Atmeh",
            },
        )
    return db_path


@pytest.fixture(params=["ar", "en"])
def lang(request, qapp):
    i18n.apply_language(request.param)
    yield request.param
    i18n.apply_language("en")


def cells(window, kind: str, title: str, deleted: bool = False) -> list[tuple[str, str]]:
    """(text, tooltip) of every row of the table's column a person reads as `title`."""
    view = window.records_view(kind)
    table = view.deleted_table if deleted else view.table
    model = table.model()
    header = QCoreApplication.translate("RecordTableModel", title)
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == header
    )
    return [
        (
            model.index(r, column).data().strip("\u2068\u2069"),  # isolates aside
            model.index(r, column).data(Qt.ItemDataRole.ToolTipRole) or "",
        )
        for r in range(model.rowCount())
    ]


def test_the_governorate_column_speaks_the_window_language(qtbot, records, lang) -> None:
    for window in window_on(qtbot, records):
        shown = sorted(cells(window, INCIDENT, "Governorate"))
        if lang == "ar":
            assert shown == [("", ""), ("إدلب", "Idleb (SY07)"), ("إدلب", "Idleb (SY07)")]
        else:
            assert shown == [("", ""), ("Idleb", "Idleb"), ("Idleb", "Idleb")]
        reports = cells(window, DISPLACEMENT, "Governorate")
        assert reports == [("إدلب", "Idleb (SY07)")] if lang == "ar" else [("Idleb", "Idleb")]


def test_names_without_a_register_entry_are_shown_as_typed(qtbot, records, lang) -> None:
    """Communities are not in the shipped register (a COD-AB brings them): the locations,
    origins and destinations stay as typed, in either language."""
    for window in window_on(qtbot, records):
        assert sorted(t for t, _ in cells(window, INCIDENT, "Location")) == [
            "Kafr Nabl",
            "Mystery farm",
            "Saraqib",
        ]
        assert cells(window, DISPLACEMENT, "From") == [("Khan Shaykhun", "Khan Shaykhun")]


def test_a_name_that_is_not_the_units_is_not_replaced(qtbot, records) -> None:
    """A row whose stored name is not one of its code's spellings (written by hand, or by
    an older fieldapp) keeps its own text: the Arabic name is shown only where the name
    and the code agree."""
    with Store.open(records) as store:
        store.db.execute("UPDATE incidents SET admin1 = 'Idlib countryside' WHERE killed = 2")
    i18n.apply_language("ar")
    try:
        for window in window_on(qtbot, records):
            shown = sorted(t for t, _ in cells(window, INCIDENT, "Governorate"))
            assert shown == ["", "Idlib countryside", "إدلب"]
    finally:
        i18n.apply_language("en")


def test_deleted_records_show_the_same_names(qtbot, records) -> None:
    """The "Show deleted" list names places as the table did."""
    with Store.open(records) as store:
        saraqib = store.db.execute("SELECT id FROM incidents WHERE location = 'Saraqib'")
        store.delete(saraqib.fetchone()[0])
    i18n.apply_language("ar")
    try:
        for window in window_on(qtbot, records):
            box = window.records_view(INCIDENT).show_deleted
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
            assert box.isChecked()
            shown = cells(window, INCIDENT, "Governorate", deleted=True)
            assert shown == [("إدلب", "Idleb (SY07)")]
    finally:
        i18n.apply_language("en")
