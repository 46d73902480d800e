"""Restoring a backup when the database or the backup is encrypted (store/backup.py
restores plain ones and hands these over).

Why it is a path of its own:

- Nothing of an encrypted database may be in clear on disk. The replacement is built as an
  encrypted temporary file beside the database, under the database's key and salt: an
  encrypted backup copied page by page between two keyed connections, a plain backup
  encrypted on its way in by cipher.export. The temporary file is wiped afterwards, and
  the content kept beside the database is an encrypted backup of it (backup_database).
- The backup's key. `fieldapp backup` writes an encrypted database's copy under the same
  key and salt, so the key this process knows for the database opens it, unless the
  passphrase was changed since the backup was made (or it is another database's): then
  the backup's own passphrase is needed (BackupNeedsPassphrase says so), and a wrong one
  is refused (WrongPassphrase) before a byte is written.
- After the restore the database opens with the passphrase the backup had: the device key
  inside the backup is encrypted under that passphrase, and one passphrase unlocks both.
  When it is not the database's, the live database is re-keyed after the copy (salt kept,
  cipher.rekey_connection); if the re-key fails, the kept content is copied back in.
- The live file is written in one transaction through SQLite's backup API, as a plain
  restore is, so the window's open connection stays valid (after a re-key its key is
  stale: the window opens the database again after every restore anyway). A database file
  that is not a usable database is replaced by renaming the finished copy over it.
- An encrypted backup into a plain database is refused: encrypt the database first
  (`fieldapp encrypt`); a plain database would otherwise turn encrypted behind the user's
  back, under a passphrase its device key may not share.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fieldapp import diskfull
from fieldapp.errors import Cancelled, DatabaseError, WrongPassphrase
from fieldapp.messages import Message
from fieldapp.passphrase import check_passphrase
from fieldapp.progress import CancelFlag, Progress
from fieldapp.store import backup as backups
from fieldapp.store import cipher, dialect


class BackupNeedsPassphrase(DatabaseError):
    """An encrypted backup that the database's key does not open: restore it again with
    the backup's passphrase (the window asks for it; the command line reads it)."""


@dataclass(frozen=True)
class _Plan:
    """How a checked backup becomes the database."""

    source_key: bytes | None  # opens the backup; None: a plain backup
    key: bytes  # the key and salt of the temporary copy (the database's, when live)
    salt: bytes
    live: bool  # written into the live database; else the copy is renamed over it
    rekey: str | None  # the backup's passphrase, when the live database must take it


def involved(db_path: Path, backup_file: Path) -> bool:
    """Whether restoring `backup_file` into `db_path` is this module's: either is encrypted."""
    return any(path.is_file() and cipher.is_encrypted(path) for path in (backup_file, db_path))


def _opens(path: Path, key: bytes) -> bool:
    try:
        cipher.connect(path, key=key, read_only=True).close()
    except WrongPassphrase:
        return False
    return True


def _backup_key(backup_file: Path, db_key: bytes | None, passphrase: str | None) -> bytes:
    """The key of an encrypted backup: its passphrase's when one is given, else the
    database's (a backup shares the database's salt)."""
    if passphrase is not None:
        key = cipher.derive_key(passphrase, cipher.read_salt(backup_file))
        if _opens(backup_file, key):
            return key
        raise WrongPassphrase(Message("cipher.wrong_passphrase", path=str(backup_file)))
    for key in (db_key, cipher.known_key(backup_file)):  # the backup, unlocked on its own
        if key is not None and _opens(backup_file, key):
            return key
    raise BackupNeedsPassphrase(Message("restore.backup_needs_passphrase", path=str(backup_file)))


def _database_key(db_path: Path) -> bytes | None:
    """The key of an encrypted database (it must be unlocked: the restored content is
    encrypted under it), None for a missing or plain one."""
    if not (db_path.is_file() and cipher.is_encrypted(db_path)):
        return None
    key = cipher.known_key(db_path)
    if key is None:
        raise DatabaseError(Message("database.needs_passphrase", path=str(db_path)))
    return key


