"""Changing the one passphrase: the database's key and the device's wrapped keys together.

The checks come first and change nothing: the new passphrase must be long enough and
differ from the current one, and the current one must open the database (when it is
encrypted) and the signing key, and the sealing key if the device has one. Then the keys
are re-wrapped under the new passphrase and the new database key is derived (scrypt, the
slow part, still nothing written), and store/rekey.py writes the new wrappings and re-keys
the file in one commit. A Cancel is honoured up to that commit, never after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.identity.keys import check_passphrase, rewrap_age_identity, rewrap_private_key
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress, check, no_progress
from fieldapp.store import rekey

if TYPE_CHECKING:
    from fieldapp.store.database import Store

STEPS = 5  # check the database key, unwrap and re-wrap two keys, derive, commit


@dataclass(frozen=True)
class PassphraseChange:
    """What changed: `encrypted`, the database was re-keyed (False: it is plain, only the
    keys were re-wrapped); `sealing_key`, the age sealing key was re-wrapped too."""

    path: Path | None
    encrypted: bool
    sealing_key: bool


def check_new_passphrase(old: str, new: str, repeat: str | None = None) -> str:
    """The new passphrase, or the coded reason it is refused (nothing is changed):
    too short, not typed the same twice, the same as the current one."""
    if repeat is not None and repeat != new:
        raise FieldappError(Message("passphrase.new_differs"))
    check_passphrase(new)
    if new == old:
        raise FieldappError(Message("passphrase.unchanged"))
    return new


def change_passphrase(
    store: Store,
    old: str,
    new: str,
    *,
    repeat: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> PassphraseChange:
    """Put the database (if encrypted) and the device's keys under `new` instead of `old`,
    all or nothing (see the module docstring). WrongPassphrase if `old` is not the current
    passphrase; every refusal leaves the file as it was."""
    report = progress or no_progress
    check_new_passphrase(old, new, repeat)
    current = rekey.wrappings(store)  # NotInitialised without a device
    report(0, STEPS)
    rekey.check_database_passphrase(store, old)
    report(1, STEPS)
    try:
        private = rewrap_private_key(current.private_key, old, new)
        report(2, STEPS)
        age = None
        if current.age_identity is not None:
            age = rewrap_age_identity(current.age_identity, old, new)
    except WrongPassphrase:
        raise WrongPassphrase(Message("passphrase.wrong_current")) from None
    report(3, STEPS)
    key = rekey.new_key(store, new)
    report(4, STEPS)
    check(cancelled)  # the last moment a Cancel is honoured: the commit follows
    rekey.rewrap_and_rekey(store, current, rekey.Wrappings(private, age), key)
    report(STEPS, STEPS)
    return PassphraseChange(store.path, key is not None, age is not None)
