"""The map page: a folium shell with every script, style and shape inlined.

folium lays out the page (the map element, its size, the `L.map` call); everything it would
fetch from a CDN is replaced per instance (never through the class attributes, which every
folium map in the process shares) by the vendored files in resources/web, inlined, so the
page needs no network and no files beside it. The app never writes its own page to a file:
the window and the map images get `build_html(None)` (no record in it; they are pushed
later) served from memory by fieldapp.qtkit.web. `write_page` is for the page the user
exports (`fieldapp map --out FILE.html`), records included.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from fieldapp.maps import data as mapdata
from fieldapp.maps import towns as maptowns
from fieldapp.paths import resource

SYRIA_CENTER = (35.0, 38.4)
SYRIA_ZOOM = 7
BOUNDARY_ATTRIBUTION = "Boundaries: Natural Earth (public domain)"
PLACES_ATTRIBUTION = "Places: GeoNames (CC BY 4.0)"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
# fieldapp's page code, in the order it runs: the shared kit first, the page itself last
PAGE_SCRIPTS = (
    "fieldmap-kit.js",
    "fieldmap-points.js",
    "fieldmap-popups.js",
    "fieldmap-towns.js",
    "fieldmap-view.js",
    "fieldmap.js",
)

# English labels the page shows (key -> default text); the UI passes translated ones.
DEFAULT_TEXT = {"departed": "Departed", "arrived": "Arrived", "present": "Present"}
# How the page writes numbers and which way it runs: the UI passes the interface's.
DEFAULT_LOCALE = {"lang": "en", "dir": "ltr", "locale": "en-GB", "digits": "0123456789"}
LABELS = (
    "Incidents",
    "Displacement",
    "Governorates",
    "Governorate names",
    "Offline boundaries",
    "Tile archive",
    "Date",
    "Event type",
    "Sub-event type",
    "Killed",
    "Injured",
    "Direction",
    "Individuals",
    "Households",
    "Admin 1",
    "Actor 1",
    "Source",
    "Open record",
    "(no location)",
    "Circle area: people",
    "Not on the map (no coordinates)",
    "Zoom in",
    "Zoom out",
    "km",
    "m",
    "Zoom to records",
    "Town names",
    "and {n} more",
    BOUNDARY_ATTRIBUTION,
    PLACES_ATTRIBUTION,
    *mapdata.DIRECTIONS,
    *mapdata.EVENT_TYPES,
    *mapdata.SUB_EVENT_TYPES,
)


def texts(translate: Callable[[str, str], str]) -> dict[str, str]:
    """The page's labels through a translator, `translate(context, source) -> text`.

    Vocabulary terms use the "vocab" context the tables use; everything else "MapPage".
    The app passes QCoreApplication.translate; a map image for a report passes the
    report language's catalogue. Not cached: the app's translate is one function whatever
    the language, and a live language switch must get the new language's labels.
    """
    vocabulary = {*mapdata.EVENT_TYPES, *mapdata.SUB_EVENT_TYPES}
    return {
        key: translate("vocab", key)
        if key in vocabulary
        else translate("MapPage", DEFAULT_TEXT.get(key, key))
        for key in LABELS
    }


def _asset(*parts: str) -> str:
    return resource("web", *parts).read_text(encoding="utf-8")


@cache
def _leaflet_css() -> str:
    """Leaflet's stylesheet with its images inlined as data: URIs."""
    css = _asset("leaflet", "leaflet.css")

    def inline(match: re.Match[str]) -> str:
        name = match.group(1)
        png = resource("web", "leaflet", "images", name).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(png).decode()})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


@cache
def basemap() -> dict[str, Any]:
    return {
        "countries": json.loads(resource("basemap", "countries.geojson").read_text("utf-8")),
        "admin1": json.loads(resource("basemap", "syria_admin1.geojson").read_text("utf-8")),
    }


def _script(text: str) -> str:
    return "<script>\n" + text.replace("</script", "<\\/script") + "\n</script>"


class _FieldMapInit(MacroElement):
    """Calls FieldMap.init with the folium map object once folium has created it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        FieldMap.init({{ this._parent.get_name() }}, {{ this.config }},
            {{ this.data }});
        {% endmacro %}
        """
    )

    def __init__(self, config: str, data: str):
        super().__init__()
        self._name = "FieldMapInit"
        self.config = config
        self.data = data


class OfflineMap(folium.Map):
    """A folium Map that links nothing from the network."""

    def __init__(self, **kwargs: Any):
        super().__init__(tiles=None, **kwargs)
        # Instance attributes: folium.Map.default_js/css stay untouched for other maps.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []


def build_html(
    records: Mapping[str, Any] | None = None,
    *,
    tiles: Mapping[str, Any] | None = None,
    channel: bool = False,
    labels: Mapping[str, str] | None = None,
    center: tuple[float, float] = SYRIA_CENTER,
    zoom: int = SYRIA_ZOOM,
    title: str = "fieldapp map",
    animate: bool = True,
    collapsed_layers: bool = True,
    locale: Mapping[str, str] | None = None,
    towns: Mapping[str, Any] | None = None,
    image: bool = False,
) -> str:
    """The page as text. `records` is data.payload(); `channel` wires the app's bridge;
    `labels` and `locale` (DEFAULT_LOCALE's keys: lang, dir, locale, digits) put the page in
    the interface's language and direction, town names included (`towns` is
    towns.payload(), by default the gazetteer's in the page's language). `image` is a page
    drawn to be saved as a picture: no buttons, and a bigger legend."""
    m = OfflineMap(location=list(center), zoom_start=zoom, font_size="12px")
    root = m.get_root()
    head = root.header
    head.add_child(Element(f"<title>{_escape(title)}</title>"), name="title")
    head.add_child(Element(f"<style>{_leaflet_css()}</style>"), name="leaflet_css")
    head.add_child(Element(f"<style>{_asset('fieldmap.css')}</style>"), name="fieldmap_css")
    head.add_child(Element(_script(_asset("leaflet", "leaflet.js"))), name="leaflet_js")
    if channel:
        head.add_child(Element(f'<script src="{QWEBCHANNEL_JS}"></script>'), name="qwebchannel")
    for name in PAGE_SCRIPTS:
        head.add_child(Element(_script(_asset(name))), name=name.replace("-", "_"))
    page_locale = {**DEFAULT_LOCALE, **(locale or {})}
    text = {k: (labels or {}).get(k, DEFAULT_TEXT.get(k, k)) for k in LABELS}
    config = {
        "types": list(mapdata.EVENT_TYPES),
        "subs": list(mapdata.SUB_EVENT_TYPES),
        "directions": list(mapdata.DIRECTIONS),
        "colours": mapdata.TYPE_COLOURS,
        "direction_colours": mapdata.DIRECTION_COLOURS,
        "labels": text,
        **page_locale,
        "basemap": basemap(),
        "attribution": f"{text[BOUNDARY_ATTRIBUTION]} · {text[PLACES_ATTRIBUTION]}",
        "towns": dict(towns) if towns is not None else maptowns.payload(page_locale["lang"]),
        "tiles": dict(tiles) if tiles else None,
        "animate": animate,
        "collapsed_layers": collapsed_layers,
        "image": image,
    }
    m.add_child(
        _FieldMapInit(mapdata.to_json(config), mapdata.to_json(records) if records else "null")
    )
    return root.render()


def write_page(path: str | Path, records: Mapping[str, Any] | None = None, **kwargs: Any) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_html(records, **kwargs), encoding="utf-8")
    return path


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
