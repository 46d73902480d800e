"""Records as GIS layers: GeoJSON (RFC 7946) and GeoPackage, in WGS 84 (EPSG:4326).

Analysts open these in QGIS or read them with GDAL; both formats carry the same three
layers, so a map made from one works with the other:

- ``incidents``: one Point per incident that has coordinates;
- ``displacement_points``: one Point per displacement report that has coordinates;
- ``displacement_flows``: one LineString origin -> destination per displacement report
  whose two ends are both known. "This place" (the report's location) is the origin of a
  ``departed`` count and the destination of an ``arrived`` or ``present`` one; its end is
  the record's own coordinates. The other end is the place named in origin_location
  (``arrived``/``present``) or destination_location (``departed``), found in the offline
  gazetteer only when exactly one place has that name after spelling-neutral folding (in
  the named admin 1, when one is given): a line drawn to the wrong village misleads more
  than a missing one.

Records without coordinates are left out and counted (GeoWritten.without_coordinates);
so are reports naming the other end whose line cannot be drawn: that place unknown or
ambiguous, or the report itself without coordinates (GeoWritten.flows_unplaced).

Properties are the record's columns (id, every field, created_at, updated_at, device,
revision), typed: counts and geo_precision are integers, household_size and coordinates
numbers, dates ISO text (GeoPackage DATE columns), targets and cause_incidents lists (JSON
arrays in GeoJSON, "a; b" text in GeoPackage). Flows add origin_place, origin_match,
destination_place, destination_match (match: "record" = the record's coordinates,
"register" = the point the places register holds for the end's location P-code,
"gazetteer" = found by name). Coordinates are rounded to 6 decimals (about 0.1 m; the
precision fieldapp stores).

GeoJSON is one FeatureCollection (no "crs" member: RFC 7946 coordinates are always WGS 84
longitude, latitude, which GDAL reads as EPSG:4326) whose features carry a "layer"
property naming their layer, and the record id as their "id" ("<id>/flow" for a flow).
GeoPackage has one feature table per layer.

Entry points (records: kind -> the records as Store.query returns them, dicts of columns;
a kind left out is not written; `place` resolves a place name, for tests):

    write_geojson(records, out: Path, *, task=NO_TASK, place=None) -> GeoWritten
    write_gpkg(records, out: Path, *, task=NO_TASK, place=None) -> GeoWritten
    build_layers(records, *, task=NO_TASK, place=None) -> GeoLayers

Both writers write whole or not at all (a temporary name, then a rename); a full disk is
a DiskFull naming `out`; Cancel (task) stops before the file is replaced.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp import diskfull
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, META_COLUMNS
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import geopackage
from fieldapp.store.geopackage import Layer, Position

INCIDENTS, DISPLACEMENT_POINTS, DISPLACEMENT_FLOWS = (
    "incidents",
    "displacement_points",
    "displacement_flows",
)
LAYER_KIND = {
    INCIDENTS: INCIDENT,
    DISPLACEMENT_POINTS: DISPLACEMENT,
    DISPLACEMENT_FLOWS: DISPLACEMENT,
}
DESCRIPTIONS = {
    INCIDENTS: "fieldapp incidents",
    DISPLACEMENT_POINTS: "fieldapp displacement reports at their location",
    DISPLACEMENT_FLOWS: "fieldapp displacement reports, origin to destination",
}
DECIMALS = 6
FLOW_COLUMNS = (
    ("origin_place", "text"),
    ("origin_match", "text"),
    ("destination_place", "text"),
    ("destination_match", "text"),
)
LIST_SEPARATOR = "; "

PlaceFinder = Callable[[str, str | None], Position | None]
# A P-code to the point the places register holds for it (a community's or a site's).
CodeFinder = Callable[[str], Position | None]


def _column_type(field_type: str, numeric_choice: bool) -> str:
    if field_type in ("int", "float", "date"):
        return field_type
    if field_type == "choice" and numeric_choice:
        return "int"
    if field_type in ("multi", "idlist"):
        return "list"
    return "text"


def columns(kind: str) -> tuple[tuple[str, str], ...]:
    """(name, type) of each property of a kind's features: text, date, int, float, list."""
    out = [("id", "text")]
    for f in FIELDS[kind]:
        numeric = f.type == "choice" and all(isinstance(k, int) for k in f.choices())  # type: ignore[misc]
        out.append((f.name, _column_type(f.type, numeric)))
    out += [(name, "text") for name in META_COLUMNS[1:]]
    return tuple(out)


