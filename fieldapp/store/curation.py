"""The SQL behind curating merged data: duplicate links, the rows the duplicate search walks,
who first reported a record, and which records in a report's scope are still in conflict.

Functions take a Store (only the store layer runs SQL); the decisions themselves (what is
a duplicate, what merging means) live in fieldapp.curation.duplicates and
fieldapp.curation.conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fieldapp.domain.fields import DATE_FIELD, TABLES
from fieldapp.domain.revisions import utc_now
from fieldapp.store.database import Store
from fieldapp.store.query import Filter, where

# (id, type-or-direction, date, latitude, longitude, location) in date order.
SearchRow = tuple[str, str, str, float | None, float | None, str | None]


@dataclass(frozen=True)
class Author:
    """The device whose revision created a record (who sent it first)."""

    device: str
    name: str | None
    organisation: str | None


def duplicate_links(store: Store) -> dict[tuple[str, str], str]:
    """Every decision taken about a pair: (a, b) with a < b -> relation."""
    return {
        (a, b): rel
        for a, b, rel in store._conn.execute("SELECT a, b, relation FROM duplicate_links")
    }


def search_rows(
    store: Store, kind: str, type_field: str, flt: Filter | None = None
) -> Iterator[SearchRow]:
    """The rows the duplicate search walks, oldest first, optionally within a filter: a
    cursor, not a generator, so a search stopped half-way (Cancel) leaves nothing to
    finalise after the database is closed."""
    date_field = DATE_FIELD[kind]
    clause, params = where(kind, flt, terms=store.place_terms)
    return store._conn.execute(
        f"SELECT id, {type_field}, {date_field}, latitude, longitude, location"
        f" FROM {TABLES[kind]} {clause} ORDER BY {date_field}",
        params,
    )


def set_links(store: Store, pairs: Iterable[tuple[str, str]], relation: str) -> int:
    """Record one decision for many pairs (each a < b) in one transaction; 'none' forgets."""
    count = 0
    conn = store._conn
    with store.transaction():
        for a, b in pairs:
            if relation == "none":
                conn.execute("DELETE FROM duplicate_links WHERE a = ? AND b = ?", (a, b))
            else:
                conn.execute(
                    "INSERT INTO duplicate_links (a, b, relation, kept, decided_at)"
                    " VALUES (?, ?, ?, NULL, ?) ON CONFLICT (a, b) DO UPDATE SET"
                    " relation = excluded.relation, kept = NULL,"
                    " decided_at = excluded.decided_at",
                    (a, b, relation, utc_now()),
                )
            count += 1
    return count


def record_merge(store: Store, a: str, b: str, kept: str) -> None:
    """Remember that the pair (a < b) was merged into `kept` (inside the merge's transaction)."""
    store._conn.execute(
        "INSERT INTO duplicate_links (a, b, relation, kept, decided_at)"
        " VALUES (?, ?, 'merged', ?, ?) ON CONFLICT (a, b) DO UPDATE SET"
        " relation = 'merged', kept = excluded.kept, decided_at = excluded.decided_at",
        (a, b, kept, utc_now()),
    )


def displacements_citing(store: Store, incident_id: str) -> list[str]:
    """Displacement reports that name this incident among their causes."""
    return [
        r[0]
        for r in store._conn.execute(
            "SELECT id FROM displacements WHERE cause_incidents LIKE ?", (f'%"{incident_id}"%',)
        ).fetchall()
    ]


def authors(store: Store, record_ids: Iterable[str]) -> dict[str, Author]:
    """Who created each record: the device of its oldest revision, with its name if known."""
    out: dict[str, Author] = {}
    for record_id in dict.fromkeys(record_ids):
        row = store._conn.execute(
            "SELECT r.device, d.name, d.organisation FROM revisions r"
            " LEFT JOIN devices d ON d.id = r.device"
            " WHERE r.record_id = ? ORDER BY r.timestamp, r.n LIMIT 1",
            (record_id,),
        ).fetchone()
        if row is not None:
            out[record_id] = Author(*row)
    return out


def conflicted_in_scope(store: Store, kind: str, flt: Filter | None) -> list[str]:
    """Records of this kind with competing versions whose current row matches the filter."""
    clause, params = where(kind, flt, terms=store.place_terms)
    join = "AND" if clause else "WHERE"
    return [
        r[0]
        for r in store._conn.execute(
            f"SELECT id FROM {TABLES[kind]} {clause} {join} id IN"
            " (SELECT record_id FROM heads GROUP BY record_id HAVING count(*) > 1)",
            params,
        )
    ]


def conflicted_hidden(store: Store, kind: str) -> list[str]:
    """Records of this kind in conflict that no table shows (the version shown now is a
    deletion): a competing version may still say the record exists."""
    return [
        r[0]
        for r in store._conn.execute(
            f"SELECT h.record_id FROM heads h JOIN revisions r ON r.id = h.revision_id"
            f" WHERE r.kind = ? AND h.record_id NOT IN (SELECT id FROM {TABLES[kind]})"
            " GROUP BY h.record_id HAVING count(*) > 1",
            (kind,),
        )
    ]
