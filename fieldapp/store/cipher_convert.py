"""Converting a plain fieldapp database into an encrypted one, in place and crash-safe
(fieldapp/store/cipher.py has the format and the keys; docs/security.md the why).

The order of the steps is what makes a kill at any moment harmless: the plain file is made
whole and locked, backed up, the backup exported into an encrypted copy under a temporary
name, the copy checked against the database, and only then renamed over it in one atomic
step; the old plain bytes, the backup and any temporary file are overwritten afterwards.
Until the rename `path` is the plain database, untouched; after it, the complete encrypted
one. A second run finishes an interrupted one (`leftovers` lists what it wipes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import DatabaseError
from fieldapp.messages import Message
from fieldapp.passphrase import check_passphrase
from fieldapp.store import backup as backups
from fieldapp.store import cipher, dialect
from fieldapp.store.cipher import SALT_BYTES, Content, connect, content, derive_key, describe, wipe


def _step(name: str) -> None:
    """A named point of a conversion; tests replace it to crash the process there."""


# -- converting a plain database in place ------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    """What `convert_in_place` did. `already`: the file was encrypted (an earlier run did
    it); `backup`: the plain backup the caller asked to keep, its to move away or wipe."""

    path: Path
    revisions: int
    already: bool
    overwritten: bool
    backup: Path | None = None
    upgraded: bool = False  # it was encrypted in an earlier format, and is now in today's


def backup_path(path: Path) -> Path:
    """The plain backup a conversion takes first (beside the database, mode 0600)."""
    return path.with_name(f"{path.name}.before-encrypt")


def _temp_path(path: Path) -> Path:  # the encrypted copy until it is renamed
    return path.with_name(f".{path.name}.encrypting")


def _old_path(path: Path) -> Path:  # the plain file's second name, to overwrite it
    return path.with_name(f".{path.name}.plain-old")


def leftovers(path: str | os.PathLike[str]) -> list[Path]:
    """What an interrupted conversion of `path` may have left: the encrypted copy (and its
    journal), the plain backup (and backup.py's temporary file), the old file's second
    name. Never a -wal: the plain file is made whole first; an encrypted one's is live."""
    path = Path(path)
    found = [
        *path.parent.glob(f".{path.name}.encrypting*"),
        *path.parent.glob(f".{backup_path(path).name}.*.tmp*"),
        backup_path(path),
        _old_path(path),
    ]
    return [p for p in found if p.exists()]


def _clean(path: Path) -> None:
    """Wipe the leftovers of an earlier run. The old plain file's second name is only a
    name, not a copy, while `path` is still that same (plain) file: unlinked, not wiped."""
    for leftover in leftovers(path):
        if leftover == _old_path(path) and path.exists() and os.path.samefile(leftover, path):
            leftover.unlink()
        else:
            wipe(leftover)


def sweep_plain_leftovers(path: str | os.PathLike[str]) -> list[Path]:
    """Wipe what a conversion killed after its swap left in clear beside the database
    `path`, now encrypted: the plain backup (and its unfinished copy) and the old plain
    file's second name. cipher.open_keyed calls this for every encrypted database it
    opens (Store.open, the window's unlock), so a plain copy does not wait for the next
    `fieldapp encrypt`. The encrypted copy under the temporary name stays: an update in
    progress may own it, and it holds nothing in clear. Returns what it wiped."""
    path = Path(path)
    if describe(path) != "encrypted":
        return []
    wiped = []
    for leftover in leftovers(path):
        if leftover.name.startswith(_temp_path(path).name):
            continue
        with contextlib.suppress(OSError):  # best effort: opening goes on regardless
            wipe(leftover)
            wiped.append(leftover)
    return wiped


def _in_use(path: Path) -> DatabaseError:
    return DatabaseError(Message("cipher.in_use", path=str(path)))


def _guard(path: Path, key: bytes | None = None) -> sqlite3.Connection | cipher.Connection:
    """Make the file whole (WAL checkpointed into it, rollback-journal mode, no -wal or
    -shm) and hold a read lock on it until the swap: no other process can then commit a
    write, or switch it back to WAL, behind the conversion's back. Switching out of WAL
    needs the only connection: a window or a merge with it open makes this refuse. `key`:
    the file is encrypted (an upgrade of its format)."""
    conn: sqlite3.Connection | cipher.Connection
    if key is None:
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=2)
        except sqlite3.Error as exc:
            raise dialect.sqlite_error(path, exc) from exc
    else:
        conn = connect(path, key=key)
        conn.execute("PRAGMA busy_timeout = 2000")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete" or path.with_name(path.name + "-wal").exists():
            raise _in_use(path)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read lock
    except (sqlite3.OperationalError, cipher.OperationalError) as exc:
        conn.close()
        raise _in_use(path) from exc
    except BaseException:
        conn.close()
        raise
    shm = path.with_name(path.name + "-shm")
    if shm.exists():  # WAL's index, unused in rollback mode; page numbers, no records
        wipe(shm)
    return conn


def _plain_content(path: Path) -> Content:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return content(conn)
    finally:
        conn.close()


