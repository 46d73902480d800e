"""What is SQLite's own in the store, in one place: opening a connection and its pragmas,
starting and ending a write transaction, translating the engine's errors into what the user
can do, and reading the schema's stored SQL.

The rest of the store writes SQL in the subset SQLite and PostgreSQL share (upserts with
`ON CONFLICT ... DO UPDATE`/`DO NOTHING`, `coalesce`, window-free selects), with `?`
placeholders. A PostgreSQL backend (psycopg) implements this module's functions for its
engine and maps `?` to `%s` in one execute wrapper; what stays engine-specific beyond this
module is named where it is: full-text search (query.py: FTS5 `MATCH`; PostgreSQL would
use a tsvector column), attaching verified scratch copies (scratch.py: `ATTACH`; PostgreSQL
would load them into an unlogged table), and suspending indexes for a bulk merge (bulk.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from fieldapp.errors import DatabaseError
from fieldapp.messages import Message

# An encrypted database is an SQLCipher connection (fieldapp.store.cipher), whose exception
# classes are its own, not sqlite3's: every "except Error" covers both.
Error = (sqlite3.Error, sqlcipher.Error)
OperationalError = (sqlite3.OperationalError, sqlcipher.OperationalError)
IntegrityError = (sqlite3.IntegrityError, sqlcipher.IntegrityError)
Connection = sqlite3.Connection | sqlcipher.Connection


def connect(path: Path) -> Connection:
    """A connection to a database file, in autocommit mode (transactions are explicit),
    waiting up to 10 s for another writer. A new file is made readable by its owner
    only, whatever the umask: records name people and places (SQLite makes its -wal and
    -shm files with the main file's permissions)."""
    try:
        new_private_file(path)
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    except sqlite3.Error as exc:
        raise sqlite_error(path, exc) from exc
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def new_private_file(path: Path) -> None:
    """An empty file at `path`, mode 0600, unless something is there already (SQLite would
    create it with the umask's mode, 0644 on most systems)."""
    with contextlib.suppress(OSError):  # there already, or SQLite says why it cannot open it
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def connect_memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def configure(conn: Connection) -> None:
    """After the file is known to be openable and before migrating it."""
    if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
        # A new file: 8 KiB pages (set before WAL, which fixes the size). Bulk merges
        # write ~10 % faster than with SQLite's default 4 KiB, and the app's reads are as
        # fast (benchmarks/bench_store.py, bench_bundles.py).
        conn.execute("PRAGMA page_size = 8192")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def begin_write(conn: Connection, path: Path | None) -> None:
    """Start a write transaction now (not at the first write), so a busy database is
    reported before any work is done."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except OperationalError as exc:
        problem = user_problem(path, exc)
        if problem is None:
            raise
        raise problem from exc


def commit(conn: Connection) -> None:
    conn.execute("COMMIT")


def rollback(conn: Connection) -> None:
    # SQLite may already have rolled back by itself (disk full, I/O error).
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def attach(conn: Connection, path: Path, schema: str) -> None:
    """ATTACH a plain database file (a verified scratch copy) to the connection. An
    encrypted connection needs an empty KEY for it: without one SQLCipher would read the
    attached file with the main database's key and salt."""
    if isinstance(conn, sqlcipher.Connection):
        conn.execute(f"ATTACH DATABASE ? AS {schema} KEY ''", (str(path),))
    else:
        conn.execute(f"ATTACH DATABASE ? AS {schema}", (str(path),))


def secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of a table's indexes that can be dropped and recreated:
    not the automatic ones of PRIMARY KEY and UNIQUE constraints, not UNIQUE indexes."""
    return [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (table,),
        )
        if "UNIQUE" not in sql.upper().split("INDEX")[0]
    ]


def trigger_sql(conn: Connection, name: str) -> str | None:
    """The CREATE statement of a trigger, None if there is no such trigger."""
    row = conn.execute(
        "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).fetchone()
    return row[0] if row else None


def columns(conn: Connection, table: str) -> list[str]:
    """A table's column names, in order."""
    return [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]


def sqlite_error(path: Path | None, exc: BaseException) -> DatabaseError:
    """Turn SQLite's terse error, met while opening a file, into what the user can do."""
    text = str(exc)
    name = str(path) if path else "the database"
    return user_problem(path, exc) or DatabaseError(
        Message("database.not_fieldapp", path=name, text=text)
    )


def user_problem(path: Path | None, exc: BaseException) -> DatabaseError | None:
    """A busy, full or read-only database is the user's to fix; anything else is a bug."""
    name = str(path) if path else "the database"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # a copy's own file
        return DatabaseError(Message("database.disk_full", path=name))
    if not isinstance(exc, Error):
        return None
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseError(Message("database.busy", path=name))
    if "full" in text:
        return DatabaseError(Message("database.disk_full", path=name))
    if "readonly" in text or "read-only" in text:
        return DatabaseError(Message("database.read_only", path=name))
    if "unable to open" in text:
        return DatabaseError(Message("database.cannot_open", path=name, text=text))
    if "disk I/O error" in text and path is not None and _no_room(path):
        # SQLite says only "disk I/O error" when it cannot make the -shm or -wal file
        return DatabaseError(Message("database.disk_full", path=name))
    return None


def _no_room(path: Path) -> bool:
    """Whether the disk holding `path` has less room than a few pages."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def cache_size(conn: Connection) -> int:
    """The connection's page cache size as PRAGMA cache_size states it (pages, or KiB if
    negative)."""
    return int(conn.execute("PRAGMA cache_size").fetchone()[0])


def set_cache_size(conn: Connection, size: int) -> None:
    conn.execute(f"PRAGMA cache_size = {int(size)}")


def data_version(conn: Connection) -> int:
    """A number that changes when another connection commits to the database (not this
    one): what a cache kept beside this connection watches. PostgreSQL would use a
    notification or a change counter table instead."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
