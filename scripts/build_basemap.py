"""Build the offline base map: country borders and Syria's governorates as small GeoJSON.

Run once (the output is committed under resources/basemap/); it needs npm and apt-get only
to fetch the two source packages when their paths are not given:

    .venv/bin/python scripts/build_basemap.py
    .venv/bin/python scripts/build_basemap.py --world-atlas DIR --gpkg world_map.gpkg

Sources (see resources/basemap/README.md for the licences):
- countries: npm `world-atlas@2.0.2` countries-10m.json (Natural Earth 1:10m admin-0,
  public domain), decoded from TopoJSON here;
- Syria's 14 governorates: Natural Earth 1:10m admin-1 (public domain) as shipped, already
  generalised, in Debian's `qgis-common` (resources/data/world_map.gpkg).
Shapes are simplified (Douglas-Peucker) and rounded so the page stays small.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fieldapp.domain.geometry import in_polygon

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "basemap"
WORLD_ATLAS = "world-atlas@2.0.2"
QGIS_DEB = "qgis-common"

# Country shapes are clipped to this box (Syria and its region): west, south, east, north.
REGION = (22.0, 26.0, 54.0, 44.0)
# Syria and its neighbours come from the 1:10m data, the rest of the box from 1:50m.
DETAILED = {"Syria", "Turkey", "Lebanon", "Israel", "Palestine", "Jordan", "Iraq", "Cyprus"}

# Syria's governorates as OCHA's COD-AB names them: P-code -> English name, Arabic name and
# the other spellings met in datasets and reports (Natural Earth, GeoNames, ACLED, news),
# which the place register and the gazetteer match after folding (fieldapp.domain.spelling).
# The P-code is the only code the base map carries: every Syrian dataset joins on it.
GOVERNORATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "SY01": ("Damascus", "دمشق", ("Dimashq", "Damas")),
    "SY02": ("Aleppo", "حلب", ("Halab", "Alep")),
    "SY03": (
        "Rural Damascus",
        "ريف دمشق",
        ("Rif Dimashq", "Reef Damascus", "Damascus Countryside", "Rif Damascus"),
    ),
    "SY04": ("Homs", "حمص", ("Hims",)),
    "SY05": ("Hama", "حماة", ("Hamah", "Hamat")),
    "SY06": ("Lattakia", "اللاذقية", ("Latakia", "Al-Ladhiqiyah", "Ladhiqiyah")),
    "SY07": ("Idleb", "إدلب", ("Idlib",)),
    "SY08": (
        "Al-Hasakeh",
        "الحسكة",
        ("Hasakah", "Al-Hasakah", "Hassakeh", "Hasaka", "Al Haksa"),
    ),
    "SY09": (
        "Deir-ez-Zor",
        "دير الزور",
        ("Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour"),
    ),
    "SY10": ("Tartous", "طرطوس", ("Tartus", "Tartouss")),
    "SY11": ("Ar-Raqqa", "الرقة", ("Raqqa", "Ar Raqqah", "Al-Raqqa", "Raqqah")),
    "SY12": ("Dar'a", "درعا", ("Daraa", "Deraa", "Dara'a", "Der'a")),
    "SY13": ("As-Sweida", "السويداء", ("Sweida", "As Suwayda", "Suwayda", "Al-Suwayda")),
    "SY14": ("Quneitra", "القنيطرة", ("Al-Qunaytirah", "Qunaytirah", "Kuneitra")),
}
COUNTRY_PCODE = "SY"  # the governorates' parent in the P-code hierarchy

# The sources' own code -> OCHA P-code. Natural Earth's `fips` column and GeoNames' admin-1
# code for Syria are the FIPS 10-4 code, a different numbering (its SY07 is Deir-ez-Zor,
# OCHA's SY07 is Idleb): it is read only to join the sources and never written out, so
# nobody joins on it by mistake.
FIPS_TO_PCODE: dict[str, str] = {
    "SY01": "SY08",
    "SY02": "SY06",
    "SY03": "SY14",
    "SY04": "SY11",
    "SY05": "SY13",
    "SY06": "SY12",
    "SY07": "SY09",
    "SY08": "SY03",
    "SY09": "SY02",
    "SY10": "SY05",
    "SY11": "SY04",
    "SY12": "SY07",
    "SY13": "SY01",
    "SY14": "SY10",
}

Ring = list[tuple[float, float]]


# -- sources ---------------------------------------------------------------------------------


def fetch_world_atlas(work: Path) -> Path:
    subprocess.run(["npm", "pack", WORLD_ATLAS], cwd=work, check=True, capture_output=True)
    tgz = next(work.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extractall(work / "world-atlas", filter="data")
    return work / "world-atlas" / "package"


def fetch_gpkg(work: Path) -> Path:
    subprocess.run(["apt-get", "download", QGIS_DEB], cwd=work, check=True, capture_output=True)
    deb = next(work.glob("qgis-common_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "qgis")], check=True)
    return work / "qgis" / "usr" / "share" / "qgis" / "resources" / "data" / "world_map.gpkg"


# -- TopoJSON --------------------------------------------------------------------------------


def topo_arcs(topo: dict) -> list[Ring]:
    """Decode delta-encoded, quantised arcs into absolute lon/lat lists."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def topo_ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def topo_polygons(geometry: dict, arcs: list[Ring]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[topo_ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[topo_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


