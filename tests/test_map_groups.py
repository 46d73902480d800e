"""Several records at one place: one marker with a count, whose popup lists them.

Read back from the real QtWebEngine page; clicks are real mouse clicks on the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_map_view import QT_NOISE, open_view, requests, stats  # noqa: F401 (fixture)

from fieldapp.store import Store

pytestmark = [pytest.mark.webengine, QT_NOISE, pytest.mark.usefixtures("requests")]

BIGGEST_CLUSTER = """
(function () {
  var map = FieldMap.state.map, layer = FieldMap.state.incidents;
  var zoom = map.getZoom(), cl = layer.clusters(zoom), best = 0;
  for (var c = 1; c < cl.k; c++) if (cl.count[c] > cl.count[best]) best = c;
  var s = Math.pow(2, zoom), o = map.getPixelOrigin();
  var at = map.layerPointToContainerPoint(L.point(cl.x[best] * s - o.x, cl.y[best] * s - o.y));
  var ids = [];
  for (var m = cl.start[best]; m < cl.start[best + 1]; m++) {
    ids.push(layer.data.ids[cl.members[m]]);
  }
  return JSON.stringify({x: at.x, y: at.y, count: cl.count[best], ids: ids});
})()
"""

LINES = """
JSON.stringify(Array.prototype.map.call(
  document.querySelectorAll('.fm-group a.fm-line'),
  function (a) {
    var r = a.getBoundingClientRect();
    return {id: a.getAttribute('data-record'), kind: a.getAttribute('data-kind'),
            text: a.textContent, x: r.left + r.width / 2, y: r.top + r.height / 2};
  }))
