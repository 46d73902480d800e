"""A COD-AB for tests: SYNTHETIC data, shaped like the real file.

OCHA publishes Syria's administrative boundaries on HDX (the "Syrian Arab Republic -
Subnational Administrative Boundaries" dataset); its tabular part,
`syr_adminboundaries_tabulardata.xlsx`, has one sheet per level (`syr_adm0` .. `syr_adm4`)
with these columns, in this order: the level's English and Arabic names, its P-code, its
reference name, two alternate spellings in English and two in Arabic, then the names and
codes of every level above it down to admin 0, then `date`, `validOn` and `validTo`.

The rows here are made up for the tests: the fourteen governorates have OCHA's names and
codes (SY01..SY14), but the districts, sub-districts and communities are a handful chosen
for what the tests need (Saraqab, Khan Shaykhun, Maarrat An Nu'man; a community name
shared by two sub-districts, to be ambiguous), and their codes and coordinates are only
plausible, not OCHA's. Do not use them for anything else.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

import openpyxl

DATE = dt.datetime(2020, 12, 17)
VALID_ON = "2021-01-13"
COUNTRY = ("Syrian Arab Republic", "الجمهورية العربية السورية", "SY")

# pcode: (English, Arabic, alternates in English, alternates in Arabic, parent)
GOVERNORATES = {
    "SY01": ("Damascus", "دمشق", ("Dimashq",), (), "SY"),
    "SY02": ("Aleppo", "حلب", ("Halab",), (), "SY"),
    "SY03": ("Rural Damascus", "ريف دمشق", ("Rif Dimashq",), (), "SY"),
    "SY04": ("Homs", "حمص", ("Hims",), (), "SY"),
    "SY05": ("Hama", "حماة", ("Hamah",), ("حماه",), "SY"),
    "SY06": ("Lattakia", "اللاذقية", ("Latakia",), (), "SY"),
    "SY07": ("Idleb", "إدلب", ("Idlib",), ("ادلب",), "SY"),
    "SY08": ("Al-Hasakeh", "الحسكة", ("Hasakah",), (), "SY"),
    "SY09": ("Deir-ez-Zor", "دير الزور", ("Deir ez-Zor",), (), "SY"),
    "SY10": ("Tartous", "طرطوس", ("Tartus",), (), "SY"),
    "SY11": ("Ar-Raqqa", "الرقة", ("Raqqa",), (), "SY"),
    "SY12": ("Dar'a", "درعا", ("Daraa",), (), "SY"),
    "SY13": ("As-Sweida", "السويداء", ("As Suwayda",), (), "SY"),
    "SY14": ("Quneitra", "القنيطرة", (), (), "SY"),
}
DISTRICTS = {
    "SY0100": ("Damascus", "دمشق", (), (), "SY01"),
    "SY0200": ("Jebel Saman", "جبل سمعان", ("Mount Simeon",), (), "SY02"),
    "SY0201": ("Al Bab", "الباب", (), (), "SY02"),
    "SY0202": ("A'zaz", "اعزاز", ("Azaz",), (), "SY02"),
    "SY0503": ("Muhradah", "محردة", (), (), "SY05"),
    "SY0700": ("Idleb", "إدلب", ("Idlib",), (), "SY07"),
    "SY0701": ("Jisr-Ash-Shugur", "جسر الشغور", (), (), "SY07"),
    "SY0702": ("Harim", "حارم", (), (), "SY07"),
    "SY0703": ("Al Ma'ra", "المعرة", ("Maarrat An Nu'man",), (), "SY07"),
    "SY0704": ("Ariha", "أريحا", (), (), "SY07"),
    "SY1300": ("As-Sweida", "السويداء", (), (), "SY13"),
}
SUB_DISTRICTS = {
    "SY020000": ("Jebel Saman", "جبل سمعان", (), (), "SY0200"),
    "SY020100": ("Al Bab", "الباب", (), (), "SY0201"),
    "SY020200": ("A'zaz", "اعزاز", ("Azaz",), (), "SY0202"),
    "SY050300": ("Muhradah", "محردة", (), (), "SY0503"),
    "SY070000": ("Idleb", "إدلب", ("Idlib",), (), "SY0700"),
    "SY070002": ("Saraqab", "سراقب", ("Saraqib",), (), "SY0700"),
    "SY070100": ("Jisr-Ash-Shugur", "جسر الشغور", (), (), "SY0701"),
    "SY070200": ("Harim", "حارم", (), (), "SY0702"),
    "SY070203": ("Dana", "الدانا", (), (), "SY0702"),
    "SY070300": ("Maarrat An Nu'man", "معرة النعمان", ("Maarat al-Numan",), (), "SY0703"),
    "SY070301": ("Khan Shaykhun", "خان شيخون", ("Khan Sheikhoun",), (), "SY0703"),
    "SY070302": ("Kafr Nobol", "كفرنبل", ("Kafr Nabl",), (), "SY0703"),
    "SY070400": ("Ariha", "أريحا", (), (), "SY0704"),
    "SY130000": ("As-Sweida", "السويداء", (), (), "SY1300"),
}
# communities: (English, Arabic, alternates en, alternates ar, parent, latitude, longitude)
COMMUNITIES = {
    "C1007": ("Aleppo", "حلب", ("Halab",), (), "SY020000", 36.2021, 37.1343),
    "C1210": ("Al Bab", "الباب", (), (), "SY020100", 36.3706, 37.5158),
    "C1564": ("A'zaz", "اعزاز", ("Azaz",), ("أعزاز",), "SY020200", 36.5866, 37.0464),
    "C2890": ("Kafr Zita", "كفرزيتا", (), (), "SY050300", 35.3731, 36.6017),
    "C4100": ("Idleb", "إدلب", ("Idlib",), (), "SY070000", 35.9306, 36.6339),
    "C4185": ("Saraqab", "سراقب", ("Saraqib",), (), "SY070002", 35.8622, 36.8039),
    "C4190": ("Al Hamidiyah", "الحميدية", (), (), "SY070002", 35.8400, 36.8600),
    "C4110": ("Jisr-Ash-Shugur", "جسر الشغور", (), (), "SY070100", 35.8126, 36.3186),
    "C4230": ("Sarmada", "سرمدا", (), (), "SY070203", 36.1797, 36.7225),
    "C4231": ("Atma", "أطمة", ("Atmeh",), (), "SY070203", 36.2075, 36.6897),
    "C4232": ("Dana", "الدانا", (), (), "SY070203", 36.2136, 36.7764),
    "C4150": ("Maarrat An Nu'man", "معرة النعمان", ("Maarat al-Numan",), (), "SY070300",
              35.6433, 36.6708),
    "C4160": ("Al Hamidiyah", "الحميدية", (), (), "SY070300", 35.6000, 36.7000),
    "C4200": ("Khan Shaykhun", "خان شيخون", ("Khan Sheikhoun",), (), "SY070301",
              35.4417, 36.6481),
    "C4205": ("Al Habit", "الهبيط", (), (), "SY070301", 35.4850, 36.5842),
    "C4170": ("Kafr Nobol", "كفرنبل", ("Kafr Nabl",), (), "SY070302", 35.6133, 36.5614),
    "C4121": ("Ariha", "أريحا", (), (), "SY070400", 35.8125, 36.6106),
    "C6001": ("Shahba", "شهبا", (), (), "SY130000", 32.8556, 36.6297),
}  # fmt: skip
LEVELS = {1: GOVERNORATES, 2: DISTRICTS, 3: SUB_DISTRICTS, 4: COMMUNITIES}

# Boxes (south, west, north, east) drawn around real places, for boundary tests.
BOXES = {
    1: {"SY07": (35.30, 36.15, 36.40, 37.05), "SY02": (35.60, 36.60, 36.75, 38.50)},
    2: {"SY0700": (35.75, 36.45, 36.05, 37.00), "SY0703": (35.30, 36.40, 35.75, 36.95)},
    3: {"SY070002": (35.78, 36.72, 35.95, 36.95)},
    4: {"C4185": (35.84, 36.78, 35.88, 36.83)},
}


def header(level: int, points: bool = False) -> list[str]:
    """The columns of a level's sheet, as OCHA's tabular file has them."""
    n = level
    own = [
        f"admin{n}Name_en", f"admin{n}Name_ar", f"admin{n}Pcode", f"admin{n}RefName",
        f"admin{n}AltName1_en", f"admin{n}AltName2_en", f"admin{n}AltName1_ar",
        f"admin{n}AltName2_ar",
    ]  # fmt: skip
    above = [
        f"admin{k}{part}" for k in range(n - 1, -1, -1) for part in ("Name_en", "Name_ar", "Pcode")
    ]
    extra = ["latitude", "longitude"] if points and level == 4 else []
    return own + above + ["date", "validOn", "validTo"] + extra


def _chain(level: int, pcode: str) -> list[tuple[str, str, str]]:
    """(English, Arabic, P-code) of every unit above, nearest first, to admin 0."""
    out = []
    parent = LEVELS[level][pcode][4]
    for k in range(level - 1, 0, -1):
        row = LEVELS[k][parent]
        out.append((row[0], row[1], parent))
        parent = row[4]
    out.append(COUNTRY)
    return out


def rows(
    level: int,
    *,
    points: bool = False,
    valid_on: str = VALID_ON,
    rename: Mapping[str, str] | None = None,
) -> list[list[object]]:
    """A level's data rows (`rename`: P-code -> a new English name, a later edition)."""
    out: list[list[object]] = []
    valid = dt.datetime.fromisoformat(valid_on)
    if level == 0:
        name, arabic, code = COUNTRY
        return [[name, arabic, code, name, "Syria", "", "سوريا", "", DATE, valid, None]]
    for pcode, unit in LEVELS[level].items():
        name, arabic, alt_en, alt_ar = unit[:4]
        name = (rename or {}).get(pcode, name)
        alts_en = [*alt_en, "", ""][:2]
        alts_ar = [*alt_ar, "", ""][:2]
        row: list[object] = [name, arabic, pcode, name, *alts_en, *alts_ar]
        for above in _chain(level, pcode):
            row += list(above)
        row += [DATE, valid, None]
        if points and level == 4:
            row += [unit[5], unit[6]]
        out.append(row)
    return out


