"""Changing the passphrase: the database's key and the keys it holds, in one commit.

One passphrase unlocks the database (SQLCipher, its key derived from the passphrase and the
file's salt: store/cipher.py) and the device's keys stored in it (the signing key and the
age sealing key, each wrapped under the passphrase: identity/keys.py). A change must move
all of them or none: a database that opens with the new passphrase but holds keys that
only the old one unwraps (or the reverse) would lock the user out of signing for good.

Because the wrappings live *inside* the database, one transaction can carry both changes:
BEGIN IMMEDIATE, UPDATE the wrapped keys, PRAGMA rekey. SQLCipher's rekey joins the open
write transaction, rewrites every page under the new key and commits the lot in one
SQLite commit (tests/test_cipher.py shows the commit; tests/test_change_passphrase.py
kills the change at random moments and always finds the old key with the old wrappings or
the new key with the new ones). The salt is kept (see cipher.rekey for why), so the same
file opens with exactly one of the two passphrases.

A plain database has no database key: only the wrappings change, in an ordinary commit.
The slow parts (scrypt: the new wrappings, the new key) happen before the transaction, so
the database is write-locked for the rewrite of its pages only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.errors import DatabaseError, WrongPassphrase
from fieldapp.messages import Message
from fieldapp.store import cipher, devices, dialect

if TYPE_CHECKING:
    from fieldapp.store.database import Store


@dataclass(frozen=True)
class Wrappings:
    """The device's keys as stored: the signing key's envelope and the age identity's
    (None when the device has no sealing key yet)."""

    private_key: str
    age_identity: str | None


def _step(name: str) -> None:
    """A named point of a change; tests replace it to stop the process there."""


def wrappings(store: Store) -> Wrappings:
    """The wrapped keys of the store's own device, as they are now."""
    device = devices.require_own(store)
    return Wrappings(device.private_key, devices.age_identity(store))


def check_database_passphrase(store: Store, passphrase: str) -> None:
    """WrongPassphrase unless `passphrase` is the one the open encrypted store is keyed
    with (it may have been opened with the key this process remembered, so the typed
    passphrase is checked again here). Nothing for a plain store."""
    if store.path is None or store._key is None:
        return
    if not passphrase or cipher.derive_key(passphrase, cipher.read_salt(store.path)) != store._key:
        raise WrongPassphrase(Message("passphrase.wrong_current"))


def new_key(store: Store, passphrase: str) -> bytes | None:
    """The key `passphrase` gives the store's file (its salt is kept); None for a plain
    store. Slow on purpose (scrypt): called before the transaction."""
    if store.path is None or store._key is None:
        return None
    return cipher.derive_key(passphrase, cipher.read_salt(store.path))


def rewrap_and_rekey(store: Store, old: Wrappings, new: Wrappings, key: bytes | None) -> None:
    """Replace the wrapped keys `old` by `new` and, for an encrypted store, re-key the file
    under `key` (new_key), all in one commit: after a crash the file holds the old key and
    the old wrappings, or the new key and the new ones.

    The wrappings are replaced only if they are still `old` (another window may have made
    a sealing key meanwhile): otherwise nothing changes and the caller is told to try
    again. Afterwards the store's connection and this process's keyring hold the new key;
    other connections opened with the old one can no longer read the file."""
    if store._depth:
        raise RuntimeError("a passphrase change cannot run inside another transaction")
    conn, path = store._conn, store.path
    dialect.begin_write(conn, path)
    try:
        changed = conn.execute(
            "UPDATE device SET private_key = ?, age_identity = ?"
            " WHERE private_key = ? AND age_identity IS ?",
            (new.private_key, new.age_identity, old.private_key, old.age_identity),
        ).rowcount
        if changed != 1:
            raise DatabaseError(Message("passphrase.changed_meanwhile"))
        _step("wrapped")
        if key is None or path is None:
            dialect.commit(conn)
        else:
            # Commits the transaction above together with the rewritten pages.
            cipher.rekey_with(conn, key)
            _step("rekeyed")
            if conn.in_transaction:  # an SQLCipher that left it open: commit it now
                dialect.commit(conn)
    except BaseException as exc:
        dialect.rollback(conn)
        problem = dialect.user_problem(path, exc)
        if problem is not None:
            raise problem from exc
        raise
    if key is not None and path is not None:
        _rekeyed(store, path, key)
    _step("done")


def _rekeyed(store: Store, path: Path, key: bytes) -> None:
    """Hold the new key (the store's own later connections and the process's keyring use
    it: the commit is done), then check that the file opens under it with its salt kept."""
    store._key = key
    cipher.remember(path, key)
    cipher.check_salt_kept(store._conn, path)
    cipher.connect(path, key=key).close()  # a raw key: no KDF, just page 1's HMAC
