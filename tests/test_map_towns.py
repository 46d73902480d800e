"""Town and village names on the offline base map, and the map after a live language switch.

The names come from the shipped gazetteer (nothing is fetched: every test here fails if the
page asks the network for anything), biggest places first, more as the user zooms in, in
the interface's language.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from test_map_fit import show_map
from test_map_view import QT_NOISE, open_view, requests, stats  # noqa: F401 (fixture)

from fieldapp.maps import gazetteer, towns
from fieldapp.maps.page import build_html, write_page
from fieldapp.qtkit.render import run_js
from fieldapp.ui import i18n

pytestmark = [pytest.mark.webengine, QT_NOISE, pytest.mark.usefixtures("requests")]

ARABIC = ("\u0600", "\u06ff")


def arabic(text: str) -> bool:
    return any(ARABIC[0] <= ch <= ARABIC[1] for ch in text)


@pytest.fixture
def _language_reset(qapp):
    """The language is the process's: leave it as the test found it (English)."""
    i18n.reset()
    i18n.forget_language()
    yield
    i18n.reset()
    i18n.forget_language()


def test_towns_payload_biggest_first_in_the_interface_language() -> None:
    places = gazetteer.default().places
    en = towns.payload("en")
    ar = towns.payload("ar")
    assert len(en["names"]) == len(ar["names"]) == len(places)
    biggest = max(places, key=lambda p: p.population)
    assert en["names"][0] == biggest.plain_name()
    assert en["tier"] == sorted(en["tier"])  # cities, then towns, then villages
    by_name = {p.plain_name(): p for p in places}
    # English: the name as people type it (no transliteration marks)
    assert "Khan Shaykhun" in en["names"] and "Khān Shaykhūn" not in en["names"]
    # Arabic: the Arabic spelling, not GeoNames' split or non-Arabic variants
    aleppo = en["names"].index("Aleppo")
    damascus = en["names"].index("Damascus")
    beirut = en["names"].index("Beirut")
    assert ar["names"][aleppo] == "حلب"
    assert ar["names"][damascus] == "دمشق"  # GeoNames' name_ar is "د مشق"
    assert ar["names"][beirut] == "بيروت"  # not the Uyghur spelling
    syrian = [
        i for i, n in enumerate(en["names"]) if by_name.get(n) and by_name[n].country == "Syria"
    ]
    assert sum(arabic(ar["names"][i]) for i in syrian) > 0.9 * len(syrian)
    assert en["tier"][aleppo] == 0 and en["tier"][-1] == 2


