"""ACLED-shaped rows: fieldapp incidents in the columns of ACLED's public data export, and
an ACLED export read back as incident values.

Conventions (ACLED codebook, 2023 edition):
- `event_id_cnty`: the country's ISO 3166 alpha-3 code and a number. fieldapp derives the
  number from the record id (the first 48 bits of its SHA-256, in decimal), so one record
  has one event id on every device and in every export, and a re-import recognises it;
- `time_precision` 1 (day), 2 (week), 3 (month); `fatalities` is fieldapp's killed;
- `iso` the ISO 3166 numeric code (Syria 760) and `region` from the country where known;
- `disorder_type` from the sub-event type as ACLED assigns it; `civilian_targeting`
  "Civilian targeting" for violence against civilians and for political violence whose
  recorded targets are civilian places (homes, schools, markets, camps...);
- `inter1`, `inter2`, `interaction`, `assoc_actor_*`, `source_scale`, `tags` left empty:
  fieldapp does not record actor types, and an invented code is worse than none;
- `timestamp`: the record's last change, in Unix seconds.
fieldapp's own fields follow ACLED's columns (EXTRA_COLUMNS).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from fieldapp.domain import vocab
from fieldapp.domain.fields import INCIDENT, field_names

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "injured",
    "targets",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "location_pcode",
    "fieldapp_id",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

# country -> (ISO 3166 alpha-3, numeric, ACLED region): the region fieldapp works in
COUNTRIES: dict[str, tuple[str, int, str]] = {
    "syria": ("SYR", 760, "Middle East"),
    "syrian arab republic": ("SYR", 760, "Middle East"),
    "iraq": ("IRQ", 368, "Middle East"),
    "lebanon": ("LBN", 422, "Middle East"),
    "jordan": ("JOR", 400, "Middle East"),
    "turkey": ("TUR", 792, "Middle East"),
    "türkiye": ("TUR", 792, "Middle East"),
    "turkiye": ("TUR", 792, "Middle East"),
    "yemen": ("YEM", 887, "Middle East"),
    "palestine": ("PSE", 275, "Middle East"),
    "israel": ("ISR", 376, "Middle East"),
    "iran": ("IRN", 364, "Middle East"),
    "egypt": ("EGY", 818, "Northern Africa"),
    "libya": ("LBY", 434, "Northern Africa"),
    "sudan": ("SDN", 729, "Eastern Africa"),
}
UNKNOWN_COUNTRY = "XXX"

TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_PRECISION_OF = {str(v): k for k, v in TIME_PRECISION.items()}

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
CIVILIAN_TARGETING = "Civilian targeting"
# Places whose being hit makes an attack one on civilians (not military or unknown ones).
CIVILIAN_TARGETS = frozenset(
    {
        "residential",
        "school",
        "mosque",
        "church",
        "hospital",
        "health_facility",
        "market",
        "bakery",
        "camp",
        "shelter",
        "water",
    }
)


def event_number(record_id: str) -> int:
    """A stable number for a record id: the same on every device, in every run."""
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:12], 16)


def country_codes(country: object) -> tuple[str, int | None, str]:
    """(alpha-3, numeric or None, region) of a country name, blanks when unknown."""
    known = COUNTRIES.get(str(country or "").strip().casefold())
    if known is None:
        return UNKNOWN_COUNTRY, None, ""
    return known


def event_id_cnty(record_id: str, country: object) -> str:
    return f"{country_codes(country)[0]}{event_number(record_id)}"


def disorder_type(event_type: object, sub_event_type: object) -> str:
    """ACLED's disorder type of an event type and sub-event type."""
    if sub_event_type == "Excessive force against protesters":
        return f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}"
    if sub_event_type == "Violent demonstration" or event_type == "Protests":
        return DEMONSTRATIONS
    if event_type == "Strategic developments":
        return STRATEGIC
    if event_type in vocab.EVENT_TYPES:
        return POLITICAL_VIOLENCE
    return ""


def civilian_targeting(event_type: object, sub_event_type: object, targets: Iterable[str]) -> str:
    if event_type == "Violence against civilians":
        return CIVILIAN_TARGETING
    if POLITICAL_VIOLENCE in disorder_type(event_type, sub_event_type) and (
        CIVILIAN_TARGETS.intersection(targets or ())
    ):
        return CIVILIAN_TARGETING
    return ""


