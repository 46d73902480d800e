"""`fieldapp passphrase`: change the one passphrase of the database and the device's keys.

The same operation as the window's File → Change passphrase… (fieldapp.ops.passphrase):
the encrypted database is re-keyed and the signing and sealing keys re-wrapped in one
commit, or nothing changes. The current passphrase comes from $FIELDAPP_PASSPHRASE or the
terminal, the new one from $FIELDAPP_NEW_PASSPHRASE or the terminal (typed twice).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from fieldapp.cli.common import ProgressLine, passphrase, text_passphrase
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.ops import passphrase as ops_passphrase
from fieldapp.passphrase import MIN_PASSPHRASE, PASSPHRASE_ENV
from fieldapp.paths import default_db_path
from fieldapp.progress import Task

NEW_PASSPHRASE_ENV = "FIELDAPP_NEW_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "passphrase",
        help="change the passphrase of the database and of this device's keys",
        description="Change the one passphrase that opens the database (when it is "
        "encrypted) and this device's signing and sealing keys: all of them change in one "
        "step, or none does. Backups made before keep the OLD passphrase.",
        epilog=f"The current passphrase is read from ${PASSPHRASE_ENV}, else asked on the "
        f"terminal; the new one from ${NEW_PASSPHRASE_ENV}, else asked twice on the "
        f"terminal (at least {MIN_PASSPHRASE} characters). Set both for scripts.",
    )
    p.set_defaults(func=cmd_passphrase)


def new_passphrase() -> tuple[str, str | None]:
    """(the new passphrase, the same typed again) from $FIELDAPP_NEW_PASSPHRASE (no second
    copy: a script has nothing to mistype) or the terminal."""
    env = os.environ.get(NEW_PASSPHRASE_ENV)
    if env is not None:
        return text_passphrase(env, NEW_PASSPHRASE_ENV), None
    if not sys.stdin.isatty():
        raise FieldappError(Message("cli.passphrase_no_terminal", name=NEW_PASSPHRASE_ENV))
    try:
        first = getpass.getpass(f"New passphrase (at least {MIN_PASSPHRASE} characters): ")
        repeat = getpass.getpass("Repeat the new passphrase: ")
    except EOFError:
        raise FieldappError(Message("cli.passphrase_closed")) from None
    return text_passphrase(first, NEW_PASSPHRASE_ENV), repeat


def cmd_passphrase(args: argparse.Namespace) -> int:
    db_path = default_db_path(args.db)
    old = passphrase("Current passphrase: ")
    new, repeat = new_passphrase()
    ops_passphrase.check_new_passphrase(old, new, repeat)  # before the slow part
    task = Task(ProgressLine("Changing the passphrase"))
    done = ops_passphrase.change_passphrase(db_path, old, new, repeat=repeat, task=task)
    keys = "the signing key and the sealing key" if done.change.sealing_key else "the signing key"
    if done.encrypted:
        print(f"Changed the passphrase of {db_path}:")
        print(f"the database was re-keyed and {keys} re-wrapped, in one step.")
    else:
        print(f"Re-wrapped {keys} of {db_path} under the new passphrase.")
        print("The database itself is not encrypted: encrypt it with `fieldapp encrypt`.")
    print("Backups and copies made before now still open only with the OLD passphrase.")
    if PASSPHRASE_ENV in os.environ:
        print(f"Scripts that set {PASSPHRASE_ENV} need the new passphrase from now on.")
    return 0
