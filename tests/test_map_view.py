"""The map view in a real QtWebEngine page, offscreen: layers, counts, clicks, escaping.

No request may leave the machine: an interceptor on the profile records every URL the page
asks for and the test fails on any http(s) one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.ui.map_view import register_schemes

# The tile scheme must exist before the QApplication: test collection imports this module
# before pytest-qt creates the application.
register_schemes()

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineCore import (  # noqa: E402
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from fieldapp.ops import EVERYTHING  # noqa: E402
from fieldapp.store import Filter, Store  # noqa: E402

# Start-up noise of QtWebEngine offscreen with no GPU (software rendering is used).
QT_NOISE = pytest.mark.qt_log_ignore(
    "QRhiGles2", "GPUInfo not initialized", "Failed to create RHI", "Release of profile"
)
pytestmark = [pytest.mark.webengine, QT_NOISE]


class Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString()
        self.urls.append(url)
        if url.startswith(("http:", "https:")):
            info.block(True)


@pytest.fixture
def requests(qapp):
    recorder = Recorder()
    profile = QWebEngineProfile.defaultProfile()
    profile.setUrlRequestInterceptor(recorder)
    yield recorder
    # asked again: a plain QWebEngineView closed by the test may have dropped the wrapper
    QWebEngineProfile.defaultProfile().setUrlRequestInterceptor(None)
    remote = [u for u in recorder.urls if u.startswith(("http:", "https:"))]
    assert not remote, f"the map page asked the network for {remote}"


def open_view(qtbot, db: Path):
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.map_view import MapView

    context = AppContext(db)
    view = MapView(context)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    with qtbot.waitSignal(view.data_shown, timeout=30_000):
        view.show()
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    return context, view


def stats(view) -> dict:
    return json.loads(view.run_js("JSON.stringify(FieldMap.stats())"))


def with_coordinates(store: Store, flt: Filter | None = None) -> tuple[int, int]:
    def count(table: str) -> int:
        from fieldapp.store.query import where

        kind = "incident" if table == "incidents" else "displacement"
        clause, params = where(kind, flt)
        extra = " AND " if clause else " WHERE "
        sql = f"SELECT count(*) FROM {table} {clause}{extra}latitude IS NOT NULL"
        return store.db.execute(sql + " AND longitude IS NOT NULL", params).fetchone()[0]

    return count("incidents"), count("displacements")


def test_page_shows_every_record_with_boundaries(qtbot, demo_db_path, requests) -> None:
    context, view = open_view(qtbot, demo_db_path)
    s = stats(view)
    assert s["leaflet"] == "1.9.4"
    incidents, displacements = with_coordinates(context.store())
    assert incidents > 40 and displacements > 5
    assert (s["incidents"], s["displacements"]) == (incidents, displacements)
    assert s["admin1_drawn"] == 14  # every governorate has a drawn SVG path
    assert s["countries_drawn"] >= 20
    assert view.run_js("typeof jQuery") == "undefined"  # nothing from folium's CDN list
    # the page came from memory (the fieldapp: scheme); nothing but it, qrc: and data: was
    # requested: no file, no network
    assert view.page.url().scheme() == "fieldapp"
    assert any(u.startswith("fieldapp:page/") for u in requests.urls)
    assert all(u.startswith(("fieldapp:", "qrc:", "data:")) for u in requests.urls)


def test_click_reaches_python_with_a_place_suggestion(qtbot, demo_db_path, requests) -> None:
    context, view = open_view(qtbot, demo_db_path)
    view.run_js("FieldMap.state.map.setView([35.43, 36.67], 13, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    # a real mouse click on an empty spot 2 km south-east of Khan Shaykhun
    target = view.view.focusProxy() or view.view
    xy = json.loads(
        view.run_js("JSON.stringify(FieldMap.state.map.latLngToContainerPoint([35.43, 36.67]))")
    )
    point = QPoint(round(xy["x"]), round(xy["y"]))
    expected = json.loads(
        view.run_js(
            f"JSON.stringify(FieldMap.state.map.containerPointToLatLng([{point.x()}, {point.y()}]))"
        )
    )
    expected = (expected["lat"], expected["lng"])
    clicks: list[tuple[float, float]] = []
    context.map_clicked.connect(lambda lat, lon: clicks.append((lat, lon)))
    with qtbot.waitSignal(view.place_suggested, timeout=10_000) as blocker:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert len(clicks) == 1
    lat, lon = clicks[0]
    assert abs(lat - expected[0]) < 1e-3 and abs(lon - expected[1]) < 1e-3
    suggestion = blocker.args[0]
    assert suggestion["place"]["name"] == "Khān Shaykhūn"
    assert suggestion["admin1"] == "Idleb" and suggestion["admin1_pcode"] == "SY07"
    assert "Khān Shaykhūn" in view.status.text()


def test_html_in_a_note_stays_text(qtbot, db_path, requests) -> None:
    evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    with Store.open(db_path) as store:
        record_id = store.add(
            "incident",
            {
                "event_date": "2019-05-01",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "location": "<script>window.__pwned=2</script>Azaz",
                "latitude": 36.5866,
                "longitude": 37.0464,
                "actor1": "<i>actor</i>",
                "source": "<a href=http://evil.example>src</a>",
                "notes": evil,
            },
        )
    context, view = open_view(qtbot, db_path)
    assert stats(view)["incidents"] == 1
    # a click on the point itself opens its popup (and is not taken as a map click)
    view.run_js("FieldMap.state.map.setView([36.5866, 37.0464], 12, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    center = view.view.size() / 2
    assert (
        view.run_js(
            f"JSON.stringify(FieldMap.recordAt(L.point({center.width()}, {center.height()})))"
        )
        == '["incidents",0]'
    )
    map_clicks: list[tuple[float, float]] = []
    context.map_clicked.connect(lambda lat, lon: map_clicks.append((lat, lon)))
    view.run_js(
        "FieldMap.state.map.fire('click', {latlng: L.latLng(36.5866, 37.0464),"
        f" containerPoint: L.point({center.width()}, {center.height()})}}); 1"
    )
    qtbot.waitUntil(
        lambda: (
            view.run_js(
                "document.querySelector('.fm-popup .fm-notes') ? "
                "document.querySelector('.fm-popup .fm-notes').textContent : ''"
            )
            == evil
        ),
        timeout=10_000,
    )
    popup = json.loads(
        view.run_js(
            "var p = document.querySelector('.fm-popup');"
            " JSON.stringify({text: p.textContent, imgs: p.querySelectorAll('img').length,"
            " bold: p.querySelectorAll('b, i, a[href^=http], script').length,"
            " id: p.getAttribute('data-record'), pwned: window.__pwned || 0})"
        )
    )
    assert popup["id"] == record_id
    assert map_clicks == []  # a click on a record opens it; it does not move the form's point
    assert popup["imgs"] == 0 and popup["bold"] == 0 and popup["pwned"] == 0
    assert "<script>window.__pwned=2</script>Azaz" in popup["text"]
    assert "<i>actor</i>" in popup["text"]
    # the popup's link opens the record in the app
    with qtbot.waitSignal(context.open_record, timeout=5_000) as blocker:
        view.run_js("document.querySelector('.fm-popup .fm-open').click(); 1")
    assert blocker.args == [record_id]


def test_updates_in_place_on_changes_and_filters(qtbot, demo_db_path, requests) -> None:
    context, view = open_view(qtbot, demo_db_path)
    view.run_js("window.__samePage = 42; 1")
    store = context.store()
    before = stats(view)["incidents"]
    store.add(
        "incident",
        {
            "event_date": "2019-05-03",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "location": "Saraqib",
            "latitude": 35.8645,
            "longitude": 36.8059,
        },
    )
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        context.announce(EVERYTHING)
    qtbot.waitUntil(lambda: stats(view)["incidents"] == before + 1, timeout=10_000)

    flt = Filter(admin1="Aleppo")
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        context.set_filter(flt)
    expected = with_coordinates(store, flt)
    s = stats(view)
    assert (s["incidents"], s["displacements"]) == expected
    assert 0 < expected[0] < before

    flt = Filter(search="Khan Shaykhun", date_from="2019-05-10")
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        context.set_filter(flt)
    s = stats(view)
    assert (s["incidents"], s["displacements"]) == with_coordinates(store, flt)
    assert view.run_js("window.__samePage") == 42  # never reloaded


def test_place_search_flies_to_the_place(qtbot, demo_db_path, requests) -> None:
    _, view = open_view(qtbot, demo_db_path)
    place = view.find_place("Ezaz")
    assert place is not None and place.name == "I‘zāz"
    qtbot.waitUntil(
        lambda: abs(stats(view)["center"][0] - 36.5866) < 0.01 and stats(view)["zoom"] == 11,
        timeout=10_000,
    )
    assert "I‘zāz" in view.status.text()
    label = view.run_js("document.querySelector('.leaflet-tooltip').textContent")
    assert "أعزاز" in label or "إعزاز" in label
    assert view.find_place("qwxzvbnm") is None


def test_installs_a_map_tab_and_the_tile_archive_menu(qtbot, demo_db_path, requests) -> None:
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    window = MainWindow(AppContext(demo_db_path), ("fieldapp.ui.map_view",))
    qtbot.addWidget(window)
    assert "map" in window.views
    view = window.views["map"]
    actions = [a.objectName() for a in window.menu("file").actions()]
    assert "action_open_tile_archive" in actions
    with qtbot.waitSignal(view.data_shown, timeout=30_000):
        window.show()
        window.show_view("map")
    assert stats(view)["incidents"] == 53


def test_an_arabic_popup_names_the_governorate_in_arabic(qtbot, requests, db_path) -> None:
    """The window in Arabic: a click on a record stored with "Idleb" (SY07) opens a popup
    that says إدلب (the register's Arabic name), as the record tables do."""
    from fieldapp.ui import i18n

    with Store.open(db_path) as store:
        store.add(
            "incident",
            {
                "event_date": "2019-05-01",
                "sub_event_type": "Air/drone strike",
                "location": "Saraqib",
                "admin1": "Idlib",
                "latitude": 35.8624,
                "longitude": 36.8003,
            },
        )
    i18n.apply_language("ar")
    try:
        _, view = open_view(qtbot, db_path)
        view.run_js("FieldMap.state.map.setView([35.8624, 36.8003], 12, {animate: false}); 1")
        qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
        center = view.view.size() / 2
        view.run_js(
            "FieldMap.state.map.fire('click', {latlng: L.latLng(35.8624, 36.8003),"
            f" containerPoint: L.point({center.width()}, {center.height()})}}); 1"
        )
        popup = "document.querySelector('.fm-popup') ? document.querySelector('.fm-popup')"
        qtbot.waitUntil(lambda: view.run_js(f"{popup}.textContent : ''") != "", timeout=10_000)
        text = view.run_js(f"{popup}.textContent : ''")
    finally:
        i18n.apply_language("en")
    assert "إدلب" in text and "Idleb" not in text and "Saraqib" in text
