"""The Store: one database file holding records, revisions, devices and the bundle log,
and the only door to it.

`Store` opens and migrates the file, and runs transactions; its connection is private.
The tables are owned by small modules that each hold their SQL: records (every write of a
record), reads (lists, one record, history), bulk (the merge of verified bundles), scratch
(verified scratch copies), devices (identity and trust), bundles (the bundle log and
export marks), curation (duplicate decisions), backup/restore. Store's methods below are
the short names the rest of the app uses for the common ones. What is SQLite's own lives in
dialect, so a second engine (PostgreSQL for a headquarters) implements that seam.

Every write is one transaction. Writes never touch the record tables directly: they append
revisions, and the record tables are re-materialised from the heads, so the UI, the CLI and
a bundle merge all change data the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldapp.domain.revisions import Ready, Revision
from fieldapp.errors import DatabaseError
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import (
    bundles,
    cipher,
    devices,
    dialect,
    leftovers,
    places,
    reads,
    records,
    signing,
)
from fieldapp.store import migrate as migrations
from fieldapp.store.bundles import LAST_EXPORT_KEY
from fieldapp.store.devices import Device
from fieldapp.store.dialect import sqlite_error
from fieldapp.store.query import Filter
from fieldapp.store.reads import StoredRevision
from fieldapp.store.records import ApplyResult

if TYPE_CHECKING:
    import sqlite_utils

__all__ = [
    "LAST_EXPORT_KEY",
    "ApplyResult",
    "Device",
    "Store",
    "StoredRevision",
    "sqlite_error",
]


def _remove_if_made(path: Path, state: str) -> None:
    """A database this open was making (there was no file) and could not finish (a full
    disk, a cancel): leave no empty file that looks like one."""
    if state != "missing":
        return
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with suppress(OSError):
            (path.parent / name).unlink()


class Store:
    def __init__(self, path: Path | None, conn: dialect.Connection):
        self.path = path
        self._conn = conn  # private: the store's own modules only (tests/test_one_door.py)
        self._depth = 0
        self._leading: dict[str, set[str]] = {}

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils, for introspection (indexes, triggers,
        columns) and the table API in tests and tools (`store.db["incidents"].count`).
        Imported on first use: it pulls in numpy, a quarter of a second of start-up the
        window does not need."""
        import sqlite_utils

        return sqlite_utils.Database(self._conn)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        passphrase: str | None = None,
        key: bytes | None = None,
        encrypt: bool = False,
        progress: Progress | None = None,
        cancelled: CancelFlag | None = None,
    ) -> Store:
        """Open (and migrate) a database file. Refuses a newer schema without writing.

        An encrypted file (store/cipher) opens with its `passphrase` or its `key`; a new one
        is made encrypted when `encrypt` is true (then `passphrase` is required). A plain
        file opens without either. `progress` and `cancelled` watch a migration (see
        store.migrate.migrate)."""
        path = Path(path)
        leftovers.sweep()  # what killed fieldapp processes left in the temporary folder
        state = cipher.describe(path)  # refuses a folder
        if not create and state == "missing":
            raise DatabaseError(Message("database.missing", path=str(path)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if cipher.is_encrypted(path) or (encrypt and state in ("missing", "empty")):
            conn, key = cipher.open_keyed(path, passphrase, key=key)
        else:
            conn, key = dialect.connect(path), None
        try:
            # Reads only: refuses a non-database, another program's database or a newer
            # schema before the WAL switch or a migration writes a byte.
            migrations.check_openable(conn, db_path=path)
            dialect.configure(conn)
            backup_path = migrations.migrate(
                conn, path, progress=progress, cancelled=cancelled, key=key
            )
        except dialect.Error as exc:
            conn.close()
            _remove_if_made(path, state)
            raise sqlite_error(path, exc) from exc
        except BaseException:
            conn.close()
            _remove_if_made(path, state)
            raise
        store = cls(path, conn)
        store.backup_path = backup_path
        store._key = key
        store.older_format = key is not None and cipher.format_of(conn) != cipher.FORMAT  # type: ignore[arg-type]
        if passphrase is not None:
            store._sign_with(passphrase)
        store._settle_places(progress, cancelled)
        return store

    def _settle_places(self, progress: Progress | None, cancelled: CancelFlag | None) -> None:
        """The register's shipped governorates, and the one-time completion of the places
        of records written before schema 5 (store.places.backfill)."""
        if self.schema_version() < places.SCHEMA:  # a test's older schema: no register
            return
        if self.setting(places.BACKFILL_KEY) == "pending":
            places.backfill(self, progress, cancelled)
        else:
            places.ensure(self)

    def _sign_with(self, passphrase: str) -> None:
        """This device's key signs what is written from now on, opened on the first write."""
        device = self.device()
        if device is not None:
            signing.remember_later(device.id, device.private_key, passphrase)

    def open_signing_key_soon(self) -> None:
        """Many revisions are about to be written (an import): open this device's key in
        the background now rather than on the first of them."""
        device = self.device()
        if device is not None:
            signing.open_soon(device.id)

    @staticmethod
    def is_encrypted(path: str | Path) -> bool:
        """Whether the file at `path` is an encrypted database (it needs a passphrase)."""
        return cipher.is_encrypted(path)

    @staticmethod
    def is_new(path: str | Path) -> bool:
        """No database at `path` yet (no file, or an empty one): setting one up there makes
        it, encrypted under the passphrase chosen then (ops.setup.create_database)."""
        return cipher.describe(path) in ("missing", "empty")

    @staticmethod
    def is_locked(path: str | Path) -> bool:
        """An encrypted database this process has not unlocked (Store.open would refuse)."""
        return cipher.is_encrypted(path) and cipher.known_key(path) is None

    @staticmethod
    def unlock(path: str | Path, passphrase: str, *, open_signing_key: bool = False) -> None:
        """Check the passphrase of an encrypted database and keep its key in this process's
        memory, so that every later Store.open of the file needs none. WrongPassphrase if it
        does not open it; nothing is written either way.

        The signing key is opened with the same passphrase on the first write; with
        `open_signing_key` (the window, which then keeps no passphrase) at once, in the
        background: a second key derivation (0.3 s, 128 MiB) the unlock need not wait
        for; a save in the next moment waits for it (store.signing.key_for)."""
        key = cipher.unlock(path, passphrase)
        cipher.remember(path, key)
        with closing(cipher.connect(Path(path), key=key, read_only=True)) as conn:
            row = conn.execute("SELECT id, private_key FROM device").fetchone()
        if row is not None:
            signing.remember_later(row[0], row[1], passphrase)
            if open_signing_key:
                signing.open_soon(row[0])

    @staticmethod
    def lock(path: str | Path) -> None:
        """Drop the keys `unlock` kept: the database's and the signing key (stores
        already open stay open until closed)."""
        cipher.forget(path)
        signing.forget()

    @classmethod
    def memory(cls) -> Store:
        conn = dialect.connect_memory()
        migrations.migrate(conn, None)
        store = cls(None, conn)
        store._settle_places(None, None)
        return store

    backup_path: Path | None = None
    _key: bytes | None = None  # an encrypted database's key, for the store's own connections
    older_format = False  # encrypted in a format `fieldapp encrypt` updates (cipher.FORMERLY)

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def close(self) -> None:
        self._conn.close()
        self._key = None  # dropped: locking is closing

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        return migrations.applied_version(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one. Everything written in
        the block is committed together, or nothing (an exception rolls it back)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        dialect.begin_write(self._conn, self.path)
        self._depth = 1
        try:
            yield
            dialect.commit(self._conn)
        except BaseException as exc:
            dialect.rollback(self._conn)
            problem = dialect.user_problem(self.path, exc)
            if problem is not None:
                raise problem from exc
            raise
        finally:
            self._depth = 0

    @contextmanager
    def bulk_cache(self) -> Iterator[None]:
        """A larger page cache for one bulk write (a load of many records), then the usual
        one again. On an encrypted database every page that spills from the cache and is
        read back costs a decryption: 32 MB halves a 100,000-record load (49.5 s -> 22.7 s,
        docs/records.md); a plain one is left as it is."""
        if self._key is None:
            yield
            return
        before = dialect.cache_size(self._conn)
        dialect.set_cache_size(self._conn, -32_768)  # KiB
        try:
            yield
        finally:
            dialect.set_cache_size(self._conn, before)

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
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- writing records (store/records) ----------------------------------------------------

    def add(self, kind: str, values: Mapping[str, object]) -> str:
        """Validate and store a new record; returns its id."""
        return records.add(self, kind, values)

    def add_many(
        self,
        kind: str,
        rows: Iterable[Mapping[str, object] | Ready],
        progress: Progress | None = None,
        cancel: CancelFlag | None = None,
        total: int = 0,
    ) -> list[str]:
        """Validate and store many records in one transaction: all of them or none (a
        `Ready` row is stored as its maker checked it)."""
        return records.add_many(self, kind, rows, progress, cancel, total)

    def edit(self, record_id: str, changes: Mapping[str, object]) -> Revision | None:
        """Apply changes as a new revision; None when nothing actually changed."""
        return records.edit(self, record_id, changes)

    def delete(self, record_id: str) -> Revision:
        """Delete by appending a tombstone revision (the history stays)."""
        return records.delete(self, record_id)

    def resolve(
        self, record_id: str, values: Mapping[str, object] | None = None, take: str | None = None
    ) -> Revision:
        """End a conflict: a revision whose parents are all the heads."""
        return records.resolve(self, record_id, values, take)

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
        self, device: Device, heads: list[StoredRevision], deleted: bool, data: dict[str, Any]
    ) -> Revision:
        return records._successor(self, device, heads, deleted, data)

    def apply_revisions(
        self,
        revisions: Iterable[Revision],
        progress: Progress | None = None,
        cancel: CancelFlag | None = None,
    ) -> ApplyResult:
        """Add revisions (in any order) and re-materialise what they touch."""
        return records.apply_revisions(self, revisions, progress, cancel)

    # -- reading (store/reads) --------------------------------------------------------------

    def heads(self, record_id: str) -> list[StoredRevision]:
        return reads.heads(self, record_id)

    def history(self, record_id: str) -> list[StoredRevision]:
        """Every revision of a record, oldest first."""
        return reads.history(self, record_id)

    def revision(self, revision_id: str) -> StoredRevision:
        return reads.revision(self, revision_id)

    def revisions_since(self, n: int = 0) -> Iterator[StoredRevision]:
        """Revisions in local arrival order (parents before children), streamed."""
        return reads.revisions_since(self, n)

    def resolve_id(self, prefix: str) -> str:
        """A full record id from an id or a unique prefix of at least 6 characters."""
        return reads.resolve_id(self, prefix)

    def kind_of(self, record_id: str) -> str:
        return reads.kind_of(self, record_id)

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The current record, or None if it is deleted or unknown."""
        return reads.get(self, record_id)

    def query(
        self,
        kind: str,
        flt: Filter | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        return reads.query(self, kind, flt, order_by, descending, limit, offset)

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
        return reads.query_rows(self, kind, flt, order_by, descending, limit, offset, cols)

    def count(self, kind: str, flt: Filter | None = None) -> int:
        return reads.count(self, kind, flt)

    def conflicts(self) -> list[str]:
        return reads.conflicts(self)

    def place_terms(self, level: int, text: str) -> tuple[list[str], list[str]]:
        """What a place filter's text matches in the tables: (P-codes, spellings); see
        store.places.filter_terms."""
        return places.filter_terms(self, level, text)

    def place_names(self, level: int, text: str) -> tuple[list[str], list[str]]:
        """The same for values outside the tables (a deleted record's): every spelling."""
        return places.filter_terms(self, level, text, names=True)

    def admin1_values(self) -> list[str]:
        """Governorates present in either table."""
        return reads.admin1_values(self)

    def conflicted(self, ids: list[str]) -> set[str]:
        """Which of these records have competing heads."""
        return reads.conflicted(self, ids)

    def latest_value(self, kind: str, column: str) -> object:
        """A column of the most recently added record of a kind (a form's default)."""
        return reads.latest_value(self, kind, column)

    def has_revisions(self) -> bool:
        return reads.has_revisions(self)

    def revision_count(self) -> int:
        return reads.revision_count(self)

    # -- the bundle log (store/bundles) -----------------------------------------------------

    def export_mark(self) -> int:
        """The last revision (local arrival number) an exported bundle carried."""
        return bundles.export_mark(self)

    def pending_export_count(self) -> int:
        """Revisions an incremental bundle would carry now (merged ones included)."""
        return bundles.pending_export_count(self)

    def unexported_count(self) -> int:
        """This device's own changes not yet in an exported bundle."""
        return bundles.unexported_count(self)

    def bundle_seq(self) -> int:
        """This device's last bundle sequence number (0 before its first bundle)."""
        return bundles.last_seq(self)