def _unix_seconds(timestamp: object) -> int | None:
    if not timestamp:
        return None
    try:
        when = dt.datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


def acled_row(record: Mapping[str, Any]) -> dict[str, object]:
    """One incident as an ACLED row (COLUMNS), typed: numbers are numbers, None is blank."""
    record_id = str(record["id"])
    date = str(record.get("event_date") or "")
    targets = list(record.get("targets") or [])
    alpha3, iso, region = country_codes(record.get("country"))
    event_type, sub = record.get("event_type"), record.get("sub_event_type")
    row: dict[str, object] = dict.fromkeys(COLUMNS)
    row.update(
        event_id_cnty=f"{alpha3}{event_number(record_id)}",
        event_date=date or None,
        year=int(date[:4]) if date[:4].isdigit() else None,
        time_precision=TIME_PRECISION.get(str(record.get("time_precision") or "day"), 1),
        disorder_type=disorder_type(event_type, sub),
        event_type=event_type,
        sub_event_type=sub,
        actor1=record.get("actor1"),
        actor2=record.get("actor2"),
        civilian_targeting=civilian_targeting(event_type, sub, targets),
        iso=iso,
        region=region or None,
        timestamp=_unix_seconds(record.get("updated_at")),
        fatalities=record.get("killed"),
        targets="; ".join(targets) or None,
        fieldapp_id=record_id,
    )
    for name in ("country", "admin1", "admin2", "admin3", "location", "latitude", "longitude"):
        row[name] = record.get(name)
    for name in ("geo_precision", "source", "notes", "injured"):
        row[name] = record.get(name)
    for name in ("admin1_pcode", "admin2_pcode", "admin3_pcode", "location_pcode"):
        row[name] = record.get(name)
    return {k: ("" if v is None else v) for k, v in row.items()}


# -- import -----------------------------------------------------------------------------------

# The columns that make a table ACLED's: its identifier and the event's what and when.
_SIGNATURE = frozenset({"event_id_cnty", "event_date", "event_type", "sub_event_type"})
# The columns whose value is an incident field of the same name, copied as it is (the date,
# its precision, fatalities and targets are converted in from_acled)
_SAME = tuple(
    c
    for c in COLUMNS
    if c in field_names(INCIDENT) and c not in ("event_date", "time_precision", "targets")
)


def is_acled(headers: Iterable[object]) -> bool:
    """Whether a table's header row is ACLED's (any case, any order, extra columns allowed)."""
    names = {str(h or "").strip().casefold() for h in headers}
    return _SIGNATURE.issubset(names)


_MONTHS = {
    name.casefold(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})")


def acled_date(value: object) -> object:
    """ACLED's dates ("14 May 2019", "14-May-2019", or ISO in newer exports) as ISO text;
    anything else is returned as it is for validation to refuse with its row. English
    month names are matched here, not by strptime, whose %B follows the machine's locale."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match is not None:
        day, month, year = match.groups()
        number = _MONTHS.get(month.casefold())
        if number is not None:
            try:
                return dt.date(int(year), number, int(day)).isoformat()
            except ValueError:  # 31 February: validation names it
                return text
    return text


@functools.lru_cache(maxsize=4096)
def _folded(key: object) -> str:
    """A column name as matched (every row of a file has the same few)."""
    return str(key or "").strip().casefold()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def from_acled(row: Mapping[str, object]) -> tuple[dict[str, object], str | None]:
    """An ACLED row as incident field values (not yet validated) and its source id
    (`event_id_cnty`). Column names are matched in any case. Blank cells are left out."""
    cells = {_folded(k): v for k, v in row.items()}
    values: dict[str, object] = {}
    for name in _SAME:
        if not _blank(cells.get(name)):
            values[name] = cells[name]
    if not _blank(cells.get("event_date")):
        values["event_date"] = acled_date(cells["event_date"])
    precision = cells.get("time_precision")
    if not _blank(precision):
        text = str(precision).strip()
        text = text[:-2] if text.endswith(".0") else text
        values["time_precision"] = _PRECISION_OF.get(text, text)
    if not _blank(cells.get("fatalities")):
        values["killed"] = cells["fatalities"]
    targets = cells.get("targets")
    if not _blank(targets):
        values["targets"] = [t.strip() for t in str(targets).split(";") if t.strip()]
    source_id = cells.get("event_id_cnty")
    return values, (None if _blank(source_id) else str(source_id).strip())
