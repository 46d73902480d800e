"""Backing up and restoring a whole database file.

A backup is taken with SQLite's online backup API from a connection of its own, so it is a
consistent copy even while the window (or a merge) has the database open: the copy is of
one committed state, WAL content included, never a half-written file. It is written under
a temporary name in the target folder (created readable by the owner only: records name
people and places) and renamed into place, so a crash, a full disk or a cancel never
leaves a truncated file under the name the user chose.

A restore refuses anything that is not a fieldapp database this version can open (a
missing file, another program's SQLite file, a newer schema, a damaged file) before it
writes a byte; otherwise it first backs up the current database beside it, then replaces
it. Only the store runs SQL, so the window and the CLI both come here. When either file is
encrypted the restore is store/backup_encrypted.py's (nothing of it may be in clear).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fieldapp import diskfull
from fieldapp.errors import Cancelled, DatabaseError, DiskFull
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import cipher, leftovers
from fieldapp.store import migrate as migrations
from fieldapp.store.database import sqlite_error

_PAGES_PER_STEP = 512
_LOCK_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class RestoreResult:
    """Where the restored database came from and where its previous content was kept."""

    database: Path
    source: Path
    previous: Path | None
    # An encrypted database now opens with the passphrase the backup had, not the one it
    # had before the restore (a backup made before the passphrase was changed).
    rekeyed: bool = False


def _ro_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection by URI (percent-encoded: '#' or '?' in a folder name)."""
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=10)


def check_database_file(path: str | os.PathLike[str], key: bytes | None = None) -> int:
    """The schema version of a fieldapp database file, or a DatabaseError saying why not.

    Reads only. Refuses a missing file, a folder, a file that is not SQLite, an SQLite file
    another program made (or an empty one), a newer schema and a damaged file. An encrypted
    file is read with `key` (a backup under its own key), else with the key this process
    knows for it.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(Message("backup.no_file", path=path))
    if path.is_dir():
        raise DatabaseError(Message("backup.source_is_folder", path=path))
    try:
        if key is not None:
            conn: sqlite3.Connection | cipher.Connection = cipher.connect(
                path, key=key, read_only=True
            )
        else:
            conn = _ro_connect(path) if not cipher.is_encrypted(path) else _keyed(path)
    except sqlite3.Error as exc:
        raise sqlite_error(path, exc) from exc
    try:
        version = migrations.check_openable(conn, db_path=path)
        if version == 0:
            raise DatabaseError(Message("backup.not_fieldapp", path=path))
        result = conn.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise DatabaseError(
                Message("backup.damaged", path=path, text=result[0] if result else "?")
            )
        return version
    except (sqlite3.DatabaseError, cipher.Error) as exc:
        raise DatabaseError(
            Message("backup.not_fieldapp_because", path=path, text=str(exc))
        ) from exc
    finally:
        conn.close()


def _known_key(path: Path) -> bytes:
    """The key of an encrypted database this process has unlocked (Store.unlock): a backup
    of it is made, and checked, with its own key."""
    key = cipher.known_key(path)
    if key is None:
        raise DatabaseError(Message("database.needs_passphrase", path=str(path)))
    return key


def _keyed(path: Path) -> cipher.Connection:
    return cipher.connect(path, key=_known_key(path))


def temporary_beside(target: Path) -> Path:
    """A new, empty file next to `target`, readable and writable by the owner only, named
    unfinished with this process's id (`.NAME.unfinished-copy-p<pid>-….tmp`): a copy killed
    half-way is never under the name the user chose, and the next copy beside `target`
    removes it once its process is gone (store/leftovers.py)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    leftovers.sweep_beside(target, "copy")
    temp = leftovers.beside_name(target, "copy", ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    return temp


def copy_pages(
    source: sqlite3.Connection | cipher.Connection,
    temp: Path,
    progress: Progress | None,
    cancelled: CancelFlag | None,
    keyed: tuple[bytes, bytes] | None = None,
) -> None:
    """The online backup of `source` into `temp`, made a self-contained one-file database.
    With `keyed` (key, salt: those of an encrypted database), the copy is encrypted under
    them: it opens with the same passphrase, and nothing of it is ever in clear."""

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)
        if cancelled is not None and cancelled():
            raise Cancelled(Message("backup.cancelled"))

    if keyed is not None:
        dest: sqlite3.Connection | cipher.Connection = cipher.connect(
            temp, key=keyed[0], salt=keyed[1]
        )
    else:
        dest = sqlite3.connect(temp, isolation_level=None)
    try:
        source.backup(dest, pages=_PAGES_PER_STEP, progress=step)
        # No -wal file to carry along: a backup is one file, whatever the source used.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(temp, "rb+") as handle:
        os.fsync(handle.fileno())


