"""The fields of each record kind, in one table.

Validation, the database columns, CSV columns, CLI options and UI forms are all derived
from FIELDS, so adding a field is a one-line change here plus a migration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from fieldapp.domain import vocab
from fieldapp.messages import Message

INCIDENT = "incident"
DISPLACEMENT = "displacement"
KINDS = (INCIDENT, DISPLACEMENT)
TABLES = {INCIDENT: "incidents", DISPLACEMENT: "displacements"}
DATE_FIELD = {INCIDENT: "event_date", DISPLACEMENT: "report_date"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | date | int | float | choice | multi | idlist
    label: str
    required: bool = False
    choices: Callable[[], dict[object, str]] | None = None
    max_length: int = 200
    multiline: bool = False
    # CLI option name when it differs from --name-with-dashes
    cli: str | None = None

    @property
    def option(self) -> str:
        return self.cli or "--" + self.name.replace("_", "-")


def _event_types() -> dict[object, str]:
    return {t: t for t in vocab.EVENT_TYPES}


def _sub_event_types() -> dict[object, str]:
    return {s: s for s in vocab.SUB_EVENT_TYPES}


_PLACE = [
    Field("country", "text", "Country"),
    Field("admin1", "text", "Admin 1 (governorate)"),
    Field("admin1_pcode", "text", "Admin 1 P-code", max_length=20),
    Field("admin2", "text", "Admin 2 (district)"),
    Field("admin2_pcode", "text", "Admin 2 P-code", max_length=20),
    Field("admin3", "text", "Admin 3 (sub-district)"),
    Field("admin3_pcode", "text", "Admin 3 P-code", max_length=20),
    Field("location", "text", "Location", required=True),
    Field("location_pcode", "text", "Location P-code", max_length=20),
    Field("latitude", "float", "Latitude", cli="--lat"),
    Field("longitude", "float", "Longitude", cli="--lon"),
    Field(
        "geo_precision", "choice", "Location precision", choices=lambda: dict(vocab.GEO_PRECISION)
    ),
]


def _ends(prefix: str, said: str) -> list[Field]:
    """Where displaced people came from or went to: the same place fields as a record's
    own place, so flows join by P-code at every level."""
    return [
        Field(f"{prefix}_location", "text", f"{said} (place)"),
        Field(f"{prefix}_location_pcode", "text", f"{said} (place P-code)", max_length=20),
        Field(f"{prefix}_admin1", "text", f"{said} (admin 1)"),
        Field(f"{prefix}_admin1_pcode", "text", f"{said} (admin 1 P-code)", max_length=20),
        Field(f"{prefix}_admin2", "text", f"{said} (admin 2)"),
        Field(f"{prefix}_admin2_pcode", "text", f"{said} (admin 2 P-code)", max_length=20),
        Field(f"{prefix}_admin3", "text", f"{said} (admin 3)"),
        Field(f"{prefix}_admin3_pcode", "text", f"{said} (admin 3 P-code)", max_length=20),
    ]


_TAIL = [
    Field("source", "text", "Source", max_length=500),
    Field("notes", "text", "Notes", max_length=10_000, multiline=True),
]

INCIDENT_FIELDS: tuple[Field, ...] = (
    Field("event_date", "date", "Date", required=True, cli="--date"),
    Field("time_precision", "choice", "Date precision", choices=lambda: dict(vocab.TIME_PRECISION)),
    Field("event_type", "choice", "Event type", required=True, choices=_event_types),
    Field("sub_event_type", "choice", "Sub-event type", required=True, choices=_sub_event_types),
    Field("actor1", "text", "Actor 1"),
    Field("actor2", "text", "Actor 2"),
    *_PLACE,
    Field("killed", "int", "Killed"),
    Field("injured", "int", "Injured"),
    Field("targets", "multi", "Targets", choices=lambda: dict(vocab.TARGETS), cli="--target"),
    *_TAIL,
)

DISPLACEMENT_FIELDS: tuple[Field, ...] = (
    Field("report_date", "date", "Date", required=True, cli="--date"),
    Field("period_end", "date", "Period end"),
    Field(
        "direction", "choice", "Direction", required=True, choices=lambda: dict(vocab.DIRECTIONS)
    ),
    *_PLACE,
    *_ends("origin", "Came from"),
    *_ends("destination", "Went to"),
    Field("individuals", "int", "Individuals"),
    Field("households", "int", "Households"),
    Field("household_size", "float", "Household size"),
    Field("population_before", "int", "Population before"),
    Field("cause", "text", "Cause", max_length=500),
    Field("cause_incidents", "idlist", "Caused by incidents", cli="--cause-incident"),
    *_TAIL,
)

FIELDS: dict[str, tuple[Field, ...]] = {
    INCIDENT: INCIDENT_FIELDS,
    DISPLACEMENT: DISPLACEMENT_FIELDS,
}

# Columns every materialised record carries besides its fields.
META_COLUMNS = ("id", "created_at", "updated_at", "device", "revision")


@functools.cache
def field_names(kind: str) -> tuple[str, ...]:
    """A kind's field names in order (asked for every row written: made once)."""
    return tuple(f.name for f in FIELDS[kind])


def field(kind: str, name: str) -> Field:
    for f in FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(name)


def columns(kind: str) -> tuple[str, ...]:
    """Every column of a record as listed, exported and shown: id first, meta last."""
    return ("id", *field_names(kind), *META_COLUMNS[1:])


def check_kind(kind: str) -> str:
    if kind not in FIELDS:
        raise ValueError(Message("record.unknown_kind", value=repr(kind), allowed=", ".join(KINDS)))
    return kind
