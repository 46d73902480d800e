"""The standalone map page and the map commands (no window needed for most of it)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest

from fieldapp.maps import data as mapdata
from fieldapp.maps.page import build_html
from fieldapp.paths import resource
from fieldapp.store import Filter, Store


class Links(HTMLParser):
    """Every URL an element would load (src/href), and the inline scripts' text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_standalone_page_needs_no_network(tmp_path: Path, demo_db_path: Path, cli) -> None:
    out = tmp_path / "map.html"
    result = cli("--db", demo_db_path, "map", "--out", out)
    assert result.code == 0, result.err
    assert "53 incidents and 12 displacement reports" in result.out
    html = out.read_text("utf-8")
    links = Links()
    links.feed(html)
    assert links.urls == [], f"the page loads {links.urls}"
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    # no CSS import or url() to the network either
    assert not re.search(r"url\((['\"]?)https?:", html)
    assert "@import" not in html
    # what the page runs is all inside it: Leaflet and fieldapp's page code
    joined = "\n".join(links.scripts)
    assert 'version="1.9.4"' in joined or "1.9.4" in joined
    assert "window.FieldMap" in joined
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html and "bootstrap" not in html
    # the data travels in the page: every record with coordinates
    assert html.count("FieldMap.init(") == 1


def test_vendored_assets_exist_with_licences() -> None:
    web = resource("web")
    for name in (
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/LICENSE",
        "leaflet/images/layers.png",
        "fieldmap.js",
        "fieldmap.css",
        "README.md",
    ):
        assert (web / name).is_file(), name
    assert "1.9.4" in (web / "README.md").read_text()
    basemap = resource("basemap")
    assert "public domain" in (basemap / "README.md").read_text()
    admin1 = json.loads((basemap / "syria_admin1.geojson").read_text("utf-8"))
    assert len(admin1["features"]) == 14
    total = sum(p.stat().st_size for p in (*web.rglob("*"), *basemap.rglob("*")) if p.is_file())
    assert total < 600_000, "keep the vendored map small"


def test_user_text_is_escaped_inside_the_page(store: Store) -> None:
    store.add(
        "incident",
        {
            "event_date": "2019-05-01",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "location": "</script><script>alert(1)</script>",
            "latitude": 36.0,
            "longitude": 37.0,
            "notes": "<img src=x onerror=alert(1)> & \u2028 line",
        },
    )
    html = build_html(mapdata.payload(store, details=True))
    assert "</script><script>alert(1)" not in html
    assert "<img src=x" not in html
    start = re.search(r"FieldMap\.init\(\w+, ", html)
    assert start is not None
    decoder = json.JSONDecoder()
    _config, end = decoder.raw_decode(html, start.end())
    records, _ = decoder.raw_decode(html, html.index("{", end))
    assert records["incidents"]["loc"] == ["</script><script>alert(1)</script>"]
    assert records["incidents"]["extra"]["notes"][0].startswith("<img src=x onerror")


def test_payload_follows_the_filter(demo_store: Store) -> None:
    everything = mapdata.payload(demo_store)
    assert everything["incidents"]["n"] == 53 and everything["displacements"]["n"] == 12
    assert everything["missing"] == 0
    west, south, east, north = everything["bounds"]
    assert 36 < west < east < 38 and 35 < south < north < 37
    aleppo = mapdata.payload(demo_store, Filter(admin1="Aleppo"))
    assert 0 < aleppo["incidents"]["n"] < 53
    assert set(aleppo["incidents"]["admin1"]) == {"Aleppo"}
    protests = mapdata.payload(demo_store, Filter(event_type="Protests"))
    types = {mapdata.EVENT_TYPES[i] for i in protests["incidents"]["type"]}
    assert types == {"Protests"}


def test_records_without_coordinates_are_counted_not_drawn(store: Store) -> None:
    store.add(
        "incident",
        {
            "event_date": "2019-05-01",
            "event_type": "Protests",
            "sub_event_type": "Peaceful protest",
            "location": "Somewhere",
        },
    )
    data = mapdata.payload(store)
    assert data["incidents"]["n"] == 0 and data["missing"] == 1 and data["bounds"] is None


def test_other_folium_maps_keep_their_defaults() -> None:
    before = list(folium.Map.default_js)
    build_html(None)
    assert folium.Map.default_js == before
    other = folium.Map().get_root().render()
    assert "leaflet" in other and "cdn.jsdelivr.net" in other


def test_displacement_people() -> None:
    assert mapdata.people(70000, None, None) == 70000
    assert mapdata.people(None, 100, 5.5) == 550
    assert mapdata.people(None, 100, None) == 100
    assert mapdata.people(None, None, None) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--out FILE.html and/or --png"),
        (("--out", "x.html", "--tiles", "t.mbtiles"), "--tiles draws an archive under a --png"),
        (("--png", "x.png", "--size", "big"), "is not WIDTHxHEIGHT"),
        (("--png", "x.png", "--size", "50x50"), "between 100 and 8000"),
        (("--out", "x.html", "--from", "yesterday"), "--from"),
    ],
)
def test_map_command_errors(cli, demo_db_path: Path, tmp_path: Path, args, message) -> None:
    result = cli("--db", demo_db_path, "map", *args)
    assert result.code != 0
    assert message in result.err
