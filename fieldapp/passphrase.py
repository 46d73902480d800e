"""The one passphrase a user has, and what it takes to turn it into a key: shared by the
device key (fieldapp.identity) and the encrypted database (fieldapp.store.cipher), which
sit on different layers and must agree on both.

scrypt is memory-hard (N=2**17, r=8: 128 MiB per try), so guessing a passphrase from a
seized laptop costs far more than on a GPU-friendly KDF; one derivation takes well under
a second here.

The signing key's envelope is opened here too, not in fieldapp.identity: the store signs
every revision it writes (fieldapp.store.signing), so opening the key under the passphrase
the database was opened with must be reachable from the store's layer.
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.messages import Message

PASSPHRASE_ENV = "FIELDAPP_PASSPHRASE"
MIN_PASSPHRASE = 8
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise FieldappError(Message("keys.passphrase_too_short", limit=MIN_PASSPHRASE))
    return passphrase


def seal_secret(secret: bytes, passphrase: str, *, aad: bytes, fmt: str, n: int) -> str:
    """`secret` in a JSON envelope: scrypt (a fresh salt) + AES-256-GCM (a fresh nonce),
    `aad` binding it to its use and `fmt` naming it, so one envelope cannot stand for
    another (the signing key's, the age identity's)."""
    salt, nonce = os.urandom(16), os.urandom(12)
    derived = Scrypt(salt=salt, length=32, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(
        passphrase.encode("utf-8")
    )
    envelope = {
        "format": fmt,
        "kdf": "scrypt",
        "n": n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "cipher": "aes-256-gcm",
        "ciphertext": base64.b64encode(AESGCM(derived).encrypt(nonce, secret, aad)).decode(),
    }
    return json.dumps(envelope, sort_keys=True)


def open_secret(
    envelope: str, passphrase: str, *, aad: bytes, fmt: str, unknown: Message, wrong: Message
) -> bytes:
    """The secret `seal_secret` sealed; FieldappError(`unknown`) for another format,
    WrongPassphrase(`wrong`) when the passphrase does not open it."""
    data = json.loads(envelope)
    if data.get("format") != fmt:
        raise FieldappError(unknown)
    derived = Scrypt(
        salt=base64.b64decode(data["salt"]), length=32, n=data["n"], r=data["r"], p=data["p"]
    ).derive(passphrase.encode("utf-8"))
    try:
        return AESGCM(derived).decrypt(
            base64.b64decode(data["nonce"]), base64.b64decode(data["ciphertext"]), aad
        )
    except InvalidTag:
        raise WrongPassphrase(wrong) from None


_KEY_AAD = b"fieldapp-device-key-v1"
_KEY_FORMAT = "fieldapp-key-v1"


def encrypt_private_key(key: ec.EllipticCurvePrivateKey, passphrase: str, n: int = SCRYPT_N) -> str:
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return seal_secret(der, passphrase, aad=_KEY_AAD, fmt=_KEY_FORMAT, n=n)


def decrypt_private_key(envelope: str, passphrase: str) -> ec.EllipticCurvePrivateKey:
    der = open_secret(
        envelope,
        passphrase,
        aad=_KEY_AAD,
        fmt=_KEY_FORMAT,
        unknown=Message("keys.key_unknown_format"),
        wrong=Message("keys.wrong_passphrase_signing"),
    )
    key = serialization.load_der_private_key(der, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key
