"""Reading records and revisions: pages of a filtered list, one record, a record's heads
and history, conflicts, and the small lookups forms and the status bar need. Read-only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldapp.domain.fields import DATE_FIELD, FIELDS, KINDS, TABLES, check_kind, columns
from fieldapp.domain.revisions import Form, Revision, form_of
from fieldapp.errors import NotFound
from fieldapp.messages import Message
from fieldapp.store.query import Filter, fts_query, order_clause, where

if TYPE_CHECKING:
    from fieldapp.store.database import Store

# Multiple-choice and id-list fields: stored as JSON text in the record tables.
JSON_FIELDS = {
    kind: {f.name for f in FIELDS[kind] if f.type in ("multi", "idlist")} for kind in KINDS
}
_REV_COLUMNS = "id, record_id, kind, parents, device, seq, timestamp, deleted, data, n, signature"


@dataclass(frozen=True)
class StoredRevision:
    """A revision as stored, with its local arrival number."""

    id: str
    record_id: str
    kind: str
    parents: tuple[str, ...]
    device: str
    seq: int
    timestamp: str
    deleted: bool
    data: dict[str, Any]
    n: int
    signature: bytes | None = None  # the author's (fieldapp.store.signing); None: unsigned
    form: Form | None = None  # the canonical form of the id, from the stored text

    @classmethod
    def from_row(cls, row: tuple) -> StoredRevision:
        rid, record_id, kind, parents, device, seq, ts, deleted, text, n, signature = row
        data = json.loads(text)
        return cls(
            rid,
            record_id,
            kind,
            tuple(json.loads(parents)),
            device,
            seq,
            ts,
            bool(deleted),
            data,
            n,
            None if signature is None else bytes(signature),
            form_of(data, text),
        )

    def revision(self) -> Revision:
        return Revision(
            self.record_id,
            self.kind,
            self.parents,
            self.device,
            self.seq,
            self.timestamp,
            self.deleted,
            self.data,
            self.signature,
            self.form,
        )


def heads(store: Store, record_id: str) -> list[StoredRevision]:
    rows = store._conn.execute(
        f"SELECT {', '.join('r.' + c.strip() for c in _REV_COLUMNS.split(','))}"
        " FROM heads h JOIN revisions r ON r.id = h.revision_id WHERE h.record_id = ?",
        (record_id,),
    ).fetchall()
    return [StoredRevision.from_row(r) for r in rows]


def history(store: Store, record_id: str) -> list[StoredRevision]:
    """Every revision of a record, oldest first."""
    rows = store._conn.execute(
        f"SELECT {_REV_COLUMNS} FROM revisions WHERE record_id = ? ORDER BY timestamp, n",
        (record_id,),
    ).fetchall()
    if not rows:
        raise NotFound(Message("record.not_found", id=record_id))
    return [StoredRevision.from_row(r) for r in rows]


def revision(store: Store, revision_id: str) -> StoredRevision:
    row = store._conn.execute(
        f"SELECT {_REV_COLUMNS} FROM revisions WHERE id = ?", (revision_id,)
    ).fetchone()
    if row is None:
        raise NotFound(Message("record.no_revision", id=revision_id))
    return StoredRevision.from_row(row)


def revisions_since(store: Store, n: int = 0) -> Iterator[StoredRevision]:
    """Revisions in local arrival order (parents before children), streamed."""
    cursor = store._conn.execute(
        f"SELECT {_REV_COLUMNS} FROM revisions WHERE n > ? ORDER BY n", (n,)
    )
    for row in cursor:
        yield StoredRevision.from_row(row)


def resolve_id(store: Store, prefix: str) -> str:
    """A full record id from an id or a unique prefix of at least 6 characters."""
    prefix = prefix.strip().lower()
    if len(prefix) < 6:
        raise NotFound(Message("record.id_too_short", value=repr(prefix)))
    rows = store._conn.execute(
        "SELECT DISTINCT record_id FROM revisions WHERE record_id >= ? AND record_id < ? LIMIT 2",
        (prefix, prefix + "\uffff"),
    ).fetchall()
    if not rows:
        raise NotFound(Message("record.not_found", id=prefix))
    if len(rows) > 1:
        raise NotFound(Message("record.id_ambiguous", value=repr(prefix)))
    return rows[0][0]


def kind_of(store: Store, record_id: str) -> str:
    row = store._conn.execute(
        "SELECT kind FROM revisions WHERE record_id = ? LIMIT 1", (record_id,)
    ).fetchone()
    if row is None:
        raise NotFound(Message("record.not_found", id=record_id))
    return row[0]


def get(store: Store, record_id: str) -> dict[str, Any] | None:
    """The current record, or None if it is deleted or unknown."""
    for kind in KINDS:
        row = store._conn.execute(
            f"SELECT {', '.join(columns(kind))} FROM {TABLES[kind]} WHERE id = ?",
            (record_id,),
        ).fetchone()
        if row:
            return _decode(store, kind, row) | {"kind": kind}
    return None


def query(
    store: Store,
    kind: str,
    flt: Filter | None = None,
    order_by: str | None = None,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    return [
        _decode(store, kind, row)
        for row in query_rows(store, kind, flt, order_by, descending, limit, offset)
    ]


def query_rows(
    store: Store,
    kind: str,
    flt: Filter | None = None,
    order_by: str | None = None,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    cols: tuple[str, ...] | None = None,
) -> list[tuple]:
    """Raw rows (in `cols` order, default every column) for a page of a filtered list."""
    check_kind(kind)
    cols = cols or columns(kind)
    allowed = set(columns(kind))
    bad = [c for c in cols if c not in allowed]
    if bad:
        raise ValueError(f"unknown columns {bad}")
    date = DATE_FIELD[kind]
    order_by = order_by or date
    if order_by not in allowed:
        raise ValueError(f"cannot sort by {order_by!r}")
    # the same tie-breaks for every list (query.order_clause): an index walk, stable pages
    order = order_clause(kind, order_by, descending)
    walk = limit is not None and _many_matches(store, kind, flt, order_by, limit + offset)
    clause, params = where(kind, flt, walk_order=walk, terms=store.place_terms)
    sql = f"SELECT {', '.join(cols)} FROM {TABLES[kind]} {clause} ORDER BY {order}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return store._conn.execute(sql, params).fetchall()


def _many_matches(store: Store, kind: str, flt: Filter | None, order_by: str, rows: int) -> bool:
    """Whether a page of a full-text search is faster found by walking the sort index.

    Fetching every match and sorting costs one row read per match; walking the sort
    order and testing membership costs about rows x total / matches. For a word in
    every fifth record of 100,000 that is 10 ms instead of 50 ms; for a rare word the
    other way round. Only worth asking when an index leads with the sort column.
    """
    match = fts_query(flt.search) if flt is not None and flt.search else None
    if match is None or order_by not in _indexed_columns(store, kind):
        return False
    table = TABLES[kind]
    hits = store._conn.execute(
        f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?", (match,)
    ).fetchone()[0]
    total = store._conn.execute(f"SELECT max(n) FROM {table}").fetchone()[0] or 0
    return hits * hits > rows * total


def _indexed_columns(store: Store, kind: str) -> set[str]:
    """Columns that lead an index of the kind's table (read once per connection)."""
    if kind not in store._leading:
        table = TABLES[kind]
        store._leading[kind] = {
            store._conn.execute(f"PRAGMA index_info('{name}')").fetchone()[2]
            for _seq, name, *_ in store._conn.execute(f"PRAGMA index_list('{table}')")
        }
    return store._leading[kind]


