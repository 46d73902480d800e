"""The one passphrase a user has, and what it takes to turn it into a key: shared by the
device key (fieldapp.identity) and the encrypted database (fieldapp.store.cipher), which
sit on different layers and must agree on both.

scrypt is memory-hard (N=2**17, r=8: 128 MiB per try), so guessing a passphrase from a
seized laptop costs far more than on a GPU-friendly KDF; one derivation takes well under
a second here.
"""

from __future__ import annotations

from fieldapp.errors import FieldappError
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
