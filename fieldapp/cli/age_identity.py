"""`fieldapp keys export-age-identity`: this coordinator's age identity for the `age` tool.

The same operation as the Devices view's "Export age identity…" (fieldapp.ops.age_identity).
The device passphrase (to open the stored identity) comes from $FIELDAPP_PASSPHRASE or the
terminal; the file's own passphrase from $FIELDAPP_IDENTITY_PASSPHRASE or the terminal
(typed twice), or, with --same-passphrase, it is the device passphrase.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from fieldapp.cli.common import ProgressLine, open_store, passphrase, text_passphrase
from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.ops import age_identity as ops_age
from fieldapp.passphrase import MIN_PASSPHRASE, PASSPHRASE_ENV
from fieldapp.progress import Task

IDENTITY_PASSPHRASE_ENV = "FIELDAPP_IDENTITY_PASSPHRASE"


def register(keys: argparse._SubParsersAction) -> None:
    """`export-age-identity` under `fieldapp keys`."""
    k = keys.add_parser(
        "export-age-identity",
        help="write this device's age identity, passphrase-protected, for the age tool",
        description="Write the age identity that opens bundles sealed to this device, "
        "encrypted with a passphrase in age's own format, so the reference age tool opens "
        "them too: age -d -i FILE -o bundle.zip bundle.age (age asks the file's "
        "passphrase). The secret is never written in clear.",
        epilog=f"The device passphrase is read from ${PASSPHRASE_ENV}, else asked on the "
        f"terminal. The file's passphrase (at least {MIN_PASSPHRASE} characters) from "
        f"${IDENTITY_PASSPHRASE_ENV}, else asked twice on the terminal; with "
        "--same-passphrase it is the device passphrase.",
    )
    k.add_argument("--out", required=True, metavar="FILE", help="the identity file (.age)")
    k.add_argument(
        "--same-passphrase",
        action="store_true",
        help="protect the file with the device passphrase instead of a new one",
    )
    k.add_argument("--force", action="store_true", help="replace FILE if it exists")
    k.set_defaults(func=cmd_export_age_identity)


def file_passphrase() -> str:
    """The identity file's passphrase: $FIELDAPP_IDENTITY_PASSPHRASE (a script has nothing
    to mistype) or typed twice on the terminal."""
    env = os.environ.get(IDENTITY_PASSPHRASE_ENV)
    if env is not None:
        return text_passphrase(env, IDENTITY_PASSPHRASE_ENV)
    if not sys.stdin.isatty():
        raise FieldappError(Message("cli.passphrase_no_terminal", name=IDENTITY_PASSPHRASE_ENV))
    try:
        first = getpass.getpass(
            f"Passphrase for the identity file (at least {MIN_PASSPHRASE} characters): "
        )
        if getpass.getpass("Repeat it: ") != first:
            raise FieldappError(Message("cli.passphrases_differ"))
    except EOFError:
        raise FieldappError(Message("cli.passphrase_closed")) from None
    return text_passphrase(first, IDENTITY_PASSPHRASE_ENV)


def cmd_export_age_identity(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.require_device()
        device = passphrase("Passphrase (to open this device's sealing key): ")
        other = None if args.same_passphrase else file_passphrase()
        done = ops_age.export_age_identity(
            store,
            args.out,
            device,
            other,
            replace=args.force,
            task=Task(ProgressLine("Exporting the age identity")),
        )
    which = "this device's passphrase" if done.same_passphrase else "the passphrase you chose"
    print(f"Wrote {done.path}: the age identity for {done.recipient}")
    print(f"  Encrypted with {which} (age's scrypt); readable by you only.")
    print(f"  Open a sealed bundle with: age -d -i {done.path} -o bundle.zip BUNDLE.age")
    return 0