def count(store: Store, kind: str, flt: Filter | None = None) -> int:
    clause, params = where(check_kind(kind), flt, terms=store.place_terms)
    return store._conn.execute(f"SELECT count(*) FROM {TABLES[kind]} {clause}", params).fetchone()[
        0
    ]


def _decode(store: Store, kind: str, row: tuple) -> dict[str, Any]:
    record = dict(zip(columns(kind), row, strict=True))
    for name in JSON_FIELDS[kind]:
        record[name] = json.loads(record[name]) if record[name] else []
    return record


def conflicts(store: Store) -> list[str]:
    return [
        r[0]
        for r in store._conn.execute(
            "SELECT record_id FROM heads GROUP BY record_id HAVING count(*) > 1 ORDER BY record_id"
        )
    ]


def admin1_values(store: Store) -> list[str]:
    """Governorates present in either table: a skip-scan over the (admin1, date) indexes,
    one index seek per distinct value instead of a scan of every row."""
    values: set[str] = set()
    for table in TABLES.values():
        last = ""
        while True:
            row = store._conn.execute(
                f"SELECT min(admin1) FROM {table} WHERE admin1 > ?", (last,)
            ).fetchone()
            if row is None or row[0] is None:
                break
            last = row[0]
            values.add(last)
    return sorted(values, key=str.casefold)


def conflicted(store: Store, ids: list[str]) -> set[str]:
    """Which of these records have competing heads (one key lookup each, not a scan)."""
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = store._conn.execute(
        f"SELECT record_id FROM heads WHERE record_id IN ({marks})"
        " GROUP BY record_id HAVING count(*) > 1",
        ids,
    ).fetchall()
    return {r[0] for r in rows}


def latest_value(store: Store, kind: str, column: str) -> object:
    """A column of the most recently added record of a kind (a form's default)."""
    if column not in columns(check_kind(kind)):
        raise ValueError(f"unknown column {column!r}")
    row = store._conn.execute(
        f"SELECT {column} FROM {TABLES[kind]} ORDER BY n DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def has_revisions(store: Store) -> bool:
    return store._conn.execute("SELECT 1 FROM revisions LIMIT 1").fetchone() is not None


def revision_count(store: Store) -> int:
    return store._conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
