"""The dry run of an import: each data row of a table turned into the values it would
create, validated as every write path validates (domain.validation), with the key that
makes a second import of the same row create nothing.

Nothing here reads or writes the database: the operation (fieldapp.ops.imports) marks the
rows whose key is already known and looks for possible duplicates.

Dates are read in the forms ACLED and Kobo/ODK write them and no others: ISO
(2019-05-14), ISO with a time and a time zone (2019-05-14T10:30:00+03:00: the date as
written, at the place it was written), and a day with the month's English name
(14 May 2019, 14-May-2019, May 14, 2019). 14/05/2019 and 05/14/2019 are refused, with the
row number: a file that mixes them cannot be told apart.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from fieldapp.domain import validation
from fieldapp.domain.csvcell import unprotect
from fieldapp.domain.fields import DATE_FIELD, FIELDS
from fieldapp.domain.places import PlaceIndex, prefixes_of
from fieldapp.interchange import acled, kobo
from fieldapp.interchange.mapping import Mapping as ColumnMapping
from fieldapp.interchange.mapping import normalise
from fieldapp.interchange.readers import Table
from fieldapp.messages import Message
from fieldapp.progress import NO_TASK, Task

NEW, ALREADY, INVALID = "new", "already imported", "invalid"
STATUSES = (NEW, ALREADY, INVALID)
_STEP = 1000  # rows between progress reports and cancel checks

_ISO_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").casefold(),
        dt.date(2000, number, 1).strftime("%b").casefold(),
    )
}
_MONTHS["sept"] = 9
_DAY_MONTH = re.compile(r"(\d{1,2})[ \-]([A-Za-z]+)\.?[ \-,]+(\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
_UNREADABLE = "kind"  # where a row whose layout conversion failed keeps the reason


@dataclass(frozen=True)
class PlannedRow:
    row: int  # the row number as a spreadsheet shows it (header = 1)
    status: str  # "new" | "already imported" | "invalid"
    kind: str
    values: dict[str, object]  # validated values (or what was read, when invalid)
    messages: tuple[str, ...]  # "field: message" for each validation message
    source_id: str | None  # event_id_cnty, _uuid, or the file+sheet+row provenance key
    possible_duplicates: tuple[str, ...] = ()  # ids of existing incidents it may duplicate
    source_key: str = ""  # what the provenance table is keyed by


def iso_date(value: object) -> object:
    """An accepted date form as YYYY-MM-DD; anything else unchanged (validation then
    refuses it with its own message)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if len(text) == 10 and text[4:5] == "-":  # already YYYY-MM-DD (or refused as it is)
        return text
    match = _ISO_TIME.fullmatch(text)
    if match:
        return match.group(1)
    match = _DAY_MONTH.fullmatch(text)
    if match:
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        match = _MONTH_DAY.fullmatch(text)
        if not match:
            return value
        month, day, year = match.group(1), match.group(2), match.group(3)
    number = _MONTHS.get(month.casefold())
    if number is None:
        return value
    try:
        return dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return value  # 30 February: refused as not a date


def row_key(table: Table, row: int) -> str:
    return f"row:{table.sha256}:{table.sheet or ''}:{row}"


Converter = Callable[[Mapping[str, object]], tuple[str, dict[str, object], str | None]]


def _converter(layout: str | None) -> Converter | None:
    """The layout's own conversion of a row: (kind, values, source id)."""
    if layout == "acled":

        def from_acled(row: Mapping[str, object]) -> tuple[str, dict[str, object], str | None]:
            values, source = acled.from_acled(row)
            return "incident", dict(values), source

        return from_acled
    if layout == "kobo":

        def from_kobo(row: Mapping[str, object]) -> tuple[str, dict[str, object], str | None]:
            kind, values, source = kobo.from_kobo(row)
            return kind, dict(values), source

        return from_kobo
    return None


def _source_prefix(layout: str | None) -> str:
    return {"acled": "acled:", "kobo": "kobo:", "fieldapp": "fieldapp:"}.get(layout or "", "")


