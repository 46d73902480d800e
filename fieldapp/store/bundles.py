"""The bundle log: the `bundles` table (every bundle exported from or merged into this
database) and this device's bundle sequence number (`device.bundle_seq`). The only SQL
over them lives here; `Store.bundle_seq` delegates to `last_seq`.

Callers outside the store (`sync.export`, `sync.merge`, `sync.bundle.manifest`,
`sync.devices`) keep the rules and the messages; this module only reads and writes rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from fieldapp.domain.revisions import utc_now

if TYPE_CHECKING:
    from fieldapp.store.database import Store


class BundleEntry(NamedTuple):
    """A bundle this database sent or received, as the device list shows it."""

    seq: int
    processed_at: str
    created_at: str
    direction: str


def last_seq(store: Store) -> int:
    """This device's last bundle sequence number (0 before its first bundle)."""
    row = store._conn.execute("SELECT bundle_seq FROM device").fetchone()
    return int(row[0]) if row else 0


@contextmanager
def export_snapshot(store: Store, mmap_bytes: int) -> Iterator[None]:
    """One read snapshot for every pass of an export (concurrent edits wait for later),
    with the file memory-mapped up to `mmap_bytes` meanwhile; the mapping size is restored
    afterwards."""
    conn = store._conn
    mmap_before = int(conn.execute("PRAGMA mmap_size").fetchone()[0])
    conn.execute("BEGIN")
    try:
        conn.execute(f"PRAGMA mmap_size = {max(mmap_before, mmap_bytes)}")
        yield
    finally:
        conn.execute("COMMIT")
        conn.execute(f"PRAGMA mmap_size = {mmap_before}")


def record_sent(
    store: Store,
    *,
    bundle_id: str,
    device_id: str,
    seq: int,
    full: bool,
    revisions: int,
    manifest_sha256: str,
    summary: Mapping[str, Any],
    export_mark: tuple[str, int] | None = None,
) -> None:
    """Log a bundle this device exported and move its bundle sequence number to `seq`
    (never back); `export_mark` (setting key, last revision) moves the export mark in the
    same transaction (never back)."""
    conn = store._conn
    with store.transaction():
        conn.execute("UPDATE device SET bundle_seq = max(bundle_seq, ?)", (seq,))
        if export_mark is not None:
            key, last_n = export_mark
            store.set_setting(key, str(max(store.export_mark(), last_n)))
        conn.execute(
            "INSERT INTO bundles (id, direction, device, seq, created_at, processed_at, full,"
            " revisions, manifest_sha256, summary) VALUES (?, 'sent', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                bundle_id,
                device_id,
                seq,
                utc_now(),
                utc_now(),
                int(full),
                revisions,
                manifest_sha256,
                json.dumps(summary),
            ),
        )


def record_received(
    store: Store,
    *,
    bundle_id: str,
    device_id: str,
    seq: int,
    created_at: str,
    full: bool,
    revisions: int,
    manifest_sha256: str,
    summary: Mapping[str, Any],
) -> list[int]:
    """Log a merged bundle (once: the same bundle again changes nothing) and return the
    earlier sequence numbers of that device that have not arrived. The caller is inside
    the merge transaction."""
    conn = store._conn
    conn.execute(
        "INSERT INTO bundles (id, direction, device, seq, created_at, processed_at,"
        " full, revisions, manifest_sha256, summary) VALUES (?, 'received', ?, ?, ?, ?, ?, ?,"
        " ?, ?) ON CONFLICT DO NOTHING",
        (
            bundle_id,
            device_id,
            seq,
            created_at,
            utc_now(),
            int(full),
            revisions,
            manifest_sha256,
            json.dumps(summary, sort_keys=True),
        ),
    )
    return missing_before(store, device_id, seq)[0]


# A gap wider than this is counted, not listed (bundle bookkeeping, the devices report).
MAX_LISTED_GAP = 1000


def missing_before(
    store: Store, device_id: str, seq: int, limit: int = MAX_LISTED_GAP
) -> tuple[list[int], int]:
    """The earlier sequence numbers of a device that have not arrived: (listed, 0) when
    at most `limit` are missing, else ([], how many) -- a bundle far ahead (a sequence
    number of 10**12) is counted from the rows that exist, never enumerated."""
    seqs = {
        r[0]
        for r in store._conn.execute(
            "SELECT DISTINCT seq FROM bundles WHERE device = ? AND seq >= 1 AND seq < ?",
            (device_id, seq),
        )
    }
    missing = max(0, seq - 1) - len(seqs)
    if missing > limit:
        return [], missing
    # bounded: seq - 1 <= limit + the rows that exist
    return [n for n in range(1, seq) if n not in seqs], 0


def manifest_digest(store: Store, bundle_id: str) -> str | None:
    """The manifest SHA-256 of the logged bundle with that id, None if there is none."""
    row = store._conn.execute(
        "SELECT manifest_sha256 FROM bundles WHERE id = ?", (bundle_id,)
    ).fetchone()
    return None if row is None else row[0]


def entries(store: Store, fingerprint: str) -> list[BundleEntry]:
    """The bundles a device sent here or this database sent as it, oldest first."""
    rows = store._conn.execute(
        "SELECT seq, processed_at, created_at, direction FROM bundles WHERE device = ?"
        " ORDER BY processed_at",
        (fingerprint,),
    ).fetchall()
    return [BundleEntry(*r) for r in rows]


LAST_EXPORT_KEY = "export.last_revision_n"


def export_mark(store: Store) -> int:
    """The last revision (local arrival number) an exported bundle carried."""
    return int(store.setting(LAST_EXPORT_KEY, "0") or 0)


def pending_export_count(store: Store) -> int:
    """Revisions an incremental bundle would carry now (merged ones included)."""
    return store._conn.execute(
        "SELECT count(*) FROM revisions WHERE n > ?", (export_mark(store),)
    ).fetchone()[0]


def unexported_count(store: Store) -> int:
    """This device's own changes not yet in an exported bundle."""
    device = store.device()
    if device is None:
        return 0
    return store._conn.execute(
        "SELECT count(*) FROM revisions WHERE n > ? AND device = ?",
        (export_mark(store), device.id),
    ).fetchone()[0]
