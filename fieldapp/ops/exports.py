"""Records out to the analysts' formats: `fieldapp export-data` and the window's
File > Export table.

The records are those the filter lets through (the same Filter as `fieldapp list`, the
tables, the map and the reports), in the order `list` gives them (newest first). Every
file is built in memory first and then written whole or not at all (diskfull.
write_atomically): Cancel, a bad destination or a full disk leave nothing behind. Reads
only: the database is never changed.

Which files: XLSX, GeoJSON and GeoPackage hold several kinds in one file; CSV, HXL and
ACLED hold one table, so an export of both kinds to "out.csv" writes "out-incidents.csv"
and "out-displacements.csv" beside each other. ACLED's format holds incidents only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp import diskfull
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT, KINDS, TABLES
from fieldapp.errors import FieldappError
from fieldapp.interchange import acled, people_csv, table
from fieldapp.messages import Message
from fieldapp.ops.changes import NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Filter, Store
from fieldapp.store import places as store_places
from fieldapp.store.query import default_sort

FORMATS = ("xlsx", "csv", "hxl", "acled", "geojson", "gpkg")
SUFFIX = {
    "xlsx": ".xlsx",
    "csv": ".csv",
    "hxl": ".csv",
    "acled": ".csv",
    "geojson": ".geojson",
    "gpkg": ".gpkg",
}
# formats whose one file holds every kind; the others hold one table per file
MANY_KINDS = frozenset({"xlsx", "geojson", "gpkg"})
KIND_CHOICES: dict[str, tuple[str, ...]] = {
    "incidents": (INCIDENT,),
    "displacements": (DISPLACEMENT,),
    "all": KINDS,
}
PAGE = 2000  # records read at a time: progress and Cancel between pages


@dataclass(frozen=True)
class Exported:
    files: tuple[Path, ...]
    counts: dict[str, int]  # kind -> records exported
    # GeoJSON / GeoPackage: records left out for want of coordinates, flows left out
    without_coordinates: dict[str, int] = field(default_factory=dict)
    flows_unplaced: int = 0
    changes: Changes = NOTHING  # reads only

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_destination(out: Path) -> None:
    """Refuse a destination that cannot be written before anything is read or built."""
    if out.is_dir():
        raise FieldappError(Message("file.is_a_folder", path=out, text="export.xlsx"))
    if not out.parent.is_dir():
        raise FieldappError(Message("file.folder_missing", path=out.parent))


def destinations(fmt: str, out: Path, kinds: Sequence[str]) -> dict[str, Path]:
    """kind -> file of a one-table format: `out` itself for one kind, otherwise the
    stem plus -incidents / -displacements (and the suffix given, or the format's)."""
    if len(kinds) == 1:
        return {kinds[0]: out}
    suffix = out.suffix or SUFFIX[fmt]
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return {kind: out.with_name(f"{stem}-{TABLES[kind]}{suffix}") for kind in kinds}


def _check_request(fmt: str, kinds: Sequence[str], hxl: bool) -> tuple[str, ...]:
    if fmt not in FORMATS:
        raise FieldappError(
            Message("export.unknown_format", value=repr(fmt), allowed=", ".join(FORMATS))
        )
    if hxl and fmt != "xlsx":
        raise FieldappError(Message("export.hxl_xlsx_only"))
    wanted = tuple(k for k in KINDS if k in kinds)
    if fmt == "acled":
        if INCIDENT not in wanted:
            raise FieldappError(Message("export.acled_incidents_only"))
        wanted = (INCIDENT,)  # "all" in ACLED's format: its one kind
    return wanted


class _Progress:
    """Records read (a page at a time) and written as they are read, so only a page of
    them is in memory, with progress and Cancel between pages; counts what passed."""

    def __init__(self, task: Task, total: int):
        self.task, self.total, self.done = task, total, 0
        self.counts: dict[str, int] = {}

    def records(self, store: Store, kind: str, flt: Filter | None) -> Iterator[dict[str, Any]]:
        order_by, descending = default_sort(kind)
        self.counts[kind] = 0
        while True:
            self.task.check()
            page = store.query(
                kind, flt, order_by, descending, limit=PAGE, offset=self.counts[kind]
            )
            yield from page
            self.counts[kind] += len(page)
            self.done += len(page)
            self.task.report(self.done, self.total)
            if len(page) < PAGE:
                return


def export_data(
    store: Store,
    fmt: str,
    out: Path,
    kinds: Sequence[str] = KINDS,
    flt: Filter | None = None,
    task: Task = NO_TASK,
    lang: str = "en",
    *,
    hxl: bool = False,
) -> Exported:
    """Write the matching records of `kinds` to `out` in format `fmt` (FORMATS).

    `lang` "ar" makes XLSX sheets right-to-left; `hxl` adds the HXL hashtag row under an
    XLSX header (the hxl format is CSV with that row)."""
    out = Path(out)
    wanted = _check_request(fmt, kinds, hxl)
    check_destination(out)
    progress = _Progress(task, sum(store.count(kind, flt) for kind in wanted))
    task.report(0, progress.total)
    if fmt in ("geojson", "gpkg"):  # the GIS writers take lists, and report their own half
        records = {kind: list(progress.records(store, kind, flt)) for kind in wanted}
        return _write_geo(fmt, out, records, task, _register_points(store))
    streams = {kind: progress.records(store, kind, flt) for kind in wanted}
    files = _build(fmt, out, streams, rtl=lang == "ar", hxl=hxl)
    task.check()  # the last safe point: from here the files are written
    for path, data in files.items():
        diskfull.write_atomically(path, data)
    return Exported(tuple(files), dict(progress.counts))


def _build(fmt: str, out: Path, records: Mapping[str, Iterable[dict[str, Any]]], *, rtl: bool,
           hxl: bool) -> dict[Path, bytes]:  # fmt: skip
    """Every file's bytes, built (from the records as they are read) before any is
    written."""
    if fmt == "xlsx":
        from fieldapp.interchange import xlsx_out  # openpyxl: not on every command's start

        sheets = [
            xlsx_out.Sheet(TABLES[kind], table.export_columns(kind), table.export_rows(rows, kind))
            for kind, rows in records.items()
        ]
        return {out: xlsx_out.xlsx_bytes(sheets, rtl=rtl, hxl=hxl)}
    paths = destinations(fmt, out, list(records))
    built: dict[Path, bytes] = {}
    for kind, rows in records.items():
        if fmt == "acled":
            built[paths[kind]] = people_csv.to_bytes(
                acled.COLUMNS,
                ([row[c] for c in acled.COLUMNS] for row in map(acled.acled_row, rows)),
            )
            continue
        cols = table.export_columns(kind)
        body: Iterator[Sequence[object]] = table.export_rows(rows, kind)
        if fmt == "hxl":
            body = _with_first([c.hxl for c in cols], body)
        built[paths[kind]] = people_csv.to_bytes([c.name for c in cols], body)
    return built


def _with_first(
    first: Sequence[object], rows: Iterator[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield first
    yield from rows


def _register_points(store: Store) -> Callable[[str], tuple[float, float] | None]:
    """A P-code to its unit's point in the places register, for the ends of flows."""
    index = store_places.index(store)

    def point(code: str) -> tuple[float, float] | None:
        unit = index.unit(code)
        if unit is None or unit.latitude is None or unit.longitude is None:
            return None
        return (round(unit.longitude, 6), round(unit.latitude, 6))

    return point


def _write_geo(fmt: str, out: Path, records: Mapping[str, list[dict[str, Any]]],
               task: Task, codes: Callable[[str], Any]) -> Exported:  # fmt: skip
    from fieldapp.interchange import geo

    writer: Callable[..., Any] = geo.write_geojson if fmt == "geojson" else geo.write_gpkg
    written = writer(records, out, task=task, codes=codes)
    return Exported(
        (out,),
        {k: len(v) for k, v in records.items()},
        dict(written.without_coordinates),
        written.flows_unplaced,
    )


# -- the CSV for people of `fieldapp list --format csv` (the CLI goes through ops) ------------

write_people_csv = people_csv.write
people_csv_bytes = people_csv.to_bytes
