"""Commands for the database file itself: backup, restore-backup and encrypt.

The same operations as the window's File → Back up… and Restore from backup…, through
`fieldapp.ops.files`: a backup is a consistent copy taken while the database may be in
use; a restore checks the file first and keeps the current database beside itself.
"""

from __future__ import annotations

import argparse

from fieldapp.cli.common import ProgressLine, passphrase
from fieldapp.ops import files as file_ops
from fieldapp.paths import default_db_path
from fieldapp.progress import Task
from fieldapp.store import Store


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
    )
    p.add_argument("file", metavar="FILE", help="a backup made by `fieldapp backup` or the app")
    p.set_defaults(func=cmd_restore_backup)

    p = sub.add_parser(
        "encrypt",
        help="encrypt the database in place under this device's passphrase (a backup first; "
        "the plain file is overwritten)",
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
    result = file_ops.restore_backup(db_path, args.file, task=Task(ProgressLine("Restoring")))
    if result.previous is not None:
        print(f"The database as it was is kept in {result.previous}")
    print(f"Restored {db_path} from {result.source}")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    db_path = default_db_path(args.db)
    done = file_ops.encrypt(db_path, passphrase("Passphrase of this device's key: "))
    conversion = done.conversion
    if conversion.already:
        print(f"{db_path} is already encrypted; nothing left over from a conversion")
    else:
        print(f"Encrypted {db_path} ({conversion.revisions:,} revisions)")
        print("It opens only with the passphrase from now on: keep it safe.")
    return 0
