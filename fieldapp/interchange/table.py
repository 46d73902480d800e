"""The exported columns of each record kind and their typed values.

One description serves every export: the XLSX writer types its cells from it (dates are
dates, counts are numbers), its "columns" sheet describes each column from it, the HXL
row is taken from it, and the CSV for people writes the same columns in the same order.
The columns are the record's own (fields.columns: id first, meta last), so a file
exported here imports back by its headers with no mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fieldapp.domain.fields import FIELDS, columns
from fieldapp.interchange import hxl

# type of a column: text | date | datetime | int | float | list
_TYPE_OF_FIELD = {
    "text": "text",
    "date": "date",
    "int": "int",
    "float": "float",
    "choice": "text",
    "multi": "list",
    "idlist": "list",
}

_META = {
    "id": ("Record id", "text", "fieldapp's id of the record: the same on every device"),
    "created_at": ("Created", "datetime", "when the record was first written (UTC)"),
    "updated_at": ("Last changed", "datetime", "when its current version was written (UTC)"),
    "device": ("Device", "text", "id of the device that wrote the current version"),
    "revision": ("Revision", "text", "id of the current version (see `fieldapp history`)"),
}

_NOTES = {
    "time_precision": "how exact the date is: day, week or month",
    "event_type": "ACLED event type",
    "sub_event_type": "ACLED sub-event type",
    "geo_precision": "1 exact location, 2 near it, 3 only the wider region (ACLED)",
    "latitude": "decimal degrees, WGS 84 (EPSG:4326)",
    "longitude": "decimal degrees, WGS 84 (EPSG:4326)",
    "targets": "what was hit: codes separated by '; '",
    "direction": "departed from, arrived at, or present at the place",
    "cause_incidents": "ids of the incidents that caused it, separated by '; '",
}

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: str  # text | date | datetime | int | float | list
    description: str
    hxl: str


def export_columns(kind: str) -> tuple[Column, ...]:
    fields = {f.name: f for f in FIELDS[kind]}
    out: list[Column] = []
    for name in columns(kind):
        if name in fields:
            f = fields[name]
            kind_of_value = "int" if name == "geo_precision" else _TYPE_OF_FIELD[f.type]
            description = _NOTES.get(name, f.label)
            if f.required:
                description += " (required)"
            out.append(Column(name, f.label, kind_of_value, description, hxl.tag_for(kind, name)))
        else:
            label, kind_of_value, description = _META[name]
            out.append(Column(name, label, kind_of_value, description, hxl.tag_for(kind, name)))
    return tuple(out)


def _date(value: object) -> dt.date | str:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:  # a value the store holds as it came: kept, not lost
        return str(value)


def _datetime(value: object) -> dt.datetime | str:
    """The stored UTC timestamp as a naive datetime (spreadsheets have no time zones)."""
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=(when.microsecond // 1000) * 1000)


def typed(column: Column, value: object) -> Any:
    """A stored value as the export's cell value: None stays None (an empty cell)."""
    if value is None or value == "" or value == []:
        return None
    if column.type == "date":
        return _date(value)
    if column.type == "datetime":
        return _datetime(value)
    if column.type == "list":
        items = value if isinstance(value, list | tuple) else [value]
        return LIST_SEPARATOR.join(str(v) for v in items)
    if column.type == "int" and isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if column.type == "float" and isinstance(value, int | float):
        return int(value) if float(value).is_integer() else float(value)
    return value if isinstance(value, int | float) else str(value)


def export_rows(records: Iterable[Mapping[str, Any]], kind: str) -> Iterator[list[Any]]:
    """Each record as the list of its typed cell values, in export_columns(kind) order."""
    cols = export_columns(kind)
    for record in records:
        yield [typed(c, record.get(c.name)) for c in cols]
