"""Reading OCHA's common operational dataset of administrative boundaries (COD-AB) into the
units of the places register (fieldapp.domain.places.Unit).

OCHA publishes a country's COD-AB on HDX as a table (an XLSX workbook with one sheet per
level, `syr_adm0` .. `syr_adm4`, or per-level CSVs) whose columns name each level's
English and Arabic names, P-code, reference name and alternate spellings, then the names
and codes of every level above it (`admin3Name_en`, `admin3Pcode`, ..., `admin0Pcode`),
then `date`, `validOn`, `validTo`; the newer COD-AB standard writes `adm3_name`,
`adm3_name1`, `adm3_pcode`, `adm3_ref`, `valid_on`. Both are read, and a sheet's level is
the deepest level whose P-code column it has, whatever the sheet is called.

Why rows are left out rather than the file refused: a COD-AB of thousands of communities
may have a handful of broken rows (no code, a code written twice for two names), and a
coordinator needs the rest; every row left out is listed as a problem, with its sheet and
row, so that it can be reported to OCHA. What is not a COD-AB table at all (no P-code
column anywhere), cannot be read, or is a zip with path tricks or too big, is refused.

The boundaries come separately, as GeoJSON (read_boundaries). Shapefiles are not read: no
maintained pure-Python reader is among fieldapp's dependencies.
"""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.domain.places import PCODE, Unit, normal_code
from fieldapp.domain.spelling import is_arabic
from fieldapp.errors import FieldappError
from fieldapp.interchange import readers
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress, check

