"""Sign a report: PAdES baseline B-B with the device key, so any PDF reader shows who signed
it and whether it changed since.

ECDSA P-256 with SHA-256 and the device's self-signed certificate (subject: the worker's
name and organisation). Not Ed25519: poppler and Acrobat do not verify it. The signature
goes into an incremental update that covers the whole file as built; anything appended
later (another incremental update) leaves the signature cryptographically valid but no
longer covering the whole document, which is what verify.py and `pdfsig` report.
"""

from __future__ import annotations

import datetime as dt
import io

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from fieldapp.errors import FieldappError
from fieldapp.identity.keys import certificate_fingerprint, decrypt_private_key, load_certificate
from fieldapp.messages import Message
from fieldapp.store.database import Device

FIELD_NAME = "fieldapp-signature"
# Room for the CMS container: an ECDSA signature and one small certificate need ~1.5 KB.
# Reserving it skips pyHanko's trial signature (which doubles the signing time).
BYTES_RESERVED = 8192


class _FixedTimeSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is the one printed in the visible signature block."""

    def __init__(self, *args: object, signing_time: dt.datetime, **kwargs: object):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[override]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def unlock(device: Device, passphrase: str) -> ec.EllipticCurvePrivateKey:
    """The device's private key; WrongPassphrase (nothing written) if it does not open."""
    key = decrypt_private_key(device.private_key, passphrase)
    cert = load_certificate(device.certificate)
    if certificate_fingerprint(cert) != device.fingerprint:
        raise FieldappError(Message("keys.certificate_not_this_key"))
    return key


def sign_pdf(
    pdf: bytes,
    key: ec.EllipticCurvePrivateKey,
    certificate_pem: str,
    signing_time: dt.datetime,
    *,
    reason: str = "Report produced and signed with fieldapp",
    location: str | None = None,
) -> bytes:
    """The signed PDF bytes (the original bytes plus one incremental update)."""
    cert = load_certificate(certificate_pem)
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    asn1_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # The certificate once, the one the signature binds (ESS signing-certificate): a
    # registry holding it too made pyHanko embed a second, unbound copy, and pdfsig shows
    # the first one it finds, whose name could then be edited without breaking anything.
    signer = signers.SimpleSigner(
        signing_cert=asn1_cert,
        signing_key=asn1_key,
        cert_registry=SimpleCertificateStore(),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=_common_name(asn1_cert),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer = _FixedTimeSigner(
        meta,
        signer=signer,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=-1),
        signing_time=signing_time.astimezone(dt.UTC).replace(microsecond=0),
    )
    out = pdf_signer.sign_pdf(writer, bytes_reserved=BYTES_RESERVED, output=io.BytesIO())
    return out.getvalue()


def _common_name(cert: asn1_x509.Certificate) -> str | None:
    return cert.subject.native.get("common_name")