def sheet_name(level: int, naming: str) -> str:
    return f"syr_adm{level}" if naming == "syr" else f"Admin{level}"


def write_cod_xlsx(
    path: Path,
    *,
    naming: str = "syr",
    points: bool = False,
    valid_on: str = VALID_ON,
    rename: Mapping[str, str] | None = None,
) -> Path:
    """The tabular COD-AB as an XLSX workbook: sheets syr_adm0..syr_adm4 (naming="syr",
    as HDX has it) or Admin0..Admin4 (naming="admin", as some editions have it).
    `points`: latitude/longitude columns on the admin-4 sheet (OCHA's has none)."""
    book = openpyxl.Workbook(write_only=True)
    for level in range(5):
        sheet = book.create_sheet(sheet_name(level, naming))
        sheet.append(_adm0_header() if level == 0 else header(level, points))
        for row in rows(level, points=points, valid_on=valid_on, rename=rename):
            sheet.append(row)
    book.save(path)
    return path


def _adm0_header() -> list[str]:
    return [
        "admin0Name_en", "admin0Name_ar", "admin0Pcode", "admin0RefName", "admin0AltName1_en",
        "admin0AltName2_en", "admin0AltName1_ar", "admin0AltName2_ar", "date", "validOn",
        "validTo",
    ]  # fmt: skip


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else value


