"""Importing records from the files analysts use: CSV, XLSX, HXL-tagged tables, ACLED
exports, Kobo/ODK submission exports and fieldapp's own table exports.

The steps are the import wizard's and `fieldapp import`'s alike: `inspect` the file,
`suggest_mapping` (adjustable, `save_mapping` under a name), `preview` (the dry run: row
by row what would be created, with its validation messages, rows imported before and
possible duplicates of existing incidents), then `run`. Every record is written through the
store's ordinary add path, so it is a revision authored (and signed) by this device and
travels in bundles; its provenance (file, SHA-256, sheet, row, source id) is kept beside it,
so importing the same file again creates nothing. Nothing is written before `run`, and a
cancel or any error in `run` leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from fieldapp import diskfull, gcpause
from fieldapp.curation.duplicates import haversine_km, normalise_place
from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT
from fieldapp.domain.revisions import Ready
from fieldapp.errors import FieldappError
from fieldapp.interchange import plan as planner
from fieldapp.interchange import readers, rejects
from fieldapp.interchange.mapping import Mapping, suggest
from fieldapp.interchange.plan import ALREADY, INVALID, NEW, PlannedRow
from fieldapp.messages import Message
from fieldapp.ops import import_pipeline
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Filter, Store
from fieldapp.store import imports as stored
from fieldapp.store import places as store_places

__all__ = [
    "ALREADY",
    "INVALID",
    "NEW",
    "ImportRefused",
    "Imported",
    "Inspection",
    "Mapping",
    "PlannedRow",
    "Preview",
    "inspect",
    "load_mapping",
    "preview",
    "run",
    "save_mapping",
    "saved_mappings",
    "suggest_mapping",
]

SAMPLE_ROWS = 20
MODES = ("all", "valid")
FIRST_BAD_SHOWN = 3  # rows named in the all-or-nothing refusal
DUPLICATE_KM = 2.0  # as the duplicate search (fieldapp.curation.duplicates)
DUPLICATE_DAYS = 1


class ImportRefused(FieldappError):
    """Rows that cannot be imported as they are (an all-or-nothing import with invalid
    rows): invalid values, so the command line exits 2 as for any invalid value."""

    exit_code = 2


@dataclass(frozen=True)
class Inspection:
    path: Path
    sheet: str | None  # XLSX sheet read (None for CSV)
    sheets: tuple[str, ...]  # every sheet of an XLSX ((), for CSV)
    headers: tuple[str, ...]
    tags: tuple[str, ...] | None  # the HXL hashtag row, when there is one
    layout: str | None  # recognised layout
    rows: int  # data rows
    sample: tuple[tuple[object, ...], ...]  # the first 20 data rows
    # the file as read, for `run` to take instead of reading it again (a large file takes
    # a second or two to read; the second process of a large import reads it once more)
    table: readers.Table | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Preview:
    inspection: Inspection
    mapping: Mapping
    rows: tuple[PlannedRow, ...]

    def counts(self) -> dict[str, int]:
        """status -> number of rows (every status present, 0 when none)."""
        out = dict.fromkeys(planner.STATUSES, 0)
        for row in self.rows:
            out[row.status] += 1
        return out


@dataclass(frozen=True)
class Imported:
    created: tuple[str, ...]  # new record ids
    already: int  # rows imported before (nothing created)
    rejected: int
    rejected_file: Path | None  # the rejected rows (the input's format, plus "errors")


def _inspection(table: readers.Table) -> Inspection:
    layout, _kind = suggest_layout(table)
    return Inspection(
        table.path,
        table.sheet,
        table.sheets,
        table.headers,
        table.tags,
        layout,
        table.row_count(),
        tuple(cells for _n, cells in table.rows[:SAMPLE_ROWS]),
        table,
    )


def suggest_layout(table: readers.Table) -> tuple[str | None, str]:
    found = suggest(table.headers, table.tags)
    return found.layout, found.kind


def inspect(path: Path, sheet: str | None = None, *, peek: bool = False) -> Inspection:
    """What the file holds: its sheets, header, hashtag row, layout and first rows. With
    `peek`, for an import about to run: only the first rows are read and the others
    counted roughly (readers.peek), as a large file is read by the second process."""
    return _inspection((readers.peek if peek else readers.read)(Path(path), sheet))


def suggest_mapping(store: Store, inspection: Inspection, *, kind: str | None = None) -> Mapping:
    """The mapping fieldapp proposes from the headers, hashtags and layout (for `kind`
    when given); a saved mapping whose every column is in this file wins when the file
    has no known layout."""
    found = suggest(inspection.headers, inspection.tags, kind)
    if found.layout is None and kind is None:
        headers = set(inspection.headers)
        for name in saved_mappings(store):
            saved = load_mapping(store, name)
            if saved.columns and set(saved.columns) <= headers:
                return saved
    return found


def saved_mappings(store: Store) -> list[str]:
    return stored.mapping_names(store)


def load_mapping(store: Store, name: str) -> Mapping:
    found = stored.load_mapping(store, name)
    if found is None:
        raise FieldappError(
            Message("import.no_mapping", name=name, text=", ".join(saved_mappings(store)) or "-")
        )
    kind, layout, columns = found
    return Mapping(kind, dict(columns), layout, name)


def save_mapping(store: Store, name: str, mapping: Mapping) -> None:
    check_mapping(mapping)
    stored.save_mapping(store, name, mapping.kind, mapping.layout, dict(mapping.columns))


def check_mapping(mapping: Mapping, headers: Sequence[str] | None = None) -> None:
    """Refuse a mapping to a field the kind does not have, or from a column the file
    does not have."""
    names = {f.name for f in FIELDS.get(mapping.kind, ())}
    if mapping.kind not in (INCIDENT, DISPLACEMENT):
        raise FieldappError(Message("import.bad_kind", value=repr(mapping.kind)))
    for column, name in mapping.columns.items():
        if name and name not in names:
            raise FieldappError(
                Message(
                    "import.unknown_field",
                    value=repr(name),
                    kind=mapping.kind,
                    allowed=", ".join(sorted(names)),
                )
            )
        if headers is not None and column not in headers:
            raise FieldappError(
                Message("import.unknown_column", value=repr(column), text=", ".join(headers))
            )


def _check_usable(table: readers.Table, mapping: Mapping) -> None:
    """Refuse a mapping that does not fit the file, or that maps nothing."""
    check_mapping(mapping, table.headers)
    if not any(mapping.columns.values()) and mapping.layout not in ("acled", "kobo"):
        raise FieldappError(Message("import.nothing_mapped", path=table.path.name))


def _planned(
    store: Store, table: readers.Table, mapping: Mapping, task: Task, duplicates: bool
) -> list[PlannedRow]:
    _check_usable(table, mapping)
    rows = planner.plan(table, mapping, places=store_places.index(store), task=task)
    known = _known_keys(store, mapping, rows)
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.source_key in known or row.source_key in seen:
            row = replace(row, status=ALREADY)
        seen.add(row.source_key)
        out.append(row)
    if duplicates:
        out = _with_duplicates(store, out)
    return out


def preview(
    store: Store, path: Path, mapping: Mapping, sheet: str | None = None, *, task: Task = NO_TASK
) -> Preview:
    """The dry run: what `run` would do, row by row. Writes nothing."""
    table = readers.read(Path(path), sheet)
    rows = _planned(store, table, mapping, task, duplicates=True)
    return Preview(_inspection(table), mapping, tuple(rows))


def _with_duplicates(store: Store, rows: list[PlannedRow]) -> list[PlannedRow]:
    """Each new incident with the existing incidents it may duplicate: the same
    sub-event type, dates at most a day apart, the same place name or within 2 km (the
    rule of fieldapp.curation.duplicates)."""
    new = [r for r in rows if r.status == NEW and r.kind == INCIDENT]
    if not new:
        return rows
    dates = sorted(str(r.values["event_date"]) for r in new)
    low = (dt.date.fromisoformat(dates[0]) - dt.timedelta(days=DUPLICATE_DAYS)).isoformat()
    high = (dt.date.fromisoformat(dates[-1]) + dt.timedelta(days=DUPLICATE_DAYS)).isoformat()
    cols = ("id", "event_date", "sub_event_type", "location", "latitude", "longitude")
    index: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for existing in store.query_rows(INCIDENT, Filter(date_from=low, date_to=high), cols=cols):
        day = dt.date.fromisoformat(existing[1]).toordinal()
        index[(existing[2], day)].append(existing)
    if not index:
        return rows
    out = []
    for row in rows:
        if row.status == NEW and row.kind == INCIDENT:
            found = _duplicates_of(row.values, index)
            if found:
                row = replace(row, possible_duplicates=found)
        out.append(row)
    return out


def _duplicates_of(values: dict[str, object], index: dict) -> tuple[str, ...]:
    day = dt.date.fromisoformat(str(values["event_date"])).toordinal()
    place = normalise_place(values.get("location"))  # type: ignore[arg-type]
    lat, lon = values.get("latitude"), values.get("longitude")
    found = []
    for offset in range(-DUPLICATE_DAYS, DUPLICATE_DAYS + 1):
        for other in index.get((values["sub_event_type"], day + offset), ()):
            same_name = place and normalise_place(other[3]) == place
            near = (
                lat is not None
                and other[4] is not None
                and haversine_km(lat, lon, other[4], other[5]) <= DUPLICATE_KM  # type: ignore[arg-type]
            )
            if same_name or near:
                found.append(other[0])
    return tuple(sorted(found))


def run(
    store: Store,
    path: Path,
    mapping: Mapping,
    sheet: str | None = None,
    *,
    mode: str = "all",
    rejected_to: Path | None = None,
    task: Task = NO_TASK,
    table: readers.Table | None = None,
) -> Imported:
    """Import the file. mode "all": every row or none (an invalid row refuses the whole
    file, naming the first bad rows); mode "valid": the valid rows, and the rejected ones
    written to `rejected_to` (when given) in the file's format with an "errors" column.
    `table`: the file as `inspect` read it (Inspection.table), not read again."""
    if mode not in MODES:
        raise FieldappError(Message("import.bad_mode", value=repr(mode), allowed=", ".join(MODES)))
    store.open_signing_key_soon()  # while the file is read and checked
    with gcpause.paused():
        return _run(store, path, mapping, sheet, mode, rejected_to, task, table)


def _run(
    store: Store,
    path: Path,
    mapping: Mapping,
    sheet: str | None,
    mode: str,
    rejected_to: Path | None,
    task: Task,
    table: readers.Table | None,
) -> Imported:
    same = table is not None and table.path == Path(path) and sheet in (None, table.sheet)
    table = table if same else readers.peek(Path(path), sheet)  # type: ignore[assignment]
    if mapping.layout != "kobo" and import_pipeline.wanted(table.row_count()):
        return _run_streamed(store, table, mapping, mode, rejected_to, task)
    table = table if table.complete else readers.read(Path(path), sheet)
    # One bar for both halves: checking the rows, then writing the new ones.
    halves = len(table.rows) * 2 or 1
    checking = Task(lambda done, _total: task.report(done, halves), task.cancelled)
    rows = _planned(store, table, mapping, checking, duplicates=False)
    bad = [r for r in rows if r.status == INVALID]
    if bad and mode == "all":
        raise _refusal(table, bad)
    new = [r for r in rows if r.status == NEW]
    task.check()
    writing = Task(lambda done, total: task.report(halves - total + done, halves), task.cancelled)
    with _rejected(table, bad, rejected_to) as written:
        created = _write(store, table, new, writing)
    already = sum(r.status == ALREADY for r in rows)
    return Imported(tuple(created), already, len(bad), written)


def _refusal(table: readers.Table, bad: list[PlannedRow]) -> ImportRefused:
    first = "; ".join(f"row {r.row}: {', '.join(r.messages)}" for r in bad[:FIRST_BAD_SHOWN])
    return ImportRefused(
        Message("import.invalid_rows", count=f"{len(bad):,}", path=table.path.name, text=first)
    )


@contextmanager
def _rejected(
    table: readers.Table, bad: list[PlannedRow], rejected_to: Path | None
) -> Iterator[Path | None]:
    """Around the writing of the records: the file of rejected rows, written first (a
    full disk stops the import) under a hidden name, put in its place once the records
    are committed, removed if they are not."""
    if not bad or rejected_to is None:
        yield None
        return
    written = Path(rejected_to)
    try:
        whole = table if table.complete else _read_again(table)
        with diskfull.guard(written):  # a full disk: one line naming the place
            pending = rejects.write_pending(whole, [(r.row, r.messages) for r in bad], written)
    except OSError as exc:  # no such folder, no permission
        raise FieldappError(
            Message("file.cannot_write", path=str(written), text=exc.strerror or str(exc))
        ) from None
    try:
        yield written
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    os.replace(pending, written)


def _read_again(peeked: readers.Table) -> readers.Table:
    """The whole of a peeked file (its rejected rows are copied out of it), refused if it
    is no longer the file the rows were checked from."""
    table = readers.read(peeked.path, peeked.sheet)
    if table.sha256 != peeked.sha256:
        raise import_pipeline.failed(table, "the file changed while it was imported")
    return table


def _run_streamed(
    store: Store,
    table: readers.Table,
    mapping: Mapping,
    mode: str,
    rejected_to: Path | None,
    task: Task,
) -> Imported:
    """`run` for a large file of one kind: a second process checks the rows while this
    one writes them (ops.import_pipeline), all in one transaction as `run` does. With
    mode "all" an invalid row stops the writing and, once every row is checked, the
    refusal rolls back what was written."""
    _check_usable(table, mapping)
    bad: list[PlannedRow] = []
    taken: list[_Origin] = []  # what provenance needs of each row written, not its values
    seen: set[str] = set()
    already = 0

    def new_values() -> Iterator[dict[str, object] | Ready]:
        nonlocal already
        for chunk in import_pipeline.planned_chunks(
            table, mapping, tuple(store_places.index(store).units.values()), task
        ):
            rows = [row for row, _made in chunk]
            made = {id(row): ready for row, ready in chunk if ready is not None}
            known = _known_keys(store, mapping, rows)
            fresh = []
            for row in rows:
                if row.source_key in known or row.source_key in seen:
                    already += 1
                elif row.status == INVALID:
                    bad.append(row)
                elif not (bad and mode == "all"):
                    fresh.append(row)
                seen.add(row.source_key)
            if mapping.kind == DISPLACEMENT:
                fresh = _caused_by(store, fresh, {})  # a row it changes is checked again
            for row in fresh:
                taken.append(_Origin(row.row, row.kind, row.source_id, row.source_key))
                yield made.get(id(row)) or row.values

    total = table.row_count()
    values = new_values()
    try:
        with store.transaction(), stored.bulk_load(store, total, _checked(task)):
            ids = store.add_many(mapping.kind, values, task.report, task.cancelled, total)
            if bad and mode == "all":
                raise _refusal(table, bad)
            with _rejected(table, bad, rejected_to) as written:
                kept = [_provenance(table, r, i) for r, i in zip(taken, ids, strict=True)]
                stored.record(store, kept)
                task.check()
    finally:
        values.close()  # a cancel or an error stops the second process now
    task.report(total, total)
    return Imported(tuple(ids), already, len(bad), written)


def _checked(task: Task) -> Callable[[int, int], None]:
    """A step of the index rebuild at the end of a large import: Cancel is honoured there
    too (the transaction rolls back with the rows)."""
    return lambda done, steps: task.check()


def _known_keys(store: Store, mapping: Mapping, rows: Sequence[PlannedRow]) -> set[str]:
    """The source keys of these rows imported before (or, for a fieldapp export, whose
    records are here already)."""
    known = set(stored.imported(store, (r.source_key for r in rows)))
    if mapping.layout == "fieldapp":  # an export of records that may already be here
        here = stored.known_records(store, (r.source_id for r in rows if r.source_id))
        known |= {r.source_key for r in rows if r.source_id in here}
    return known


class _Origin(NamedTuple):
    """The parts of a PlannedRow its provenance is made of."""

    row: int
    kind: str
    source_id: str | None
    source_key: str


def _provenance(
    table: readers.Table, row: PlannedRow | _Origin, record_id: str
) -> stored.Provenance:
    return stored.Provenance(
        row.source_key,
        record_id,
        row.kind,
        None if row.source_key.startswith("row:") else row.source_id,
        table.path.name,
        table.sha256,
        table.sheet,
        row.row,
    )


def _write(store: Store, table: readers.Table, new: list[PlannedRow], task: Task) -> list[str]:
    """The new rows as records and their provenance, in one transaction."""
    by_kind: dict[str, list[PlannedRow]] = defaultdict(list)
    for row in new:
        by_kind[row.kind].append(row)
    created: list[str] = []
    total = len(new)
    renamed: dict[str, str] = {}  # an exported incident id -> the record imported from it
    with store.transaction(), stored.bulk_load(store, total, _checked(task)):
        for kind in (INCIDENT, DISPLACEMENT):
            group = by_kind.get(kind)
            if not group:
                continue
            if kind == DISPLACEMENT:
                group = _caused_by(store, group, renamed)
            offset = len(created)

            def progress(done: int, _total: int, offset: int = offset) -> None:
                task.report(offset + done, total)

            ids = store.add_many(
                kind, [r.values for r in group], progress, task.cancelled, len(group)
            )
            stored.record(
                store, [_provenance(table, r, i) for r, i in zip(group, ids, strict=True)]
            )
            created += ids
            renamed.update(
                (r.source_id, record_id)
                for r, record_id in zip(group, ids, strict=True)
                if r.source_key.startswith("fieldapp:") and r.source_id
            )
        task.check()
    return created


def _caused_by(store: Store, group: list[PlannedRow], renamed: dict[str, str]) -> list[PlannedRow]:
    """Displacement reports naming the incidents that caused them by the ids of the
    exporting database: the incidents imported from that export (now, or before) are
    named by their ids here; an id not imported stays as it was."""
    named = {i for r in group for i in r.values.get("cause_incidents") or ()}  # type: ignore[union-attr]
    if not named:
        return group
    before = stored.imported(store, (f"fieldapp:{i}" for i in named if i not in renamed))
    known = {**{k.removeprefix("fieldapp:"): v for k, v in before.items()}, **renamed}
    out = []
    for row in group:
        causes = row.values.get("cause_incidents")
        if causes:
            moved = sorted({known.get(i, i) for i in causes})  # type: ignore[union-attr]
            row = replace(row, values={**row.values, "cause_incidents": moved})
        out.append(row)
    return out