def test_names_on_the_map_more_as_the_user_zooms_in(qtbot, demo_db_path) -> None:
    _, view = open_view(qtbot, demo_db_path)
    en = towns.payload("en")
    where = dict(zip(en["names"], zip(en["lat"], en["lon"], strict=True), strict=True))
    view.run_js("FieldMap.state.map.setView([35.75, 36.7], 8, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    far = stats(view)
    assert "Khan Shaykhun" in far["towns"] and "Aleppo" in far["towns"]
    view.run_js("FieldMap.state.map.setView([35.75, 36.7], 10, {animate: false}); 1")
    qtbot.waitUntil(lambda: view.run_js("FieldMap.idle()"), timeout=10_000)
    near = stats(view)
    west, south, east, north = near["bounds"]

    def inside(names: list[str]) -> list[str]:
        return [n for n in names if south <= where[n][0] <= north and west <= where[n][1] <= east]

    # in the same area, zoomed in: more places, and smaller ones
    assert len(inside(near["towns"])) > len(inside(far["towns"])) + 3
    ranks = {n: i for i, n in enumerate(where)}
    assert max(ranks[n] for n in near["towns"]) > max(ranks[n] for n in inside(far["towns"]))
    # each place named once
    assert len(near["towns"]) == len(set(near["towns"]))


def test_town_names_are_text_never_markup(qtbot, tmp_path) -> None:
    evil = '<img src=x onerror="window.__pwned=1">Saraqib'
    place = gazetteer.Place(1, evil, None, 35.86, 36.80, 50_000, "Syria", "Idlib", "SY07", ())
    html = build_html(None, towns=towns.payload("en", [place]))
    assert "<img src=x" not in html
    page = tmp_path / "map.html"
    page.write_text(html, encoding="utf-8")
    web = QWebEngineView()
    qtbot.addWidget(web)
    web.resize(800, 600)
    web.show()
    with qtbot.waitSignal(web.loadFinished, timeout=30_000):
        web.load(QUrl.fromLocalFile(str(page)))
    qtbot.waitUntil(lambda: run_js(web.page(), "FieldMap.idle()"), timeout=10_000)
    run_js(web.page(), "FieldMap.state.map.setView([35.86, 36.8], 9, {animate: false}); 1")
    qtbot.waitUntil(lambda: run_js(web.page(), "FieldMap.idle()"), timeout=10_000)
    found = json.loads(
        run_js(
            web.page(),
            "JSON.stringify({towns: FieldMap.stats().towns,"
            " imgs: document.querySelectorAll('img').length, pwned: window.__pwned || 0})",
        )
    )
    assert found == {"towns": [evil], "imgs": 0, "pwned": 0}
    web.close()


def test_standalone_page_in_arabic_from_the_cli(cli, demo_db_path, tmp_path) -> None:
    out = tmp_path / "map.html"
    result = cli("--db", demo_db_path, "map", "--out", out, "--lang", "ar")
    assert result.code == 0, result.err
    html = out.read_text("utf-8")
    assert '"lang":"ar"' in html and '"dir":"rtl"' in html
    assert "جسر الشغور" in html and "الحوادث" in html  # a town with no record
    english = tmp_path / "en.html"
    assert cli("--db", demo_db_path, "map", "--out", english).code == 0
    assert "جسر الشغور" not in english.read_text("utf-8")
    assert write_page(tmp_path / "x.html", None).exists()


@pytest.mark.usefixtures("_language_reset")
def test_a_live_language_switch_redraws_legend_attribution_and_towns(qtbot, demo_db_path) -> None:
    from fieldapp.ui.context import AppContext
    from fieldapp.ui.main_window import MainWindow

    # not handed to qtbot: the language switch deletes this window (and the next one)
    window = MainWindow(AppContext(demo_db_path), ("fieldapp.ui.map_view",))
    window.resize(1366, 768)
    window.show()
    view = show_map(qtbot, window)
    legend = "document.querySelector('.fm-legend').textContent"
    attribution = "document.querySelector('.leaflet-control-attribution').textContent"
    assert view.run_js(legend).startswith("Incidents (53)")
    assert "Natural Earth (public domain)" in view.run_js(attribution)
    assert "Places: GeoNames" in view.run_js(attribution)
    assert "Khan Shaykhun" in stats(view)["towns"]
    replaced = []
    window.replaced.connect(replaced.append)

    window.language_actions["ar"].trigger()  # View → Language → العربية

    [new] = replaced
    assert new.current_view_key() == "map"
    arabic_view = new.views["map"]
    qtbot.waitUntil(lambda: arabic_view.ready, timeout=30_000)
    qtbot.waitUntil(lambda: arabic_view.run_js("FieldMap.idle()"), timeout=10_000)
    assert arabic_view.run_js(legend).startswith("الحوادث (٥٣)")
    text = arabic_view.run_js(attribution)
    assert "الحدود" in text and "الأماكن" in text and "public domain" not in text
    names = stats(arabic_view)["towns"]
    assert "خان شيخون" in names and "Khan Shaykhun" not in names
    assert sum(arabic(n) for n in names) > 0.6 * len(names)
    assert arabic_view.zoom_button.text() == "تكبير إلى السجلات"
    title = arabic_view.run_js("document.querySelector('.fm-fit-button').title")
    assert title == "تكبير إلى السجلات"
    assert arabic_view.run_js("document.documentElement.dir") == "rtl"

    back = []
    new.replaced.connect(back.append)
    new.language_actions["en"].trigger()
    [english] = back
    qtbot.addWidget(english)
    english_view = english.views["map"]
    qtbot.waitUntil(lambda: english_view.ready, timeout=30_000)
    qtbot.waitUntil(lambda: english_view.run_js("FieldMap.idle()"), timeout=10_000)
    assert english_view.run_js(legend).startswith("Incidents (53)")
    assert "Khan Shaykhun" in stats(english_view)["towns"]
    english.close()
