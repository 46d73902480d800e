"""The lazy table model on a larger database: pages on demand, sorted and filtered in SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import copy_database
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Filter, Store
from fieldapp.ui.models import RecordTableModel

ROWS = 5_000
AREAS = ["Idlib", "Aleppo", "Hama", "Latakia"]


def rows(n: int):
    start = dt.date(2018, 1, 1)
    for i in range(n):
        yield {
            "event_date": (start + dt.timedelta(days=i % 500)).isoformat(),
            "sub_event_type": "Air/drone strike" if i % 2 else "Armed clash",
            "location": f"Village {i}",
            "admin1": AREAS[i % len(AREAS)],
            "killed": i % 17,
            "notes": "market hit" if i % 100 == 0 else "routine",
        }


@pytest.fixture(scope="module")
def _big_template(_template_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.db"
    copy_database(_template_db, path)
    with Store.open(path) as store:
        store.add_many(INCIDENT, rows(ROWS))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def big_store(_big_template, tmp_path):
    path = tmp_path / "big.db"
    copy_database(_big_template, path)
    with Store.open(path) as store:
        yield store


def test_rows_arrive_page_by_page(qtbot, big_store):
    model = RecordTableModel(lambda: big_store, INCIDENT)
    model.reload()
    page = RecordTableModel.PAGE_SIZE
    assert model.matching == ROWS
    assert model.rowCount() == page
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * page
    # A view asks only for what it can show, then more as it scrolls.
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() < ROWS
    before = model.rowCount()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > before)
    assert model.rowCount() < ROWS
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == ROWS
    ids = {model.record_id(r) for r in range(ROWS)}
    assert len(ids) == ROWS  # no page repeated or skipped
    assert not model.canFetchMore()


def test_sort_and_filter_run_in_sql(qtbot, big_store):
    model = RecordTableModel(lambda: big_store, INCIDENT)
    model.reload()
    killed = [c.name for c in model.columns].index("killed")
    model.sort(killed, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == RecordTableModel.PAGE_SIZE
    values = [int(model.index(r, killed).data()) for r in range(model.rowCount())]
    assert values[0] == 16 and values == sorted(values, reverse=True)
    flt = Filter(date_from="2018-03-01", date_to="2018-03-31", admin1="Hama")
    model.set_filter(flt)
    assert model.matching == big_store.count(INCIDENT, flt)
    assert model.total == ROWS
    expected = big_store.query_rows(
        INCIDENT, flt, order_by="killed", descending=True, limit=200, cols=("id",)
    )
    assert [model.record_id(r) for r in range(model.rowCount())] == [r[0] for r in expected]
    admin1 = [c.name for c in model.columns].index("admin1")
    assert {model.index(r, admin1).data() for r in range(model.rowCount())} == {"Hama"}
    model.set_filter(Filter(search="market"))
    assert model.matching == ROWS // 100


def test_reload_keeps_what_was_loaded(qtbot, big_store):
    model = RecordTableModel(lambda: big_store, INCIDENT)
    model.reload()
    model.fetchMore()
    model.fetchMore()
    loaded = model.rowCount()
    first = model.record_id(0)
    big_store.delete(model.record_id(5))
    model.reload(keep_loaded=True)
    assert model.rowCount() == loaded
    assert model.matching == ROWS - 1
    assert model.record_id(0) == first


def test_window_on_the_big_database_loads_only_the_first_pages(qtbot, big_store):
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    context = AppContext(big_store.path)
    window = MainWindow(context, extensions=())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.incidents.model
    assert model.matching == ROWS
    assert model.rowCount() <= 2 * RecordTableModel.PAGE_SIZE
    assert window.incidents.count_label.text() == "5,000 incidents"
    context.close()
