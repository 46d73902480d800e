"""Possible duplicates: the same event reported twice, usually by two field workers.

Two incidents are flagged when they have the same sub-event type, dates at most a day
apart, and either lie within a couple of kilometres of each other or name the same place
(ignoring case and spacing). Displacement reports are compared the same way with the
direction in place of the sub-event type.

The search is one pass over the records in date order (the date index), keeping only the
last day or two in memory, with the places of that window hashed into a grid of about 2 km
cells and by normalised name: the work grows with the number of records, not its square.

A coordinator then either links the pair (`distinct`: different events, never flag them
again; `same`: the same event, kept as two records) or merges it. Merging keeps both
histories: the surviving record gets a revision (blank fields filled from the other, the
targets combined, a note naming the other record), and the other gets an edit whose note
says where it went, then a deletion. Those revisions travel in bundles like any other;
displacement reports that named the merged incident as their cause are re-pointed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from fieldapp.domain.fields import DATE_FIELD, DISPLACEMENT, FIELDS, INCIDENT, TABLES, check_kind
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.errors import FieldappError, NotFound
from fieldapp.store.database import Store

TYPE_FIELD = {INCIDENT: "sub_event_type", DISPLACEMENT: "direction"}
RELATIONS = ("distinct", "same")
EARTH_KM = 6371.0088
_CELL_DEG = 0.02  # latitude cell height: 2.2 km
MERGED_NOTE = "Merged duplicate record {other} into this one."
MERGED_INTO = "Merged into record {keep} (duplicate)."


@dataclass
class Candidate:
    kind: str
    a: str  # record ids, a < b
    b: str
    date_a: str
    date_b: str
    location_a: str
    location_b: str
    distance_km: float | None
    same_name: bool
    link: str | None = None  # a decision already taken ('same' shows with include_linked)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def normalise_place(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _links(store: Store) -> dict[tuple[str, str], str]:
    return {
        (a, b): rel
        for a, b, rel in store.conn.execute("SELECT a, b, relation FROM duplicate_links")
    }


def find_duplicates(
    store: Store,
    kind: str = INCIDENT,
    *,
    km: float = 2.0,
    days: int = 1,
    limit: int | None = None,
    include_linked: bool = False,
) -> list[Candidate]:
    """Candidate pairs, oldest first; pairs already decided are left out unless asked."""
    check_kind(kind)
    if km <= 0 or days < 0:
        raise FieldappError("--km must be above 0 and --days 0 or more")
    links = _links(store)
    type_field, date_field = TYPE_FIELD[kind], DATE_FIELD[kind]
    rows = store.conn.execute(
        f"SELECT id, {type_field}, {date_field}, latitude, longitude, location"
        f" FROM {TABLES[kind]} ORDER BY {date_field}"
    )
    lat_cells = max(1, math.ceil(km / (_CELL_DEG * 111.2)))
    window: deque[tuple[int, tuple]] = deque()  # (day ordinal, row) oldest first
    grid: dict[tuple, list[tuple]] = defaultdict(list)
    names: dict[tuple, list[tuple]] = defaultdict(list)
    out: list[Candidate] = []
    for row in rows:
        record_id, typ, date, lat, lon, location = row
        day = dt.date.fromisoformat(date).toordinal()
        while window and window[0][0] < day - days:
            _, old = window.popleft()
            _forget(old, grid, names)
        seen: set[str] = set()
        matches: list[tuple[tuple, float | None, bool]] = []
        name = normalise_place(location)
        if name:
            for other in names.get((typ, name), ()):
                seen.add(other[0])
                distance = (
                    haversine_km(lat, lon, other[3], other[4])
                    if None not in (lat, lon, other[3], other[4])
                    else None
                )
                matches.append((other, distance, True))
        if lat is not None and lon is not None:
            cy, cx = _cell(lat, lon)
            lon_cells = max(1, math.ceil(km / (_CELL_DEG * 111.2 * max(0.01, _coslat(lat)))))
            for dy in range(-lat_cells, lat_cells + 1):
                for dx in range(-lon_cells, lon_cells + 1):
                    for other in grid.get((typ, cy + dy, cx + dx), ()):
                        if other[0] in seen:
                            continue
                        distance = haversine_km(lat, lon, other[3], other[4])
                        if distance <= km:
                            seen.add(other[0])
                            matches.append((other, distance, False))
        for other, distance, same_name in matches:
            a, b = sorted((record_id, other[0]))
            link = links.get((a, b))
            if link and not include_linked:
                continue
            first, second = (row, other) if a == record_id else (other, row)
            out.append(
                Candidate(
                    kind,
                    a,
                    b,
                    first[2],
                    second[2],
                    first[5] or "",
                    second[5] or "",
                    None if distance is None else round(distance, 3),
                    same_name,
                    link,
                )
            )
            if limit is not None and len(out) >= limit:
                return out
        window.append((day, row))
        _remember(row, grid, names)
    return out


def _coslat(lat: float) -> float:
    return math.cos(math.radians(lat))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    # Longitude cells are as wide in degrees as latitude cells; the search widens its
    # longitude span with 1/cos(latitude) instead, so cells stay the same everywhere.
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def _remember(row: tuple, grid: dict, names: dict) -> None:
    _, typ, _, lat, lon, location = row
    if lat is not None and lon is not None:
        grid[(typ, *_cell(lat, lon))].append(row)
    name = normalise_place(location)
    if name:
        names[(typ, name)].append(row)


def _forget(row: tuple, grid: dict, names: dict) -> None:
    _, typ, _, lat, lon, location = row
    if lat is not None and lon is not None:
        key = (typ, *_cell(lat, lon))
        grid[key].remove(row)
        if not grid[key]:
            del grid[key]
    name = normalise_place(location)
    if name:
        key = (typ, name)
        names[key].remove(row)
        if not names[key]:
            del names[key]


def _pair(store: Store, a: str, b: str) -> tuple[str, str, str]:
    a, b = store.resolve_id(a), store.resolve_id(b)
    if a == b:
        raise FieldappError("give two different records")
    kind = store.kind_of(a)
    if store.kind_of(b) != kind:
        raise FieldappError("a possible duplicate pairs two records of the same kind")
    return (*sorted((a, b)), kind)  # type: ignore[return-value]


def link(store: Store, a: str, b: str, relation: str) -> tuple[str, str]:
    """Record a decision about a pair ('distinct', 'same'), or remove it ('none')."""
    if relation not in (*RELATIONS, "none"):
        raise FieldappError(f"the relation is one of {', '.join(RELATIONS)} or none")
    first, second, _ = _pair(store, a, b)
    with store.transaction() as conn:
        if relation == "none":
            conn.execute("DELETE FROM duplicate_links WHERE a = ? AND b = ?", (first, second))
        else:
            conn.execute(
                "INSERT INTO duplicate_links (a, b, relation, kept, decided_at)"
                " VALUES (?, ?, ?, NULL, ?) ON CONFLICT (a, b) DO UPDATE SET"
                " relation = excluded.relation, kept = NULL, decided_at = excluded.decided_at",
                (first, second, relation, utc_now()),
            )
    return first, second


@dataclass
class MergeResult:
    kept: str
    removed: str
    revision: Revision | None  # the surviving record's new revision (None: nothing changed)
    repointed: list[str]  # displacement reports whose cause now names the survivor


def _with_note(notes: str | None, line: str, limit: int) -> str:
    text = (notes or "").rstrip()
    if len(text) + len(line) + 2 > limit:
        text = text[: max(0, limit - len(line) - 3)].rstrip() + "…"
    return f"{text}\n\n{line}" if text else line


def merge_duplicates(store: Store, keep: str, other: str, take: Iterable[str] = ()) -> MergeResult:
    """Merge `other` into `keep` (see the module docstring); one transaction."""
    keep, other = store.resolve_id(keep), store.resolve_id(other)
    if keep == other:
        raise FieldappError("give two different records")
    kind = store.kind_of(keep)
    if store.kind_of(other) != kind:
        raise FieldappError("only records of the same kind can be merged")
    fields = {f.name: f for f in FIELDS[kind]}
    take = list(take)
    for name in take:
        if name not in fields:
            raise FieldappError(f"{name} is not a field of a {kind} record")
    with store.transaction() as conn:
        for record_id in (keep, other):
            if len(store.heads(record_id)) > 1:
                raise FieldappError(
                    f"record {record_id} has a conflict; resolve it first (`fieldapp conflicts`)"
                )
        kept, gone = store.get(keep), store.get(other)
        if kept is None or gone is None:
            raise NotFound("both records must exist (one of them is deleted)")
        changes: dict[str, object] = {}
        for name, f in fields.items():
            mine, theirs = kept.get(name), gone.get(name)
            if name in take:
                changes[name] = theirs
            elif f.type in ("multi", "idlist") and theirs:
                changes[name] = sorted(set(mine or []) | set(theirs))
            elif mine in (None, "", []) and theirs not in (None, "", []):
                changes[name] = theirs
        notes = changes.get("notes", kept.get("notes"))
        limit = fields["notes"].max_length
        changes["notes"] = _with_note(notes, MERGED_NOTE.format(other=other), limit)  # type: ignore[arg-type]
        revision = store.edit(keep, changes)
        store.edit(
            other, {"notes": _with_note(gone.get("notes"), MERGED_INTO.format(keep=keep), limit)}
        )
        store.delete(other)
        repointed = []
        if kind == INCIDENT:
            for (record_id,) in conn.execute(
                "SELECT id FROM displacements WHERE cause_incidents LIKE ?", (f'%"{other}"%',)
            ).fetchall():
                record = store.get(record_id)
                if record is None:
                    continue
                causes = sorted({keep if c == other else c for c in record["cause_incidents"]})
                store.edit(record_id, {"cause_incidents": causes})
                repointed.append(record_id)
        a, b = sorted((keep, other))
        conn.execute(
            "INSERT INTO duplicate_links (a, b, relation, kept, decided_at)"
            " VALUES (?, ?, 'merged', ?, ?) ON CONFLICT (a, b) DO UPDATE SET"
            " relation = 'merged', kept = excluded.kept, decided_at = excluded.decided_at",
            (a, b, keep, utc_now()),
        )
    return MergeResult(keep, other, revision, repointed)