def _swap(path: Path, temp: Path, guard: sqlite3.Connection) -> bool:
    """Put the encrypted `temp` in the place of the plain `path` (one atomic rename), then
    overwrite the old plain bytes, reached through a second name (a hard link) or an open
    handle made before the rename. False when neither exists (FAT/exFAT on Windows): the
    old blocks are then only freed, not overwritten. Windows cannot rename over a file
    SQLite holds open, so there the guard's lock ends just before the rename."""
    old = _old_path(path)
    linked, handle = False, None
    try:
        os.link(path, old)
        linked = True
    except OSError:
        if os.name != "nt":  # POSIX keeps an open file's data until it is closed
            handle = open(path, "r+b")  # noqa: SIM115 (closed below, after the rename)
    _step("linked")
    try:
        if os.name == "nt":
            guard.close()
        try:
            os.replace(temp, path)
        except OSError as exc:
            _clean(path)  # the copy and the second name: `path` is still the plain file
            text = str(exc.strerror or exc)
            message = Message("backup.cannot_replace", path=str(path), text=text)
            raise DatabaseError(message) from exc
        cipher.fsync_path(path.parent)
        _step("replaced")
        if handle is not None:
            cipher.overwrite(handle)
    finally:
        if handle is not None:
            handle.close()
        guard.close()
    if linked:
        wipe(old)
    return linked or handle is not None


def _encrypted_twin(path: Path, passphrase: str) -> tuple[Path, Content, bytes]:
    """The backup, its encrypted copy (under a fresh salt) at the temporary name, checked
    against the database: same revisions, same rows. The copy is wiped if it differs."""
    backup = backups.backup_database(path, backup_path(path), replace=True)
    _step("backed-up")
    temp = _temp_path(path)
    salt = os.urandom(SALT_BYTES)
    key = derive_key(passphrase, salt)
    try:
        cipher.export(backup, temp, key, salt)
        _step("copied")
        want = _plain_content(path)
        conn = connect(temp, key=key)
        try:
            got = content(conn)
        finally:
            conn.close()
    except (cipher.Error, OSError) as exc:
        wipe(temp)
        raise dialect.sqlite_error(path, exc) from exc
    if got != want:
        wipe(temp)
        raise _differs(path, got, want)
    return temp, want, key


def _differs(path: Path, got: Content, want: Content) -> DatabaseError:
    """A copy that does not hold what the database holds: nothing is swapped."""
    return DatabaseError(
        Message(
            "cipher.copy_differs",
            path=str(path),
            count=f"{got.revisions:,}",
            expected=f"{want.revisions:,}",
        )
    )


def convert_in_place(
    path: str | os.PathLike[str], passphrase: str, *, keep_backup: bool = False
) -> Conversion:
    """Encrypt the plain fieldapp database at `path` under `passphrase`, in place.

    A backup first (backup.backup_database, checked), an encrypted copy of that backup
    under a temporary name, a check that the copy opens with the passphrase and holds the
    same revisions and rows as the database, then one atomic rename over the database; the
    old plain bytes and the backup (unless `keep_backup`) are then overwritten and
    removed. Killed at any moment, `path` is either the plain database, intact, or the
    complete encrypted one; running it again finishes the work (on an encrypted `path` it
    checks the passphrase and wipes the leftovers; a file of an earlier encrypted format it
    rewrites in today's, `upgrade_in_place`).
    """
    path = Path(path)
    state = describe(path)
    if state == "encrypted":
        conn, key = cipher.open_keyed(path, passphrase)
        revisions = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        current = cipher.format_of(conn) == cipher.FORMAT
        conn.close()
        if not current:  # an earlier encrypted format: rewritten in today's (cleans first)
            return upgrade_in_place(path, key)
        _clean(path)
        return Conversion(path, revisions, already=True, overwritten=True)
    if state != "plain":
        raise DatabaseError(Message("database.missing", path=str(path)))
    check_passphrase(passphrase)
    backups.check_database_file(path)  # a fieldapp database this version opens, undamaged
    _clean(path)
    guard = _guard(path)
    try:
        _step("settled")
        temp, want, key = _encrypted_twin(path, passphrase)
        _step("verified")
    except BaseException:
        guard.close()
        wipe(backup_path(path))  # no second plain copy left behind a failed conversion
        raise
    overwritten = _swap(path, temp, guard)
    cipher.remember(path, key)  # as an unlock would: this process goes on using it
    kept = None
    if keep_backup:  # renamed out of the leftovers a later run would wipe
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.name}.plain-backup-{stamp}")
        os.replace(backup_path(path), kept)
    _clean(path)
    _step("done")
    return Conversion(path, want.revisions, False, overwritten, kept)


# -- an encrypted database of an earlier format, in today's ------------------------------------


def upgrade_in_place(path: str | os.PathLike[str], key: bytes) -> Conversion:
    """Rewrite the encrypted database at `path` (of an earlier format, cipher.FORMERLY) in
    today's format, under the same key and salt: the passphrase does not change.

    As safe against a kill as the conversion: the file is made whole and read-locked, a
    copy is exported under the temporary name and checked to hold the same revisions and
    rows in today's format, then renamed over the file in one step. Until then `path` is
    the old file, untouched; a later run removes the copy (`leftovers`). The old bytes
    were encrypted: they are unlinked, not overwritten.
    """
    path = Path(path)
    _clean(path)
    guard = _guard(path, key)
    temp = _temp_path(path)
    try:
        _step("settled")
        want = content(guard)
        cipher.export(path, temp, key, cipher.read_salt(path), source_key=key)
        _step("copied")
        copy = connect(temp, key=key)
        try:
            got, made = content(copy), cipher.format_of(copy)
        finally:
            copy.close()
        if got != want or made != cipher.FORMAT:
            raise _differs(path, got, want)
        _step("verified")
        if os.name == "nt":  # Windows cannot rename over a file SQLite holds open
            guard.close()
        os.replace(temp, path)
        cipher.fsync_path(path.parent)
    except BaseException as exc:
        guard.close()
        for leftover in path.parent.glob(f"{temp.name}*"):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, cipher.Error | OSError):
            raise dialect.sqlite_error(path, exc) from exc
        raise
    guard.close()
    _step("done")
    return Conversion(path, want.revisions, already=True, overwritten=True, upgraded=True)