@dataclass
class GeoLayers:
    layers: dict[str, Layer]
    without_coordinates: dict[str, int] = field(default_factory=dict)
    flows_unplaced: int = 0


@dataclass(frozen=True)
class GeoWritten:
    path: Path
    features: dict[str, int]  # layer -> features written
    without_coordinates: dict[str, int]  # kind -> records left out for want of coordinates
    flows_unplaced: int  # displacement reports whose other end could not be placed


def _position(lat: object, lon: object) -> Position | None:
    if lat is None or lon is None:
        return None
    return (round(float(lon), DECIMALS), round(float(lat), DECIMALS))  # type: ignore[arg-type]


class GazetteerPlaces:
    """Place names to coordinates through the offline gazetteer, unambiguous matches only.

    A name matches a place when it is the same as one of the place's names after the
    gazetteer's spelling-neutral folding (what its search scores 100): an index of the
    folded names, built once (~0.2 s), answers each name at once, where a search takes
    ~30 ms."""

    def __init__(self) -> None:
        from fieldapp.maps import gazetteer

        self._gazetteer = gazetteer.default()
        self._fold = gazetteer.fold
        self._index: dict[str, set[int]] = {}
        for i, place in enumerate(self._gazetteer.places):
            for name in (place.name, *place.alternate_names):
                folded = self._fold(name)
                if folded:
                    self._index.setdefault(folded, set()).add(i)
        self._cache: dict[tuple[str, str | None], Position | None] = {}

    def __call__(self, name: str, admin1: str | None) -> Position | None:
        key = (name, admin1)
        if key not in self._cache:
            self._cache[key] = self._find(name, admin1)
        return self._cache[key]

    def _find(self, name: str, admin1: str | None) -> Position | None:
        places = self._gazetteer.places
        exact = [places[i] for i in self._index.get(self._fold(name.strip()), ())]
        area = self._gazetteer.governorate(admin1) if admin1 else None
        if area is not None:
            exact = [p for p in exact if p.admin1 == area.name]
        if len(exact) != 1:
            return None  # unknown, or several places of that name: no guess
        return _position(exact[0].lat, exact[0].lon)


def _values(kind_columns: Iterable[tuple[str, str]], record: Mapping[str, object]) -> list:
    return [record.get(name) for name, _type in kind_columns]


def _other_end(record: Mapping[str, object]) -> str:
    """Which end of the movement a report names by place: where a departed count went,
    where an arrived or present one came from."""
    return "destination" if record.get("direction") == "departed" else "origin"


def _flow(
    record: Mapping[str, object],
    here: Position | None,
    place: PlaceFinder,
    codes: CodeFinder | None = None,
) -> tuple[list[Position], list[object]] | None:
    """The origin -> destination line of a displacement report, with the flow columns.
    The other end is found by its P-code in the places register first (a join, not a
    guess), then by its name in the gazetteer."""
    departed = record.get("direction") == "departed"
    other = _other_end(record)
    name = record.get(f"{other}_location")
    code = record.get(f"{other}_location_pcode")
    if here is None or not (name or code):
        return None
    there, how = (codes(str(code)), "register") if codes and code else (None, "")
    if there is None and name:
        there, how = place(str(name), record.get(f"{other}_admin1")), "gazetteer"  # type: ignore[arg-type]
    if there is None or there == here:
        return None
    location = record.get("location")
    if departed:
        return [here, there], [location, "record", name or code, how]
    return [there, here], [name or code, how, location, "record"]