"""


def click(view, x: float, y: float) -> None:
    """A real left click on the page at a container point."""
    target = view.view.focusProxy() or view.view
    QTest.mouseClick(
        target,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round(x), round(y)),
    )


def records_by_id(db: Path, ids: list[str]) -> dict[str, dict]:
    with Store.open(db) as store:
        return {i: store.get(i) for i in ids}


def test_a_town_s_incidents_are_one_marker_with_a_count(qtbot, demo_db_path) -> None:
    context, view = open_view(qtbot, demo_db_path)
    s = stats(view)
    assert s["incidents"] == 53
    # fitted to the demo data, each town's incidents (1-2 km apart) overlap: clustered
    assert s["clusters"] >= 5
    assert s["markers"] < 30
    assert s["drawn"] == 65  # every record is still represented
    biggest = json.loads(view.run_js(BIGGEST_CLUSTER))
    assert biggest["count"] >= 10 and len(set(biggest["ids"])) == biggest["count"]

    click(view, biggest["x"], biggest["y"])
    qtbot.waitUntil(
        lambda: view.run_js("document.querySelectorAll('.fm-group a.fm-line').length") > 0,
        timeout=10_000,
    )
    lines = json.loads(view.run_js(LINES))
    incident_lines = [line for line in lines if line["kind"] == "incidents"]
    assert sorted(line["id"] for line in incident_lines) == sorted(biggest["ids"])
    records = records_by_id(demo_db_path, biggest["ids"])
    dates = [records[line["id"]]["event_date"] for line in incident_lines]
    assert dates == sorted(dates, reverse=True)  # newest first
    for line in incident_lines:
        record = records[line["id"]]
        assert record["event_date"] in line["text"]
        assert record["sub_event_type"] in line["text"]
        if record["killed"] is not None:
            assert f"Killed {record['killed']}" in line["text"]
        if record["injured"] is not None:
            assert f"Injured {record['injured']}" in line["text"]
    heading = view.run_js("document.querySelector('.fm-group .fm-section').textContent")
    assert heading == f"Incidents ({biggest['count']})"
    title = view.run_js("document.querySelector('.fm-group .fm-title').textContent")
    assert "Khan Shaykhun" in title

    # each line opens its record, as a single marker's "Open record" does
    chosen = incident_lines[2]
    with qtbot.waitSignal(context.open_record, timeout=5_000) as blocker:
        click(view, chosen["x"], chosen["y"])
    assert blocker.args == [chosen["id"]]


def test_zooming_in_separates_the_records_but_not_one_spot(qtbot, demo_db_path) -> None:
    _, view = open_view(qtbot, demo_db_path)
    with Store.open(demo_db_path) as store:
        spots = store.db.execute(
            "SELECT count(DISTINCT latitude || ',' || longitude) FROM incidents"
        ).fetchone()[0]
    assert spots < 53  # Azaz and Al Bab each have two incidents at the very same point
    assert view.run_js("FieldMap.state.incidents.clusters(18).k") == spots
    assert view.run_js("FieldMap.state.incidents.clusters(7).k") < 12
    # at street level, Azaz's two incidents are still one marker, and its popup lists both
    view.run_js("FieldMap.state.map.setView([36.5866, 37.0464], 17, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    assert stats(view)["clusters"] == 1
    size = view.view.size()
    click(view, size.width() / 2, size.height() / 2)
    qtbot.waitUntil(
        lambda: view.run_js("document.querySelectorAll('.fm-group a.fm-line').length") >= 2,
        timeout=10_000,
    )
    lines = json.loads(view.run_js(LINES))
    assert sorted(line["kind"] for line in lines) == ["displacements", "incidents", "incidents"]


def test_a_place_s_list_keeps_user_text_as_text(qtbot, db_path) -> None:
    evil = '<img src=x onerror="window.__pwned=1">Azaz'
    with Store.open(db_path) as store:
        for day in ("2019-05-01", "2019-05-02"):
            store.add(
                "incident",
                {
                    "event_date": day,
                    "event_type": "Protests",
                    "sub_event_type": "Peaceful protest",
                    "location": evil,
                    "latitude": 36.5866,
                    "longitude": 37.0464,
                },
            )
    _, view = open_view(qtbot, db_path)
    view.run_js("FieldMap.openGroup({incidents: [0, 1], displacements: []}); 1")
    qtbot.waitUntil(lambda: view.run_js("!!document.querySelector('.fm-group')"), timeout=5_000)
    found = json.loads(
        view.run_js(
            "var p = document.querySelector('.fm-group');"
            " JSON.stringify({title: p.querySelector('.fm-title').textContent,"
            " imgs: p.querySelectorAll('img').length, pwned: window.__pwned || 0})"
        )
    )
    assert found == {"title": evil, "imgs": 0, "pwned": 0}


def test_a_standalone_page_s_list_opens_each_record_s_popup(qtbot, demo_store, tmp_path) -> None:
    """No app behind the page (fieldapp map --out): a line shows that record's details."""
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from fieldapp.maps import data as mapdata
    from fieldapp.maps.page import write_page
    from fieldapp.qtkit.render import run_js

    page = write_page(tmp_path / "map.html", mapdata.payload(demo_store, details=True))
    web = QWebEngineView()
    qtbot.addWidget(web)
    web.resize(1000, 700)
    web.show()
    with qtbot.waitSignal(web.loadFinished, timeout=30_000):
        web.load(QUrl.fromLocalFile(str(page)))
    qtbot.waitUntil(lambda: run_js(web.page(), "FieldMap.idle()"), timeout=10_000)
    group = json.loads(run_js(web.page(), BIGGEST_CLUSTER))
    run_js(
        web.page(),
        f"FieldMap.openGroup(FieldMap.groupAt(L.point({group['x']}, {group['y']}))); 1",
    )
    first = run_js(web.page(), "document.querySelector('.fm-group a.fm-line').dataset.record")
    assert first in group["ids"]
    assert run_js(web.page(), "document.querySelector('.fm-open') === null")  # no app: no link
    run_js(web.page(), "document.querySelector('.fm-group a.fm-line').click(); 1")
    qtbot.waitUntil(
        lambda: run_js(web.page(), "!!document.querySelector('.fm-popup[data-record]')"),
        timeout=5_000,
    )
    assert (
        run_js(web.page(), "document.querySelector('.fm-popup[data-record]').dataset.record")
        == first
    )
    web.close()
