"""The Store: one SQLite database file holding records, revisions and the device identity.

Every write is one transaction. Writes never touch the record tables directly: they append
revisions, and the record tables are re-materialised from the heads, so the UI, the CLI and
a bundle merge all change data the same way.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldapp.domain import validation
from fieldapp.domain.fields import (
    DATE_FIELD,
    FIELDS,
    KINDS,
    TABLES,
    check_kind,
    columns,
    field_names,
)
from fieldapp.domain.revisions import Revision, pick_winner, utc_now
from fieldapp.errors import Cancelled, DatabaseError, FieldappError, NotFound
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import bundles, devices
from fieldapp.store import migrate as migrations
from fieldapp.store.devices import Device
from fieldapp.store.query import Filter, fts_query, order_clause, where

if TYPE_CHECKING:
    import sqlite_utils

LAST_EXPORT_KEY = "export.last_revision_n"

_JSON_FIELDS = {
    kind: {f.name for f in FIELDS[kind] if f.type in ("multi", "idlist")} for kind in KINDS
}
_BATCH = 500


def _column_values(kind: str, data: Mapping[str, object]) -> list[object]:
    """A record's field values in column order, lists as JSON."""
    json_fields = _JSON_FIELDS[kind]
    return [
        json.dumps(data.get(n) or [], ensure_ascii=False) if n in json_fields else data.get(n)
        for n in field_names(kind)
    ]


_REV_COLUMNS = "id, record_id, kind, parents, device, seq, timestamp, deleted, data, n"


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

    @classmethod
    def from_row(cls, row: tuple) -> StoredRevision:
        rid, record_id, kind, parents, device, seq, ts, deleted, data, n = row
        return cls(
            rid,
            record_id,
            kind,
            tuple(json.loads(parents)),
            device,
            seq,
            ts,
            bool(deleted),
            json.loads(data),
            n,
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
        )


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


def sqlite_error(path: Path | None, exc: sqlite3.Error) -> DatabaseError:
    """Turn SQLite's terse error, met while opening a file, into what the user can do."""
    text = str(exc)
    name = str(path) if path else "the database"
    return _user_problem(path, exc) or DatabaseError(
        f"{name} is not a fieldapp database ({text}); choose another file"
    )


