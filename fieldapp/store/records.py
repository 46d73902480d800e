"""Writing records: every local write (add, edit, delete, resolve) and every merge goes
through here, by appending revisions and re-materialising the record tables from the heads
(`apply_revisions`), so the window, the command line and a bundle merge change data the
same way. The one other writer of record rows is the bulk merge (fieldapp.store.bulk),
which copies brand-new records with the same columns (`record_columns`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from fieldapp.domain import validation
from fieldapp.domain.fields import TABLES, check_kind, field_names
from fieldapp.domain.places import PlaceIndex, forget_stale
from fieldapp.domain.revisions import (
    Ready,
    Revision,
    canonical_json,
    id_from_parts,
    pick_winner,
    utc_now,
    whole_numbers_as_integers,
)
from fieldapp.errors import Cancelled, FieldappError, NotFound, ValidationError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import devices, places, reads, signing
from fieldapp.store.devices import Device
from fieldapp.store.reads import JSON_FIELDS, StoredRevision

if TYPE_CHECKING:
    from fieldapp.store.database import Store

_BATCH = 500


@cache
def _columns(kind: str) -> tuple[str, ...]:
    return ("id", *field_names(kind), "created_at", "updated_at", "device", "revision")


def record_columns(kind: str) -> str:
    """The columns every writer of a record row fills, in this order."""
    return ", ".join(_columns(kind))


def _column_values(kind: str, data: Mapping[str, object]) -> tuple[object, ...]:
    """A record's field values in column order, lists as JSON."""
    json_fields = JSON_FIELDS[kind]
    return tuple(
        json.dumps(data.get(n) or [], ensure_ascii=False) if n in json_fields else data.get(n)
        for n in field_names(kind)
    )


def ready(kind: str, values: dict[str, object]) -> Ready:
    """A new record's `values`, already checked and placed, as add_many writes them."""
    values = whole_numbers_as_integers(values)
    return Ready(values, canonical_json(values), _column_values(kind, values))


@dataclass
class ApplyResult:
    """What applying a batch of revisions did."""

    added: int = 0  # revisions that were new
    skipped: int = 0  # revisions already present
    created: int = 0  # records that did not exist before
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0  # records left with more than one head

    def __iadd__(self, other: ApplyResult) -> ApplyResult:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def _forged(revision_id: str, record_id: str) -> FieldappError:
    return FieldappError(Message("revision.forged", revision=revision_id[:12], id=record_id))


def placed(
    store: Store, kind: str, values: dict[str, object], register: PlaceIndex | None = None
) -> dict[str, object]:
    """A record's values with its places completed from the register (codes from names,
    names from codes, upper levels from lower ones); ValidationError when a code belongs
    to another unit than the name beside it (domain.places). `register`: the index, taken
    once for a batch of records."""
    checked = places.complete(store, kind, values, register)
    if checked.errors:
        raise ValidationError(checked.errors, checked.warnings)
    return checked.values


def add(store: Store, kind: str, values: Mapping[str, object]) -> str:
    """Validate and store a new record; returns its id."""
    return add_many(store, kind, [values])[0]


def add_many(
    store: Store,
    kind: str,
    rows: Iterable[Mapping[str, object] | Ready],
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    total: int = 0,
) -> list[str]:
    """Validate and store many records in one transaction: all of them or none. A row
    given as a `Ready` (domain.revisions) was checked and placed by its maker and is
    stored as it is.

    Rows are written in batches: new records need no head lookup, so a bulk load costs
    one statement per table per batch instead of several per row. Raw `executemany`, not
    sqlite-utils' insert_all: both take the same time here (0.98 x for 30,000 records,
    benchmarks/bench_inserts.py: the indexes and the full-text trigger dominate), but this
    is also the window's save of one record, and importing sqlite-utils (it pulls in
    numpy) would add 0.3-0.4 s to the first save of a session.
    """
    check_kind(kind)
    device = store.require_device()
    ids: list[str] = []
    batch: list[Ready] = []
    with store.bulk_cache(), store.transaction():
        register = places.index(store)
        for index, raw in enumerate(rows):
            if isinstance(raw, Ready):  # checked and placed ahead (an import's rows)
                batch.append(raw)
            else:
                # rows already in stored form skip the full check
                clean = validation.is_clean(kind, raw)
                values = dict(raw) if clean else validation.clean(kind, raw)
                batch.append(ready(kind, placed(store, kind, values, register)))
            if len(batch) == _BATCH:
                ids += _insert_new(store, kind, device, batch)
                batch = []
            if index % 1000 == 999:
                if cancel and cancel():
                    raise Cancelled(Message("cancelled.nothing_saved"))
                if progress:
                    progress(index + 1, total)
        if batch:
            ids += _insert_new(store, kind, device, batch)
    if progress:
        progress(len(ids), total or len(ids))
    return ids


