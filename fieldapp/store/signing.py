"""Revision signatures: every revision carries its author device's signature over its id,
so whoever holds the author's certificate can prove who wrote it, however many databases
the revision passed through (a field laptop, a coordinator, headquarters). A bundle's own
signature only proves who *sent* it.

The store signs each revision it writes with this device's key when the key is open in
this process: opened with the passphrase the database was opened or unlocked with
(`remember_later`, decrypted on the first write), or kept from when the key was created.
A revision written without it (a plain database opened without a passphrase) is signed at
the next export, which needs the passphrase anyway (`sign_unsigned`).

The keys live in this process's memory only, like the database keys of store.cipher, and
`forget` (locking) drops them.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from functools import lru_cache
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509 import load_pem_x509_certificate

from fieldapp.domain.revisions import signing_message
from fieldapp.errors import FieldappError
from fieldapp.passphrase import decrypt_private_key
from fieldapp.progress import Progress

if TYPE_CHECKING:
    from fieldapp.store.database import Store

SIGNATURE_BYTES = 64  # r || s, 32 bytes each (P-256)
_ECDSA = ec.ECDSA(hashes.SHA256())

_KEYS: dict[str, ec.EllipticCurvePrivateKey] = {}
_LATER: dict[str, tuple[str, str]] = {}  # device -> (key envelope, passphrase), until used
_OPENING: dict[str, Future[ec.EllipticCurvePrivateKey | None]] = {}  # being decrypted
_LOCK = threading.Lock()  # guards the dicts only: never held while a key is decrypted
_generation = 0  # moved by forget(): a key opened before it is not kept


def remember(device_id: str, key: ec.EllipticCurvePrivateKey) -> None:
    with _LOCK:
        _KEYS[device_id] = key
        _LATER.pop(device_id, None)


def remember_later(device_id: str, envelope: str, passphrase: str) -> None:
    """Open the key on the first signature, not now: opening costs a key derivation
    (about 0.3 s), which a command that only reads should not pay."""
    with _LOCK:
        if device_id not in _KEYS and device_id not in _OPENING:
            _LATER[device_id] = (envelope, passphrase)


def forget() -> None:
    """Drop every key (locking): at once, even while one is being opened."""
    global _generation
    with _LOCK:
        _KEYS.clear()
        _LATER.clear()
        _OPENING.clear()
        _generation += 1


def key_for(device_id: str) -> ec.EllipticCurvePrivateKey | None:
    """This device's open key, or None (the revision is then signed at the next export).
    A passphrase that does not open it (a database encrypted under another one) gives
    None too: writing never fails for want of a signature. A caller that comes while
    another thread opens the key waits for it (a save right after unlocking)."""
    with _LOCK:
        key = _KEYS.get(device_id)
        if key is not None:
            return key
        opening = _OPENING.get(device_id)
        later = _LATER.pop(device_id, None) if opening is None else None
        if opening is None and later is None:
            return None
        if opening is None:
            opening = _OPENING[device_id] = Future()
            generation = _generation
    if later is None:
        return opening.result()
    try:
        key = decrypt_private_key(*later)
    except (FieldappError, ValueError):
        key = None
    with _LOCK:
        if _OPENING.get(device_id) is opening:
            del _OPENING[device_id]
        if key is not None and generation == _generation:
            _KEYS[device_id] = key
        else:
            key = None
    opening.set_result(key)
    return key


def open_soon(device_id: str) -> None:
    """Open the key now in a background thread (the key derivation releases the GIL),
    for a caller about to write that has other work to do meanwhile."""
    with _LOCK:
        if device_id not in _LATER:
            return
    threading.Thread(target=key_for, args=(device_id,), daemon=True).start()


def _sign(key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    """r || s (SIGNATURE_BYTES) over `message`."""
    r, s = decode_dss_signature(key.sign(message, _ECDSA))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def _check(public_key: ec.EllipticCurvePublicKey, message: bytes, signature: bytes) -> bool:
    """Whether `signature` (r || s) is the holder of `public_key` signing `message`."""
    if len(signature) != SIGNATURE_BYTES:
        return False
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public_key.verify(der, message, _ECDSA)
    except (InvalidSignature, ValueError):
        return False
    return True


def sign(key: ec.EllipticCurvePrivateKey, revision_id: str) -> bytes:
    return _sign(key, signing_message(revision_id))


def sign_as(device_id: str, revision_id: str) -> bytes | None:
    key = key_for(device_id)
    return None if key is None else sign(key, revision_id)


def check(public_key: ec.EllipticCurvePublicKey, revision_id: str, signature: bytes) -> bool:
    """Whether `signature` is the holder of `public_key` signing this revision id."""
    return _check(public_key, signing_message(revision_id), signature)


@lru_cache(maxsize=256)
def public_key(certificate: str) -> ec.EllipticCurvePublicKey | None:
    """The P-256 key of a PEM certificate (None if it holds none), parsed once."""
    try:
        key = load_pem_x509_certificate(certificate.encode()).public_key()
    except (ValueError, UnsupportedAlgorithm):  # no key, or one of an unknown algorithm
        return None
    return key if isinstance(key, ec.EllipticCurvePublicKey) else None


# -- what the database holds -------------------------------------------------------------


def unsigned_by_device(store: Store, after_n: int = 0) -> dict[str, int]:
    """Unsigned revisions (arrived after local number `after_n`), counted by author."""
    rows = store._conn.execute(
        "SELECT device, count(*) FROM revisions WHERE signature IS NULL AND n > ? GROUP BY device",
        (after_n,),
    )
    return {device: count for device, count in rows}


def sign_unsigned(
    store: Store,
    device_id: str,
    key: ec.EllipticCurvePrivateKey,
    progress: Progress | None = None,
) -> int:
    """Sign every unsigned revision `device_id` (this device) wrote, in one transaction;
    returns how many. Another device's revisions cannot be signed here: only their author
    can, and a bundle from it carrying them signed adds the signature."""
    conn = store._conn
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM revisions WHERE device = ? AND signature IS NULL",
            (device_id,),
        )
    ]
    with store.transaction():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            conn.executemany(
                "UPDATE revisions SET signature = ? WHERE id = ? AND signature IS NULL",
                [(sign(key, rid), rid) for rid in chunk],
            )
            if progress:
                progress(start + len(chunk), len(ids))
    return len(ids)


def signature_counts(store: Store) -> dict[str, tuple[int, int]]:
    """By author device: (revisions, unsigned)."""
    conn = store._conn
    unsigned = unsigned_by_device(store)
    totals = conn.execute("SELECT device, count(*) FROM revisions GROUP BY device")
    return {device: (count, unsigned.get(device, 0)) for device, count in totals}


def signed_revisions(store: Store, device_id: str) -> list[tuple[str, bytes]]:
    """(id, signature) of every signed revision `device_id` wrote, to check them."""
    return [
        (rid, bytes(sig))
        for rid, sig in store._conn.execute(
            "SELECT id, signature FROM revisions WHERE device = ? AND signature IS NOT NULL",
            (device_id,),
        )
    ]


# -- register editions -------------------------------------------------------------------

# What the device that loaded a places register edition signs: its id behind a prefix of
# its own, so an edition's signature can never pass for a revision's (whose prefix is
# "fieldapp revision v1\n") or the other way round.
PLACES_PREFIX = b"fieldapp places v1\n"


def sign_edition(key: ec.EllipticCurvePrivateKey, edition_id: str) -> bytes:
    """r || s over PLACES_PREFIX + the edition id (fieldapp.store.places.edition_id)."""
    return _sign(key, PLACES_PREFIX + edition_id.encode("ascii"))


def check_edition(public_key: ec.EllipticCurvePublicKey, edition_id: str, signature: bytes) -> bool:
    """Whether `signature` is the holder of `public_key` signing this register edition."""
    if not edition_id.isascii():
        return False
    return _check(public_key, PLACES_PREFIX + edition_id.encode("ascii"), signature)