def _user_problem(path: Path | None, exc: sqlite3.Error) -> DatabaseError | None:
    """A busy, full or read-only database is the user's to fix; anything else is a bug."""
    text = str(exc)
    name = str(path) if path else "the database"
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"{name} is busy: another fieldapp (or another program) is writing to it. "
            "Close it and try again; nothing was written"
        )
    if "full" in text:
        return DatabaseError(
            f"the disk holding {name} is full; free some space and try again. Nothing was written"
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{name} is read-only; copy it somewhere writable or fix permissions")
    if "unable to open" in text:
        return DatabaseError(f"cannot open {name} ({text}); check the path and its permissions")
    return None


def _forged(revision_id: str, record_id: str) -> FieldappError:
    return FieldappError(
        f"revision {revision_id[:12]} of record {record_id} is linked to another record's "
        "history; the data is inconsistent and nothing was merged"
    )


class Store:
    def __init__(self, path: Path | None, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self._depth = 0
        self._leading: dict[str, set[str]] = {}

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils, for introspection and ad-hoc work
        (`store.db["incidents"].count`, `store.db.tables`). Imported on first use: it
        pulls in numpy, a quarter of a second of start-up the window does not need."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and migrate) a database file. Refuses a newer schema without writing."""
        path = Path(path)
        if not create and not path.exists():
            raise DatabaseError(f"no database at {path}; run `fieldapp init` first")
        if path.exists() and path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        except sqlite3.Error as exc:
            raise sqlite_error(path, exc) from exc
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            # Reads only: refuses a non-database, another program's database or a newer
            # schema before the WAL switch or a migration writes a byte.
            migrations.check_openable(conn, db_path=path)
            if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                # A new file: 8 KiB pages (set before WAL, which fixes the size). Bulk
                # merges write ~10 % faster than with SQLite's default 4 KiB, and the
                # app's reads are as fast (benchmarks/bench_store.py, bench_bundles.py).
                conn.execute("PRAGMA page_size = 8192")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            backup_path = migrations.migrate(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise sqlite_error(path, exc) from exc
        except BaseException:
            conn.close()
            raise
        store = cls(path, conn)
        store.backup_path = backup_path
        return store

    @classmethod
    def memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        migrations.migrate(conn, None)
        return cls(None, conn)

    backup_path: Path | None = None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return migrations.applied_version(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            problem = _user_problem(self.path, exc)
            if problem is None:
                raise
            raise problem from exc
        self._depth = 1
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may already have rolled back by itself (disk full, I/O error).
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            problem = _user_problem(self.path, exc) if isinstance(exc, sqlite3.Error) else None
            if problem is not None:
                raise problem from exc
            raise
        finally:
            self._depth = 0

    # -- device and settings (the SQL of the device tables is in store/devices) -------------

    def device(self) -> Device | None:
        return devices.own(self)

    def require_device(self) -> Device:
        return devices.require_own(self)

    def save_device(self, **identity: str) -> Device:
        """See devices.save_own (fingerprint, name, organisation, keys, certificate)."""
        return devices.save_own(self, **identity)

    def device_label(self, device_id: str) -> str:
        """A person-readable name for a device id: "Amal (Idlib Response) 3f2a9c1e"."""
        return devices.label(self, device_id)

    def is_trusted(self, fingerprint: str) -> bool:
        """Whether this database trusts the signing key with that fingerprint."""
        return devices.is_trusted(self, fingerprint)

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _next_seq(self, device: Device) -> int:
        return devices.take_seqs(self, device.id)

    # -- local writes ----------------------------------------------------------------------

    def add(self, kind: str, values: Mapping[str, object]) -> str:
        """Validate and store a new record; returns its id."""
        return self.add_many(kind, [values])[0]

    def add_many(
        self,
        kind: str,
        rows: Iterable[Mapping[str, object]],
        progress: Progress | None = None,
        cancel: CancelFlag | None = None,
        total: int = 0,
    ) -> list[str]:
        """Validate and store many records in one transaction: all of them or none.

        Rows are written in batches with `executemany`: new records need no head lookup,
        so a bulk load costs one statement per table per batch instead of several per row.
        """
        check_kind(kind)
        device = self.require_device()
        ids: list[str] = []
        batch: list[dict[str, object]] = []
        with self.transaction():
            for index, raw in enumerate(rows):
                batch.append(validation.clean(kind, raw))
                if len(batch) == _BATCH:
                    ids += self._insert_new(kind, device, batch)
                    batch = []
                if index % 1000 == 999:
                    if cancel and cancel():
                        raise Cancelled("cancelled; nothing was saved")
                    if progress:
                        progress(index + 1, total)
            if batch:
                ids += self._insert_new(kind, device, batch)
        if progress:
            progress(len(ids), total or len(ids))
        return ids

    def _insert_new(self, kind: str, device: Device, batch: list[dict[str, object]]) -> list[str]:
        """Root revisions for brand-new records (fresh UUIDs): revisions, heads, rows."""
        last = devices.take_seqs(self, device.id, len(batch))
        revisions = [
            Revision(
                str(uuid.uuid4()),
                kind,
                (),
                device.id,
                last - len(batch) + 1 + i,
                utc_now(),
                False,
                values,
            )
            for i, values in enumerate(batch)
        ]
        rows = [(r.id, r) for r in revisions]
        self.conn.executemany(
            "INSERT INTO revisions (id, record_id, kind, parents, device, seq, timestamp,"
            " deleted, data) VALUES (?, ?, ?, '[]', ?, ?, ?, 0, ?)",
            [
                (rid, r.record_id, kind, r.device, r.seq, r.timestamp, r.data_json())
                for rid, r in rows
            ],
        )
        self.conn.executemany(
            "INSERT INTO heads (record_id, revision_id) VALUES (?, ?)",
            [(r.record_id, rid) for rid, r in rows],
        )
        names = field_names(kind)
        cols = ("id", *names, "created_at", "updated_at", "device", "revision")
        self.conn.executemany(
            f"INSERT INTO {TABLES[kind]} ({', '.join(cols)})"
            f" VALUES ({', '.join('?' for _ in cols)})",
            [
                (
                    r.record_id,
                    *_column_values(kind, r.data),
                    r.timestamp,
                    r.timestamp,
                    r.device,
                    rid,
                )
                for rid, r in rows
            ],
        )
        return [r.record_id for r in revisions]

    def edit(self, record_id: str, changes: Mapping[str, object]) -> Revision | None:
        """Apply changes as a new revision; None when nothing actually changed."""
        device = self.require_device()
        with self.transaction():
            heads = self.heads(record_id)
            if not heads:
                raise NotFound(f"no record with id {record_id}")
            winner = pick_winner(heads)
            if winner.deleted and len(heads) == 1:
                raise NotFound(f"record {record_id} was deleted; it cannot be edited")
            if winner.deleted:
                # Deleted on one device, edited on another: editing would silently undo the
                # delete. A person must choose, through resolve().
                raise FieldappError(
                    f"record {record_id} was deleted on one device and changed on another; "
                    "resolve that conflict first (see `fieldapp conflicts`), then edit"
                )
            values = validation.clean(winner.kind, {**winner.data, **changes})
            if len(heads) == 1 and values == winner.data:
                return None
            rev = self._successor(device, heads, False, values)
            self.apply_revisions([rev])
        return rev

    def delete(self, record_id: str) -> Revision:
        """Delete by appending a tombstone revision (the history stays)."""
        device = self.require_device()
        with self.transaction():
            heads = self.heads(record_id)
            if not heads:
                raise NotFound(f"no record with id {record_id}")
            winner = pick_winner(heads)
            if winner.deleted and len(heads) == 1:
                raise NotFound(f"record {record_id} is already deleted")
            rev = self._successor(device, heads, True, winner.data)
            self.apply_revisions([rev])
        return rev

    def resolve(
        self, record_id: str, values: Mapping[str, object] | None = None, take: str | None = None
    ) -> Revision:
        """End a conflict: a revision whose parents are all the heads.

        Either take one head's values (`take`, a revision id or unique prefix) or give the
        merged values field by field.
        """
        device = self.require_device()
        with self.transaction():
            heads = self.heads(record_id)
            if len(heads) < 2:
                raise FieldappError(f"record {record_id} has no conflict to resolve")
            if take is not None:
                chosen = [h for h in heads if h.id.startswith(take)]
                if len(chosen) != 1:
                    options = ", ".join(h.id[:12] for h in heads)
                    raise FieldappError(
                        f"--take {take!r} matches no single head; use one of {options}"
                    )
                deleted, data = chosen[0].deleted, chosen[0].data
            else:
                deleted, data = False, validation.clean(heads[0].kind, values or {})
            rev = self._successor(device, heads, deleted, data)
            self.apply_revisions([rev])
        return rev

    def restore(self, record_id: str, revision_id: str | None = None) -> Revision | None:
        """Bring back a deleted record (or an older version of a live one) as a new
        revision; None when it already has those values. See `fieldapp.store.restore`."""
        from fieldapp.store import restore

        return restore.restore(self, record_id, revision_id)

    def deleted(self, kind: str, flt: Filter | None = None) -> list[Any]:
        """The deleted records of a kind (`restore.DeletedRecord`), latest deletion first."""
        from fieldapp.store import restore

        return restore.deleted_records(self, kind, flt)

    def _successor(
        self,
        device: Device,
        heads: list[StoredRevision],
        deleted: bool,
        data: dict[str, Any],
    ) -> Revision:
        """A local revision that descends from every current head of its record."""
        return Revision(
            heads[0].record_id,
            heads[0].kind,
            tuple(h.id for h in heads),
            device.id,
            self._next_seq(device),
            utc_now(),
            deleted,
            data,
        )

    # -- applying revisions (local writes and merges) ---------------------------------------

    def apply_revisions(
        self,
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
        with self.transaction():
            for index, rev in enumerate(revisions):
                outcome = self._apply_one(rev, touched, before)
                if outcome == "skipped":
                    result.skipped += 1
                else:
                    result.added += 1
                    if outcome == "created":
                        result.created += 1
                        fresh.add(rev.record_id)
                if index % 1000 == 999:
                    if cancel and cancel():
                        raise Cancelled("cancelled; nothing was merged")
                    if progress:
                        progress(index + 1, 0)
            for record_id, kind in touched.items():
                state = self._materialise(record_id, kind)
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
        self,
        rev: Revision,
        touched: dict[str, str] | None = None,
        before: dict[str, bool] | None = None,
    ) -> str:
        conn = self.conn
        rid = rev.id
        known = conn.execute(
            "SELECT kind FROM revisions WHERE record_id = ? LIMIT 1", (rev.record_id,)
        ).fetchone()
        if known and known[0] != rev.kind:
            raise FieldappError(
                f"revision {rid[:12]} says record {rev.record_id} is a {rev.kind}, but it is a "
                f"{known[0]}; the data is inconsistent and was not merged"
            )
        parents = sorted(rev.parents)
        cur = conn.execute(
            "INSERT OR IGNORE INTO revisions (id, record_id, kind, parents, device, seq,"
            " timestamp, deleted, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        if cur.rowcount == 0:
            return "skipped"
        if not known and not parents:
            # Fast path: the first revision of a record never seen before. Nothing of this
            # record can name it as a parent yet, so any child is another record's: forged.
            if conn.execute(
                "SELECT 1 FROM revision_parents WHERE parent = ? LIMIT 1", (rid,)
            ).fetchone():
                raise _forged(rid, rev.record_id)
            conn.execute(
                "INSERT INTO heads (record_id, revision_id) VALUES (?, ?)", (rev.record_id, rid)
            )
            if not rev.deleted:
                self._upsert(
                    rev.kind, rev.record_id, rev.data, rev.timestamp, rev.timestamp, rev.device, rid
                )
            return "created"
        if before is not None and rev.record_id not in before:
            before[rev.record_id] = self._exists(rev.kind, rev.record_id)
        conn.executemany(
            "INSERT OR IGNORE INTO revision_parents (parent, child) VALUES (?, ?)",
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
                "INSERT OR IGNORE INTO heads (record_id, revision_id) VALUES (?, ?)",
                (rev.record_id, rid),
            )
        conn.executemany(
            "DELETE FROM heads WHERE record_id = ? AND revision_id = ?",
            [(rev.record_id, p) for p in parents],
        )
        if touched is not None:
            touched[rev.record_id] = rev.kind
        else:
            self._materialise(rev.record_id, rev.kind)
        return "added"

    def _exists(self, kind: str, record_id: str) -> bool:
        return (
            self.conn.execute(f"SELECT 1 FROM {TABLES[kind]} WHERE id = ?", (record_id,)).fetchone()
            is not None
        )

    def _materialise(self, record_id: str, kind: str) -> str:
        heads = self.heads(record_id)
        if not heads:
            raise FieldappError(
                f"record {record_id} has no current revision; the data is inconsistent and "
                "nothing was merged"
            )
        table = TABLES[kind]
        winner = pick_winner(heads)
        if winner.deleted:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
            return "conflict" if len(heads) > 1 else "deleted"
        # The record's creation: its root revision (or, until the root arrives, the earliest
        # known), chosen without looking at arrival order so every database agrees.
        first = self.conn.execute(
            "SELECT timestamp, device FROM revisions WHERE record_id = ?"
            " ORDER BY parents != '[]', timestamp, id LIMIT 1",
            (record_id,),
        ).fetchone()
        self._upsert(kind, record_id, winner.data, first[0], winner.timestamp, first[1], winner.id)
        return "conflict" if len(heads) > 1 else "current"

    def _upsert(
        self,
        kind: str,
        record_id: str,
        data: Mapping[str, object],
        created_at: str,
        updated_at: str,
        device: str,
        revision: str,
    ) -> None:
        names = field_names(kind)
        values = _column_values(kind, data)
        cols = ("id", *names, "created_at", "updated_at", "device", "revision")
        placeholders = ", ".join("?" for _ in cols)
        # created_at and device too: an earlier revision arriving late (a bundle merged out
        # of order) moves the record's creation back to it.
        updates = ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
        self.conn.execute(
            f"INSERT INTO {TABLES[kind]} ({', '.join(cols)}) VALUES ({placeholders})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}",
            (record_id, *values, created_at, updated_at, device, revision),
        )

    # -- reads -----------------------------------------------------------------------------

    def heads(self, record_id: str) -> list[StoredRevision]:
        rows = self.conn.execute(
            f"SELECT {', '.join('r.' + c.strip() for c in _REV_COLUMNS.split(','))}"
            " FROM heads h JOIN revisions r ON r.id = h.revision_id WHERE h.record_id = ?",
            (record_id,),
        ).fetchall()
        return [StoredRevision.from_row(r) for r in rows]

    def history(self, record_id: str) -> list[StoredRevision]:
        """Every revision of a record, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_REV_COLUMNS} FROM revisions WHERE record_id = ? ORDER BY timestamp, n",
            (record_id,),
        ).fetchall()
        if not rows:
            raise NotFound(f"no record with id {record_id}")
        return [StoredRevision.from_row(r) for r in rows]

    def revision(self, revision_id: str) -> StoredRevision:
        row = self.conn.execute(
            f"SELECT {_REV_COLUMNS} FROM revisions WHERE id = ?", (revision_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no revision with id {revision_id}")
        return StoredRevision.from_row(row)

    def revisions_since(self, n: int = 0) -> Iterator[StoredRevision]:
        """Revisions in local arrival order (parents before children), streamed."""
        cursor = self.conn.execute(
            f"SELECT {_REV_COLUMNS} FROM revisions WHERE n > ? ORDER BY n", (n,)
        )
        for row in cursor:
            yield StoredRevision.from_row(row)

    def resolve_id(self, prefix: str) -> str:
        """A full record id from an id or a unique prefix of at least 6 characters."""
        prefix = prefix.strip().lower()
        if len(prefix) < 6:
            raise NotFound(f"{prefix!r} is too short to identify a record; give 6+ characters")
        rows = self.conn.execute(
            "SELECT DISTINCT record_id FROM revisions WHERE record_id >= ? AND record_id < ?"
            " LIMIT 2",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFound(f"no record with id {prefix}")
        if len(rows) > 1:
            raise NotFound(f"{prefix!r} matches several records; give more of the id")
        return rows[0][0]

    def kind_of(self, record_id: str) -> str:
        row = self.conn.execute(
            "SELECT kind FROM revisions WHERE record_id = ? LIMIT 1", (record_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no record with id {record_id}")
        return row[0]

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The current record, or None if it is deleted or unknown."""
        for kind in KINDS:
            row = self.conn.execute(
                f"SELECT {', '.join(columns(kind))} FROM {TABLES[kind]} WHERE id = ?",
                (record_id,),
            ).fetchone()
            if row:
                return self._decode(kind, row) | {"kind": kind}
        return None

    def query(
        self,
        kind: str,
        flt: Filter | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        return [
            self._decode(kind, row)
            for row in self.query_rows(kind, flt, order_by, descending, limit, offset)
        ]

    def query_rows(
        self,
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
        walk = limit is not None and self._many_matches(kind, flt, order_by, limit + offset)
        clause, params = where(kind, flt, walk_order=walk)
        sql = f"SELECT {', '.join(cols)} FROM {TABLES[kind]} {clause} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return self.conn.execute(sql, params).fetchall()

    def _many_matches(self, kind: str, flt: Filter | None, order_by: str, rows: int) -> bool:
        """Whether a page of a full-text search is faster found by walking the sort index.

        Fetching every match and sorting costs one row read per match; walking the sort
        order and testing membership costs about rows x total / matches. For a word in
        every fifth record of 100,000 that is 10 ms instead of 50 ms; for a rare word the
        other way round. Only worth asking when an index leads with the sort column.
        """
        match = fts_query(flt.search) if flt is not None and flt.search else None
        if match is None or order_by not in self._indexed_columns(kind):
            return False
        table = TABLES[kind]
        hits = self.conn.execute(
            f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?", (match,)
        ).fetchone()[0]
        total = self.conn.execute(f"SELECT max(n) FROM {table}").fetchone()[0] or 0
        return hits * hits > rows * total

    def _indexed_columns(self, kind: str) -> set[str]:
        """Columns that lead an index of the kind's table (read once per connection)."""
        if kind not in self._leading:
            table = TABLES[kind]
            self._leading[kind] = {
                self.conn.execute(f"PRAGMA index_info('{name}')").fetchone()[2]
                for _seq, name, *_ in self.conn.execute(f"PRAGMA index_list('{table}')")
            }
        return self._leading[kind]

    def count(self, kind: str, flt: Filter | None = None) -> int:
        clause, params = where(check_kind(kind), flt)
        return self.conn.execute(
            f"SELECT count(*) FROM {TABLES[kind]} {clause}", params
        ).fetchone()[0]

    def _decode(self, kind: str, row: tuple) -> dict[str, Any]:
        record = dict(zip(columns(kind), row, strict=True))
        for name in _JSON_FIELDS[kind]:
            record[name] = json.loads(record[name]) if record[name] else []
        return record

    def conflicts(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT record_id FROM heads GROUP BY record_id HAVING count(*) > 1"
                " ORDER BY record_id"
            )
        ]

    def admin1_values(self) -> list[str]:
        """Governorates present in either table: a skip-scan over the (admin1, date) indexes,
        one index seek per distinct value instead of a scan of every row."""
        values: set[str] = set()
        for table in TABLES.values():
            last = ""
            while True:
                row = self.conn.execute(
                    f"SELECT min(admin1) FROM {table} WHERE admin1 > ?", (last,)
                ).fetchone()
                if row is None or row[0] is None:
                    break
                last = row[0]
                values.add(last)
        return sorted(values, key=str.casefold)

    def conflicted(self, ids: list[str]) -> set[str]:
        """Which of these records have competing heads (one key lookup each, not a scan)."""
        if not ids:
            return set()
        marks = ", ".join("?" for _ in ids)
        rows = self.conn.execute(
            f"SELECT record_id FROM heads WHERE record_id IN ({marks})"
            " GROUP BY record_id HAVING count(*) > 1",
            ids,
        ).fetchall()
        return {r[0] for r in rows}

    def latest_value(self, kind: str, column: str) -> object:
        """A column of the most recently added record of a kind (a form's default)."""
        if column not in columns(check_kind(kind)):
            raise ValueError(f"unknown column {column!r}")
        row = self.conn.execute(
            f"SELECT {column} FROM {TABLES[kind]} ORDER BY n DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def export_mark(self) -> int:
        """The last revision (local arrival number) an exported bundle carried."""
        return int(self.setting(LAST_EXPORT_KEY, "0") or 0)

    def pending_export_count(self) -> int:
        """Revisions an incremental bundle would carry now (merged ones included)."""
        return self.conn.execute(
            "SELECT count(*) FROM revisions WHERE n > ?", (self.export_mark(),)
        ).fetchone()[0]

    def bundle_seq(self) -> int:
        """This device's last bundle sequence number (0 before its first bundle)."""
        return bundles.last_seq(self)

    def unexported_count(self) -> int:
        """This device's own changes not yet in an exported bundle."""
        device = self.device()
        if device is None:
            return 0
        return self.conn.execute(
            "SELECT count(*) FROM revisions WHERE n > ? AND device = ?",
            (self.export_mark(), device.id),
        ).fetchone()[0]

    def revision_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