def _insert_new(store: Store, kind: str, device: Device, batch: list[Ready]) -> list[str]:
    """Root revisions for brand-new records (fresh UUIDs): revisions, heads, rows."""
    first = devices.take_seqs(store, device.id, len(batch)) - len(batch) + 1
    key = signing.key_for(device.id)
    revisions, heads, rows = [], [], []
    for seq, made in enumerate(batch, first):
        record_id, now = str(uuid.uuid4()), utc_now()
        rid = id_from_parts(record_id, kind, (), device.id, seq, now, False, made.text)
        signature = None if key is None else signing.sign(key, rid)
        revisions.append((rid, record_id, kind, device.id, seq, now, made.text, signature))
        heads.append((record_id, rid))
        rows.append((record_id, *made.columns, now, now, device.id, rid))
    store._conn.executemany(
        "INSERT INTO revisions (id, record_id, kind, parents, device, seq, timestamp,"
        " deleted, data, signature) VALUES (?, ?, ?, '[]', ?, ?, ?, 0, ?, ?)",
        revisions,
    )
    store._conn.executemany("INSERT INTO heads (record_id, revision_id) VALUES (?, ?)", heads)
    cols = _columns(kind)
    store._conn.executemany(
        f"INSERT INTO {TABLES[kind]} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        rows,
    )
    return [record_id for record_id, _rid in heads]


def edit(store: Store, record_id: str, changes: Mapping[str, object]) -> Revision | None:
    """Apply changes as a new revision; None when nothing actually changed."""
    device = store.require_device()
    with store.transaction():
        heads, winner = _heads_of_live(
            store, record_id, Message("record.deleted_cannot_edit", id=record_id)
        )
        if winner.deleted:
            # Deleted on one device, edited on another: editing would silently undo the
            # delete. A person must choose, through resolve().
            raise FieldappError(Message("record.deleted_and_changed", id=record_id))
        values = validation.clean(winner.kind, forget_stale(winner.data, changes))
        values = placed(store, winner.kind, values)
        if len(heads) == 1 and values == winner.data:
            return None
        rev = _successor(store, device, heads, False, values)
        apply_revisions(store, [rev])
    return rev


def _heads_of_live(
    store: Store, record_id: str, if_deleted: Message
) -> tuple[list[StoredRevision], StoredRevision]:
    """A record's heads and provisional winner; NotFound (saying `if_deleted` when it was
    deleted and nothing competes with the deletion)."""
    heads = reads.heads(store, record_id)
    if not heads:
        raise NotFound(Message("record.not_found", id=record_id))
    winner = pick_winner(heads)
    if winner.deleted and len(heads) == 1:
        raise NotFound(if_deleted)
    return heads, winner


def delete(store: Store, record_id: str) -> Revision:
    """Delete by appending a tombstone revision (the history stays)."""
    device = store.require_device()
    with store.transaction():
        heads, winner = _heads_of_live(
            store, record_id, Message("record.already_deleted", id=record_id)
        )
        rev = _successor(store, device, heads, True, winner.data)
        apply_revisions(store, [rev])
    return rev


