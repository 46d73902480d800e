"""Merge verified bundles into a database: each bundle in one transaction, all or nothing.

The merge engine is Store.apply_revisions (idempotent, order-independent heads, conflicts
as several heads, a deterministic provisional winner). Merging adds one fast path in front
of it, for the bulk of a first merge: a record the database has never seen, arriving as a
single root revision, needs no head computation, so those revisions, their heads and
their rows are copied from the verified scratch file with set-based INSERT ... SELECT
statements. Everything else (edits, deletions, conflicts, revisions already present) goes
through apply_revisions in batches of whole records. Both paths run inside the same
transaction, so a failure or a cancel anywhere leaves the database exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fieldapp.domain.fields import KINDS, TABLES, field_names
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.errors import Cancelled
from fieldapp.identity.keys import format_fingerprint
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import bundles as stored_bundles
from fieldapp.store import devices as stored_devices
from fieldapp.store.database import ApplyResult, Store
from fieldapp.sync import format as fmt
from fieldapp.sync.errors import UntrustedSigner
from fieldapp.sync.verify import (
    BundleInfo,
    PassphraseFn,
    Signer,
    VerifiedBundle,
    attached,
    check_against,
    describe_signer,
    open_bundle,
    verify_container,
)

GROUPS_PER_CHUNK = 5000


@dataclass
class MergeSummary:
    path: Path
    bundle_id: str
    signer: Signer
    sequence: int
    revisions: int  # in the bundle
    new: int = 0  # records this database did not have
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0  # records left with competing versions
    skipped: int = 0  # revisions already present
    added: int = 0  # revisions added
    already_merged: bool = False
    trusted_now: bool = False  # this merge added the signer to the trusted keys
    seconds: float = 0.0
    sealed: bool = False
    missing_before: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
            "skipped": self.skipped,
            "added": self.added,
        }


def untrusted(info: BundleInfo) -> UntrustedSigner:
    s = info.signer
    return UntrustedSigner(
        f"{info.path.name} is signed by {s.name} ({s.organisation}), whose key this database "
        f"does not trust. Fingerprint: {format_fingerprint(s.fingerprint)}. Compare it with "
        "the one that device shows (`fieldapp keys show`), then merge with --trust-new, or "
        "register the device first with `fieldapp keys trust CERTFILE`. Nothing was merged",
        s.fingerprint,
        s.name,
        s.organisation,
    )


def merge_bundle(
    store: Store,
    path: str | Path,
    *,
    trust_new: bool = False,
    passphrase: PassphraseFn | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limits: fmt.Limits = fmt.DEFAULT_LIMITS,
) -> MergeSummary:
    """Verify one bundle completely, then merge it in one transaction."""
    started = time.perf_counter()
    with open_bundle(path, store, passphrase, limits) as container:
        assert container.info is not None
        info = container.info
        describe_signer(store, info)
        if not info.signer.trusted and not trust_new:
            raise untrusted(info)
        if info.already_merged:
            # Exactly this signed manifest was merged before: check the files still match
            # it (cheap: no parsing), and change nothing.
            container.check_hashes()
            return MergeSummary(
                path=info.path,
                bundle_id=info.bundle_id,
                signer=info.signer,
                sequence=info.sequence,
                revisions=info.revisions,
                skipped=info.revisions,
                already_merged=True,
                sealed=info.sealed,
                seconds=time.perf_counter() - started,
            )
        # One bar for both passes: verification is the first half, the merge the second.
        half = max(1, info.revisions)
        first = (lambda done, total: progress(done, 2 * half)) if progress else None
        second = (lambda done, total: progress(half + done, 2 * half)) if progress else None
        with verify_container(container, store, progress=first, cancel=cancel) as verified:
            summary = merge_verified(
                store, verified, trust_new=trust_new, progress=second, cancel=cancel
            )
    summary.seconds = time.perf_counter() - started
    return summary


def merge_verified(
    store: Store,
    verified: VerifiedBundle,
    *,
    trust_new: bool = False,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> MergeSummary:
    """Merge a bundle verify_bundle accepted (the UI verifies, shows, then merges)."""
    started = time.perf_counter()
    info = verified.info
    describe_signer(store, info)
    if not info.signer.trusted and not trust_new:
        raise untrusted(info)
    summary = MergeSummary(
        path=info.path,
        bundle_id=info.bundle_id,
        signer=info.signer,
        sequence=info.sequence,
        revisions=info.revisions,
        sealed=info.sealed,
    )
    if info.already_merged:
        summary.already_merged = True
        summary.skipped = info.revisions
        return summary
    check_against(store, verified)  # the database may have changed since verification
    result = ApplyResult()
    total = max(1, info.revisions)
    with attached(store, verified) as schemas, store.transaction():
        conn = store.conn
        summary.trusted_now = _record_devices(store, info)
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS merge_fresh (part INTEGER, pos INTEGER,"
            " grp INTEGER, PRIMARY KEY (part, pos))"
        )
        conn.execute("CREATE INDEX IF NOT EXISTS temp.merge_fresh_grp ON merge_fresh (part, grp)")
        conn.execute("DELETE FROM temp.merge_fresh")
        # Chunks of whole records, part after part (the parts are in record-id order).
        chunks = [
            (part, first, first + GROUPS_PER_CHUNK)
            for part, groups in enumerate(verified.groups)
            for first in range(1, groups + 1, GROUPS_PER_CHUNK)
        ]
        done = 0

        def tick(count: int) -> None:
            nonlocal done
            if cancel and cancel():
                raise Cancelled("merge cancelled; nothing was merged")
            done += count
            if progress:
                progress(min(done, total), total)

        if _is_bulk(conn, schemas):
            # Most of the bundle is new to this database: load the new records with the
            # secondary indexes and the full-text trigger set aside, then rebuild them once
            # (sorting beats inserting into a dozen B-trees at random places).
            fresh = {}
            for part, groups in enumerate(verified.groups):  # before the record index goes
                _select_fresh(conn, schemas, part, 1, groups + 1)
            with _indexes_suspended(conn):
                for chunk in chunks:
                    fresh[chunk] = _insert_fresh(store, schemas, *chunk, result)
                    tick(fresh[chunk])
            for chunk in chunks:
                tick(_merge_rest(store, schemas, *chunk, result, fresh[chunk]))
        else:
            for chunk in chunks:
                _select_fresh(conn, schemas, *chunk)
                count = _insert_fresh(store, schemas, *chunk, result)
                tick(count + _merge_rest(store, schemas, *chunk, result, count))
        conn.execute("DELETE FROM temp.merge_fresh")
        summary.missing_before = _record_bundle(store, info, result)
    summary.new = result.created
    summary.updated = result.updated
    summary.deleted = result.deleted
    summary.conflicts = result.conflicts
    summary.skipped = result.skipped
    summary.added = result.added
    summary.seconds = time.perf_counter() - started
    return summary


BULK_MIN = 5000  # fresh records from which rebuilding indexes beats updating them


def _is_bulk(conn: sqlite3.Connection, schemas: list[str]) -> bool:
    fresh = sum(
        conn.execute(
            f"SELECT count(*) FROM {bundle}.rev r WHERE r.solo = 1 AND r.parents = '[]'"
            " AND NOT EXISTS (SELECT 1 FROM main.revisions m WHERE m.record_id = r.record_id)"
        ).fetchone()[0]
        for bundle in schemas
    )
    existing = conn.execute("SELECT coalesce(max(n), 0) FROM main.revisions").fetchone()[0]
    return fresh >= BULK_MIN and fresh >= existing


_SUSPENDED_TABLES = ("revisions", *TABLES.values())


@contextmanager
def _indexes_suspended(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside the merge transaction: drop the secondary indexes and the full-text insert
    triggers of the tables a bulk merge fills, and put them back (from their own stored
    SQL) with the new rows indexed. All of it is part of the transaction: a failure rolls
    the schema back too. Only rows inserted meanwhile (n above the old maximum) are added
    to the full-text index, exactly what the dropped trigger would have done."""
    saved: list[str] = []
    fts: list[tuple[str, list[str], int]] = []
    marks = ",".join("?" for _ in _SUSPENDED_TABLES)
    for name, kind, table, sql in conn.execute(
        "SELECT name, type, tbl_name, sql FROM main.sqlite_master"
        f" WHERE tbl_name IN ({marks}) AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        _SUSPENDED_TABLES,
    ).fetchall():
        if kind == "index" and "UNIQUE" not in sql.upper().split("INDEX")[0]:
            saved.append(sql)
            conn.execute(f'DROP INDEX main."{name}"')
        elif kind == "trigger" and name == f"{table}_fts_insert" and sql.count(";") == 1:
            columns = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{table}_fts")')]
            top = conn.execute(f"SELECT coalesce(max(n), 0) FROM main.{table}").fetchone()[0]
            fts.append((table, columns, top))
            saved.append(sql)
            conn.execute(f'DROP TRIGGER main."{name}"')
    yield
    for sql in saved:
        conn.execute(sql)
    for table, columns, top in fts:
        cols = ", ".join(columns)
        conn.execute(
            f"INSERT INTO main.{table}_fts (rowid, {cols}) SELECT n, {cols} FROM main.{table}"
            " WHERE n > ?",
            (top,),
        )


