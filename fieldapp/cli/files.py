"""Commands for the database file itself: backup, restore-backup and encrypt.

The same operations as the window's File → Back up… and Restore from backup…, through
`fieldapp.ops.files`: a backup is a consistent copy taken while the database may be in
use; a restore checks the file first and keeps the current database beside itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fieldapp.cli.common import ProgressLine, passphrase, text_passphrase
from fieldapp.ops import files as file_ops
from fieldapp.passphrase import PASSPHRASE_ENV
from fieldapp.paths import default_db_path
from fieldapp.progress import Task
from fieldapp.store import Store

# An encrypted backup made under another passphrase than the database's (before it was
# changed): its passphrase for a script, which cannot give two in FIELDAPP_PASSPHRASE.
BACKUP_PASSPHRASE_ENV = "FIELDAPP_BACKUP_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup",
        help="copy the database to OUT (a consistent copy, even while the app has it open)",
    )
    p.add_argument("out", metavar="OUT", help="the backup file to write (readable only by you)")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore-backup",
        help="replace the database by a backup (the current one is backed up first)",
        epilog=f"An encrypted backup made under another passphrase than the database's "
        f"opens with ${BACKUP_PASSPHRASE_ENV}, ${PASSPHRASE_ENV} or the passphrase typed "
        "when asked; the database then opens with that passphrase.",
    )
    p.add_argument("file", metavar="FILE", help="a backup made by `fieldapp backup` or the app")
    p.set_defaults(func=cmd_restore_backup)

    p = sub.add_parser(
        "encrypt",
        help="encrypt the database in place under this device's passphrase (a backup first; "
        "the plain file is overwritten); an encrypted one of an earlier format is rewritten "
        "in today's",
    )
    p.set_defaults(func=cmd_encrypt)


def cmd_backup(args: argparse.Namespace) -> int:
    db_path = default_db_path(args.db)
    if Store.is_locked(db_path):  # an encrypted copy is made with the database's own key
        Store.unlock(db_path, passphrase(f"Passphrase of {db_path.name}: "))
    task = Task(ProgressLine("Backing up"))
    done = file_ops.backup(db_path, args.out, replace=args.force, task=task)
    print(f"Backed up {db_path} to {done.path}")
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    db_path = default_db_path(args.db)
    if Store.is_locked(db_path):  # the restored content is encrypted under its key
        Store.unlock(db_path, passphrase(f"Passphrase of {db_path.name}: "))
    task = Task(ProgressLine("Restoring"))
    try:
        result = file_ops.restore_backup(db_path, args.file, task=task)
    except file_ops.BackupNeedsPassphrase:
        secret = _backup_passphrase(Path(args.file))
        if secret is None:
            raise
        result = file_ops.restore_backup(db_path, args.file, secret, task=task)
    if result.previous is not None:
        print(f"The database as it was is kept in {result.previous}")
    print(f"Restored {db_path} from {result.source}")
    if result.rekeyed:
        print(
            f"{db_path.name} now opens with the passphrase the backup had (the one in use "
            "when it was made), no longer with the one it had before the restore."
        )
    return 0


def _backup_passphrase(backup: Path) -> str | None:
    """The passphrase of an encrypted backup the database's key does not open: from the
    environment or the terminal; None when neither can give it (the refusal says how)."""
    for name in (BACKUP_PASSPHRASE_ENV, PASSPHRASE_ENV):
        if os.environ.get(name) is not None:
            return text_passphrase(os.environ[name], name)
    if not sys.stdin.isatty():
        return None
    return passphrase(f"Passphrase of {backup.name}: ")


def cmd_encrypt(args: argparse.Namespace) -> int:
    db_path = default_db_path(args.db)
    done = file_ops.encrypt(db_path, passphrase("Passphrase of this device's key: "))
    conversion = done.conversion
    if conversion.upgraded:
        print(
            f"{db_path} was encrypted in an earlier format; rewrote it in today's "
            f"({conversion.revisions:,} revisions, the same passphrase)"
        )
    elif conversion.already:
        print(f"{db_path} is already encrypted; nothing left over from a conversion")
    else:
        print(f"Encrypted {db_path} ({conversion.revisions:,} revisions)")
        print("It opens only with the passphrase from now on: keep it safe.")
    return 0