def resolve(
    store: Store,
    record_id: str,
    values: Mapping[str, object] | None = None,
    take: str | None = None,
) -> Revision:
    """End a conflict: a revision whose parents are all the heads.

    Either take one head's values (`take`, a revision id or unique prefix) or give the
    merged values field by field.
    """
    device = store.require_device()
    with store.transaction():
        heads = reads.heads(store, record_id)
        if len(heads) < 2:
            raise FieldappError(Message("conflict.nothing_to_resolve", id=record_id))
        if take is not None:
            chosen = [h for h in heads if h.id.startswith(take)]
            if len(chosen) != 1:
                options = ", ".join(h.id[:12] for h in heads)
                raise FieldappError(
                    Message("conflict.no_single_head", value=repr(take), allowed=options)
                )
            deleted, data = chosen[0].deleted, chosen[0].data
        else:
            deleted, data = False, validation.clean(heads[0].kind, values or {})
        rev = _successor(store, device, heads, deleted, data)
        apply_revisions(store, [rev])
    return rev


def _successor(
    store: Store,
    device: Device,
    heads: list[StoredRevision],
    deleted: bool,
    data: dict[str, Any],
) -> Revision:
    """A local revision that descends from every current head of its record, signed by
    this device when its key is open (see fieldapp.store.signing)."""
    rev = Revision(
        heads[0].record_id,
        heads[0].kind,
        tuple(h.id for h in heads),
        device.id,
        devices.take_seqs(store, device.id),
        utc_now(),
        deleted,
        whole_numbers_as_integers(data),  # an edit of a record an older fieldapp wrote
    )
    return replace(rev, signature=signing.sign_as(device.id, rev.id))


def apply_revisions(
    store: Store,
    revisions: Iterable[Revision],
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ApplyResult:
    """Add revisions (in any order) and re-materialise what they touch.

    Idempotent: a revision already present changes nothing. Heads are the revisions no
    other revision descends from, so the result does not depend on arrival order.
    Runs in one transaction (joining the caller's, if any).
    """
    result = ApplyResult()
    touched: dict[str, str] = {}
    before: dict[str, bool] = {}
    fresh: set[str] = set()  # records created by this batch through the fast path
    with store.transaction():
        for index, rev in enumerate(revisions):
            outcome = _apply_one(store, rev, touched, before)
            if outcome == "skipped":
                result.skipped += 1
            else:
                result.added += 1
                if outcome == "created":
                    result.created += 1
                    fresh.add(rev.record_id)
            if index % 1000 == 999:
                if cancel and cancel():
                    raise Cancelled(Message("cancelled.nothing_merged"))
                if progress:
                    progress(index + 1, 0)
        for record_id, kind in touched.items():
            state = _materialise(store, record_id, kind)
            if state == "conflict":
                result.conflicts += 1
            if record_id in fresh:
                # Created earlier in this batch and already counted; if a later revision
                # of the batch deleted it, it never existed as far as the caller sees.
                if state == "deleted":
                    result.created -= 1
                continue
            existed = before[record_id]
            if state == "deleted":
                result.deleted += existed
            elif existed:
                result.updated += 1
            else:
                result.created += 1
    return result


def _apply_one(
    store: Store,
    rev: Revision,
    touched: dict[str, str] | None = None,
    before: dict[str, bool] | None = None,
) -> str:
    conn = store._conn
    rid = rev.id
    known = conn.execute(
        "SELECT kind FROM revisions WHERE record_id = ? LIMIT 1", (rev.record_id,)
    ).fetchone()
    if known and known[0] != rev.kind:
        raise FieldappError(
            Message(
                "revision.kind_mismatch",
                revision=rid[:12],
                id=rev.record_id,
                kind=rev.kind,
                other=known[0],
            )
        )
    parents = sorted(rev.parents)
    cur = conn.execute(
        "INSERT INTO revisions (id, record_id, kind, parents, device, seq, timestamp,"
        " deleted, data, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (
            rid,
            rev.record_id,
            rev.kind,
            json.dumps(parents),
            rev.device,
            rev.seq,
            rev.timestamp,
            int(rev.deleted),
            rev.data_json(),
            rev.signature,
        ),
    )
    if cur.rowcount == 0:
        if rev.signature is not None:  # an unsigned copy here gains its author's signature
            conn.execute(
                "UPDATE revisions SET signature = ? WHERE id = ? AND signature IS NULL",
                (rev.signature, rid),
            )
        return "skipped"
    if not known and not parents:
        return _first_of_record(store, rev)
    if before is not None and rev.record_id not in before:
        before[rev.record_id] = _exists(store, rev.kind, rev.record_id)
    _link_to_parents(store, rev, parents)
    if touched is not None:
        touched[rev.record_id] = rev.kind
    else:
        _materialise(store, rev.record_id, rev.kind)
    return "added"


