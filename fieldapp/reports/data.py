"""What a report says, read from the store: the records that match a filter and their sums.

Kept apart from the layout so that the figures can be tested against the database without
parsing a PDF, and so that the PDF code never touches SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.spelling import fold
from fieldapp.errors import Cancelled
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.reports.scope import ScopeWarnings, scope_warnings
from fieldapp.store import Filter, Store
from fieldapp.store import places as store_places

INCIDENT_COLUMNS = (
    "id",
    "event_date",
    "event_type",
    "sub_event_type",
    "admin1",
    "admin2",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "location",
    "killed",
    "injured",
    "targets",
    "source",
    "notes",
)
DISPLACEMENT_COLUMNS = (
    "id",
    "report_date",
    "period_end",
    "direction",
    "admin1",
    "admin2",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "location",
    "origin_location",
    "origin_admin1",
    "destination_location",
    "destination_admin1",
    "individuals",
    "households",
    "cause",
    "source",
    "notes",
)
_PAGE = 2000


@dataclass
class AreaTotals:
    admin1: str
    admin2: str
    incidents: int = 0
    killed: int = 0
    injured: int = 0
    individuals: int = 0  # departures
    households: int = 0


@dataclass
class TypeTotals:
    event_type: str
    sub_event_type: str
    incidents: int = 0
    killed: int = 0
    injured: int = 0


@dataclass
class DirectionTotals:
    direction: str
    reports: int = 0
    individuals: int = 0
    households: int = 0


@dataclass
class Bucket:
    start: dt.date
    incidents: int = 0
    killed: int = 0
    injured: int = 0


@dataclass
class Signer:
    """Who the report is by: the device row of the database that makes it."""

    name: str
    organisation: str
    fingerprint: str


@dataclass
class ReportData:
    flt: Filter
    signer: Signer
    generated_at: dt.datetime
    incidents: list[dict] = field(default_factory=list)
    displacements: list[dict] = field(default_factory=list)
    killed: int = 0
    injured: int = 0
    displaced_individuals: int = 0
    displaced_households: int = 0
    by_area: list[AreaTotals] = field(default_factory=list)
    by_type: list[TypeTotals] = field(default_factory=list)
    by_direction: list[DirectionTotals] = field(default_factory=list)
    timeline: list[Bucket] = field(default_factory=list)
    bucket: str = "day"  # day | week | month
    sources: list[tuple[str, int]] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    # Unresolved conflicts and possible duplicates within the filter (a box on page one).
    warnings: ScopeWarnings = field(default_factory=ScopeWarnings)

    @property
    def incident_count(self) -> int:
        return len(self.incidents)


def _read(
    store: Store,
    kind: str,
    flt: Filter,
    cols: tuple[str, ...],
    progress: Callable[[int], None],
    cancelled: CancelFlag | None,
) -> list[dict]:
    """Every matching record, a page at a time so a long read can be cancelled."""
    out: list[dict] = []
    offset = 0
    multi = {"targets"} & set(cols)
    while True:
        rows = store.query_rows(kind, flt, limit=_PAGE, offset=offset, cols=cols)
        for row in rows:
            record = dict(zip(cols, row, strict=True))
            for name in multi:
                record[name] = _json_list(record[name])
            out.append(record)
        offset += len(rows)
        progress(len(rows))
        if cancelled and cancelled():
            raise Cancelled(Message("cancelled.no_report"))
        if len(rows) < _PAGE:
            return out


def _json_list(value: object) -> list[str]:
    import json

    if not value:
        return []
    try:
        items = json.loads(str(value))
    except ValueError:
        return [str(value)]
    return [str(i) for i in items] if isinstance(items, list) else [str(items)]


def _bucket_kind(first: dt.date, last: dt.date) -> str:
    days = (last - first).days
    if days <= 62:
        return "day"
    if days <= 366:
        return "week"
    return "month"


def _bucket_start(day: dt.date, kind: str) -> dt.date:
    if kind == "week":
        return day - dt.timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    return day


def _next_bucket(day: dt.date, kind: str) -> dt.date:
    if kind == "day":
        return day + dt.timedelta(days=1)
    if kind == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def collect(
    store: Store,
    flt: Filter | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
    now: dt.datetime | None = None,
) -> ReportData:
    """Read the records and compute every figure the report prints."""
    flt = flt or Filter()
    device = store.require_device()
    data = ReportData(
        flt=_named(store, flt),
        signer=Signer(device.name, device.organisation, device.fingerprint),
        generated_at=now or dt.datetime.now(dt.UTC),
    )
    _read_records(store, data, progress, cancelled)
    areas = _Areas(store)
    sources: Counter[str] = Counter()
    days = _sum_incidents(data, areas, sources)
    _sum_displacements(data, areas, sources)
    data.by_area = sorted(areas.values(), key=lambda a: (a.admin1 == "", a.admin1, a.admin2))
    data.sources = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))
    dates = [r["event_date"][:10] for r in data.incidents] + [
        r["report_date"][:10] for r in data.displacements
    ]
    if dates:
        data.first_date, data.last_date = min(dates), max(dates)
    if days:
        data.bucket, data.timeline = _timeline(days)
    data.warnings = scope_warnings(store, flt)
    return data


def _read_records(
    store: Store, data: ReportData, progress: Progress | None, cancelled: CancelFlag | None
) -> None:
    """Both kinds of record, with one progress count over the two."""
    total = store.count(INCIDENT, data.flt) + store.count(DISPLACEMENT, data.flt)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    data.incidents = _read(store, INCIDENT, data.flt, INCIDENT_COLUMNS, step, cancelled)
    data.displacements = _read(store, DISPLACEMENT, data.flt, DISPLACEMENT_COLUMNS, step, cancelled)


def _named(store: Store, flt: Filter) -> Filter:
    """The filter as the report prints it: a place given by its P-code or another spelling
    is shown by the register's name and code ("SY07" -> "Idleb (SY07)")."""
    index = store_places.index(store)
    named = {}
    for level in (1, 2, 3):
        text = getattr(flt, f"admin{level}")
        found = index.find(text, (level,)) if text else []
        if len(found) == 1:
            named[f"admin{level}"] = found[0].label() if level > 1 else found[0].name
    return replace(flt, **named)