def plan(db_path: Path, backup_file: Path, passphrase: str | None = None) -> _Plan:
    """Check the backup (it opens, under which key; a fieldapp database, not newer,
    undamaged) and decide how it replaces the database. Reads only."""
    if db_path.exists() and backup_file.resolve() == db_path.resolve():
        raise DatabaseError(Message("backup.is_the_open_database", path=backup_file))
    db_key = _database_key(db_path)
    if not cipher.is_encrypted(backup_file):  # a plain backup into an encrypted database
        backups.check_database_file(backup_file)
        assert db_key is not None  # involved(): one of the two is encrypted
        live = backups.is_database(db_path)
        return _Plan(None, db_key, cipher.read_salt(db_path), live, None)
    if db_path.is_file() and cipher.describe(db_path) == "plain":  # refused unread
        raise DatabaseError(
            Message("restore.encrypt_first", path=str(backup_file), db=str(db_path))
        )
    live = db_path.is_file() and backups.is_database(db_path)
    source_key = _backup_key(backup_file, db_key, passphrase)
    backups.check_database_file(backup_file, key=source_key)
    if not live:  # nothing usable to keep writing into: the backup as it is, renamed
        return _Plan(source_key, source_key, cipher.read_salt(backup_file), False, None)
    assert db_key is not None
    rekey = None
    if source_key != db_key:  # only a given passphrase opens it (_backup_key)
        rekey = check_passphrase(passphrase or "")  # refused now, not after the copy
    return _Plan(source_key, db_key, cipher.read_salt(db_path), True, rekey)


def restore(
    db_path: Path,
    backup_file: Path,
    passphrase: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> backups.RestoreResult:
    """backup.restore_database when either file is encrypted (see the module's docstring).
    The backup is checked and copied to an encrypted temporary file before anything else;
    a refusal, a failure or a cancel up to the one-transaction write leaves the database
    as it was, byte for byte. The process then knows the restored database's key."""
    how = plan(db_path, backup_file, passphrase)
    temp = backups.temporary_beside(db_path)
    try:
        # the copy is written beside the database, then into it: a full disk is its disk
        with diskfull.guard(db_path):
            _fill(temp, backup_file, how, progress, cancelled)
            previous = backups.keep_current(db_path) if db_path.exists() else None
        with diskfull.guard(db_path), backups.forget_on_full_disk(previous):
            if how.live:
                key = _into_live(temp, db_path, how.key)
                if how.rekey is not None:
                    key = _rekey(db_path, key, how.rekey, previous)
            else:
                os.replace(temp, db_path)
                cipher.fsync_path(db_path.parent)
                key = how.key
    except cipher.Error as exc:
        raise dialect.sqlite_error(db_path, exc) from exc
    except OSError as exc:
        raise DatabaseError(
            Message("backup.cannot_replace", path=db_path, text=str(exc.strerror or exc))
        ) from exc
    finally:
        cipher.wipe(temp)  # encrypted, but a restore leaves no copy of the records behind
    cipher.remember(db_path, key)
    return backups.RestoreResult(db_path, backup_file, previous, rekeyed=key != how.key)


def _fill(
    temp: Path,
    backup_file: Path,
    how: _Plan,
    progress: Progress | None,
    cancelled: CancelFlag | None,
) -> None:
    """The backup's content in the new file `temp`, encrypted under the plan's key and
    salt: pages copied from an encrypted backup, a plain one exported (cipher.export,
    not cancellable half-way: it is checked before and after)."""
    try:
        if how.source_key is not None:
            source = cipher.connect(backup_file, key=how.source_key, read_only=True)
            try:
                backups.copy_pages(source, temp, progress, cancelled, (how.key, how.salt))
            finally:
                source.close()
            return
        _check(cancelled)
        cipher.export(backup_file, temp, how.key, how.salt)
        _check(cancelled)
        if progress is not None:
            progress(1, 1)
    except cipher.Error as exc:
        if diskfull.is_disk_full(exc):  # the copy's disk, not the backup's: the caller's
            raise
        raise dialect.sqlite_error(backup_file, exc) from exc


def _check(cancelled: CancelFlag | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled(Message("backup.cancelled"))


def _into_live(copy: Path, db_path: Path, key: bytes) -> bytes:
    """Write the encrypted `copy` (under the database's key) into the live database in one
    write transaction, as backup._copy_into_live does for a plain one."""
    dest = cipher.connect(db_path, key=key)
    try:
        dest.execute(f"PRAGMA busy_timeout = {int(backups._LOCK_TIMEOUT_S * 1000)}")
        source = cipher.connect(copy, key=key, read_only=True)
        try:
            # Fail as "in use" within the timeout rather than retry for ever (backup.py).
            dest.execute("BEGIN IMMEDIATE")
            dest.execute("ROLLBACK")
            source.backup(dest)
        finally:
            source.close()
    except cipher.Error as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseError(Message("backup.database_in_use", path=db_path)) from exc
        raise dialect.sqlite_error(db_path, exc) from exc
    finally:
        dest.close()
    return key


def _rekey(db_path: Path, key: bytes, passphrase: str, previous: Path | None) -> bytes:
    """Give the restored database the backup's passphrase (one transaction). Should that
    fail, the content kept beside it (under the old key) is written back in."""
    try:
        conn = cipher.connect(db_path, key=key)
        try:
            return cipher.rekey_connection(conn, db_path, passphrase)
        finally:
            conn.close()
    except BaseException:
        if previous is not None:
            _into_live(previous, db_path, key)
        raise
