"""GeoJSON and GeoPackage exports, opened with GDAL (pyogrio) as QGIS would open them, and
checked against RFC 7946 and the GeoPackage 1.3 requirements GDAL does not check itself."""

from __future__ import annotations

import json
import sqlite3  # the exported GeoPackage file only: a file format, not fieldapp's database
import struct
import warnings
from pathlib import Path

import pyogrio
import pytest
from pyogrio import raw

from fieldapp.errors import Cancelled
from fieldapp.interchange import geo
from fieldapp.progress import Task
from fieldapp.store import geopackage

# Khan Shaykhun, Azaz, Saraqib: places the shipped gazetteer knows by exactly one name.
KHAN_SHAYKHUN = (36.6481, 35.4417)
AZAZ = (37.0463, 36.5862)

INCIDENTS = [
    {
        "event_date": "2019-05-14",
        "sub_event_type": "Air/drone strike",
        "location": "خان شيخون",
        "admin1": "Idlib",
        "latitude": KHAN_SHAYKHUN[1],
        "longitude": KHAN_SHAYKHUN[0],
        "geo_precision": 1,
        "killed": 2,
        "injured": 11,
        "targets": ["school", "residential"],
        "notes": "قصف على المدرسة",
    },
    {"event_date": "2019-05-15", "sub_event_type": "Armed clash", "location": "Somewhere"},
]
DISPLACEMENTS = [
    {  # arrived in Azaz from Saraqib: a flow Saraqib -> Azaz
        "report_date": "2019-06-01",
        "direction": "arrived",
        "location": "Azaz",
        "latitude": AZAZ[1],
        "longitude": AZAZ[0],
        "origin_location": "Saraqib",
        "origin_admin1": "Idlib",
        "individuals": 700,
        "households": 140,
        "household_size": 5,
    },
    {  # departed Khan Shaykhun for Azaz: a flow Khan Shaykhun -> Azaz
        "report_date": "2019-06-02",
        "direction": "departed",
        "location": "Khan Shaykhun",
        "latitude": KHAN_SHAYKHUN[1],
        "longitude": KHAN_SHAYKHUN[0],
        "destination_location": "أعزاز",
        "individuals": 70,
    },
    {  # a place no gazetteer knows: a point, no flow
        "report_date": "2019-06-03",
        "direction": "present",
        "location": "Azaz",
        "latitude": AZAZ[1],
        "longitude": AZAZ[0],
        "origin_location": "Qaryat Nowhere",
        "households": 12,
    },
    {  # Saraqib is in Idlib, not Hama: no guess
        "report_date": "2019-06-04",
        "direction": "arrived",
        "location": "Azaz",
        "latitude": AZAZ[1],
        "longitude": AZAZ[0],
        "origin_location": "Saraqib",
        "origin_admin1": "Hama",
        "individuals": 5,
    },
    {  # no coordinates: left out, counted
        "report_date": "2019-06-05",
        "direction": "departed",
        "location": "Saraqib",
        "destination_location": "Azaz",
        "individuals": 9,
    },
]


@pytest.fixture
def records(store) -> dict[str, list[dict]]:
    for values in INCIDENTS:
        store.add("incident", values)
    for values in DISPLACEMENTS:
        store.add("displacement", values)
    return {kind: store.query(kind) for kind in ("incident", "displacement")}


