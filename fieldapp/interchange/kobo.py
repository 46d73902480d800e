"""A KoboToolbox or ODK submission export of fieldapp's XLSForm, read into fieldapp values.

The form (fieldapp.interchange.xlsform) names its questions as fieldapp names its fields,
so a row of the export maps itself; what the tools add around the answers is handled here:

- group paths: Kobo writes "place/location" (or "location" when the export leaves groups
  out); ODK Central and Briefcase write "place-location". The last part is the field;
- the geopoint `coordinates`: one column "lat lon altitude accuracy", and/or the split
  columns Kobo adds ("_coordinates_latitude", "_place/coordinates_longitude"...) or ODK
  Central's ("place-coordinates-Latitude"...); they become latitude and longitude;
- select answers: choice names (the default export), or English or Arabic labels (an
  export "with labels"), back to the stored terms; a multiple select is space-separated
  names (or labels separated by ";" or ","); Kobo's one-column-per-choice 0/1 columns
  ("targets/school") are ignored, the answer column carries the same;
- dates: ISO ("2019-05-14", or a date-time with a time zone, of which the date as written
  is kept), or a date from an XLSX cell;
- `_uuid` (Kobo) or the instance id (ODK: "uuid:..." in meta/instanceID or KEY) is the
  source id, so importing the same export again creates nothing new; `_id`, `_index`,
  `_submission_time`, start, end and the other metadata are not record fields.

    is_kobo(headers) -> bool
    from_kobo(row: Mapping[str, object]) -> (kind, values, source_id)
    field_of(header) -> str | None      (the field a column fills, for a mapping screen)

The values are raw, as validation.check takes them; validation says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, KINDS, field_names
from fieldapp.interchange.xlsform import GEOPOINT, KIND_QUESTION, choice_terms
from fieldapp.messages import Message

# Columns the tools add that say something about the submission, not about the record.
METADATA = {
    "_id", "_uuid", "_submission_time", "_index", "_parent_index", "_parent_table_name",
    "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_version_",
    "_tags", "_xform_id_string", "_attachments", "_geolocation", "_media_count",
    "_total_media", "_attachments_count", "start", "end", "today", "deviceid",
    "instanceid", "instancename", "deprecatedid", "uuid", "key", "submissiondate",
    "submitterid", "submittername", "attachmentspresent", "attachmentsexpected", "status",
    "reviewstate", "edits", "formversion", KIND_QUESTION,
}  # fmt: skip
# A header naming the submission itself: this is a Kobo or ODK export.
MARKERS = {"_uuid", "_submission_time", "_id", "meta/instanceid", "instanceid", "key",
           "submissiondate", "meta-instanceid", "__version__", KIND_QUESTION}  # fmt: skip
SOURCE_ID_COLUMNS = ("_uuid", "meta/instanceid", "meta-instanceid", "instanceid", "key")

_PATH = re.compile(r"[/-]")
# the split geopoint columns: Kobo "_[group/]coordinates_latitude",
# ODK "[group-]coordinates-Latitude"
_SPLIT_POINT = re.compile(
    rf"^_?(?:.*[/-])?{GEOPOINT}[_-](latitude|longitude|altitude|precision|accuracy)$",
    re.IGNORECASE,
)
_ISO_DATE_TIME = re.compile(
    r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?\s*$"
)


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(name for kind in KINDS for name in field_names(kind))


@functools.cache
def _fields() -> dict[str, object]:
    return {f.name: f for kind in KINDS for f in FIELDS[kind]}


def _leaf(header: object) -> str:
    return _PATH.split(str(header).strip())[-1]


def field_of(header: object) -> str | None:
    """The fieldapp field a column of the export fills (latitude or longitude for the
    geopoint columns), None for metadata and anything else."""
    text = str(header).strip()
    split = _SPLIT_POINT.match(text)
    if split:
        part = split.group(1).casefold()
        return {"latitude": "latitude", "longitude": "longitude"}.get(part)
    leaf = _leaf(text)
    if leaf == GEOPOINT:
        return "latitude"  # and longitude: the column holds both
    if text.casefold() in METADATA or leaf.casefold() in METADATA or text.startswith("_"):
        return None
    if "/" in text and _leaf(text.rsplit("/", 1)[0]) in _choice_fields():
        return None  # Kobo's 0/1 column of one choice: "targets/school"
    return leaf if leaf in _known() else None


@functools.cache
def _choice_fields() -> frozenset[str]:
    return frozenset(n for n, f in _fields().items() if f.type in ("choice", "multi"))  # type: ignore[attr-defined]


def _kind_from_headers(headers: Iterable[object]) -> str | None:
    leaves = {_leaf(h) for h in headers}
    if "event_date" in leaves:
        return INCIDENT
    if "report_date" in leaves:
        return DISPLACEMENT
    return None


def is_kobo(headers: Iterable[object]) -> bool:
    """Whether these are the headers of a Kobo/ODK export of fieldapp's form: a submission
    column (_uuid, _submission_time, the instance id...) and the form's date question."""
    headers = list(headers)
    lowered = {str(h).strip().casefold() for h in headers}
    return bool(lowered & MARKERS) and _kind_from_headers(headers) is not None


