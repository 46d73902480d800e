"""Sealed bundles: the whole zip encrypted to a coordinator's age X25519 recipient.

age (https://age-encryption.org/v1) is a small, well-specified format with independent
implementations (the reference Go tool, rage in Rust, which `pyrage` wraps), so a sealed
bundle can be opened with `age -d -i key.txt` as well as by fieldapp. A lost USB stick
holding a sealed bundle leaks nothing but its size.

A sealed bundle is an age file, not a zip, so it is named `.age` (bundle_path); readers
tell the two apart by their first bytes (is_sealed), so an older sealed `.zip` still
opens. The coordinator's identity can be written out for the `age` tool (identity_file):
age's own passphrase-encrypted identity file, never the secret in clear.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from pyrage import x25519

from fieldapp.errors import Cancelled
from fieldapp.identity.keys import (
    create_age_identity,
    decrypt_age_identity,
    decrypt_private_key,
    envelope_cost,
)
from fieldapp.messages import Message
from fieldapp.progress import CancelFlag, Progress, never_cancelled, no_progress
from fieldapp.store import devices as stored
from fieldapp.store.database import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.errors import BundleError, SealedBundleError
from fieldapp.sync.spool import CHUNK, Spool, SpoolWriter


def parse_recipient(text: str) -> x25519.Recipient:
    text = text.strip()
    try:
        return x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own RecipientError (or ValueError)
        raise BundleError(Message("seal.not_a_recipient", value=repr(text[:20]))) from None


SEALED_SUFFIX = ".age"
PLAIN_SUFFIX = ".zip"


def bundle_path(out: Path, sealed: bool) -> Path:
    """The name a bundle is written under: a sealed bundle is an age file, so a name
    ending in .zip becomes .age (and .age becomes .zip for a plain one: `age -d` would
    fail on it). Any other name is the user's choice and kept."""
    suffix = out.suffix.lower()
    if sealed and suffix == PLAIN_SUFFIX:
        return out.with_suffix(SEALED_SUFFIX)
    if not sealed and suffix == SEALED_SUFFIX:
        return out.with_suffix(PLAIN_SUFFIX)
    return out


def is_sealed(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(64)
    return head.startswith(fmt.AGE_MAGIC) or head.startswith(fmt.AGE_ARMOR)


class _WatchedReader(io.RawIOBase):
    """The bundle as rage reads it, chunk by chunk: each read reports progress and asks
    whether the user cancelled. rage turns an exception raised here into its own
    EncryptError; `stopped` tells seal_file that it was a cancel."""

    def __init__(self, raw: BinaryIO, size: int, progress: Progress, cancelled: CancelFlag):
        self._raw = raw
        self._size = size
        self._progress = progress
        self._cancelled = cancelled
        self.stopped = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._cancelled():
            self.stopped = True
            raise Cancelled(Message("cancelled.no_bundle"))
        count = self._raw.readinto(buffer)
        self._progress(self._raw.tell(), self._size)
        return count


def seal_file(
    src: Path | Spool,
    dest: Path,
    recipient: x25519.Recipient,
    progress: Progress | None = None,
    cancelled: CancelFlag | None = None,
) -> None:
    """Encrypt src (a file, or a spool: a sealed export's zip is never in clear on disk)
    into dest (streamed in chunks by rage). Cancelled, or failing, it leaves no dest
    behind."""
    size = src.size if isinstance(src, Spool) else src.stat().st_size
    try:
        with _open_source(src) as raw, open(dest, "wb") as writer:
            reader = _WatchedReader(
                raw, size, progress or no_progress, cancelled or never_cancelled
            )
            try:
                pyrage.encrypt_io(reader, writer, [recipient])
            except pyrage.EncryptError:
                if reader.stopped:
                    raise Cancelled(Message("cancelled.no_bundle")) from None
                raise
            writer.flush()
            os.fsync(writer.fileno())
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _open_source(src: Path | Spool) -> BinaryIO:
    if isinstance(src, Spool):
        return io.BufferedReader(src.open(), CHUNK)
    return open(src, "rb")


def unseal(src: Path, identity: x25519.Identity) -> Spool:
    """Decrypt a sealed bundle into a private spool (fieldapp.sync.spool): in the
    temporary folder only encrypted, under a random key held in memory, so an unsealed
    bundle never lies in clear on disk — not even when the process is killed. The caller
    removes it (`Spool.remove`)."""
    writer = SpoolWriter("fieldapp-unsealed-")
    try:
        with open(src, "rb") as reader:
            pyrage.decrypt_io(reader, writer, [identity])
        return writer.finish()
    except BaseException as exc:
        writer.discard()
        if not isinstance(exc, Exception) or isinstance(exc, BundleError):
            raise
        if isinstance(exc, OSError) and exc.errno is not None:  # the disk, not the bundle
            raise
        # pyrage: DecryptError, or a plain OSError("decryption error") for a cut payload
        raise SealedBundleError(
            Message("seal.not_to_this_device", file=src.name, text=str(exc))
        ) from None


def age_recipient(store: Store) -> str | None:
    return stored.age_recipient(store)


def ensure_age_identity(store: Store, passphrase: str) -> str:
    """This device's age recipient, creating the key pair on first use.

    The passphrase is checked against the signing key first, so the two keys are always
    under the same passphrase.
    """
    device = store.require_device()
    existing = age_recipient(store)
    if existing:
        return existing
    decrypt_private_key(device.private_key, passphrase)  # WrongPassphrase before writing
    recipient, envelope = create_age_identity(passphrase, envelope_cost(device.private_key))
    stored.save_age_identity(store, recipient, envelope)
    return age_recipient(store) or recipient


def age_identity(store: Store, passphrase: str) -> x25519.Identity:
    envelope = stored.age_identity(store)
    if not envelope:
        raise SealedBundleError(Message("seal.no_sealing_key"))
    return decrypt_age_identity(envelope, passphrase)


def identity_file(identity: x25519.Identity, passphrase: str) -> bytes:
    """The identity as `age-keygen` writes it (comments, then the AGE-SECRET-KEY-1 line),
    encrypted with age's scrypt passphrase recipient and armored: the file `age -d -i`
    asks the passphrase of, and a text file that survives e-mail and printing. rage
    chooses the scrypt work factor (about a second here)."""
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    text = (
        f"# created: {created}\n"
        f"# public key: {identity.to_public()}\n"
        "# fieldapp: opens the bundles sealed to this coordinator\n"
        f"{identity}\n"
    )
    return pyrage.passphrase.encrypt(text.encode("ascii"), passphrase, armored=True)
