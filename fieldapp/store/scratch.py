"""Verified scratch copies: private SQLite files, one per part of a bundle being verified,
holding the revisions that passed every check (and the records a merge can copy as they
are). The verifier in fieldapp.sync writes them through `ScratchWriter`; the merge reads
them attached to the store (`attached`). Their schema and every statement over them live
here; the rules and the messages stay in fieldapp.sync, which gets facts back
(`ForeignLink`, `DuplicateRevision`) and says what they mean.

For an encrypted store the copies are encrypted too (SQLCipher, store/cipher.py): nothing
of a bundle may lie in clear in the temporary folder. Their key is ephemeral — random,
one per verification, never the database's key — and lives only in this process's memory
(`_KEYS`, by copy; the second verifying process gets it through its pipe), so a copy left
behind by a crash can never be read by anyone. A plain store keeps plain copies: no cost.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.domain.fields import FIELDS, KINDS, field_names
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.store import cipher, dialect, leftovers

if TYPE_CHECKING:
    from fieldapp.store.database import Store

_SCHEMA = [
    "CREATE TABLE rev (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, record_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, parents TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,"
    " timestamp TEXT NOT NULL, deleted INTEGER NOT NULL, data TEXT NOT NULL,"
    " grp INTEGER NOT NULL, solo INTEGER NOT NULL, sig BLOB NOT NULL)",
    "CREATE TABLE par (child_pos INTEGER NOT NULL, parent TEXT NOT NULL)",
    # A record arriving whole: its field values, then what its row takes from its revision
    # (record id, timestamp, device, revision id), so the merge copies it from here alone.
    *(
        f"CREATE TABLE mat_{kind} (pos INTEGER PRIMARY KEY, "
        + ", ".join(f'"{n}"' for n in field_names(kind))
        + ", record_id TEXT NOT NULL, timestamp TEXT NOT NULL, device TEXT NOT NULL,"
        " revision TEXT NOT NULL)"
        for kind in KINDS
    ),
]
_INSERT_REV = "INSERT INTO rev VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
_INSERT_PAR = "INSERT INTO par VALUES (?, ?)"
_INSERT_MAT = {
    kind: f"INSERT INTO mat_{kind} VALUES ({', '.join('?' * (len(FIELDS[kind]) + 5))})"
    for kind in KINDS
}


class DuplicateRevision(Exception):
    """The same revision id was written twice to one scratch copy."""


@dataclass(frozen=True)
class ForeignLink:
    """A revision tied to a revision of another record (a parent link across records)."""

    revision_id: str
    record_id: str
    other_record: str


@dataclass(frozen=True)
class KindClash:
    """A record that is one kind in the bundle and another in the database."""

    record_id: str
    bundle_kind: str
    database_kind: str


# The keys of the encrypted scratch copies alive in this process, by path: what `attached`
# and `foreign_parent_across` open them with. Memory only; dropped by `remove`.
_KEYS: dict[str, bytes] = {}


def new_key() -> bytes:
    """An ephemeral key for the scratch copies of one verification."""
    return os.urandom(cipher.KEY_BYTES)


def adopt(path: Path, key: bytes | None) -> None:
    """Take on a copy written elsewhere (the second verifying process) under `key`."""
    if key is not None:
        _KEYS[str(path)] = key


def key_of(path: Path) -> bytes | None:
    """The key of an encrypted scratch copy of this process; None for a plain one."""
    return _KEYS.get(str(path))


def _open(path: Path) -> sqlite3.Connection | cipher.Connection:
    key = key_of(path)
    if key is None:
        return sqlite3.connect(path, isolation_level=None)
    return cipher.connect(path, key=key)


def remove(path: Path) -> None:
    """Delete a scratch copy and whatever SQLite left beside it."""
    _KEYS.pop(str(path), None)
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class ScratchWriter:
    """A new scratch copy being written: one transaction, no journal (a crash leaves a
    file nobody reads, removed by `discard`). `finish` indexes it and checks what only
    the whole copy can show. With `key`, the copy is encrypted under it (an encrypted
    store's bundle: see the module's docstring)."""

    def __init__(self, key: bytes | None = None) -> None:
        # removed at the next start if this process dies first (store/leftovers.py)
        self.path = leftovers.temp_file("bundle", ".sqlite")
        adopt(self.path, key)
        self._conn: sqlite3.Connection | cipher.Connection
        if key is None:
            self._conn = sqlite3.connect(self.path, isolation_level=None)
        else:
            try:
                salt = os.urandom(cipher.SALT_BYTES)
                self._conn = cipher.connect(self.path, key=key, salt=salt)
            except BaseException:
                remove(self.path)
                raise
        self._conn.execute("PRAGMA journal_mode = OFF")
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.execute("BEGIN")
        for statement in _SCHEMA:
            self._conn.execute(statement)

    def write(
        self,
        revisions: Sequence[tuple],
        parents: Sequence[tuple],
        records: Mapping[str, Sequence[tuple]],
    ) -> None:
        """One batch: revision rows (pos, id, record_id, kind, parents, device, seq,
        timestamp, deleted, data, grp, solo), parent links (child_pos, parent id), and the
        rows of records arriving whole, per kind (pos, field values..., record id,
        timestamp, device, revision id)."""
        # executemany, not sqlite-utils' insert_all: this is the inner loop of verifying a
        # bundle, and insert_all (a dict per row) took 4.3-4.5 x as long for the same
        # 30,000 rows (benchmarks/bench_inserts.py).
        c = self._conn
        c.executemany(_INSERT_REV, revisions)
        if parents:
            c.executemany(_INSERT_PAR, parents)
        for kind, rows in records.items():
            if rows:
                c.executemany(_INSERT_MAT[kind], rows)

    def finish(self) -> ForeignLink | None:
        """Index the copy, commit and close it. Raises DuplicateRevision; returns a parent
        link that crosses records (then the copy is useless: the caller discards it)."""
        try:
            try:
                self._conn.execute("CREATE UNIQUE INDEX rev_id ON rev (id)")
            except dialect.IntegrityError:
                raise DuplicateRevision from None
            self._conn.execute("CREATE INDEX rev_grp ON rev (grp)")
            link = _foreign_parent(self._conn)
            self._conn.execute("COMMIT")
            return link
        finally:
            self._conn.close()

    def discard(self) -> None:
        self._conn.close()
        remove(self.path)


def _foreign_parent(
    conn: sqlite3.Connection | cipher.Connection, parents: str = "main"
) -> ForeignLink | None:
    """A revision of the copy whose parent (in `parents`: the same copy or another part's)
    belongs to another record."""
    row = conn.execute(
        "SELECT c.id, c.record_id, x.record_id FROM main.par p"
        f" JOIN main.rev c ON c.pos = p.child_pos JOIN {parents}.rev x ON x.id = p.parent"
        " WHERE x.record_id != c.record_id LIMIT 1"
    ).fetchone()
    return ForeignLink(*row) if row else None


def foreign_parent_across(copies: Sequence[Path]) -> ForeignLink | None:
    """The same check across the two parts of a bundle verified in two processes (each
    opened with its key when encrypted)."""
    for child, parent in ((0, 1), (1, 0)):
        conn = _open(copies[child])
        try:
            if isinstance(conn, cipher.Connection):
                cipher.attach(conn, copies[parent], "other", key_of(copies[parent]))
            else:
                conn.execute("ATTACH DATABASE ? AS other", (str(copies[parent]),))
            link = _foreign_parent(conn, "other")
        finally:
            conn.close()
        if link:
            return link
    return None


class KnownRevisions:
    """Which revisions a database already holds, for the verifier: through the store's
    own connection in this process, or a read-only connection of its own in the second
    verifying process (which has no Store)."""

    def __init__(self, conn: sqlite3.Connection | cipher.Connection | None, *, owned: bool = False):
        self._conn = conn
        self._owned = owned
        self.any = bool(
            conn is not None
            and conn.execute("SELECT 1 FROM revisions LIMIT 1").fetchone() is not None
        )

    @classmethod
    def of(cls, store: Store | None) -> KnownRevisions:
        return cls(store._conn if store is not None else None)

    @classmethod
    def read_only(cls, uri: str | None, key: bytes | None = None) -> KnownRevisions:
        """`uri` as `read_only_uri` made it (None: no database to compare with); `key`
        for an encrypted database (handed over in memory, never through the disk)."""
        if not uri:
            return cls(None, owned=True)
        if key is None:
            return cls(sqlite3.connect(uri, uri=True), owned=True)
        # Imported here: only an encrypted store's second verifying process needs them.
        from urllib.parse import urlparse
        from urllib.request import url2pathname

        path = Path(url2pathname(urlparse(uri).path))
        return cls(cipher.connect(path, key=key, read_only=True), owned=True)

    def present(self, ids: Sequence[str]) -> set[str]:
        """The ids held here with their author's signature: those were checked when they
        arrived. One held unsigned is checked again, as new (its signature is then added)."""
        if not self.any or self._conn is None or not ids:
            return set()
        marks = ",".join("?" for _ in ids)
        return {
            r[0]
            for r in self._conn.execute(
                f"SELECT id FROM revisions WHERE id IN ({marks}) AND signature IS NOT NULL", ids
            )
        }

    def close(self) -> None:
        if self._owned and self._conn is not None:
            self._conn.close()
        self._conn = None


def read_only_uri(store: Store) -> str | None:
    """Where a second process can open this store's file read-only (None in memory)."""
    if store.path is None:
        return None
    return f"{store.path.resolve().as_uri()}?mode=ro"


class Attached:
    """Scratch copies attached to a store's connection as bundle0, bundle1, ...: what the
    bulk merge (fieldapp.store.bulk) and the checks against the database read."""

    def __init__(self, store: Store, copies: Iterable[Path]):
        self.store = store
        self.copies = list(copies)
        self.schemas: list[str] = []

    def kind_clash(self) -> KindClash | None:
        """A record whose kind differs between the bundle and this database."""
        for bundle in self.schemas:
            row = self.store._conn.execute(
                f"SELECT r.record_id, r.kind, m.kind FROM {bundle}.rev r"
                " JOIN main.revisions m ON m.record_id = r.record_id"
                " WHERE m.kind != r.kind LIMIT 1"
            ).fetchone()
            if row:
                return KindClash(*row)
        return None

    def foreign_link(self) -> ForeignLink | None:
        """A bundle revision linked (as child or parent) to a database revision of another
        record."""
        conn = self.store._conn
        for bundle in self.schemas:
            row = conn.execute(
                f"SELECT c.id, c.record_id, x.record_id FROM {bundle}.par p"
                f" JOIN {bundle}.rev c ON c.pos = p.child_pos"
                " JOIN main.revisions x ON x.id = p.parent"
                " WHERE x.record_id != c.record_id LIMIT 1"
            ).fetchone()
            if row is None:
                row = conn.execute(
                    f"SELECT r.id, r.record_id, c.record_id FROM {bundle}.rev r"
                    " JOIN main.revision_parents rp ON rp.parent = r.id"
                    " JOIN main.revisions c ON c.id = rp.child"
                    " WHERE c.record_id != r.record_id LIMIT 1"
                ).fetchone()
            if row:
                return ForeignLink(*row)
        return None


@contextmanager
def attached(store: Store, copies: Iterable[Path]) -> Iterator[Attached]:
    """ATTACH the copies for the block (outside any transaction: SQLite attaches only
    there) and DETACH them after, whatever happens. An encrypted copy is attached with
    its ephemeral key (the store is then encrypted too: only its bundles get one)."""
    found = Attached(store, copies)
    if not found.copies:
        raise FieldappError(Message("bundle.verified_closed"))
    conn = store._conn
    try:
        for i, path in enumerate(found.copies):
            key = key_of(path)
            if key is None:
                dialect.attach(conn, path, f"bundle{i}")
            else:
                cipher.attach(conn, path, f"bundle{i}", key)
            found.schemas.append(f"bundle{i}")
            # No journal for a scratch copy: a transaction spanning the database and two
            # journaled copies commits through a super-journal beside the database, which
            # a process killed at that moment leaves there for good.
            conn.execute(f"PRAGMA bundle{i}.journal_mode = OFF")
        yield found
    finally:
        while found.schemas:
            conn.execute(f"DETACH DATABASE {found.schemas.pop()}")
