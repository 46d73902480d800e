"""The bulk merge: verified scratch copies (fieldapp.store.scratch) merged into the record
tables in one call, `merge_from`.

Store.apply_revisions is the merge engine (idempotent, order-independent heads, conflicts
as several heads, a deterministic provisional winner). This module adds one fast path in
front of it for the bulk of a first merge: a record the database has never seen, arriving
as a single root revision, needs no head computation, so those revisions, their heads and
their rows are copied from the scratch copy with set-based INSERT ... SELECT statements.
Everything else (edits, deletions, conflicts, revisions already present) goes through
apply_revisions in batches of whole records. Both run inside the caller's transaction, so a
failure or a cancel anywhere leaves the database exactly as it was.

The fast path writes record rows in date order (event date, report date), not in the
bundle's order (record ids: random). A page of the main view, a report or the map reads
the rows of a stretch of dates; stored side by side they come from a few pages of the
file instead of one page each, and an encrypted database decrypts that many fewer pages
(benchmarks/bench_store.py: the first page off a cold disk 8-10 x faster, plain or
encrypted). A bulk merge sorts its whole bundle that way (_insert_rows_by_date); a merge
into a fuller database sorts each chunk it adds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fieldapp.domain.fields import DATE_FIELD, KINDS, TABLES, field_names
from fieldapp.domain.revisions import Revision, form_of
from fieldapp.store import dialect
from fieldapp.store.records import ApplyResult, record_columns
from fieldapp.store.scratch import Attached

if TYPE_CHECKING:
    from fieldapp.store.database import Store

GROUPS_PER_CHUNK = 5000
BULK_MIN = 5000  # fresh records from which rebuilding indexes beats updating them
# Record rows a bulk merge copies per sweep of its scratch copies, in date order. Each sweep
# reads the copies' record pages in file order once (an encrypted copy decrypts each page
# once per sweep) and sorts this many rows in memory: more rows, fewer sweeps but more
# memory (about 0.6 kB a row). 20,000: 4 sweeps for 80,000 incidents, 12 MB.
ROWS_PER_SWEEP = 20_000
_SUSPENDED_TABLES = ("revisions", *TABLES.values())


def merge_from(
    store: Store,
    copies: Attached,
    groups: Sequence[int],
    result: ApplyResult,
    tick: Callable[[int], None],
) -> None:
    """Merge every revision of the attached copies (`groups[i]` records in copy i, in
    record-id order) into the store, adding the counts to `result`. Must run inside
    `store.transaction()`. `tick(n)` is called after each chunk with the revisions it
    accounted for; it may raise Cancelled (the transaction then rolls everything back)."""
    conn = store._conn
    schemas = copies.schemas
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_fresh (part INTEGER, pos INTEGER,"
        " grp INTEGER, PRIMARY KEY (part, pos))"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS temp.merge_fresh_grp ON merge_fresh (part, grp)")
    conn.execute("DELETE FROM temp.merge_fresh")
    # Chunks of whole records, part after part (the parts are in record-id order).
    chunks = [
        (part, first, first + GROUPS_PER_CHUNK)
        for part, count in enumerate(groups)
        for first in range(1, count + 1, GROUPS_PER_CHUNK)
    ]
    if _is_bulk(store, schemas):
        # Most of the bundle is new to this database: load the new records with the
        # secondary indexes and the full-text trigger set aside, then rebuild them once
        # (sorting beats inserting into a dozen B-trees at random places). The fresh
        # revisions are reported in thirds as the three steps, of about equal time, go:
        # revisions and heads copied, rows copied by date, indexes rebuilt. So the bar
        # moves, and a cancel is honoured, until the commit.
        fresh = {}
        for part, count in enumerate(groups):  # before the record index goes
            _select_fresh(store, schemas, part, 1, count + 1)
        for_rows = for_indexes = 0  # revisions reported as the rows, the indexes are done

        def rebuilt(done: int, steps: int) -> None:  # for_indexes * done // steps in all
            tick(for_indexes * done // steps - for_indexes * (done - 1) // steps)

        with indexes_suspended(store, step=rebuilt):
            for chunk in chunks:
                fresh[chunk] = count = _insert_fresh(store, schemas, *chunk, result)
                tick(count // 3)
                for_rows += count // 3
                for_indexes += count - 2 * (count // 3)
            rows = sum(fresh.values())
            _insert_rows_by_date(store, schemas, _shares(tick, for_rows, rows))
        for chunk in chunks:
            tick(_merge_rest(store, schemas, *chunk, result, fresh[chunk]))
    else:
        for chunk in chunks:
            _select_fresh(store, schemas, *chunk)
            count = _insert_fresh(store, schemas, *chunk, result)
            _insert_rows_of_chunk(store, schemas, *chunk)
            tick(count + _merge_rest(store, schemas, *chunk, result, count))
    conn.execute("DELETE FROM temp.merge_fresh")


def _is_bulk(store: Store, schemas: list[str]) -> bool:
    conn = store._conn
    fresh = sum(
        conn.execute(
            f"SELECT count(*) FROM {bundle}.rev r WHERE r.solo = 1 AND r.parents = '[]'"
            " AND NOT EXISTS (SELECT 1 FROM main.revisions m WHERE m.record_id = r.record_id)"
        ).fetchone()[0]
        for bundle in schemas
    )
    existing = conn.execute("SELECT coalesce(max(n), 0) FROM main.revisions").fetchone()[0]
    return fresh >= BULK_MIN and fresh >= existing


@contextmanager
def indexes_suspended(
    store: Store,
    also: tuple[str, ...] = (),
    step: Callable[[int, int], None] | None = None,
) -> Iterator[None]:
    """Inside the merge transaction: drop the secondary indexes and the full-text insert
    triggers of the tables a bulk merge fills, and put them back (from their own stored
    SQL, read through store.dialect's introspection) with the new rows indexed. All of it
    is part of the transaction: a failure rolls the schema back too. Only rows inserted
    meanwhile (n above the old maximum) are added to the full-text index, exactly what the
    dropped trigger would have done. `also`: more tables the caller fills in bulk.
    `step(done, steps)` after each index or full-text index put back (it may raise
    Cancelled: the caller's transaction then rolls everything back).

    (The introspection is the dialect's, not sqlite-utils': importing sqlite-utils pulls
    in numpy, +11 MB peak memory and 0.3 s for every merging process, and it would not
    serve a PostgreSQL backend anyway.)"""
    conn = store._conn
    saved: list[str] = []
    fts: list[tuple[str, list[str], int]] = []
    for table in (*_SUSPENDED_TABLES, *also):
        for name, sql in dialect.secondary_indexes(conn, table):
            saved.append(sql)
            conn.execute(f'DROP INDEX main."{name}"')
        trigger = dialect.trigger_sql(conn, f"{table}_fts_insert")
        if trigger is not None and trigger.count(";") == 1:
            columns = dialect.columns(conn, f"{table}_fts")
            top = conn.execute(f"SELECT coalesce(max(n), 0) FROM main.{table}").fetchone()[0]
            fts.append((table, columns, top))
            saved.append(trigger)
            conn.execute(f'DROP TRIGGER main."{table}_fts_insert"')
    yield
    steps = len(saved) + len(fts)
    for done, sql in enumerate(saved, 1):
        conn.execute(sql)
        if step:
            step(done, steps)
    for done, (table, columns, top) in enumerate(fts, len(saved) + 1):
        cols = ", ".join(columns)
        conn.execute(
            f"INSERT INTO main.{table}_fts (rowid, {cols}) SELECT n, {cols} FROM main.{table}"
            " WHERE n > ?",
            (top,),
        )
        if step:
            step(done, steps)


def _select_fresh(store: Store, schemas: list[str], part: int, first: int, last: int) -> None:
    """Mark the revisions of groups [first, last) of a part that the fast path can take:
    records new to this database arriving as one root revision."""
    conn = store._conn
    conn.execute("DELETE FROM temp.merge_fresh WHERE part = ?", (part,))
    conn.execute(
        f"INSERT INTO temp.merge_fresh (part, pos, grp) SELECT ?, r.pos, r.grp"
        f" FROM {schemas[part]}.rev r WHERE r.grp >= ? AND r.grp < ? AND r.solo = 1"
        " AND r.parents = '[]'"
        " AND NOT EXISTS (SELECT 1 FROM main.revisions m WHERE m.record_id = r.record_id)",
        (part, first, last),
    )


def _row_values(kind: str) -> list[str]:
    """The values of a record row, in record_columns order, from its scratch row `m`: the
    tail (created_at, updated_at, device, revision) is its revision's."""
    fields = [f'm."{n}"' for n in field_names(kind)]
    return ["m.record_id", *fields, "m.timestamp", "m.timestamp", "m.device", "m.revision"]


_CHUNK = "WHERE f.part = ? AND f.grp >= ? AND f.grp < ?"  # merge_fresh f: a chunk of a part


def _insert_fresh(
    store: Store, schemas: list[str], part: int, first: int, last: int, result: ApplyResult
) -> int:
    """The fast path for the marked revisions of groups [first, last) of a part: their
    revisions and heads, copied with one statement per table. Their record rows are
    copied in date order by the caller (_insert_rows_of_chunk, _insert_rows_by_date)."""
    conn = store._conn
    bundle = schemas[part]
    chosen = f"FROM temp.merge_fresh f JOIN {bundle}.rev r ON r.pos = f.pos"
    args = (part, first, last)
    fresh = conn.execute(f"SELECT count(*) FROM temp.merge_fresh f {_CHUNK}", args).fetchone()[0]
    if not fresh:
        return 0
    conn.execute(
        "INSERT INTO main.revisions (id, record_id, kind, parents, device, seq, timestamp,"
        " deleted, data, signature) SELECT r.id, r.record_id, r.kind, r.parents, r.device,"
        f" r.seq, r.timestamp, r.deleted, r.data, r.sig {chosen} {_CHUNK} ORDER BY f.pos",
        args,
    )
    conn.execute(
        f"INSERT INTO main.heads (record_id, revision_id) SELECT r.record_id, r.id {chosen}"
        f" {_CHUNK} ORDER BY f.pos",
        args,
    )
    result.added += fresh
    result.created += fresh
    return fresh


def _insert_rows_of_chunk(
    store: Store, schemas: list[str], part: int, first: int, last: int
) -> None:
    """The record rows of the marked revisions of groups [first, last) of a part, by date:
    the same columns, in the same order, as Store's writer of new records."""
    bundle = schemas[part]
    for kind in KINDS:
        store._conn.execute(
            f"INSERT INTO main.{TABLES[kind]} ({record_columns(kind)}) SELECT"
            f" {', '.join(_row_values(kind))} FROM temp.merge_fresh f JOIN {bundle}.mat_{kind} m"
            f' ON m.pos = f.pos {_CHUNK} ORDER BY m."{DATE_FIELD[kind]}", f.pos',
            (part, first, last),
        )


def _shares(tick: Callable[[int], None], held: int, rows: int) -> Callable[[int], None]:
    """A tick for the rows copied, `rows` in all, that reports `held` revisions in step:
    its share of them for each call's rows, exactly `held` once all are copied."""
    copied = given = 0

    def share(count: int) -> None:
        nonlocal copied, given
        copied += count
        due = held * copied // rows if rows else held
        tick(due - given)
        given = due

    return share


def _insert_rows_by_date(store: Store, schemas: list[str], tick: Callable[[int], None]) -> None:
    """The record rows of every revision the fast path took (temp.merge_fresh), all parts
    together, in date order: the order (date, part, pos) numbered in memory, then copied
    ROWS_PER_SWEEP at a time. Each sweep walks every part's rows in file order (the
    (part, pos) index: `+o.seq` keeps SQLite from walking seq instead) and sorts what it
    picked. `tick(rows)` after each sweep reports progress and lets a cancel stop the
    merge."""
    conn = store._conn
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS merge_order (seq INTEGER PRIMARY KEY, part INTEGER,"
        " pos INTEGER)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS temp.merge_order_pos ON merge_order (part, pos)")
    for kind in KINDS:
        conn.execute("DELETE FROM temp.merge_order")
        date = DATE_FIELD[kind]
        dated = " UNION ALL ".join(
            f'SELECT m."{date}" AS day, f.part AS part, f.pos AS pos FROM temp.merge_fresh f'
            f" JOIN {bundle}.mat_{kind} m ON m.pos = f.pos WHERE f.part = {part}"
            for part, bundle in enumerate(schemas)
        )
        conn.execute(
            f"INSERT INTO temp.merge_order (part, pos) SELECT part, pos FROM ({dated})"
            " ORDER BY day, part, pos"
        )
        total = conn.execute("SELECT coalesce(max(seq), 0) FROM temp.merge_order").fetchone()[0]
        columns = _row_values(kind)
        named = ", ".join(f"{c} AS c{i}" for i, c in enumerate(columns))
        picked = " UNION ALL ".join(
            f"SELECT o.seq AS seq, {named} FROM temp.merge_order o"
            f" JOIN {bundle}.mat_{kind} m ON m.pos = o.pos"
            f" WHERE o.part = {part} AND +o.seq >= ? AND +o.seq < ?"
            for part, bundle in enumerate(schemas)
        )
        outer = ", ".join(f"c{i}" for i in range(len(columns)))
        for low in range(1, total + 1, ROWS_PER_SWEEP):
            conn.execute(
                f"INSERT INTO main.{TABLES[kind]} ({record_columns(kind)}) SELECT {outer}"
                f" FROM ({picked}) ORDER BY seq",
                (low, low + ROWS_PER_SWEEP) * len(schemas),
            )
            tick(min(ROWS_PER_SWEEP, total - low + 1))
    conn.execute("DELETE FROM temp.merge_order")


def _merge_rest(
    store: Store,
    schemas: list[str],
    part: int,
    first: int,
    last: int,
    result: ApplyResult,
    fresh: int,
) -> int:
    """Everything the fast path did not take, through Store.apply_revisions, whole records
    per call. Returns how many revisions of the chunk it accounted for (added or skipped)."""
    conn = store._conn
    bundle = schemas[part]
    in_chunk = conn.execute(
        f"SELECT count(*) FROM {bundle}.rev WHERE grp >= ? AND grp < ?", (first, last)
    ).fetchone()[0]
    if in_chunk == fresh:  # the fast path took the whole chunk
        return 0
    # Revisions held here unsigned (written before fieldapp signed revisions) gain the
    # signature the bundle carries, checked by the verifier like a new revision's.
    conn.execute(
        f"UPDATE main.revisions SET signature = (SELECT r.sig FROM {bundle}.rev r"
        " WHERE r.id = main.revisions.id) WHERE signature IS NULL AND id IN"
        f" (SELECT r.id FROM {bundle}.rev r WHERE r.grp >= ? AND r.grp < ?)",
        (first, last),
    )
    rows = conn.execute(
        "SELECT r.record_id, r.kind, r.parents, r.device, r.seq, r.timestamp, r.deleted,"
        f" r.data, r.sig FROM {bundle}.rev r WHERE r.grp >= ? AND r.grp < ?"
        " AND NOT EXISTS (SELECT 1 FROM main.revisions m WHERE m.id = r.id) ORDER BY r.pos",
        (first, last),
    ).fetchall()
    if rows:
        revisions = [
            Revision(
                record_id,
                kind,
                tuple(json.loads(parents)),
                device,
                seq,
                timestamp,
                bool(deleted),
                values,
                sig,
                form_of(values, data),
            )
            for record_id, kind, parents, device, seq, timestamp, deleted, data, sig in rows
            for values in (json.loads(data),)
        ]
        result += store.apply_revisions(revisions)
    result.skipped += in_chunk - fresh - len(rows)
    return in_chunk - fresh
