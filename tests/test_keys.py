"""The device key: fingerprints, the encrypted envelope, passphrases, the certificate."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fieldapp.errors import FieldappError, WrongPassphrase
from fieldapp.identity import keys
from fieldapp.store import Store

FAST = 2**10  # cheap scrypt for tests of everything but the stored parameters


@pytest.fixture(scope="module")
def identity() -> keys.Identity:
    return keys.create_identity("Amal", "Idlib Response Network", "correct horse battery", n=FAST)


def _clear_forms(key: ec.EllipticCurvePrivateKey) -> list[bytes]:
    """Every way the private key could leak: PKCS#8 DER and PEM, the raw scalar, encoded."""
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    scalar = key.private_numbers().private_value.to_bytes(32, "big")
    return [
        der,
        pem,
        scalar,
        scalar.hex().encode(),
        base64.b64encode(der),
        base64.b64encode(scalar),
    ]


def test_fingerprint_is_the_sha256_of_the_public_key(identity: keys.Identity) -> None:
    public = serialization.load_pem_public_key(identity.public_key.encode())
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert identity.fingerprint == hashlib.sha256(der).hexdigest()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    cert = keys.load_certificate(identity.certificate)
    assert keys.certificate_fingerprint(cert) == identity.fingerprint


def test_fingerprints_are_formatted_for_reading_aloud(identity: keys.Identity) -> None:
    text = keys.format_fingerprint(identity.fingerprint)
    groups = text.split(" ")
    assert len(groups) == 16 and all(len(g) == 4 for g in groups)
    assert text.replace(" ", "").lower() == identity.fingerprint


def test_two_identities_differ() -> None:
    a = keys.create_identity("Amal", "IRN", "passphrase one", n=FAST)
    b = keys.create_identity("Amal", "IRN", "passphrase one", n=FAST)
    assert a.fingerprint != b.fingerprint and a.private_key != b.private_key


def test_envelope_holds_no_clear_key(identity: keys.Identity) -> None:
    key = keys.decrypt_private_key(identity.private_key, "correct horse battery")
    envelope = identity.private_key.encode()
    for form in _clear_forms(key):
        assert form not in envelope
    data = json.loads(identity.private_key)
    assert data["kdf"] == "scrypt" and data["cipher"] == "aes-256-gcm"
    assert len(base64.b64decode(data["salt"])) == 16
    assert len(base64.b64decode(data["nonce"])) == 12


def test_decrypted_key_matches_and_signs(identity: keys.Identity) -> None:
    key = keys.decrypt_private_key(identity.private_key, "correct horse battery")
    assert keys.fingerprint(key.public_key()) == identity.fingerprint
    signature = key.sign(b"manifest bytes", ec.ECDSA(hashes.SHA256()))
    public = keys.load_certificate(identity.certificate).public_key()
    public.verify(signature, b"manifest bytes", ec.ECDSA(hashes.SHA256()))  # raises if wrong


def test_each_encryption_uses_a_fresh_salt_and_nonce(identity: keys.Identity) -> None:
    key = keys.decrypt_private_key(identity.private_key, "correct horse battery")
    one = json.loads(keys.encrypt_private_key(key, "correct horse battery", n=FAST))
    two = json.loads(keys.encrypt_private_key(key, "correct horse battery", n=FAST))
    assert one["salt"] != two["salt"] and one["nonce"] != two["nonce"]
    assert one["ciphertext"] != two["ciphertext"]


@pytest.mark.parametrize("wrong", ["correct horse batterY", "", "correct horse battery "])
def test_wrong_passphrase(identity: keys.Identity, wrong: str) -> None:
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        keys.decrypt_private_key(identity.private_key, wrong)


def test_a_tampered_envelope_does_not_decrypt(identity: keys.Identity) -> None:
    data = json.loads(identity.private_key)
    blob = bytearray(base64.b64decode(data["ciphertext"]))
    blob[5] ^= 1
    data["ciphertext"] = base64.b64encode(bytes(blob)).decode()
    with pytest.raises(WrongPassphrase):
        keys.decrypt_private_key(json.dumps(data), "correct horse battery")
    data["format"] = "something-else"
    with pytest.raises(FieldappError, match="unknown format"):
        keys.decrypt_private_key(json.dumps(data), "correct horse battery")


def test_short_passphrase_is_refused() -> None:
    with pytest.raises(FieldappError, match="at least 8 characters"):
        keys.create_identity("Amal", "IRN", "seven77", n=FAST)
    assert keys.create_identity("Amal", "IRN", "eight888", n=FAST).fingerprint


def test_name_and_organisation_are_required() -> None:
    with pytest.raises(FieldappError, match="name"):
        keys.create_identity("  ", "IRN", "long enough", n=FAST)
    with pytest.raises(FieldappError, match="organisation"):
        keys.create_identity("Amal", "", "long enough", n=FAST)


def test_non_ascii_passphrase_and_names() -> None:
    identity = keys.create_identity("أمل", "شبكة استجابة إدلب", "كلمة سر طويلة", n=FAST)
    key = keys.decrypt_private_key(identity.private_key, "كلمة سر طويلة")
    assert keys.fingerprint(key.public_key()) == identity.fingerprint
    cert = keys.load_certificate(identity.certificate)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "أمل"


def test_certificate(identity: keys.Identity) -> None:
    cert = keys.load_certificate(identity.certificate)
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert (name, org) == ("Amal", "Idlib Response Network")
    assert cert.issuer == cert.subject  # self-signed
    cert.verify_directly_issued_by(cert)  # raises if the signature does not verify
    now = dt.datetime.now(dt.UTC)
    assert cert.not_valid_before_utc <= now <= cert.not_valid_after_utc
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)


def test_load_certificate_refuses_garbage() -> None:
    with pytest.raises(FieldappError, match="not a PEM certificate"):
        keys.load_certificate("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")


def test_the_initialised_database_stores_strong_parameters_and_no_clear_key(db_path: Path) -> None:
    """What `fieldapp init` wrote: scrypt n=2**17, r=8, p=1, and nowhere the clear key."""
    with Store.open(db_path) as store:
        device = store.require_device()
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    envelope = json.loads(device.private_key)
    assert (envelope["n"], envelope["r"], envelope["p"]) == (2**17, 8, 1)
    assert keys.SCRYPT_N == 2**17
    key = keys.decrypt_private_key(device.private_key, PASSPHRASE)
    assert keys.fingerprint(key.public_key()) == device.id == device.fingerprint
    raw = db_path.read_bytes()
    for form in _clear_forms(key):
        assert form not in raw
    conn = raw_connection(db_path)
    dump = "\n".join(conn.iterdump()).encode()
    conn.close()
    for form in _clear_forms(key):
        assert form not in dump
    with pytest.raises(WrongPassphrase):
        keys.decrypt_private_key(device.private_key, PASSPHRASE + "!")
