"""Records as the map page wants them: compact columnar arrays, not one object per record.

A page with one folium object per record takes 24 s to draw 10,000 markers; columns of
plain values parse in milliseconds and the page turns them into canvas markers in one go.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fieldapp.domain import vocab
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.store import places as store_places
from fieldapp.store.query import Filter

EVENT_TYPES: tuple[str, ...] = tuple(vocab.EVENT_TYPES)
SUB_EVENT_TYPES: tuple[str, ...] = vocab.SUB_EVENT_TYPES
DIRECTIONS: tuple[str, ...] = tuple(vocab.DIRECTIONS)

# ColorBrewer-like, distinguishable on the pale base map and in grey print.
TYPE_COLOURS: dict[str, str] = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2471a3",
    "Riots": "#d35d9c",
    "Strategic developments": "#6f7b7f",
}
DIRECTION_COLOURS: dict[str, str] = {
    "departed": "#a04000",
    "arrived": "#138d75",
    "present": "#7d8b12",
}
NOTES_LIMIT = 400  # characters of a note carried into a standalone page's popups

_Area = Callable[[str | None, str | None], str | None]  # (stored name, code) -> name shown

_INCIDENT_COLS = (
    "id",
    "latitude",
    "longitude",
    "event_type",
    "sub_event_type",
    "event_date",
    "location",
    "killed",
    "injured",
    "admin1",
    "admin1_pcode",
)
_DISPLACEMENT_COLS = (
    "id",
    "latitude",
    "longitude",
    "direction",
    "report_date",
    "location",
    "individuals",
    "households",
    "household_size",
    "admin1",
    "admin1_pcode",
)
_EXTRA = ("actor1", "source", "notes")


def people(individuals: int | None, households: int | None, size: float | None) -> int:
    """How many people a displacement count stands for (circle size)."""
    if individuals:
        return int(individuals)
    if households and size:
        return round(households * size)
    return int(households or 0)


def payload(
    store: Store, flt: Filter | None = None, *, details: bool = False, arabic: bool = False
) -> dict[str, Any]:
    """Every record matching `flt` that has coordinates, as columns.

    `details` adds actors, source and (shortened) notes for pages with no link back to the
    app (a standalone HTML file); in the app a popup asks Python for them on demand.
    `arabic`: a page in Arabic, whose popups name a governorate as the register does in
    Arabic (PlaceIndex.arabic_name: إدلب for a record storing Idleb, SY07).
    """
    extent = _Extent()
    area = _area_names(store) if arabic else _as_stored
    inc, type_counts = _incident_columns(store, flt, details, extent, area)
    dis = _displacement_columns(store, flt, details, extent, area)
    shown = inc["n"] or dis["n"]
    return {
        "incidents": inc,
        "displacements": dis,
        "type_counts": type_counts,
        "missing": extent.missing,
        "bounds": extent.bounds() if shown else None,
    }


def _as_stored(name: str | None, code: str | None) -> str | None:
    return name


def _area_names(store: Store) -> _Area:
    index = store_places.index(store)
    return lambda name, code: index.arabic_name(code, name) or name


class _Extent:
    """The box around the records placed so far, and how many had no coordinates."""

    def __init__(self) -> None:
        self.west = self.south = 999.0
        self.east = self.north = -999.0
        self.missing = 0

    def place(self, lat: float | None, lon: float | None) -> bool:
        """Widen the box to (lat, lon); False (and counted as missing) without both."""
        if lat is None or lon is None:
            self.missing += 1
            return False
        self.west, self.east = min(self.west, lon), max(self.east, lon)
        self.south, self.north = min(self.south, lat), max(self.north, lat)
        return True

    def bounds(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]


def _incident_columns(
    store: Store, flt: Filter | None, details: bool, extent: _Extent, area: _Area
) -> tuple[dict[str, Any], dict[str, int]]:
    """The incidents' columns, and how many incidents of each event type are shown."""
    type_index = {name: i for i, name in enumerate(EVENT_TYPES)}
    sub_index = {name: i for i, name in enumerate(SUB_EVENT_TYPES)}
    inc: dict[str, Any] = {
        k: []
        for k in ("ids", "lat", "lon", "type", "sub", "date", "loc", "killed", "injured", "admin1")
    }
    type_counts: dict[str, int] = {}
    extra: dict[str, list[Any]] = {k: [] for k in _EXTRA}
    cols = _INCIDENT_COLS + (_EXTRA if details else ())
    for row in store.query_rows(INCIDENT, flt, cols=cols):
        rid, lat, lon, etype, sub, date, loc, killed, injured, admin1, code = row[:11]
        if not extent.place(lat, lon):
            continue
        inc["ids"].append(rid)
        inc["lat"].append(round(lat, 5))
        inc["lon"].append(round(lon, 5))
        inc["type"].append(type_index.get(etype, -1))
        inc["sub"].append(sub_index.get(sub, -1))
        inc["date"].append(date)
        inc["loc"].append(loc)
        inc["killed"].append(killed)
        inc["injured"].append(injured)
        inc["admin1"].append(area(admin1, code))
        type_counts[etype] = type_counts.get(etype, 0) + 1
        if details:
            for name, value in zip(_EXTRA, row[11:], strict=True):
                extra[name].append(_short(value))
    inc["n"] = len(inc["ids"])
    if details:
        inc["extra"] = extra
    return inc, type_counts


_DISPLACEMENT_KEYS = (
    "ids",
    "lat",
    "lon",
    "dir",
    "date",
    "loc",
    "individuals",
    "households",
    "people",
    "admin1",
)


def _displacement_columns(
    store: Store, flt: Filter | None, details: bool, extent: _Extent, area: _Area
) -> dict[str, Any]:
    """The displacement reports' columns (no actors: a displacement names none)."""
    dir_index = {name: i for i, name in enumerate(DIRECTIONS)}
    dis: dict[str, Any] = {k: [] for k in _DISPLACEMENT_KEYS}
    extra: dict[str, list[Any]] = {k: [] for k in _EXTRA}
    extra_cols = ("source", "notes") if details else ()
    for row in store.query_rows(DISPLACEMENT, flt, cols=_DISPLACEMENT_COLS + extra_cols):
        rid, lat, lon, direction, date, loc, individuals, households, size, admin1 = row[:10]
        code = row[10]
        if not extent.place(lat, lon):
            continue
        dis["ids"].append(rid)
        dis["lat"].append(round(lat, 5))
        dis["lon"].append(round(lon, 5))
        dis["dir"].append(dir_index.get(direction, -1))
        dis["date"].append(date)
        dis["loc"].append(loc)
        dis["individuals"].append(individuals)
        dis["households"].append(households)
        dis["people"].append(people(individuals, households, size))
        dis["admin1"].append(area(admin1, code))
        if details:
            extra["actor1"].append(None)
            extra["source"].append(_short(row[11]))
            extra["notes"].append(_short(row[12]))
    dis["n"] = len(dis["ids"])
    if details:
        dis["extra"] = extra
    return dis


def record_details(store: Store, record_id: str) -> dict[str, Any]:
    """What a popup shows beyond the compact columns (asked for when the popup opens)."""
    record = store.get(record_id) or {}
    return {
        "actor1": record.get("actor1"),
        "source": record.get("source"),
        "notes": _short(record.get("notes")),
    }


def _short(value: object) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    return text if len(text) <= NOTES_LIMIT else text[: NOTES_LIMIT - 1] + "…"


def to_json(data: object) -> str:
    """Compact JSON that is also safe inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
