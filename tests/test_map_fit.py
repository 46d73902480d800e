"""The map follows the records in view: fitted on start and on filter changes and F5, until
the user moves it; "Zoom to records" (toolbar button, map control) fits it again.

Everything is read back from the real QtWebEngine page (the map's bounds and zoom), and
the window is driven the way a person drives it: the View menu, the filter bar's search
box, F5, the buttons.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_map_view import QT_NOISE, requests, stats  # noqa: F401 (fixture)

from fieldapp.maps import data as mapdata
from fieldapp.store import Filter, Store

# every test fails if the page asks the network for anything (test_map_view.requests)
pytestmark = [pytest.mark.webengine, QT_NOISE, pytest.mark.usefixtures("requests")]

SCREEN = (1366, 768)
SYRIA = (35.7, 32.3, 42.4, 37.3)  # west, south, east, north, roughly


def points(db: Path, flt: Filter | None = None) -> list[tuple[float, float]]:
    """(lat, lon) of every record matching `flt` that the map can draw."""
    with Store.open(db) as store:
        data = mapdata.payload(store, flt)
    out = []
    for kind in ("incidents", "displacements"):
        out += list(zip(data[kind]["lat"], data[kind]["lon"], strict=True))
    return out


def contains(bounds: list[float], pts: list[tuple[float, float]]) -> bool:
    west, south, east, north = bounds
    return all(south <= lat <= north and west <= lon <= east for lat, lon in pts)


def tight(bounds: list[float], pts: list[tuple[float, float]], share: float = 0.25) -> bool:
    """The records fill at least `share` of the view's height or width."""
    west, south, east, north = bounds
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return (max(lats) - min(lats)) >= share * (north - south) or (max(lons) - min(lons)) >= (
        share * (east - west)
    )


def open_window(qtbot, db: Path):
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    window = MainWindow(AppContext(db), ("fieldapp.ui.map_view",))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    return window


def show_map(qtbot, window):
    """View → Map, as a person opens it; waits for the page to have painted."""
    view = window.views["map"]
    action = window._view_actions["map"]
    if view.ready:
        action.trigger()
    else:
        with qtbot.waitSignal(view.data_shown, timeout=30_000):
            action.trigger()
    assert window.current_view_key() == "map"
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    return view


def search(qtbot, window, text: str) -> None:
    """Type into the filter bar's search box and press Enter (the filter applies)."""
    box = window.filter_bar.search
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_the_map_opens_fitted_to_the_records_after_the_tab_was_hidden(qtbot, demo_db_path) -> None:
    window = open_window(qtbot, demo_db_path)
    view = window.views["map"]
    # the page loads while the Incidents tab is in front (a hidden, unsized map) ...
    qtbot.waitUntil(lambda: view.ready, timeout=30_000)
    assert window.current_view_key() == "incidents"
    show_map(qtbot, window)
    everything = points(demo_db_path)
    assert len(everything) == 65
    # ... and is fitted to the records once shown: all of them in view, and close
    qtbot.waitUntil(lambda: contains(stats(view)["bounds"], everything), timeout=10_000)
    s = stats(view)
    assert s["zoom"] >= 7, s
    assert tight(s["bounds"], everything), s
    assert not s["user_moved"] and not view.user_moved


def test_filter_changes_refit_until_the_user_moves_the_map(qtbot, demo_db_path) -> None:
    window = open_window(qtbot, demo_db_path)
    view = show_map(qtbot, window)
    before = stats(view)

    # a filter typed in the search box: the map fits the matching records, closer
    search(qtbot, window, "Kafr Nabl")
    kafr = points(demo_db_path, Filter(search="Kafr Nabl"))
    assert 3 < len(kafr) < 65
    qtbot.waitUntil(
        lambda: stats(view)["zoom"] > before["zoom"] and contains(stats(view)["bounds"], kafr),
        timeout=10_000,
    )
    assert stats(view)["zoom"] >= 11  # one town's records (2 km apart): close in
    fitted = stats(view)

    # the user drags the map (panBy fires the moveend a drag fires): the page tells Python
    view.run_js("FieldMap.state.map.panBy([260, 140], {animate: false}); 1")
    qtbot.waitUntil(lambda: view.user_moved, timeout=5_000)
    moved = stats(view)
    assert moved["user_moved"] and moved["center"] != fitted["center"]

    # another filter: the records change, the view stays where the user put it
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        search(qtbot, window, "Saraqab")
    saraqab = points(demo_db_path, Filter(search="Saraqab"))
    assert saraqab and not contains(moved["bounds"], saraqab)
    qtbot.waitUntil(lambda: stats(view)["incidents"] == len(saraqab))
    after = stats(view)
    assert (after["zoom"], after["center"]) == (moved["zoom"], moved["center"])
    assert not contains(after["bounds"], saraqab)

    # F5 leaves it there too
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert stats(view)["center"] == moved["center"]

    # "Zoom to records" in the map's toolbar fits the view again and clears the flag
    qtbot.mouseClick(view.zoom_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: contains(stats(view)["bounds"], saraqab), timeout=10_000)
    qtbot.waitUntil(lambda: not view.user_moved, timeout=5_000)
    assert not stats(view)["user_moved"] and stats(view)["zoom"] >= 11
    assert "filter" in view.status.text()

    # and from then on a filter change fits again
    search(qtbot, window, "Kafr Nabl")
    qtbot.waitUntil(lambda: contains(stats(view)["bounds"], kafr), timeout=10_000)
    assert not contains(stats(view)["bounds"], saraqab)


def test_f5_refits_to_new_records_and_the_map_control_zooms_to_records(qtbot, demo_db_path) -> None:
    window = open_window(qtbot, demo_db_path)
    view = show_map(qtbot, window)
    # a record far from the others (Damascus), added by someone else: F5 shows it
    with Store.open(demo_db_path) as store:
        store.add(
            "incident",
            {
                "event_date": "2019-05-20",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "location": "Damascus",
                "latitude": 33.5138,
                "longitude": 36.2765,
            },
        )
    everything = points(demo_db_path)
    assert not contains(stats(view)["bounds"], everything)
    with qtbot.waitSignal(view.data_shown, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: contains(stats(view)["bounds"], everything), timeout=10_000)
    assert stats(view)["zoom"] >= 6

    # the user zooms out with the mouse wheel's equivalent; the map's own "zoom to records"
    # control (a real click on it) fits the records again
    view.run_js("FieldMap.state.map.setZoom(4, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.user_moved, timeout=5_000)
    box = json.loads(
        view.run_js(
            "var r = document.querySelector('.fm-fit-button').getBoundingClientRect();"
            " JSON.stringify([r.left + r.width / 2, r.top + r.height / 2])"
        )
    )
    target = view.view.focusProxy() or view.view
    QTest.mouseClick(
        target,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(round(box[0]), round(box[1])),
    )
    qtbot.waitUntil(lambda: not view.user_moved, timeout=5_000)
    s = stats(view)
    assert s["zoom"] >= 6 and contains(s["bounds"], everything) and tight(s["bounds"], everything)
    assert view.run_js("document.querySelector('.fm-fit-button').title") == "Zoom to records"


def test_with_no_records_the_map_fits_syria(qtbot, db_path) -> None:
    window = open_window(qtbot, db_path)
    view = show_map(qtbot, window)
    west, south, east, north = SYRIA
    s = stats(view)
    assert s["incidents"] == 0
    assert contains(s["bounds"], [(south, west), (north, east)]), s
    assert s["zoom"] >= 5, s  # not the whole Middle East
    assert tight(s["bounds"], [(south, west), (north, east)], 0.4), s
