"""The verified scratch copy: a private SQLite file per part of a bundle, holding the
revisions that passed every check (and the fresh records materialised), which the merge
reads instead of the bundle. Its schema, the checks that span a copy (parents within a
record, across the two parts, against this database), attaching the copies to a store,
and their removal.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.domain.fields import KINDS, field_names
from fieldapp.errors import FieldappError
from fieldapp.store.database import Store
from fieldapp.sync.bundle.manifest import BundleInfo
from fieldapp.sync.errors import BundleError

_SCRATCH_SCHEMA = [
    "CREATE TABLE rev (pos INTEGER PRIMARY KEY, id TEXT NOT NULL, record_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, parents TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL,"
    " timestamp TEXT NOT NULL, deleted INTEGER NOT NULL, data TEXT NOT NULL,"
    " grp INTEGER NOT NULL, solo INTEGER NOT NULL)",
    "CREATE TABLE par (child_pos INTEGER NOT NULL, parent TEXT NOT NULL)",
    *(
        f"CREATE TABLE mat_{kind} (pos INTEGER PRIMARY KEY, "
        + ", ".join(f'"{n}"' for n in field_names(kind))
        + ")"
        for kind in KINDS
    ),
]


@dataclass
class VerifiedBundle:
    """A verified bundle: its manifest facts and private scratch copies of its revisions
    (one per part verified in parallel, in record-id order).

    Close it (or use it as a context manager) to delete the scratch files.
    """

    info: BundleInfo
    scratches: list[Path] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # records (groups) in each scratch
    checked_against_db: bool = False
    seconds: float = 0.0

    def __enter__(self) -> VerifiedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for scratch in self.scratches:
            _remove_scratch(scratch)
        self.scratches = []
        self.groups = []

    @property
    def closed(self) -> bool:
        return not self.scratches

    def __del__(self) -> None:  # a holder that forgot to close (a dialog destroyed at exit)
        self.close()


def _remove_scratch(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _new_scratch() -> tuple[Path, sqlite3.Connection]:
    fd, name = tempfile.mkstemp(prefix="fieldapp-bundle-", suffix=".sqlite")
    os.close(fd)
    path = Path(name)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for statement in _SCRATCH_SCHEMA:
        conn.execute(statement)
    return path, conn


def _check_parents(scratch: sqlite3.Connection, name: str, parents: str = "main") -> None:
    """No revision in the scratch copy names as its parent a revision of another record
    in the `parents` copy (the same one, or the other part's)."""
    row = scratch.execute(
        "SELECT c.id, c.record_id, p.parent, x.record_id FROM main.par p"
        f" JOIN main.rev c ON c.pos = p.child_pos JOIN {parents}.rev x ON x.id = p.parent"
        " WHERE x.record_id != c.record_id LIMIT 1"
    ).fetchone()
    if row:
        raise BundleError(
            f"{name}: revision {row[0][:12]} of record {row[1]} names as its parent "
            f"a revision of another record ({row[3]}); refused"
        )


def _check_parents_across(scratches: list[Path], name: str) -> None:
    for child, parent in ((0, 1), (1, 0)):
        conn = sqlite3.connect(scratches[child], isolation_level=None)
        try:
            conn.execute("ATTACH DATABASE ? AS other", (str(scratches[parent]),))
            _check_parents(conn, name, "other")
        finally:
            conn.close()


def check_against(store: Store, verified: VerifiedBundle) -> None:
    """Step 5: the bundle's revisions agree with what this database holds (read only)."""
    info = verified.info
    conn = store.conn
    if conn.execute("SELECT 1 FROM revisions LIMIT 1").fetchone() is None:
        verified.checked_against_db = True
        return
    with attached(store, verified) as schemas:
        for bundle in schemas:
            _check_part_against(conn, bundle, info.path.name)
    verified.checked_against_db = True


def _check_part_against(conn: sqlite3.Connection, bundle: str, name: str) -> None:
    row = conn.execute(
        f"SELECT r.record_id, r.kind, m.kind FROM {bundle}.rev r"
        " JOIN main.revisions m ON m.record_id = r.record_id"
        " WHERE m.kind != r.kind LIMIT 1"
    ).fetchone()
    if row:
        raise BundleError(
            f"{name}: record {row[0]} is a {row[1]} in the bundle but a {row[2]} "
            "in this database; refused"
        )
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
        raise BundleError(
            f"{name}: revision {row[0][:12]} of record {row[1]} is linked to a "
            f"revision of another record ({row[2]}); refused"
        )


class attached:
    """ATTACH the scratch copies as bundle0, bundle1, ... to a store's connection, for the
    block (outside any transaction: SQLite attaches only there). Yields their names."""

    def __init__(self, store: Store, verified: VerifiedBundle):
        self.store = store
        self.verified = verified
        self.schemas: list[str] = []

    def __enter__(self) -> list[str]:
        if self.verified.closed:
            raise FieldappError("this verified bundle was already closed; verify it again")
        try:
            for i, scratch in enumerate(self.verified.scratches):
                self.store.conn.execute(f"ATTACH DATABASE ? AS bundle{i}", (str(scratch),))
                self.schemas.append(f"bundle{i}")
        except BaseException:
            self.__exit__()
            raise
        return list(self.schemas)

    def __exit__(self, *exc: object) -> None:
        while self.schemas:
            self.store.conn.execute(f"DETACH DATABASE {self.schemas.pop()}")