def write_cod_csv(folder: Path, *, points: bool = False, valid_on: str = VALID_ON) -> list[Path]:
    """The same tables as one UTF-8 CSV per level, syr_adm0.csv .. syr_adm4.csv, in
    `folder` (made if missing). Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for level in range(5):
        path = folder / f"syr_adm{level}.csv"
        head = _adm0_header() if level == 0 else header(level, points)
        with path.open("w", encoding="utf-8", newline="") as stream:
            out = csv.writer(stream)
            out.writerow(head)
            for row in rows(level, points=points, valid_on=valid_on):
                out.writerow([_cell(v) for v in row])
        written.append(path)
    return written


def write_cod_boundaries_geojson(path: Path, level: int, *, naming: str = "admin") -> Path:
    """Boundaries of a few units of `level` as a GeoJSON FeatureCollection: rectangles
    around real coordinates (BOXES), properties as OCHA's GeoJSON has them (admin{N}Pcode,
    admin{N}Name_en), or the newer adm{N}_pcode (naming="adm"). The first is a
    MultiPolygon (two boxes), the others Polygons."""
    features = []
    for n, (pcode, (south, west, north, east)) in enumerate(BOXES[level].items()):
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        if n == 0:
            far = [[38.0001234567, 32.0], [38.1, 32.0], [38.1, 32.1], [38.0001234567, 32.0]]
            geometry = {"type": "MultiPolygon", "coordinates": [[ring], [far]]}
        else:
            geometry = {"type": "Polygon", "coordinates": [ring]}
        key = f"admin{level}Pcode" if naming == "admin" else f"adm{level}_pcode"
        name = f"admin{level}Name_en" if naming == "admin" else f"adm{level}_name"
        props = {key: pcode, name: LEVELS[level][pcode][0]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path
