"""Numbered schema migrations from migrations/.

Each file NNNN_name.sql runs in one transaction and is recorded in schema_migrations. The
database file is backed up (SQLite's online backup, safe under WAL) before any migration
touches an existing database. A database whose schema is newer than this app is refused
before anything is written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.errors import Cancelled, DatabaseError
from fieldapp.messages import Message
from fieldapp.paths import migrations_dir
from fieldapp.progress import CancelFlag, Progress, check
from fieldapp.store import cipher, dialect, leftovers

_BACKUP_PAGES = 1024  # pages copied between two looks at the Cancel flag (8 MiB)
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available(directory: Path | None = None) -> list[Migration]:
    directory = directory or migrations_dir()
    found = []
    for path in sorted(directory.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise DatabaseError(Message("migrate.not_numbered", path=directory, text=str(versions)))
    return found


def applied_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def backup(
    conn: Any,
    db_path: Path,
    version: int,
    cancelled: CancelFlag | None = None,
    key: bytes | None = None,
) -> Path:
    """A copy of the database before migrating it, beside it, readable by its owner only.

    It is written under an unfinished name (store/leftovers.beside_name), flushed, and
    only then renamed to `NAME.backup-…-schemaN`: a file named like a backup is always a
    complete one. A kill half-way leaves the unfinished file, removed by the next backup.
    """
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = db_path.with_name(f"{db_path.name}.backup-{stamp}-schema{version}")
    counter = 1
    while target.exists():
        counter += 1
        target = db_path.with_name(f"{db_path.name}.backup-{stamp}-{counter}-schema{version}")
    leftovers.sweep_beside(db_path, "backup")
    temp = leftovers.beside_name(db_path, "backup")
    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def step(status: int, remaining: int, total: int) -> None:
        check(cancelled)

    try:
        # An encrypted database's backup is encrypted under the same key and salt (it
        # opens with the same passphrase): SQLCipher's backup API copies pages between two
        # keyed connections.
        dest = (
            cipher.connect(temp, key=key, salt=cipher.read_salt(db_path))
            if key
            else sqlite3.connect(temp, isolation_level=None)
        )
        try:
            conn.backup(dest, pages=_BACKUP_PAGES, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal to carry
        finally:
            dest.close()
        cipher.fsync_path(temp)
        os.replace(temp, target)
        cipher.fsync_path(target.parent)
    except BaseException:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return target


def check_openable(
    conn: sqlite3.Connection, directory: Path | None = None, db_path: Path | None = None
) -> int:
    """Refuse, before anything is written, a database this app must not touch.

    Returns the schema version applied. A newer schema (written by a newer fieldapp) and an
    SQLite file that some other program made (tables but no schema_migrations) are refused:
    migrating either would damage data this app does not understand.
    """
    migrations = available(directory)
    current = applied_version(conn)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise DatabaseError(
            Message("migrate.newer_schema", path=db_path, version=current, supported=latest)
            if db_path
            else Message("migrate.newer_schema_here", version=current, supported=latest)
        )
    if current == 0 and _user_tables(conn):
        raise DatabaseError(
            Message("migrate.other_program", path=db_path)
            if db_path
            else Message("migrate.other_program_here")
        )
    return current


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'"
        )
    ]


def migrate(
    conn: sqlite3.Connection,
    db_path: Path | None,
    directory: Path | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
    key: bytes | None = None,
) -> Path | None:
    """Bring the schema up to date. Returns the backup made, if any.

    `conn` must be in autocommit mode (isolation_level=None): each migration manages its own
    transaction, and a migration that fails is rolled back whole (earlier ones stay).
    Cancelled during the backup, nothing is written (the partial backup is removed);
    cancelled during a migration, that migration is rolled back and earlier ones stay (the
    schema is always at a version this fieldapp knows). Progress counts statements.
    """
    migrations = available(directory)
    current = check_openable(conn, directory, db_path)
    pending = [m for m in migrations if m.version > current]
    if not pending:
        return None
    # Read and split every pending file first: a broken file fails before any write.
    scripts = [(m, _statements(m.path.read_text(encoding="utf-8"), m.path.name)) for m in pending]
    backup_path = None
    check(cancelled)
    if db_path is not None and current > 0:
        backup_path = backup(conn, db_path, current, cancelled, key)
    total = sum(len(statements) for _, statements in scripts)
    done = 0
    for migration, statements in scripts:
        try:
            check(cancelled)
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for statement in statements:
                conn.execute(statement)
                done += 1
                if progress:
                    progress(done, total)
            check(cancelled)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, dt.datetime.now(dt.UTC).isoformat()),
            )
            conn.execute("COMMIT")
        except Cancelled:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        except dialect.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            name = migration.path.name
            raise DatabaseError(
                Message("migrate.failed_backup", file=name, text=str(exc), path=backup_path)
                if backup_path
                else Message("migrate.failed", file=name, text=str(exc))
            ) from exc
    return backup_path


def _statements(sql: str, name: str = "a migration file") -> list[str]:
    """Split a script into complete statements (trigger bodies included)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise DatabaseError(Message("migrate.incomplete_statement", file=name))
    return statements