COD_LEVELS = (1, 2, 3, 4)  # what the register takes (admin 0 is the country)
MAX_LEVEL = 4
# admin3Name_en, admin3AltName1_ar, admin3Pcode, admin3RefName / adm3_name1, adm3_pcode
_OLD = re.compile(r"admin(\d+)(name_en|name_ar|name|pcode|refname|altname\d*_(?:en|ar))")
_NEW = re.compile(r"adm(\d+)_(name\d*|pcode|ref|alt\d*)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LAT = ("latitude", "lat", "y_coord", "point_y")
_LON = ("longitude", "lon", "long", "x_coord", "point_x")
_SKIP_MEMBER = ("__MACOSX/",)


@dataclass(frozen=True)
class Sheet:
    """A table of the file: a sheet of the workbook or one CSV (named for messages)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number as a spreadsheet shows)


@dataclass
class CodFile:
    """What a COD-AB file holds, ready for the register."""

    title: str  # the file's name
    valid_on: str | None  # the edition's date (validOn, else date), ISO 8601
    country: str | None
    units: list[Unit]
    problems: list[Message] = field(default_factory=list)  # rows left out, and why

    def by_level(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for unit in self.units:
            counts[unit.level] = counts.get(unit.level, 0) + 1
        return dict(sorted(counts.items()))


@dataclass
class _Columns:
    """Where a sheet holds what, by level."""

    pcode: dict[int, int] = field(default_factory=dict)
    name_en: dict[int, int] = field(default_factory=dict)
    name_ar: dict[int, int] = field(default_factory=dict)
    other: dict[int, list[int]] = field(default_factory=dict)  # ref, alternates, name1..3
    valid_on: list[int] = field(default_factory=list)  # validOn first, then date
    lat: int | None = None
    lon: int | None = None

    @property
    def level(self) -> int:
        return max(self.pcode, default=-1)


# -- the file ------------------------------------------------------------------------------


def read_cod(
    path: Path | str, *, progress: Progress | None = None, cancel: CancelFlag | None = None
) -> CodFile:
    """The units of a COD-AB table: an XLSX workbook, a CSV, or a folder or zip of CSVs."""
    path = Path(path)
    try:
        sheets = list(_sheets(path, progress, cancel))
    except OSError as exc:
        raise FieldappError(
            Message("import.cannot_read", path=path.name, text=exc.strerror or str(exc))
        ) from None
    return build(path.name, sheets, cancel)


def _sheets(path: Path, progress: Progress | None, cancel: CancelFlag | None) -> Iterable[Sheet]:
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.suffix.casefold() in (".csv", *readers.XLSX_SUFFIXES)
        )
        if not files:
            raise FieldappError(Message("cod.unknown_format", path=path.name))
        for n, file in enumerate(files):
            check(cancel)
            yield from _file_sheets(file, None, cancel)
            if progress:
                progress(n + 1, len(files))
        return
    if not path.is_file():
        raise FieldappError(Message("import.no_file", path=str(path)))
    yield from _file_sheets(path, progress, cancel)


def _file_sheets(
    path: Path, progress: Progress | None, cancel: CancelFlag | None
) -> Iterable[Sheet]:
    suffix = path.suffix.casefold()
    if suffix in readers.XLSX_SUFFIXES:
        yield from _workbook(path, progress, cancel)
    elif suffix in readers.CSV_SUFFIXES:
        yield _sheet(path.name, readers.read(path))
    elif suffix == ".zip":
        yield from _zip(path, progress, cancel)
    else:
        raise FieldappError(Message("cod.unknown_format", path=path.name))


def _sheet(name: str, table: readers.Table) -> Sheet:
    return Sheet(name, table.headers, table.rows)


def _workbook(path: Path, progress: Progress | None, cancel: CancelFlag | None) -> Iterable[Sheet]:
    """Every sheet of the workbook with rows (a metadata sheet is read and left aside
    later, for having no P-code column)."""
    first = readers.read(path)
    yield _sheet(first.sheet or "", first)
    for n, name in enumerate(first.sheets[1:], start=2):
        check(cancel)
        try:
            table = readers.read(path, name)
        except FieldappError as exc:
            if exc.code != "import.empty":
                raise
        else:
            yield _sheet(name, table)
        if progress:
            progress(n, len(first.sheets))


def _zip(path: Path, progress: Progress | None, cancel: CancelFlag | None) -> Iterable[Sheet]:
    """The CSVs of a zip, read in memory: refused whole if an entry is a link or would land
    outside a folder, or the archive would unpack beyond the limits of an import."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise FieldappError(Message("cod.unknown_format", path=path.name)) from None
    with archive:
        members = _safe_members(path, archive.infolist())
        for n, info in enumerate(members):
            check(cancel)
            data = archive.read(info)
            text, _encoding = readers.decode(data, info.filename)
            rows = _csv_rows(text, info.filename)
            headers = tuple(str(c).strip() for c in rows[0]) if rows else ()
            numbered = tuple((i + 2, row) for i, row in enumerate(rows[1:]) if any(row))
            yield Sheet(info.filename, headers, numbered)
            if progress:
                progress(n + 1, len(members))


def _safe_members(path: Path, infos: Sequence[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    total = 0
    wanted = []
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        parts = name.replace("\\", "/").split("/")
        if (
            name.startswith(("/", "\\"))
            or ".." in parts
            or re.match(r"[A-Za-z]:", name)
            or stat.S_ISLNK(mode)
        ):
            raise FieldappError(Message("cod.zip_entry", path=path.name, entry=name))
        ratio = info.file_size / max(info.compress_size, 1)
        too_big = info.file_size > readers.MAX_BYTES
        if too_big or (info.file_size > readers.RATIO_FLOOR and ratio > readers.MAX_RATIO):
            raise FieldappError(
                Message("import.zip_bomb", path=path.name, entry=name, size=f"{info.file_size:,}")
            )
        total += info.file_size
        if name.startswith(_SKIP_MEMBER) or info.is_dir():
            continue
        if Path(name).suffix.casefold() in readers.CSV_SUFFIXES:
            wanted.append(info)
    if total > readers.MAX_TOTAL_BYTES:
        raise FieldappError(
            Message(
                "import.too_big",
                path=path.name,
                size=f"{total:,}",
                limit=f"{readers.MAX_TOTAL_BYTES:,}",
            )
        )
    if not wanted:
        raise FieldappError(Message("cod.not_cod", path=path.name))
    return sorted(wanted, key=lambda i: i.filename)


def _csv_rows(text: str, name: str) -> list[list[str]]:
    import csv

    delimiter = readers.sniff_delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FieldappError(Message("import.csv_unreadable", path=name, text=str(exc))) from None


# -- the columns -----------------------------------------------------------------------------


def columns(headers: Sequence[str], where: str) -> _Columns:
    """Which column holds what; a level beyond admin 4 is refused (it is no COD-AB)."""
    found = _Columns()
    dates: list[int] = []
    for index, raw in enumerate(headers):
        key = re.sub(r"[\s]+", "", str(raw)).casefold()
        match = _OLD.fullmatch(key) or _NEW.fullmatch(key)
        if match:
            level, role = int(match.group(1)), match.group(2)
            if level > MAX_LEVEL:
                raise FieldappError(
                    Message("cod.bad_level", path=where, name=str(raw), number=level)
                )
            _place(found, level, role, index)
        elif key in ("validon", "valid_on"):
            found.valid_on.append(index)
        elif key == "date":
            dates.append(index)
        elif key in _LAT:
            found.lat = index
        elif key in _LON:
            found.lon = index
    found.valid_on += dates
    return found


def _place(found: _Columns, level: int, role: str, index: int) -> None:
    if role == "pcode":
        found.pcode[level] = index
    elif role in ("name_en", "name"):
        found.name_en.setdefault(level, index)
    elif role == "name_ar":
        found.name_ar[level] = index
    else:  # refname, ref, altname1_en, alt1, name1 (the newer standard's other languages)
        found.other.setdefault(level, []).append(index)


# -- the units -------------------------------------------------------------------------------


def _text(row: Sequence[object], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def _number(row: Sequence[object], index: int | None) -> float | None:
    text = _text(row, index)
    try:
        return float(text) if text else None
    except ValueError:
        return None


class _Builder:
    """Units gathered from every sheet: a level's own sheet first, and the levels above
    it from its parent columns where the file has no sheet of theirs."""

    def __init__(self) -> None:
        self.own: dict[int, dict[str, Unit]] = {}
        self.derived: dict[int, dict[str, Unit]] = {}
        self.where: dict[str, tuple[str, int]] = {}  # P-code -> (sheet, row), for problems
        self.problems: list[Message] = []
        self.country: str | None = None
        self.dates: list[str] = []

    def sheet(self, sheet: Sheet, cols: _Columns) -> None:
        level = cols.level
        for line, row in sheet.rows:
            self._dates(row, cols)
            if cols.pcode.get(0) is not None or cols.name_en.get(0) is not None:
                self.country = self.country or _text(row, cols.name_en.get(0)) or None
            if level == 0:
                continue
            unit = self._unit(sheet.name, line, row, cols, level)
            if unit is not None:
                self._keep(self.own.setdefault(level, {}), unit, sheet.name, line)
            for upper in range(1, level):
                above = self._unit(sheet.name, line, row, cols, upper, quiet=True)
                if above is not None:
                    self._keep(self.derived.setdefault(upper, {}), above, sheet.name, line, True)

    def _dates(self, row: Sequence[object], cols: _Columns) -> None:
        for index in cols.valid_on:
            text = _text(row, index)
            if _DATE.match(text):
                self.dates.append(text[:10])
                return

    def _unit(
        self,
        sheet: str,
        line: int,
        row: Sequence[object],
        cols: _Columns,
        level: int,
        quiet: bool = False,
    ) -> Unit | None:
        typed = _text(row, cols.pcode.get(level))
        code = normal_code(typed)
        name_ar = _text(row, cols.name_ar.get(level))
        others = [_text(row, i) for i in cols.other.get(level, [])]
        name = _text(row, cols.name_en.get(level))
        if not name_ar:  # the newer standard: the Arabic name among name1..name3
            name_ar = next((o for o in others if is_arabic(o)), "")
        if not name:
            name = next((o for o in others if o and not is_arabic(o)), "") or name_ar
        problem = None
        if not code:
            problem = Message("cod.row_no_pcode", path=sheet, line=line, number=level)
        elif not PCODE.fullmatch(code):
            problem = Message("cod.row_bad_pcode", path=sheet, line=line, value=repr(typed))
        elif not name:
            problem = Message("cod.row_no_name", path=sheet, line=line, value=code)
        if problem is not None:
            if not quiet:
                self.problems.append(problem)
            return None
        parent = normal_code(_text(row, cols.pcode.get(level - 1))) or None
        lat = _number(row, cols.lat) if level == cols.level else None
        lon = _number(row, cols.lon) if level == cols.level else None
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        return Unit(
            pcode=code,
            level=level,
            name=name,
            name_ar=name_ar or None,
            parent=parent,
            alternates=alternates(name, name_ar, others),
            latitude=lat,
            longitude=lon,
        )

    def _keep(
        self, units: dict[str, Unit], unit: Unit, sheet: str, line: int, quiet: bool = False
    ) -> None:
        known = units.get(unit.pcode)
        if known is None:
            units[unit.pcode] = unit
            self.where[unit.pcode] = (sheet, line)
        elif not quiet and (known.name != unit.name or known.level != unit.level):
            self.problems.append(
                Message(
                    "cod.row_duplicate",
                    path=sheet,
                    line=line,
                    value=unit.pcode,
                    unit=unit.name,
                    other=known.name,
                    entry=f"{self.where[unit.pcode][0]} {self.where[unit.pcode][1]}",
                )
            )

    def units(self) -> list[Unit]:
        """Every level's units, top down; a unit whose parent the file lacks is left out
        (and so, in turn, are the units below it)."""
        kept: dict[str, Unit] = {}
        for level in COD_LEVELS:
            chosen = self.own.get(level) or self.derived.get(level) or {}
            for unit in chosen.values():
                sheet, line = self.where.get(unit.pcode, ("", 0))
                if level > 1 and (unit.parent not in kept or kept[unit.parent].level != level - 1):
                    self.problems.append(
                        Message(
                            "cod.row_no_parent",
                            path=sheet,
                            line=line,
                            unit=unit.label(),
                            value=unit.parent or "-",
                            number=level - 1,
                        )
                    )
                    continue
                if unit.pcode in kept:  # the same code at two levels
                    self.problems.append(
                        Message(
                            "cod.row_duplicate",
                            path=sheet,
                            line=line,
                            value=unit.pcode,
                            unit=unit.name,
                            other=kept[unit.pcode].name,
                            entry=f"admin {kept[unit.pcode].level}",
                        )
                    )
                    continue
                kept[unit.pcode] = Unit(**{**unit.__dict__, "country": self.country})
        return list(kept.values())


def alternates(name: str, name_ar: str, others: Iterable[str]) -> tuple[str, ...]:
    """The other spellings, each once (in any case), without the names themselves."""
    seen = {name.casefold(), name_ar.casefold(), ""}
    out = []
    for text in others:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return tuple(out)


def build(title: str, sheets: Sequence[Sheet], cancel: CancelFlag | None = None) -> CodFile:
    """The CodFile of tables already read (the sheets with no P-code column are left
    aside: a workbook's notes, a metadata sheet)."""
    builder = _Builder()
    useful = 0
    for sheet in sheets:
        check(cancel)
        cols = columns(sheet.headers, sheet.name)
        if cols.level < 0:
            continue
        useful += 1
        builder.sheet(sheet, cols)
    if not useful:
        raise FieldappError(Message("cod.not_cod", path=title))
    found = builder.units()
    if not found:
        raise FieldappError(Message("cod.no_units", path=title, count=len(builder.problems)))
    valid_on = max(builder.dates) if builder.dates else None
    return CodFile(title, valid_on, builder.country, found, builder.problems)


# -- boundaries ------------------------------------------------------------------------------

_PCODE_KEY = re.compile(r"adm(?:in)?(\d)_?pcode")


def read_boundaries(path: Path | str) -> dict[str, str]:
    """P-code -> its boundary as compact GeoJSON geometry text (Polygon or MultiPolygon,
    coordinates rounded to 6 decimals, about 10 cm), from a GeoJSON FeatureCollection
    whose features carry admin{N}Pcode or adm{N}_pcode. Where a feature has the codes of
    several levels (admin1Pcode beside admin2Pcode), the deepest is the feature's own."""
    path = Path(path)
    if path.suffix.casefold() in (".shp", ".shx", ".dbf", ".zip"):
        raise FieldappError(Message("cod.boundaries_shapefile", path=path.name))
    try:
        if path.stat().st_size > readers.MAX_BYTES:
            raise FieldappError(
                Message(
                    "import.too_big",
                    path=path.name,
                    size=f"{path.stat().st_size:,}",
                    limit=f"{readers.MAX_BYTES:,}",
                )
            )
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        features = data["features"] if data.get("type") == "FeatureCollection" else None
        if not isinstance(features, list):
            raise ValueError("no FeatureCollection")
    except FileNotFoundError:
        raise FieldappError(Message("import.no_file", path=str(path))) from None
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise FieldappError(
            Message("cod.boundaries_unreadable", path=path.name, text=str(exc)[:200])
        ) from None
    out: dict[str, str] = {}
    for feature in features:
        code, geometry = _boundary(feature)
        if code and geometry:
            out[code] = geometry
    return out


def _boundary(feature: object) -> tuple[str | None, str | None]:
    if not isinstance(feature, dict):
        return None, None
    props = feature.get("properties") or {}
    geometry = feature.get("geometry") or {}
    codes = {}
    for key, value in props.items() if isinstance(props, dict) else ():
        match = _PCODE_KEY.fullmatch(str(key).casefold())
        if match and isinstance(value, str) and PCODE.fullmatch(normal_code(value)):
            codes[int(match.group(1))] = normal_code(value)
    if not codes or not isinstance(geometry, dict):
        return None, None
    kind = geometry.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        return None, None
    try:
        rounded = _round(geometry["coordinates"])
    except (TypeError, ValueError, KeyError):
        return None, None
    text = json.dumps({"type": kind, "coordinates": rounded}, separators=(",", ":"))
    return codes[max(codes)], text


def _round(value: object) -> object:
    """Coordinates rounded to 6 decimals, a position kept as [lon, lat]: a height (a
    3-D file) is dropped, as the register and its checks are flat."""
    if isinstance(value, list) and value and not isinstance(value[0], list):
        value = value[:2]
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("not a coordinate")
    return round(float(value), 6)