def build_layers(
    records: Mapping[str, Iterable[Mapping[str, object]]],
    *,
    task: Task = NO_TASK,
    place: PlaceFinder | None = None,
    codes: CodeFinder | None = None,
) -> GeoLayers:
    """The layers of the kinds given in `records` (a kind not given has no layer)."""
    rows = {kind: list(records[kind]) for kind in (INCIDENT, DISPLACEMENT) if kind in records}
    total, done = sum(len(r) for r in rows.values()), 0
    out = GeoLayers(layers={})
    if INCIDENT in rows:
        out.layers[INCIDENTS] = Layer(INCIDENTS, "POINT", columns(INCIDENT))
    if DISPLACEMENT in rows:
        out.layers[DISPLACEMENT_POINTS] = Layer(DISPLACEMENT_POINTS, "POINT", columns(DISPLACEMENT))
        out.layers[DISPLACEMENT_FLOWS] = Layer(
            DISPLACEMENT_FLOWS, "LINESTRING", columns(DISPLACEMENT) + FLOW_COLUMNS
        )
        place = place or GazetteerPlaces()
    for kind, kind_rows in rows.items():
        point_layer = out.layers[INCIDENTS if kind == INCIDENT else DISPLACEMENT_POINTS]
        out.without_coordinates[kind] = 0
        for record in kind_rows:
            here = _position(record.get("latitude"), record.get("longitude"))
            values = _values(point_layer.columns, record)
            if here is None:
                out.without_coordinates[kind] += 1
            else:
                point_layer.features.append(([here], values))
            if kind == DISPLACEMENT:
                flow = _flow(record, here, place, codes)  # type: ignore[arg-type]
                if flow is not None:
                    out.layers[DISPLACEMENT_FLOWS].features.append((flow[0], values + flow[1]))
                elif record.get(f"{_other_end(record)}_location") or record.get(
                    f"{_other_end(record)}_location_pcode"
                ):
                    out.flows_unplaced += 1
            done += 1
            if done % 500 == 0 or done == total:
                task.check()
                task.report(done, total)
    for name, layer in out.layers.items():
        layer.description = DESCRIPTIONS[name]
    return out


def _written(out: Path, data: GeoLayers) -> GeoWritten:
    return GeoWritten(
        out,
        {name: len(layer.features) for name, layer in data.layers.items()},
        dict(data.without_coordinates),
        data.flows_unplaced,
    )


def _geometry(layer: Layer, positions: list[Position]) -> dict[str, object]:
    if layer.geometry == "POINT":
        return {"type": "Point", "coordinates": list(positions[0])}
    return {"type": "LineString", "coordinates": [list(p) for p in positions]}


def geojson_bytes(data: GeoLayers) -> bytes:
    """One RFC 7946 FeatureCollection of every layer, UTF-8 without a BOM."""
    features = []
    for name, layer in data.layers.items():
        names = [n for n, _t in layer.columns]
        for positions, values in layer.features:
            properties = {"layer": name, **dict(zip(names, values, strict=True))}
            feature: dict[str, object] = {"type": "Feature"}
            if properties.get("id"):  # unique in the collection: a flow is "<id>/flow"
                feature["id"] = properties["id"] + ("/flow" if name == DISPLACEMENT_FLOWS else "")
            feature["geometry"] = _geometry(layer, list(positions))
            feature["properties"] = properties
            features.append(feature)
    collection: dict[str, object] = {"type": "FeatureCollection"}
    boxes = [b for layer in data.layers.values() if (b := layer.bounds())]
    if boxes:
        collection["bbox"] = [
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        ]
    collection["features"] = features
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_geojson(
    records: Mapping[str, Iterable[Mapping[str, object]]],
    out: Path,
    *,
    task: Task = NO_TASK,
    place: PlaceFinder | None = None,
    codes: CodeFinder | None = None,
) -> GeoWritten:
    """Write the records as one GeoJSON FeatureCollection (see the module docstring)."""
    data = build_layers(records, task=task, place=place, codes=codes)
    payload = geojson_bytes(data)
    task.check()
    diskfull.write_atomically(Path(out), payload)
    return _written(Path(out), data)


def _gpkg_layer(layer: Layer) -> Layer:
    """The layer with list values as text and list columns as text (GeoPackage has no
    list type)."""
    lists = [i for i, (_n, t) in enumerate(layer.columns) if t == "list"]
    cols = [(n, "text" if t == "list" else t) for n, t in layer.columns]
    features = []
    for positions, values in layer.features:
        row = list(values)
        for i in lists:
            row[i] = LIST_SEPARATOR.join(row[i]) if row[i] else None  # type: ignore[arg-type]
        features.append((positions, row))
    return Layer(layer.name, layer.geometry, cols, features, layer.description)


def write_gpkg(
    records: Mapping[str, Iterable[Mapping[str, object]]],
    out: Path,
    *,
    task: Task = NO_TASK,
    place: PlaceFinder | None = None,
    codes: CodeFinder | None = None,
) -> GeoWritten:
    """Write the records as a GeoPackage, one feature table per layer."""
    data = build_layers(records, task=task, place=place, codes=codes)
    layers = [_gpkg_layer(layer) for layer in data.layers.values()]
    geopackage.write(Path(out), layers, task.cancelled)
    return _written(Path(out), data)