def _first_of_record(store: Store, rev: Revision) -> str:
    """The first revision of a record never seen before (already inserted)."""
    conn = store._conn
    rid = rev.id
    # Fast path: the first revision of a record never seen before. Nothing of this
    # record can name it as a parent yet, so any child is another record's: forged.
    if conn.execute("SELECT 1 FROM revision_parents WHERE parent = ? LIMIT 1", (rid,)).fetchone():
        raise _forged(rid, rev.record_id)
    conn.execute("INSERT INTO heads (record_id, revision_id) VALUES (?, ?)", (rev.record_id, rid))
    if not rev.deleted:
        _upsert(
            store,
            rev.kind,
            rev.record_id,
            rev.data,
            rev.timestamp,
            rev.timestamp,
            rev.device,
            rid,
        )
    return "created"


def _link_to_parents(store: Store, rev: Revision, parents: list[str]) -> None:
    """Record the parent links and move the record's heads (the revision is inserted)."""
    conn = store._conn
    rid = rev.id
    conn.executemany(
        "INSERT INTO revision_parents (parent, child) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(p, rid) for p in parents],
    )
    # A parent (or an already-present child) from another record would leave a record
    # with no head: such history is forged or corrupt, and nothing of it is stored.
    foreign = conn.execute(
        f"SELECT record_id FROM revisions WHERE id IN ({', '.join('?' * len(parents))})"
        " AND record_id != ? LIMIT 1",
        (*parents, rev.record_id),
    ).fetchone()
    children = {
        row[0]
        for row in conn.execute(
            "SELECT r.record_id FROM revision_parents rp JOIN revisions r ON r.id = rp.child"
            " WHERE rp.parent = ?",
            (rid,),
        )
    }
    if foreign or children - {rev.record_id}:
        raise _forged(rid, rev.record_id)
    has_child = bool(children)
    if not has_child:
        conn.execute(
            "INSERT INTO heads (record_id, revision_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (rev.record_id, rid),
        )
    conn.executemany(
        "DELETE FROM heads WHERE record_id = ? AND revision_id = ?",
        [(rev.record_id, p) for p in parents],
    )


def _exists(store: Store, kind: str, record_id: str) -> bool:
    return (
        store._conn.execute(f"SELECT 1 FROM {TABLES[kind]} WHERE id = ?", (record_id,)).fetchone()
        is not None
    )


def _materialise(store: Store, record_id: str, kind: str) -> str:
    heads = reads.heads(store, record_id)
    if not heads:
        raise FieldappError(Message("record.no_current_revision", id=record_id))
    table = TABLES[kind]
    winner = pick_winner(heads)
    if winner.deleted:
        store._conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        return "conflict" if len(heads) > 1 else "deleted"
    # The record's creation: its root revision (or, until the root arrives, the earliest
    # known), chosen without looking at arrival order so every database agrees.
    first = store._conn.execute(
        "SELECT timestamp, device FROM revisions WHERE record_id = ?"
        " ORDER BY parents != '[]', timestamp, id LIMIT 1",
        (record_id,),
    ).fetchone()
    _upsert(store, kind, record_id, winner.data, first[0], winner.timestamp, first[1], winner.id)
    return "conflict" if len(heads) > 1 else "current"


def _upsert(
    store: Store,
    kind: str,
    record_id: str,
    data: Mapping[str, object],
    created_at: str,
    updated_at: str,
    device: str,
    revision: str,
) -> None:
    values = _column_values(kind, data)
    cols = _columns(kind)
    placeholders = ", ".join("?" for _ in cols)
    # created_at and device too: an earlier revision arriving late (a bundle merged out
    # of order) moves the record's creation back to it.
    updates = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
    store._conn.execute(
        f"INSERT INTO {TABLES[kind]} ({', '.join(cols)}) VALUES ({placeholders})"
        f" ON CONFLICT(id) DO UPDATE SET {updates}",
        (record_id, *values, created_at, updated_at, device, revision),
    )