class _Areas(dict):
    """Totals by area, one row per governorate and district however their names were
    spelled: a record's P-code, or the unit the places register finds for its name, is the
    key (Idleb, Idlib and إدلب are one row, named as OCHA names it)."""

    def __init__(self, store: Store):
        super().__init__()
        self.index = store_places.index(store)

    def unit(self, record: dict, level: int) -> tuple[str, str]:
        name = record.get(f"admin{level}") or ""
        unit = self.index.unit(record.get(f"admin{level}_pcode"))
        if unit is None and name:
            found = self.index.find(name, (level,))
            unit = found[0] if len(found) == 1 else None
        return (unit.pcode, unit.name) if unit is not None else (fold(name), name)


def _area(areas: _Areas, record: dict) -> AreaTotals:
    (key1, name1), (key2, name2) = areas.unit(record, 1), areas.unit(record, 2)
    return areas.setdefault((key1, key2), AreaTotals(name1, name2))


def _sum_incidents(
    data: ReportData, areas: _Areas, sources: Counter[str]
) -> dict[dt.date, list[int]]:
    """Casualties, the totals by area and by type; returns [incidents, killed, injured]
    per day, for the timeline."""
    types: dict[tuple[str, str], TypeTotals] = {}
    days: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in data.incidents:
        killed, injured = r["killed"] or 0, r["injured"] or 0
        data.killed += killed
        data.injured += injured
        area = _area(areas, r)
        area.incidents += 1
        area.killed += killed
        area.injured += injured
        tkey = (r["event_type"], r["sub_event_type"])
        t = types.setdefault(tkey, TypeTotals(*tkey))
        t.incidents += 1
        t.killed += killed
        t.injured += injured
        if r["source"]:
            sources[r["source"].strip()] += 1
        day = days[dt.date.fromisoformat(r["event_date"][:10])]
        day[0] += 1
        day[1] += killed
        day[2] += injured
    data.by_type = sorted(
        types.values(), key=lambda t: (-t.incidents, t.event_type, t.sub_event_type)
    )
    return days


def _sum_displacements(data: ReportData, areas: _Areas, sources: Counter[str]) -> None:
    """The totals by direction; departures alone count as displaced (by area too)."""
    directions: dict[str, DirectionTotals] = {}
    for r in data.displacements:
        people, households = r["individuals"] or 0, r["households"] or 0
        d = directions.setdefault(r["direction"], DirectionTotals(r["direction"]))
        d.reports += 1
        d.individuals += people
        d.households += households
        if r["direction"] == "departed":
            data.displaced_individuals += people
            data.displaced_households += households
            area = _area(areas, r)
            area.individuals += people
            area.households += households
        if r["source"]:
            sources[r["source"].strip()] += 1
    order = {"departed": 0, "arrived": 1, "present": 2}
    data.by_direction = sorted(directions.values(), key=lambda d: order.get(d.direction, 9))


def _timeline(days: dict[dt.date, list[int]]) -> tuple[str, list[Bucket]]:
    """The bucket size for the span of `days` and every bucket from first to last."""
    first, last = min(days), max(days)
    kind = _bucket_kind(first, last)
    buckets: dict[dt.date, Bucket] = {}
    cursor = _bucket_start(first, kind)
    while cursor <= last:  # empty buckets too: a quiet week is information
        buckets[cursor] = Bucket(cursor)
        cursor = _next_bucket(cursor, kind)
    for day, (n, killed, injured) in days.items():
        b = buckets[_bucket_start(day, kind)]
        b.incidents += n
        b.killed += killed
        b.injured += injured
    return kind, list(buckets.values())
