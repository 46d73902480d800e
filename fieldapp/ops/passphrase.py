"""Changing the passphrase: the window's File → Change passphrase… and `fieldapp passphrase`.

One passphrase unlocks the database (when it is encrypted) and the device's signing and
sealing keys; changing it moves all of them together, in one commit
(fieldapp/identity/change_passphrase.py, fieldapp/store/rekey.py). On a plain database only
the keys are re-wrapped; the caller says the file itself is not encrypted.

Backups and copies made before the change keep the old passphrase: callers remind the user.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fieldapp.identity.change_passphrase import PassphraseChange, check_new_passphrase
from fieldapp.identity.change_passphrase import change_passphrase as _change
from fieldapp.ops.changes import Changes
from fieldapp.progress import NO_TASK, Task
from fieldapp.store import Store

DEVICE_KEYS = Changes(devices=True)  # the device's stored keys; no record changes

__all__ = ["PassphraseChanged", "change_passphrase", "check_new_passphrase"]


@dataclass(frozen=True)
class PassphraseChanged:
    change: PassphraseChange  # path, encrypted (the file was re-keyed), sealing_key
    changes: Changes = DEVICE_KEYS

    @property
    def encrypted(self) -> bool:
        return self.change.encrypted


def change_passphrase(
    db: Store | str | os.PathLike[str],
    old: str,
    new: str,
    *,
    repeat: str | None = None,
    task: Task = NO_TASK,
) -> PassphraseChanged:
    """Put the database and the device's keys under `new` instead of `old`, all or none.

    `db` is an open store (the change goes through its connection, which keeps working
    under the new key) or a database file, opened here with `old`. `repeat` is the new
    passphrase typed a second time, when the caller asked twice. Every refusal (a wrong
    `old`, a short `new`, two that differ, a Cancel before the commit) changes nothing.
    Afterwards this process remembers the new key; other connections opened with the old
    one fail and must be opened again."""
    task.check()
    if isinstance(db, Store):
        return PassphraseChanged(_run(db, old, new, repeat, task))
    check_new_passphrase(old, new, repeat)  # before the scrypt of opening the file
    path = Path(db)
    # A database this process has unlocked opens with its remembered key (the change checks
    # `old` against it: one scrypt less); a locked one opens with `old`, or refuses it.
    passphrase = old if Store.is_locked(path) else None
    with Store.open(path, create=False, passphrase=passphrase) as store:
        return PassphraseChanged(_run(store, old, new, repeat, task))


def _run(store: Store, old: str, new: str, repeat: str | None, task: Task) -> PassphraseChange:
    return _change(store, old, new, repeat=repeat, progress=task.progress, cancelled=task.cancelled)