def raw_rows(
    table: Table, mapping: ColumnMapping
) -> Iterator[tuple[int, str, dict[str, object], str | None]]:
    """(row, kind, values as read, source id) of every data row, before validation, one
    at a time (a large file's rows are not held twice)."""
    convert = _converter(mapping.layout)
    positions = [
        (index, mapping.columns[header])
        for index, header in enumerate(table.headers)
        if mapping.columns.get(header)
    ]
    id_column = None
    if mapping.layout == "fieldapp":
        id_column = next((i for i, h in enumerate(table.headers) if normalise(h) == "id"), None)
    unescape = table.format == "csv" and (
        mapping.layout == "fieldapp"
        or (mapping.layout == "acled" and "fieldapp_id" in table.headers)
    )
    for number, cells in table.rows:
        kind, values, source = mapping.kind, {}, None
        if unescape:  # fieldapp's CSV protects cells a spreadsheet would run (csvcell)
            cells = tuple(_unprotected(c) for c in cells)
        if convert is not None:
            named = {h: c for h, c in zip(table.headers, cells, strict=False) if h}
            try:
                kind, values, source = convert(named)
            except ValueError as exc:  # the row says no kind fieldapp knows (Kobo)
                values = {_UNREADABLE: str(exc)}
        for index, name in positions:
            values[name] = cells[index] if index < len(cells) else ""
        if id_column is not None:
            source = str(cells[id_column]).strip() or None
        yield number, kind, values, source


def _unprotected(cell: object) -> object:
    """A cell of a CSV fieldapp wrote, as it was before csvcell.protect: the apostrophe
    it puts before = + - @ tab, CR or an apostrophe taken off."""
    if isinstance(cell, str) and cell[1:2] and cell[0] == "'" and cell[1] in _FORMULA_TRIGGERS:
        return unprotect(cell)
    return cell


def plan(
    table: Table,
    mapping: ColumnMapping,
    *,
    places: PlaceIndex | None = None,
    task: Task = NO_TASK,
    today: dt.date | None = None,
) -> list[PlannedRow]:
    """Every data row validated: "new" or "invalid" (the caller marks "already imported").
    With `places` (the register), each valid row's places are checked and completed as
    the form's are: codes filled from names, a code of another unit refused."""
    total = len(table.rows)
    out = []
    for done, row in enumerate(iter_plan(table, mapping, places=places, today=today)):
        if done % _STEP == 0:
            task.check()
            task.report(done, total)
        out.append(row)
    task.report(total, total)
    return out


def iter_plan(
    table: Table,
    mapping: ColumnMapping,
    *,
    places: PlaceIndex | None = None,
    today: dt.date | None = None,
) -> Iterator[PlannedRow]:
    """plan's rows one at a time (a second process sends them on in chunks)."""
    prefix = _source_prefix(mapping.layout)
    for number, kind, values, source in raw_rows(table, mapping):
        yield _check_row(table, number, kind, values, source, prefix, places, today)


@functools.cache
def _fields_of(kind: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """A kind's field names, and those of its date fields (looked up for every row)."""
    return (
        frozenset(f.name for f in FIELDS[kind]),
        tuple(f.name for f in FIELDS[kind] if f.type == "date"),
    )


def _check_row(
    table: Table,
    number: int,
    kind: str,
    values: dict[str, object],
    source: str | None,
    prefix: str,
    places: PlaceIndex | None,
    today: dt.date | None,
) -> PlannedRow:
    if _UNREADABLE in values:
        key = f"{prefix}{source}" if source else row_key(table, number)
        problem = (f"{_UNREADABLE}: {values[_UNREADABLE]}",)
        return PlannedRow(number, INVALID, kind, {}, problem, source or key, (), key)
    known, dates = _fields_of(kind)
    values = {k: v for k, v in values.items() if k in known}
    for name in dates:
        if name in values:
            values[name] = iso_date(values[name])
    date_field = DATE_FIELD[kind]
    if isinstance(values.get(date_field), str) and values[date_field] == "":
        values[date_field] = None
    checked = validation.check(kind, values, today)
    if places is not None and not checked.errors:
        placed = places.check(checked.values, prefixes_of(known))
        checked.values = placed.values
        checked.errors.update(placed.errors)
        checked.warnings.update(placed.warnings)
    # "field: message", coded so the window shows the field's label and the message in
    # its language; as text, what the command line and the file of rejected rows show
    messages = tuple(
        Message("import.row_problem", column=name, reason=text)
        for name, text in (*checked.errors.items(), *checked.warnings.items())
    )
    key = f"{prefix}{source}" if source else row_key(table, number)
    if checked.errors:
        return PlannedRow(number, INVALID, kind, values, messages, source or key, (), key)
    return PlannedRow(number, NEW, kind, checked.values, messages, source or key, (), key)
