"""The device key: ECDSA P-256, one per database, encrypted under a passphrase.

It signs bundles and PDFs. Its fingerprint (SHA-256 of the DER public key) is the device
id every revision names. The private key is never stored in the clear: scrypt (memory-hard)
derives an AES-256-GCM key from the passphrase; cryptography's own PKCS#8 encryption uses
only 2,048 PBKDF2 rounds, which is too weak for a stolen laptop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fieldapp.errors import FieldappError
from fieldapp.messages import Message
from fieldapp.passphrase import (  # noqa: F401 (callers import them from here too)
    MIN_PASSPHRASE,
    PASSPHRASE_ENV,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    check_passphrase,
    decrypt_private_key,
    encrypt_private_key,
    open_secret,
    seal_secret,
)
from fieldapp.store import signing

if TYPE_CHECKING:
    from fieldapp.store.database import Device, Store


@dataclass(frozen=True)
class Identity:
    fingerprint: str
    name: str
    organisation: str
    public_key: str  # PEM
    certificate: str  # PEM
    private_key: str  # encrypted JSON envelope


def save_identity(store: Store, identity: Identity) -> Device:
    """Make a new identity this database's device (Store.save_device, once per database)."""
    return store.save_device(**asdict(identity))


def fingerprint(public_key: ec.EllipticCurvePublicKey) -> str:
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def format_fingerprint(fp: str) -> str:
    """Groups of four for reading aloud over a phone line."""
    return " ".join(fp[i : i + 4] for i in range(0, len(fp), 4)).upper()


def make_certificate(key: ec.EllipticCurvePrivateKey, name: str, organisation: str) -> str:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def create_identity(name: str, organisation: str, passphrase: str, n: int = SCRYPT_N) -> Identity:
    name, organisation = name.strip(), organisation.strip()
    if not name:
        raise FieldappError(Message("keys.name_missing"))
    if not organisation:
        raise FieldappError(Message("keys.organisation_missing"))
    check_passphrase(passphrase)
    key = ec.generate_private_key(ec.SECP256R1())
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    # The process that made the key signs with it from now on (store.signing): the first
    # records are written right after setting up, with the passphrase just typed.
    signing.remember(fingerprint(key.public_key()), key)
    return Identity(
        fingerprint=fingerprint(key.public_key()),
        name=name,
        organisation=organisation,
        public_key=public_pem,
        certificate=make_certificate(key, name, organisation),
        private_key=encrypt_private_key(key, passphrase, n),
    )


def load_certificate(pem: str | bytes) -> x509.Certificate:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        raise FieldappError(Message("keys.not_a_certificate")) from None


def certificate_fingerprint(cert: x509.Certificate) -> str:
    try:
        key = cert.public_key()
    # a key that is no point on its curve, or of an algorithm nobody knows (a changed
    # character of the key or of its algorithm's identifier)
    except (ValueError, UnsupportedAlgorithm):
        raise FieldappError(Message("keys.not_a_certificate")) from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise FieldappError(Message("keys.not_ecdsa"))
    return fingerprint(key)


# -- the age key that opens bundles sealed to this device ---------------------------------
#
# Sealing uses age (X25519), a different algorithm from the ECDSA signing key, so the device
# has a second key pair. Its secret is stored under the same passphrase scheme (scrypt +
# AES-256-GCM) with its own salt, nonce and associated data, so neither envelope can be
# swapped for the other.

_AGE_AAD = b"fieldapp-age-identity-v1"
_AGE_FORMAT = "fieldapp-age-v1"


def _seal_age(secret: bytes, passphrase: str, n: int) -> str:
    return seal_secret(secret, passphrase, aad=_AGE_AAD, fmt=_AGE_FORMAT, n=n)


def _open_age(envelope: str, passphrase: str) -> bytes:
    return open_secret(
        envelope,
        passphrase,
        aad=_AGE_AAD,
        fmt=_AGE_FORMAT,
        unknown=Message("keys.stored_key_unknown_format"),
        wrong=Message("keys.wrong_passphrase_opening"),
    )


def create_age_identity(passphrase: str, n: int = SCRYPT_N) -> tuple[str, str]:
    """A new age X25519 key pair: (recipient "age1...", encrypted identity envelope)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    envelope = _seal_age(str(identity).encode("ascii"), passphrase, n)
    return str(identity.to_public()), envelope


def decrypt_age_identity(envelope: str, passphrase: str):  # -> pyrage.x25519.Identity
    """The age identity from its envelope; WrongPassphrase if the passphrase is wrong."""
    from pyrage import x25519

    secret = _open_age(envelope, passphrase)
    return x25519.Identity.from_str(secret.decode("ascii"))


def envelope_cost(envelope: str) -> int:
    """The scrypt work factor an envelope was made with (new keys reuse the device's)."""
    return int(json.loads(envelope).get("n", SCRYPT_N))


# -- changing the passphrase (fieldapp/identity/change_passphrase.py) ---------------------


def rewrap_private_key(envelope: str, old: str, new: str) -> str:
    """The signing key's envelope under `new` (a fresh salt and nonce, the same scrypt
    cost); WrongPassphrase if `old` does not open it. Nothing is stored here."""
    key = decrypt_private_key(envelope, old)
    return encrypt_private_key(key, new, envelope_cost(envelope))


def rewrap_age_identity(envelope: str, old: str, new: str) -> str:
    """The age identity's envelope under `new` (see rewrap_private_key)."""
    return _seal_age(_open_age(envelope, old), new, envelope_cost(envelope))