def _read(path: Path, layer: str | None = None):
    """pyogrio's info and (fields by name, geometries as WKB): GDAL's warnings are errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        info = pyogrio.read_info(path, layer=layer)
        meta, _index, geometry, fields = raw.read(path, layer=layer)
    return info, dict(zip(meta["fields"], fields, strict=True)), geometry


def _xy(wkb: bytes) -> list[tuple[float, float]]:
    order = "<" if wkb[0] == 1 else ">"
    kind = struct.unpack(order + "I", wkb[1:5])[0]
    if kind == 1:
        return [struct.unpack(order + "dd", wkb[5:21])]
    n = struct.unpack(order + "I", wkb[5:9])[0]
    return [struct.unpack(order + "dd", wkb[9 + 16 * i : 25 + 16 * i]) for i in range(n)]


def test_geopackage_opens_in_gdal_with_three_layers(records, tmp_path):
    out = tmp_path / "fieldapp.gpkg"
    written = geo.write_gpkg(records, out)
    assert written.features == {"incidents": 1, "displacement_points": 4, "displacement_flows": 2}
    assert written.without_coordinates == {"incident": 1, "displacement": 1}
    assert written.flows_unplaced == 3  # unknown, in another admin 1, no coordinates here
    layers = {name: kind for name, kind in pyogrio.list_layers(out)}
    assert layers == {
        "incidents": "Point",
        "displacement_points": "Point",
        "displacement_flows": "LineString",
    }
    info, fields, geometry = _read(out, "incidents")
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == 1
    assert info["geometry_type"] == "Point"
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["killed"] == "int64" and types["geo_precision"] == "int64"
    assert types["event_date"] == "datetime64[D]"  # a GeoPackage DATE
    assert types["latitude"] == "float64"
    assert fields["location"][0] == "خان شيخون"
    assert fields["notes"][0] == "قصف على المدرسة"
    assert fields["killed"][0] == 2 and fields["injured"][0] == 11
    assert fields["targets"][0] == "residential; school"
    placed = next(r for r in records["incident"] if r["latitude"] is not None)
    assert fields["id"][0] == placed["id"]
    assert _xy(geometry[0]) == [KHAN_SHAYKHUN]  # x = longitude, y = latitude


def test_geopackage_flows_run_from_origin_to_destination(records, tmp_path):
    out = tmp_path / "fieldapp.gpkg"
    geo.write_gpkg(records, out)
    info, fields, geometry = _read(out, "displacement_flows")
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "LineString"
    lines = {
        direction: _xy(wkb) for direction, wkb in zip(fields["direction"], geometry, strict=True)
    }
    origin, destination = lines["arrived"]
    assert destination == AZAZ and origin != AZAZ  # Saraqib, from the gazetteer
    assert 36.5 < origin[0] < 36.9 and 35.7 < origin[1] < 36.0
    assert lines["departed"][0] == KHAN_SHAYKHUN
    assert lines["departed"][1] == pytest.approx(AZAZ, abs=0.05)
    arrived = list(fields["direction"]).index("arrived")
    assert fields["origin_place"][arrived] == "Saraqib"
    assert fields["origin_match"][arrived] == "gazetteer"
    assert fields["destination_match"][arrived] == "record"
    assert fields["individuals"][arrived] == 700
    assert fields["household_size"][arrived] == 5.0


def test_geopackage_meets_the_specification(records, tmp_path):
    """What `ogrinfo` and the OGC validator look at, read from the file itself."""
    out = tmp_path / "fieldapp.gpkg"
    geo.write_gpkg(records, out)
    assert out.read_bytes()[68:72] == b"GPKG"  # application_id in the SQLite header
    conn = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        srs = {row[1]: row for row in conn.execute("SELECT * FROM gpkg_spatial_ref_sys")}
        assert set(srs) == {-1, 0, 4326}
        assert srs[4326][2:4] == ("EPSG", 4326)
        contents = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT table_name, data_type, min_x, min_y, max_x, max_y, srs_id "
                "FROM gpkg_contents"
            )
        }
        assert set(contents) == {"incidents", "displacement_points", "displacement_flows"}
        assert contents["incidents"] == ("features", *KHAN_SHAYKHUN, *KHAN_SHAYKHUN, 4326)
        assert contents["displacement_points"] == ("features", *KHAN_SHAYKHUN, *AZAZ, 4326)
        columns = set(conn.execute("SELECT * FROM gpkg_geometry_columns"))
        assert columns == {
            ("incidents", "geom", "POINT", 4326, 0, 0),
            ("displacement_points", "geom", "POINT", 4326, 0, 0),
            ("displacement_flows", "geom", "LINESTRING", 4326, 0, 0),
        }
        blob = conn.execute("SELECT geom FROM incidents").fetchone()[0]
    finally:
        conn.close()
    magic, version, flags, srs_id = struct.unpack("<2sBBi", blob[:8])
    assert (magic, version, srs_id) == (b"GP", 0, 4326)
    assert flags & 1 == 1 and (flags >> 1) & 0b111 == 1  # little-endian, xy envelope
    envelope = struct.unpack("<4d", blob[8:40])
    assert envelope == (KHAN_SHAYKHUN[0], KHAN_SHAYKHUN[0], KHAN_SHAYKHUN[1], KHAN_SHAYKHUN[1])
    assert _xy(blob[40:]) == [KHAN_SHAYKHUN]


def test_wkb_by_hand():
    assert geopackage.wkb("POINT", [(1.5, -2.0)]) == struct.pack("<BIdd", 1, 1, 1.5, -2.0)
    line = geopackage.wkb("LINESTRING", [(0.0, 1.0), (2.0, 3.0)])
    assert line == struct.pack("<BII4d", 1, 2, 2, 0.0, 1.0, 2.0, 3.0)


def test_geojson_follows_rfc_7946_and_opens_in_gdal(records, tmp_path):
    out = tmp_path / "fieldapp.geojson"
    written = geo.write_geojson(records, out)
    assert written.features == {"incidents": 1, "displacement_points": 4, "displacement_flows": 2}
    raw_bytes = out.read_bytes()
    assert not raw_bytes.startswith(b"\xef\xbb\xbf")  # RFC 7946 section 11: no BOM
    doc = json.loads(raw_bytes.decode("utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    west, south, east, north = doc["bbox"]
    assert (west, south, east, north) == pytest.approx(
        (KHAN_SHAYKHUN[0], KHAN_SHAYKHUN[1], AZAZ[0], AZAZ[1]), abs=0.5
    )
    by_layer: dict[str, list[dict]] = {}
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        by_layer.setdefault(feature["properties"]["layer"], []).append(feature)
        geometry = feature["geometry"]
        positions = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        for lon, lat in positions:  # longitude first, both in range, at most 6 decimals
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert round(lon, 6) == lon and round(lat, 6) == lat
        assert geometry["type"] == (
            "LineString" if feature["properties"]["layer"].endswith("flows") else "Point"
        )
    assert {k: len(v) for k, v in by_layer.items()} == written.features
    ids = [feature["id"] for feature in doc["features"]]
    assert len(set(ids)) == len(ids)  # RFC 7946 3.2: the identifier of each feature
    assert all(f["id"] == f["properties"]["id"] for f in by_layer["incidents"])
    assert all(f["id"].endswith("/flow") for f in by_layer["displacement_flows"])
    incident = by_layer["incidents"][0]
    assert incident["geometry"]["coordinates"] == list(KHAN_SHAYKHUN)
    props = incident["properties"]
    assert props["killed"] == 2 and isinstance(props["killed"], int)
    assert props["geo_precision"] == 1
    assert props["event_date"] == "2019-05-14"
    assert props["targets"] == ["residential", "school"]
    assert props["location"] == "خان شيخون"
    info, fields, _geometry = _read(out)
    assert info["crs"] == "EPSG:4326"
    assert info["features"] == 7
    assert "قصف على المدرسة" in list(fields["notes"])


def test_only_the_kinds_asked_for(records, tmp_path):
    out = tmp_path / "incidents.gpkg"
    written = geo.write_gpkg({"incident": records["incident"]}, out)
    assert written.features == {"incidents": 1}
    assert [name for name, _kind in pyogrio.list_layers(out)] == ["incidents"]


def test_an_empty_layer_is_still_a_layer(tmp_path):
    out = tmp_path / "empty.gpkg"
    geo.write_gpkg({"incident": [], "displacement": []}, out)
    info, _fields, _geometry = _read(out, "displacement_flows")
    assert info["features"] == 0 and info["crs"] == "EPSG:4326"
    assert info["geometry_type"] == "LineString"


def test_cancel_leaves_the_old_file_and_no_temporary_one(records, tmp_path):
    for writer, name in ((geo.write_gpkg, "out.gpkg"), (geo.write_geojson, "out.geojson")):
        out = tmp_path / name
        out.write_bytes(b"before")
        with pytest.raises(Cancelled):
            writer(records, out, task=Task(cancelled=lambda: True))
        assert out.read_bytes() == b"before"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_place_finder_can_be_given(records, tmp_path):
    """The other end of a flow comes from `place` when one is given (no gazetteer)."""
    found = []

    def place(name, admin1):
        found.append((name, admin1))
        return (40.0, 35.0)

    written = geo.write_geojson(records, tmp_path / "x.geojson", place=place)
    assert written.features["displacement_flows"] == 4
    assert ("Saraqib", "Hama") in found


def test_a_full_disk_is_said_and_leaves_nothing(records, tmp_path, monkeypatch):
    """SQLite's "disk is full" while the GeoPackage is built: a DiskFull naming the file,
    the earlier file kept, no temporary file left."""
    from fieldapp.errors import DiskFull

    def full(path, layers, cancelled):
        path.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(geopackage, "_fill", full)
    folder = tmp_path / "stick"
    folder.mkdir()
    out = folder / "out.gpkg"
    out.write_bytes(b"before")
    with pytest.raises(DiskFull) as info:
        geo.write_gpkg(records, out)
    # (tmp_path is inside the temporary folder, so the message names that folder)
    assert info.value.code in ("file.disk_full", "file.temp_disk_full")
    assert out.read_bytes() == b"before"
    assert [p.name for p in folder.iterdir()] == ["out.gpkg"]


def test_the_place_index_agrees_with_the_gazetteer_search():
    """A flow's other end is a place whose name search() scores 100, when exactly one is."""
    from fieldapp.maps import gazetteer

    places = geo.GazetteerPlaces()
    search = gazetteer.default().search
    names = ["Saraqib", "Azaz", "أعزاز", "Idlib", "Aleppo", "Khan Sheikhoun", "Atmeh", "Hama"]
    names += [p.name for p in gazetteer.default().places[::50]]
    for name in names:
        exact = {m.place.id: m.place for m in search(name, limit=50) if m.score >= 100}
        expected = None
        if len(exact) == 1:
            (place,) = exact.values()
            expected = (round(place.lon, 6), round(place.lat, 6))
        assert places(name, None) == expected, name