def backup_database(
    db_path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
    *,
    replace: bool = False,
) -> Path:
    """A consistent copy of the fieldapp database `db_path` at `out` (mode 0600).

    `replace` allows overwriting an existing `out` (the file dialog has asked); the old
    file is only replaced once the new copy is complete.
    """
    db_path, out = Path(db_path), Path(out)
    check_database_file(db_path)
    if out.exists() and out.resolve() == db_path.resolve():
        raise DatabaseError(Message("backup.is_the_database", path=out))
    if out.is_dir():
        raise DatabaseError(Message("backup.out_is_folder", path=out))
    if out.exists() and not replace:
        raise DatabaseError(Message("backup.exists", path=out))
    encrypted = cipher.is_encrypted(db_path)
    try:
        source = _keyed(db_path) if encrypted else sqlite3.connect(db_path, timeout=10)
    except sqlite3.Error as exc:
        raise sqlite_error(db_path, exc) from exc
    temp: Path | None = None
    try:
        with diskfull.guard(out):  # SQLite's "disk is full" too, plain or encrypted
            temp = temporary_beside(out)
            keyed = (_known_key(db_path), cipher.read_salt(db_path)) if encrypted else None
            copy_pages(source, temp, progress, cancelled, keyed)
            os.replace(temp, out)
            temp = None
            os.chmod(out, 0o600)
    except (sqlite3.Error, cipher.Error) as exc:
        # the database was checked readable: what fails here is writing the copy (SQLite
        # says "disk I/O error" for a file larger than allowed, EFBIG)
        raise DatabaseError(Message("backup.cannot_write", path=out, text=str(exc))) from exc
    except OSError as exc:
        raise DatabaseError(
            Message("backup.cannot_write", path=out, text=str(exc.strerror or exc))
        ) from exc
    finally:
        source.close()
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
    return out


def safety_copy_path(db_path: Path, when: dt.datetime | None = None) -> Path:
    """Where a restore keeps the database it replaces: beside it, named by date and time."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = db_path.with_name(f"{db_path.name}.before-restore-{stamp}-{counter}")
    return target


def keep_current(db_path: Path) -> Path:
    """The safety copy before a restore: an online backup, or the bytes as they are when
    the current file is not a readable database (often the reason to restore)."""
    target = safety_copy_path(db_path)
    try:
        return backup_database(db_path, target)
    except DatabaseError:
        if target.exists():
            raise
    temp = temporary_beside(target)
    try:
        shutil.copyfile(db_path, temp)
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise DatabaseError(
            Message("backup.cannot_keep_copy", path=db_path, text=str(exc.strerror or exc))
        ) from exc
    return target


@contextlib.contextmanager
def forget_on_full_disk(previous: Path | None) -> Iterator[None]:
    """A restore that finds the disk full leaves the database as it was: the safety copy
    of it just made (`previous`) is then only taking the room the user has to free, and
    is removed."""
    try:
        yield
    except DiskFull:
        if previous is not None:
            previous.unlink(missing_ok=True)
        raise


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def _copy_into_live(copy: Path, db_path: Path) -> None:
    """Write the checked copy into the live database through SQLite's backup API.

    One write transaction on the live file: the window's open connection keeps working
    (it sees the restored content afterwards), a crash half-way is rolled back by SQLite,
    and a writer elsewhere makes it wait, then fail as "in use". A database in WAL mode
    only accepts a backup of its own page size, so the copy is rebuilt to that size first.
    """
    try:
        dest = sqlite3.connect(db_path, timeout=_LOCK_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise sqlite_error(db_path, exc) from exc
    source = sqlite3.connect(copy, isolation_level=None)
    try:
        wanted = _page_size(dest)
        if _page_size(source) != wanted:
            source.execute(f"PRAGMA page_size = {wanted}")
            source.execute("VACUUM")
        # Python's backup() retries a locked destination for ever: wait for (and fail on)
        # another writer here, within the connection's timeout, instead.
        dest.execute("BEGIN IMMEDIATE")
        dest.execute("ROLLBACK")
        source.backup(dest)
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise DatabaseError(Message("backup.database_in_use", path=db_path)) from exc
    finally:
        source.close()
        dest.close()


def is_database(path: Path) -> bool:
    try:
        check_database_file(path)
    except DatabaseError:
        return False
    return True


def restore_database(
    db_path: str | os.PathLike[str],
    backup_file: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
    *,
    passphrase: str | None = None,
) -> RestoreResult:
    """Replace the content of the database at `db_path` by the backup `backup_file`.

    The backup is checked first; then the current database is copied beside itself
    (`safety_copy_path`), the backup copied next to it under a temporary name, and that
    copy written into the live database in one transaction (or renamed over it when the
    current file is not a usable database). Any failure leaves `db_path` as it was.
    `passphrase` is an encrypted backup's, needed when the database's key does not open
    it (store/backup_encrypted.py restores when either file is encrypted).
    """
    db_path, backup_file = Path(db_path), Path(backup_file)
    from fieldapp.store import backup_encrypted  # it builds on this module

    if backup_encrypted.involved(db_path, backup_file):
        return backup_encrypted.restore(db_path, backup_file, passphrase, progress, cancelled)
    check_database_file(backup_file)
    if db_path.exists() and backup_file.resolve() == db_path.resolve():
        raise DatabaseError(Message("backup.is_the_open_database", path=backup_file))
    previous = keep_current(db_path) if db_path.exists() else None
    try:
        source = _ro_connect(backup_file)
    except sqlite3.Error as exc:
        raise sqlite_error(backup_file, exc) from exc
    temp: Path | None = None
    try:
        # the copy is written beside the database, then into it: a full disk is its disk
        with diskfull.guard(db_path), forget_on_full_disk(previous):
            temp = temporary_beside(db_path)
            copy_pages(source, temp, progress, cancelled)
            source.close()
            if db_path.exists() and is_database(db_path):
                _copy_into_live(temp, db_path)
            else:
                os.replace(temp, db_path)
                temp = None
    except sqlite3.Error as exc:
        raise sqlite_error(backup_file, exc) from exc
    except OSError as exc:
        raise DatabaseError(
            Message("backup.cannot_replace", path=db_path, text=str(exc.strerror or exc))
        ) from exc
    finally:
        source.close()
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
    return RestoreResult(db_path, backup_file, previous)
