"""An OGC GeoPackage 1.3 file of point and line layers in EPSG:4326, written from scratch.

A GeoPackage is an SQLite file in a set layout, so writing one takes SQL; SQL lives in the
store (tests/test_one_door.py), and this module is the store's only writer of a file that
is not fieldapp's database: it opens the NEW output file (a temporary name beside the
user's file, renamed over it when complete), never a Store's.

What GDAL/QGIS need and the specification requires is all here: application_id 'GPKG' and
user_version 10300; gpkg_spatial_ref_sys with EPSG:4326 and the two undefined systems (-1,
0); gpkg_contents with each layer's bounds; gpkg_geometry_columns; one feature table per
layer with an integer primary key and a geometry column of GeoPackageBinary blobs
("GP", version 0, flags: little-endian with an [minx, maxx, miny, maxy] envelope, srs_id,
then the standard WKB of a Point or LineString). No R-tree spatial index: it is optional,
and layers of tens of thousands of features draw quickly without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp import diskfull
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.progress import check

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300  # GeoPackage 1.3.0
SRS_ID = 4326
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
# GeoPackage column types for the value types a layer may hold.
COLUMN_TYPES = {"text": "TEXT", "date": "DATE", "int": "INTEGER", "float": "REAL"}
WKB_TYPES = {"POINT": 1, "LINESTRING": 2}

Position = tuple[float, float]  # (longitude, latitude): x then y, as WKB orders them


@dataclass
class Layer:
    """One feature table: `columns` are (name, type) with type a key of COLUMN_TYPES;
    each feature is (positions, values in column order); a POINT has one position."""

    name: str
    geometry: str  # POINT | LINESTRING
    columns: Sequence[tuple[str, str]]
    features: list[tuple[Sequence[Position], Sequence[object]]] = field(default_factory=list)
    description: str = ""

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min_x, min_y, max_x, max_y) of every position, None for an empty layer."""
        xs = [x for positions, _ in self.features for x, _y in positions]
        ys = [y for positions, _ in self.features for _x, y in positions]
        return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def wkb(geometry: str, positions: Sequence[Position]) -> bytes:
    """Little-endian ISO WKB of a 2D Point or LineString."""
    kind = WKB_TYPES[geometry]
    if geometry == "POINT":
        ((x, y),) = positions
        return struct.pack("<BIdd", 1, kind, x, y)
    coords = b"".join(struct.pack("<dd", x, y) for x, y in positions)
    return struct.pack("<BII", 1, kind, len(positions)) + coords


def gpkg_geometry(geometry: str, positions: Sequence[Position]) -> bytes:
    """A GeoPackageBinary blob: header with the envelope, then the WKB."""
    xs = [x for x, _y in positions]
    ys = [y for _x, y in positions]
    flags = 0b0000_0011  # bit 0: little-endian; bits 1-3 = 1: envelope [minx, maxx, miny, maxy]
    header = struct.pack("<2sBBi4d", b"GP", 0, flags, SRS_ID, min(xs), max(xs), min(ys), max(ys))
    return header + wkb(geometry, positions)


_METADATA_TABLES = (
    """CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
        description TEXT)""",
    """CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
        identifier TEXT UNIQUE, description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL,
        geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
        z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
)
_SPATIAL_REF_SYS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate"),
    ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, WGS84_WKT, "longitude/latitude on WGS 84"),
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_layer(conn: sqlite3.Connection, layer: Layer, now: str) -> None:
    columns = ", ".join(f"{_quote(n)} {COLUMN_TYPES[t]}" for n, t in layer.columns)
    conn.execute(
        f"CREATE TABLE {_quote(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        f"geom {layer.geometry}{', ' if columns else ''}{columns})"
    )
    box = layer.bounds() or (None, None, None, None)
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, "
        "last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        (layer.name, layer.name, layer.description, now, *box, SRS_ID),
    )
    conn.execute(
        "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, "
        "srs_id, z, m) VALUES (?, 'geom', ?, ?, 0, 0)",
        (layer.name, layer.geometry, SRS_ID),
    )
    names = ", ".join(["geom", *(_quote(n) for n, _t in layer.columns)])
    holes = ", ".join("?" * (len(layer.columns) + 1))
    conn.executemany(
        f"INSERT INTO {_quote(layer.name)} ({names}) VALUES ({holes})",
        ((gpkg_geometry(layer.geometry, pos), *values) for pos, values in layer.features),
    )


def _fill(path: Path, layers: Iterable[Layer], cancelled: Callable[[], bool]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {USER_VERSION}")
        conn.execute("BEGIN")
        for statement in _METADATA_TABLES:
            conn.execute(statement)
        conn.executemany(
            "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
            "organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)",
            _SPATIAL_REF_SYS,
        )
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        for layer in layers:
            check(cancelled)  # before the commit: a cancelled export leaves no file
            _write_layer(conn, layer, now)
        conn.execute("COMMIT")
    finally:
        conn.close()


def write(
    out: Path, layers: Iterable[Layer], cancelled: Callable[[], bool] = lambda: False
) -> None:
    """Write `layers` as the GeoPackage `out`, whole or not at all: built under a temporary
    name beside it (SQLite needs a real file), synced, then renamed over `out`. A full
    disk is a DiskFull naming `out`; another failure to write is file.cannot_write."""
    out = Path(out)
    tmp: Path | None = None
    try:
        with diskfull.guard(out):
            fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            os.close(fd)
            tmp = Path(name)
            _fill(tmp, layers, cancelled)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, out)
            tmp = None
    except (OSError, sqlite3.Error) as exc:
        text = getattr(exc, "strerror", None) or str(exc)
        raise FieldappError(Message("file.cannot_write", path=out, text=text)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