def _select_fresh(
    conn: sqlite3.Connection, schemas: list[str], part: int, first: int, last: int
) -> None:
    """Mark the revisions of groups [first, last) of a part that the fast path can take:
    records new to this database arriving as one root revision."""
    conn.execute("DELETE FROM temp.merge_fresh WHERE part = ?", (part,))
    conn.execute(
        f"INSERT INTO temp.merge_fresh (part, pos, grp) SELECT ?, r.pos, r.grp"
        f" FROM {schemas[part]}.rev r WHERE r.grp >= ? AND r.grp < ? AND r.solo = 1"
        " AND r.parents = '[]'"
        " AND NOT EXISTS (SELECT 1 FROM main.revisions m WHERE m.record_id = r.record_id)",
        (part, first, last),
    )


def _insert_fresh(
    store: Store, schemas: list[str], part: int, first: int, last: int, result: ApplyResult
) -> int:
    """The fast path for the marked revisions of groups [first, last) of a part:
    revisions, heads and rows copied with one statement per table."""
    conn = store.conn
    bundle = schemas[part]
    chosen = f"FROM temp.merge_fresh f JOIN {bundle}.rev r ON r.pos = f.pos"
    where = "WHERE f.part = ? AND f.grp >= ? AND f.grp < ?"
    args = (part, first, last)
    fresh = conn.execute(f"SELECT count(*) FROM temp.merge_fresh f {where}", args).fetchone()[0]
    if not fresh:
        return 0
    conn.execute(
        "INSERT INTO main.revisions (id, record_id, kind, parents, device, seq, timestamp,"
        " deleted, data) SELECT r.id, r.record_id, r.kind, r.parents, r.device, r.seq,"
        f" r.timestamp, r.deleted, r.data {chosen} {where} ORDER BY f.pos",
        args,
    )
    conn.execute(
        f"INSERT INTO main.heads (record_id, revision_id) SELECT r.record_id, r.id {chosen}"
        f" {where} ORDER BY f.pos",
        args,
    )
    for kind in KINDS:
        names = field_names(kind)
        cols = ", ".join(names)
        picked = ", ".join(f'm."{n}"' for n in names)
        conn.execute(
            f"INSERT INTO main.{TABLES[kind]} (id, {cols}, created_at, updated_at, device,"
            f" revision) SELECT r.record_id, {picked}, r.timestamp, r.timestamp, r.device,"
            f" r.id {chosen} JOIN {bundle}.mat_{kind} m ON m.pos = f.pos {where}"
            " ORDER BY f.pos",
            args,
        )
    result.added += fresh
    result.created += fresh
    return fresh


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
    conn = store.conn
    bundle = schemas[part]
    in_chunk = conn.execute(
        f"SELECT count(*) FROM {bundle}.rev WHERE grp >= ? AND grp < ?", (first, last)
    ).fetchone()[0]
    if in_chunk == fresh:  # the fast path took the whole chunk
        return 0
    rows = conn.execute(
        "SELECT r.record_id, r.kind, r.parents, r.device, r.seq, r.timestamp, r.deleted, r.data"
        f" FROM {bundle}.rev r WHERE r.grp >= ? AND r.grp < ?"
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
                json.loads(data),
            )
            for record_id, kind, parents, device, seq, timestamp, deleted, data in rows
        ]
        result += store.apply_revisions(revisions)
    result.skipped += in_chunk - fresh - len(rows)
    return in_chunk - fresh


def _record_devices(store: Store, info: BundleInfo) -> bool:
    """Trust the signer (the caller checked that it is trusted or accepted) and learn the
    names of the other devices whose revisions the bundle relays (not trusted)."""
    s = info.signer
    now = utc_now()
    before = stored_devices.trust(store, s.fingerprint, s.name, s.organisation, s.certificate, now)
    stored_devices.learn(store, info.devices, now)
    return not before


def _record_bundle(store: Store, info: BundleInfo, result: ApplyResult) -> list[int]:
    return stored_bundles.record_received(
        store,
        bundle_id=info.bundle_id,
        device_id=info.signer.fingerprint,
        seq=info.sequence,
        created_at=info.created_at,
        full=info.full,
        revisions=info.revisions,
        manifest_sha256=info.manifest_sha256,
        summary=asdict(result),
    )
