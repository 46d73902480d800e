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

A coordinator who merged the same field team's bundle twice over, or two teams that typed
the same list, faces dozens of pairs whose every field is equal. Those are decided in bulk:
`merge_exact` merges every such pair (a chain of copies into its first record) and
`mark_distinct` records "different events" for every pair shown, each in one transaction.
`classify` says which pairs are exact and who sent each side, for the duplicates view and
the report's warning.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from fieldapp.domain.fields import DISPLACEMENT, FIELDS, INCIDENT, check_kind
from fieldapp.domain.revisions import Revision
from fieldapp.errors import Cancelled, FieldappError, NotFound
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import Filter, curation
from fieldapp.store.database import Store

TYPE_FIELD = {INCIDENT: "sub_event_type", DISPLACEMENT: "direction"}
RELATIONS = ("distinct", "same")
EARTH_KM = 6371.0088
_CELL_DEG = 0.02  # latitude cell height: 2.2 km
_STEP = 500  # records between progress reports and cancel checks
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
    exact: bool | None = None  # every field equal (None: not classified yet)
    sender_a: str = ""  # "name · organisation" of the device that first sent each side
    sender_b: str = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def normalise_place(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def find_duplicates(
    store: Store,
    kind: str = INCIDENT,
    *,
    km: float = 2.0,
    days: int = 1,
    limit: int | None = None,
    include_linked: bool = False,
    flt: Filter | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> list[Candidate]:
    """Candidate pairs, oldest first; pairs already decided are left out unless asked.

    With `flt`, only pairs whose two records both match it (a report's scope: a pair with
    one side outside it is not counted twice in that report's totals). `progress(done,
    total)` is told every few hundred records; `cancel()` returning True stops the search
    (Cancelled).
    """
    check_kind(kind)
    if km <= 0 or days < 0:
        raise FieldappError(Message("duplicates.bad_distance"))
    links = curation.duplicate_links(store)
    rows = curation.search_rows(store, kind, TYPE_FIELD[kind], flt)
    lat_cells = max(1, math.ceil(km / (_CELL_DEG * 111.2)))
    window: deque[tuple[int, tuple]] = deque()  # (day ordinal, row) oldest first
    grid: dict[tuple, list[tuple]] = defaultdict(list)
    names: dict[tuple, list[tuple]] = defaultdict(list)
    out: list[Candidate] = []
    total = store.count(kind, flt) if progress else 0
    for done, row in enumerate(rows):
        if done % _STEP == 0:
            if cancel is not None and cancel():
                raise Cancelled(Message("duplicates.search_cancelled"))
            if progress is not None:
                progress(done, total)
        day = dt.date.fromisoformat(row[2]).toordinal()
        while window and window[0][0] < day - days:
            _, old = window.popleft()
            _forget(old, grid, names)
        for other, distance, same_name in _matches(row, km, lat_cells, grid, names):
            a, b = sorted((row[0], other[0]))
            link = links.get((a, b))
            if link and not include_linked:
                continue
            first, second = (row, other) if a == row[0] else (other, row)
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


def _matches(
    row: tuple, km: float, lat_cells: int, grid: dict, names: dict
) -> list[tuple[tuple, float | None, bool]]:
    """The records in the window that `row` may duplicate: (other row, distance in km or
    None, same place name?). A same-named place matches at any distance; else the grid
    cells within `km` are searched."""
    _, typ, _, lat, lon, location = row
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
    if lat is None or lon is None:
        return matches
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
    return matches


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
        raise FieldappError(Message("duplicates.same_record"))
    kind = store.kind_of(a)
    if store.kind_of(b) != kind:
        raise FieldappError(Message("duplicates.kinds_differ"))
    return (*sorted((a, b)), kind)  # type: ignore[return-value]


def link(store: Store, a: str, b: str, relation: str) -> tuple[str, str]:
    """Record a decision about a pair ('distinct', 'same'), or remove it ('none')."""
    if relation not in (*RELATIONS, "none"):
        raise FieldappError(Message("duplicates.relation_or_none", allowed=", ".join(RELATIONS)))
    first, second, _ = _pair(store, a, b)
    curation.set_links(store, [(first, second)], relation)
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
        raise FieldappError(Message("duplicates.same_record"))
    kind = store.kind_of(keep)
    if store.kind_of(other) != kind:
        raise FieldappError(Message("duplicates.merge_kinds_differ"))
    fields = {f.name: f for f in FIELDS[kind]}
    take = list(take)
    for name in take:
        if name not in fields:
            raise FieldappError(Message("record.not_a_field_of_kind", field=name, kind=kind))
    with store.transaction():
        for record_id in (keep, other):
            if len(store.heads(record_id)) > 1:
                raise FieldappError(Message("duplicates.conflict_first", id=record_id))
        kept, gone = store.get(keep), store.get(other)
        if kept is None or gone is None:
            raise NotFound(Message("duplicates.both_must_exist"))
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
            for record_id in curation.displacements_citing(store, other):
                record = store.get(record_id)
                if record is None:
                    continue
                causes = sorted({keep if c == other else c for c in record["cause_incidents"]})
                store.edit(record_id, {"cause_incidents": causes})
                repointed.append(record_id)
        a, b = sorted((keep, other))
        curation.record_merge(store, a, b, keep)
    return MergeResult(keep, other, revision, repointed)


# -- classifying and deciding in bulk -------------------------------------------------------


def same_values(kind: str, first: dict | None, second: dict | None) -> bool:
    """Whether two records say exactly the same thing (every field of their kind equal)."""
    if first is None or second is None:
        return False
    return all(first.get(f.name) == second.get(f.name) for f in FIELDS[kind])


def sender(author: curation.Author | None) -> str:
    """ "Amal · Idlib Response Network", or the key's start for a device not known here."""
    if author is None:
        return ""
    if author.name is None:
        return author.device[:8]
    return f"{author.name} · {author.organisation}" if author.organisation else author.name


def classify(store: Store, candidates: Sequence[Candidate]) -> list[Candidate]:
    """Fill in `exact` and the senders of each pair (one read per record, cached)."""
    records: dict[str, dict | None] = {}
    for c in candidates:
        for record_id in (c.a, c.b):
            if record_id not in records:
                records[record_id] = store.get(record_id)
    authors = curation.authors(store, records)
    for c in candidates:
        c.exact = same_values(c.kind, records[c.a], records[c.b])
        c.sender_a, c.sender_b = sender(authors.get(c.a)), sender(authors.get(c.b))
    return list(candidates)


@dataclass
class BulkResult:
    """What a bulk decision did: pairs decided, and pairs left for a person (with why)."""

    done: int = 0
    skipped: list[tuple[Candidate, str]] = field(default_factory=list)


def merge_exact(store: Store, candidates: Sequence[Candidate]) -> BulkResult:
    """Merge every pair of `candidates` whose two records are equal field by field, in one
    transaction: all of them or, on a failure, none.

    Copies that chain (a = b = c) are merged into their first record. Pairs that are not
    exact, or whose record is in conflict, are left for a person (`skipped`).
    """
    result = BulkResult()
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    with store.transaction():
        current: dict[str, dict | None] = {}
        plan: list[tuple[Candidate, str, str]] = []
        for c in candidates:
            for record_id in (c.a, c.b):
                if record_id not in current:
                    current[record_id] = store.get(record_id)
            if not same_values(c.kind, current[c.a], current[c.b]):
                result.skipped.append((c, "not exact"))
                continue
            conflicted = [x for x in (c.a, c.b) if len(store.heads(x)) > 1]
            if conflicted:
                result.skipped.append((c, "conflict"))
                continue
            keep, other = root(c.a), root(c.b)
            if keep == other:
                continue  # already joined through another pair of the same chain
            if other < keep:
                keep, other = other, keep
            parent[other] = keep
            plan.append((c, keep, other))
        for _c, keep, other in plan:
            merge_duplicates(store, root(keep), other)
            result.done += 1
    return result


def link_all(store: Store, candidates: Sequence[Candidate], relation: str) -> int:
    """Record one decision ('distinct', 'same') for every pair, in one transaction."""
    if relation not in RELATIONS:
        raise FieldappError(Message("duplicates.relation", allowed=", ".join(RELATIONS)))
    return curation.set_links(store, [(c.a, c.b) for c in candidates], relation)


def mark_distinct(store: Store, candidates: Sequence[Candidate]) -> int:
    """Record "different events" for every pair, in one transaction; returns the count."""
    return link_all(store, candidates, "distinct")