def _date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _ISO_DATE_TIME.match(str(value))
    return match.group(1) if match else value


def _choice(list_name: str, value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a numeric choice name from an XLSX cell
    terms = choice_terms()[list_name]
    return terms.get(str(value).strip().casefold(), value)


def _multi(list_name: str, value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_choice(list_name, v) for v in value]
    terms = choice_terms()[list_name]
    text = str(value).strip()
    names = text.split()
    if all(n.casefold() in terms for n in names):
        return [terms[n.casefold()] for n in names]
    return [_choice(list_name, part) for part in re.split(r"[;,]", text) if part.strip()]


def _value(name: str, value: object) -> object:
    f = _fields()[name]
    if f.type == "date":  # type: ignore[attr-defined]
        return _date(value)
    if f.type == "choice":  # type: ignore[attr-defined]
        return _choice(name, value)
    if f.type == "multi":  # type: ignore[attr-defined]
        return _multi(name, value)
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _geopoint(value: object) -> tuple[str, str] | None:
    parts = str(value).split()
    return (parts[0], parts[1]) if len(parts) >= 2 else None


def _source_id(row: Mapping[str, object]) -> str | None:
    by_name = {str(k).strip().casefold(): v for k, v in row.items()}
    for column in SOURCE_ID_COLUMNS:
        value = by_name.get(column)
        if not _blank(value):
            text = str(value).strip()
            return text[5:] if text.casefold().startswith("uuid:") else text
    return None


def _kind(row: Mapping[str, object]) -> str:
    for header, value in row.items():
        if _leaf(header) == KIND_QUESTION and not _blank(value):
            kind = str(value).strip()
            if kind in KINDS:
                return kind
            raise ValueError(
                Message("record.unknown_kind", value=repr(kind), allowed=", ".join(KINDS))
            )
    kind = _kind_from_headers(row)
    if kind is None:
        raise ValueError(Message("record.unknown_kind", value=repr(None), allowed=", ".join(KINDS)))
    return kind


def from_kobo(row: Mapping[str, object]) -> tuple[str, dict[str, object], str | None]:
    """(kind, field values, source id) of one submission. Fields of the other kind and
    metadata are dropped; a blank answer gives no value."""
    kind = _kind(row)
    names = set(field_names(kind))
    values: dict[str, object] = {}
    point: dict[str, object] = {}
    for header, value in row.items():
        if _blank(value):
            continue
        split = _SPLIT_POINT.match(str(header).strip())
        if split:
            point.setdefault(split.group(1).casefold(), value)
            continue
        name = field_of(header)
        if _leaf(header) == GEOPOINT:
            pair = _geopoint(value)
            if pair:
                point["combined"] = pair
        elif name in names:
            values[name] = _value(name, value)
    if "combined" in point:
        values.setdefault("latitude", point["combined"][0])  # type: ignore[index]
        values.setdefault("longitude", point["combined"][1])  # type: ignore[index]
    else:
        for part in ("latitude", "longitude"):
            if part in point:
                values.setdefault(part, point[part])
    return kind, values, _source_id(row)
