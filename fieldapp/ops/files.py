"""The database file itself: back it up, restore it from a backup, encrypt it.

These take the file's path, not an open store: a backup copies the file consistently even
while it is open, and a restore replaces it whole (whoever holds it open opens it again
afterwards). `fieldapp.store.backup` does the work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fieldapp.errors import DatabaseError
from fieldapp.messages import Message
from fieldapp.ops.changes import EVERYTHING, NOTHING, Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store, backup_encrypted
from fieldapp.store.backup import (
    RestoreResult,
    backup_database,
    check_database_file,
    restore_database,
)
from fieldapp.store.backup_encrypted import BackupNeedsPassphrase
from fieldapp.store.cipher_convert import Conversion, convert_in_place

PathLike = str | os.PathLike[str]
__all__ = [
    "BackedUp",
    "BackupNeedsPassphrase",
    "Encrypted",
    "Restored",
    "backup",
    "check_backup",
    "encrypt",
    "restore_backup",
]


@dataclass(frozen=True)
class BackedUp:
    database: Path
    path: Path  # the backup written
    changes: Changes = NOTHING


@dataclass(frozen=True)
class Restored:
    result: RestoreResult  # database, source, previous (the content kept beside it)
    changes: Changes = EVERYTHING

    @property
    def previous(self) -> Path | None:
        return self.result.previous

    @property
    def source(self) -> Path:
        return self.result.source

    @property
    def rekeyed(self) -> bool:
        """The database now opens with the backup's passphrase, not the one it had."""
        return self.result.rekeyed


def backup(
    db_path: PathLike, out: PathLike, *, replace: bool = False, task: Task = NO_TASK
) -> BackedUp:
    """A consistent copy of the database at `out` (readable only by its owner); `replace`
    allows overwriting an existing file. A cancel leaves no file. An encrypted database
    (unlocked in this process) gives an encrypted copy that opens with the same passphrase."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise DatabaseError(Message("backup.no_database", path=db_path))
    path = backup_database(db_path, out, task.progress, task.cancelled, replace=replace)
    return BackedUp(db_path, path)


def check_backup(db_path: PathLike, backup_file: PathLike, passphrase: str | None = None) -> None:
    """Refuse a backup that cannot replace the database, before asking the user to confirm
    (reads only): not a fieldapp database this version opens, damaged, encrypted into a
    plain database, or encrypted under another passphrase than the database's and
    `passphrase` not given (BackupNeedsPassphrase) or wrong (WrongPassphrase)."""
    db_path, backup_file = Path(db_path), Path(backup_file)
    if backup_encrypted.involved(db_path, backup_file):
        backup_encrypted.plan(db_path, backup_file, passphrase)
    else:
        check_database_file(backup_file)


def restore_backup(
    db_path: PathLike,
    backup_file: PathLike,
    passphrase: str | None = None,
    *,
    task: Task = NO_TASK,
) -> Restored:
    """Replace the database by a backup, checked first; the current content is kept
    beside it (encrypted when the database is). Any failure or cancel leaves the database
    as it was. An encrypted database must be unlocked in this process; an encrypted backup
    opens with the database's key or, when it was made under another passphrase (before a
    change), with `passphrase`: without it BackupNeedsPassphrase, wrong WrongPassphrase,
    nothing changed. The restored database then opens with the backup's passphrase
    (`Restored.rekeyed` when that is not the one it had), and this process knows its key.
    A plain backup restored into an encrypted database is encrypted on its way in."""
    return Restored(
        restore_database(
            Path(db_path), backup_file, task.progress, task.cancelled, passphrase=passphrase
        )
    )


@dataclass(frozen=True)
class Encrypted:
    conversion: Conversion  # path, revisions, already (it was encrypted), overwritten
    changes: Changes = NOTHING  # the same records, in another form


def encrypt(db_path: PathLike, passphrase: str, *, task: Task = NO_TASK) -> Encrypted:
    """Encrypt the plain database at `db_path` in place, under the passphrase of its device
    key (one passphrase unlocks both: it is checked against the key first, so nothing is
    converted under a mistyped one). A backup first, an encrypted copy checked to hold the
    same data, an atomic swap, the plain bytes overwritten (store/cipher_convert). Run on
    an encrypted database it checks the passphrase and finishes an interrupted conversion,
    and rewrites a file of an earlier encrypted format in today's (`Conversion.upgraded`).
    """
    db_path = Path(db_path)
    task.check()
    if not Store.is_encrypted(db_path):
        with Store.open(db_path, create=False) as store:
            device = store.device()
        if device is not None:
            from fieldapp.identity.keys import decrypt_private_key

            decrypt_private_key(device.private_key, passphrase)  # WrongPassphrase: no change
    task.check()
    return Encrypted(convert_in_place(db_path, passphrase))