# -- GeoPackage ------------------------------------------------------------------------------


def gpkg_polygons(blob: bytes) -> list[list[Ring]]:
    """Polygons of a GeoPackage geometry blob (header + little/big-endian WKB)."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    return _wkb(memoryview(blob)[8 + envelope :])[0]


def _wkb(data: memoryview) -> tuple[list[list[Ring]], int]:
    order = "<" if data[0] == 1 else ">"
    kind = struct.unpack_from(order + "I", data, 1)[0] % 1000
    pos = 5
    if kind == 3:
        return [_wkb_polygon(data, pos, order)[0]], _wkb_polygon(data, pos, order)[1]
    if kind == 6:
        count = struct.unpack_from(order + "I", data, pos)[0]
        pos += 4
        polygons = []
        for _ in range(count):
            sub, used = _wkb(data[pos:])
            polygons += sub
            pos += used
        return polygons, pos
    raise ValueError(f"unsupported WKB geometry type {kind}")


def _wkb_polygon(data: memoryview, pos: int, order: str) -> tuple[list[Ring], int]:
    rings = []
    count = struct.unpack_from(order + "I", data, pos)[0]
    pos += 4
    for _ in range(count):
        n = struct.unpack_from(order + "I", data, pos)[0]
        pos += 4
        values = struct.unpack_from(order + "d" * (2 * n), data, pos)
        pos += 16 * n
        rings.append(list(zip(values[0::2], values[1::2], strict=True)))
    return rings, pos


# -- geometry --------------------------------------------------------------------------------


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative (rings can have thousands of points)."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = ring[i]
            if norm:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            else:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if index > 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def bbox(polygons: list[list[Ring]]) -> tuple[float, float, float, float]:
    xs = [x for poly in polygons for ring in poly for x, _ in ring]
    ys = [y for poly in polygons for ring in poly for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


def clean(polygons: list[list[Ring]], tolerance: float, digits: int) -> list:
    """Simplify, round, and drop slivers that vanish at this scale."""
    out = []
    for poly in polygons:
        rings = []
        for ring in poly:
            small = simplify(ring, tolerance)
            small = [(round(x, digits), round(y, digits)) for x, y in small]
            dedup = [p for i, p in enumerate(small) if i == 0 or p != small[i - 1]]
            if len(dedup) >= 4 and ring_area(dedup) > tolerance * tolerance:
                rings.append([list(p) for p in dedup])
        if rings:
            out.append(rings)
    return out


def label_point(polygons: list) -> list[float]:
    """A point well inside the largest polygon (grid search for the farthest from edges)."""
    outer = max(polygons, key=lambda poly: ring_area([tuple(p) for p in poly[0]]))
    west, south, east, north = bbox([outer])
    best, where = -1.0, [(west + east) / 2, (south + north) / 2]
    steps = 40
    for i in range(1, steps):
        for j in range(1, steps):
            x = west + (east - west) * i / steps
            y = south + (north - south) * j / steps
            if not in_polygon(x, y, outer):
                continue
            d = min(_segment_distance(x, y, ring) for ring in outer)
            if d > best:
                best, where = d, [round(x, 3), round(y, 3)]
    return where


def _segment_distance(x: float, y: float, ring: list) -> float:
    best = float("inf")
    for (ax, ay), (bx, by) in itertools.pairwise(ring):
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length)) if length else 0.0
        px, py = ax + t * dx, ay + t * dy
        best = min(best, ((x - px) ** 2 + (y - py) ** 2) ** 0.5)
    return best


def feature(properties: dict, polygons: list) -> dict:
    geometry = (
        {"type": "Polygon", "coordinates": polygons[0]}
        if len(polygons) == 1
        else {"type": "MultiPolygon", "coordinates": polygons}
    )
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman against an axis-aligned box (the region is convex)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        result: Ring = []
        prev = points[-1]
        for point in points:
            if inside(point):
                if not inside(prev):
                    result.append(cross(prev, point))
                result.append(point)
            elif inside(prev):
                result.append(cross(prev, point))
            prev = point
        points = result
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def intersects(box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = REGION
    return not (box[2] < west or box[0] > east or box[3] < south or box[1] > north)


# -- build -----------------------------------------------------------------------------------


def build_countries(world_atlas: Path) -> dict:
    features = []
    for scale in ("10m", "50m"):
        topo = json.loads((world_atlas / f"countries-{scale}.json").read_text())
        arcs = topo_arcs(topo)
        for geometry in topo["objects"]["countries"]["geometries"]:
            name = geometry["properties"]["name"]
            if (name in DETAILED) != (scale == "10m"):
                continue
            polygons = topo_polygons(geometry, arcs)
            if not polygons or not intersects(bbox(polygons)):
                continue
            clipped = [[clip_ring(r, REGION) for r in poly] for poly in polygons]
            clipped = [[r for r in poly if len(r) >= 4] for poly in clipped]
            clipped = [poly for poly in clipped if poly]
            tolerance = 0.003 if name == "Syria" else 0.008 if scale == "10m" else 0.02
            shapes = clean(clipped, tolerance, 3)
            if shapes:
                features.append(feature({"name": name, "iso_n3": geometry.get("id")}, shapes))
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def build_admin1(gpkg: Path) -> dict:
    conn = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT fips, name, geom FROM states_provinces WHERE adm0_a3 = 'SYR' AND fips IS NOT NULL"
    ).fetchall()
    conn.close()
    features = []
    for fips, ne_name, blob in rows:
        features.append(admin1_feature(FIPS_TO_PCODE[fips], ne_name, gpkg_polygons(blob)))
    if sorted(f["properties"]["pcode"] for f in features) != sorted(GOVERNORATES):
        raise SystemExit(f"expected Syria's 14 governorates once each, found {len(features)}")
    features.sort(key=lambda f: f["properties"]["pcode"])
    return {"type": "FeatureCollection", "features": features}


def admin1_feature(pcode: str, ne_name: str, polygons: list[list[Ring]]) -> dict:
    """One governorate: OCHA's P-code and names, its parent, the Natural Earth name the
    shape came under, and a label point. No other code: the P-code is the one to join on."""
    name, arabic, alternates = GOVERNORATES[pcode]
    shapes = clean(polygons, 0.002, 3)
    properties = {
        "pcode": pcode,
        "name": name,
        "name_ar": arabic,
        "alternates": list(alternates),
        "parent": COUNTRY_PCODE,
        "ne_name": ne_name,
        "label_point": label_point(shapes),
    }
    return feature(properties, shapes)


def write(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(data['features'])} features, {len(text):,} bytes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, help="unpacked world-atlas package folder")
    parser.add_argument("--gpkg", type=Path, help="qgis-common's world_map.gpkg")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        world_atlas = args.world_atlas or fetch_world_atlas(work)
        gpkg = args.gpkg or fetch_gpkg(work)
        write(OUT / "countries.geojson", build_countries(world_atlas))
        write(OUT / "syria_admin1.geojson", build_admin1(gpkg))
    return 0


if __name__ == "__main__":
    sys.exit(main())
