"""Check a signed report: who signed it, when, whether it is intact and covers the whole
file, and whether this database trusts the signer.

Judged the way an auditor would: pyHanko's `intact` (the signed bytes hash to the signed
digest) and `valid` (the signature over that digest checks out with the certificate's key),
its `bottom_line` against the signer's own certificate as the only trust anchor (which adds
key usage and the document modification checks), and coverage: the signature must cover
the entire file. `valid` alone is not enough: it stays true when bytes outside the signed
range change or when content is appended in a later incremental update. Whether to
believe the signer at all is a separate question answered by the database's trust list,
the same one bundles use.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509 as crypto_x509

from fieldapp.errors import FieldappError
from fieldapp.identity.keys import certificate_fingerprint
from fieldapp.messages import Message

log = logging.getLogger(__name__)

# Exit codes of `fieldapp verify FILE.pdf` (documented in docs/reports.md).
OK = 0
ALTERED = 3
UNSIGNED = 4
UNTRUSTED = 5


@dataclass
class SignatureCheck:
    """One signature of a PDF, as checked."""

    field: str
    signer: str  # common name
    organisation: str
    fingerprint: str  # SHA-256 of the signer's public key (the device id)
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the signature verifies
    covers_whole_file: bool
    bottom_line: bool  # pyHanko's overall judgment with the signer's cert as anchor
    trusted: bool = False  # by the database's trust list
    known_as: str | None = None  # the database's name for that device, if it knows it
    problems: list[str] = field(default_factory=list)

    @property
    def altered(self) -> bool:
        return not (self.intact and self.covers_whole_file and self.bottom_line)


@dataclass
class PdfCheck:
    path: Path
    signatures: list[SignatureCheck]
    trust_source: str | None  # the database consulted; None if there was none

    @property
    def exit_code(self) -> int:
        if not self.signatures:
            return UNSIGNED
        if any(s.altered for s in self.signatures):
            return ALTERED
        if not all(s.trusted for s in self.signatures):
            return UNTRUSTED
        return OK

    @property
    def verdict(self) -> str:
        return {
            OK: "VALID: signed, intact, covers the whole document, signer trusted",
            ALTERED: "ALTERED: the document changed after it was signed; do not rely on it",
            UNSIGNED: "UNSIGNED: this PDF carries no signature (a draft?)",
            UNTRUSTED: "UNTRUSTED: intact, but the signer is not on this database's trust list",
        }[self.exit_code]


def _name_part(cert: crypto_x509.Certificate, oid: crypto_x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _read_pdf(path: Path) -> bytes:
    """The file's bytes, refused before pyHanko sees them when it is not a PDF at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FieldappError(
            Message("pdf.cannot_read", path=path, text=exc.strerror or str(exc))
        ) from None
    if not data.startswith(b"%PDF-"):
        raise FieldappError(Message("pdf.not_a_pdf", path=path))
    return data


def check_pdf(path: str | Path, store: object | None = None) -> PdfCheck:
    """Validate every signature in the file; `store` (a Store) answers the trust question."""
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    path = Path(path)
    data = _read_pdf(path)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise FieldappError(Message("pdf.unreadable", path=path, text=str(exc))) from None

    _quiet_pyhanko()
    checks: list[SignatureCheck] = []
    for sig in embedded:
        problems: list[str] = []
        try:
            asn1_cert = sig.signer_cert
            cert = crypto_x509.load_der_x509_certificate(asn1_cert.dump())
            fingerprint = certificate_fingerprint(cert)
        except Exception as exc:  # a signature fieldapp cannot read is not a valid one
            checks.append(_unreadable(sig.field_name, exc))
            continue
        try:
            context = ValidationContext(trust_roots=[asn1_cert], allow_fetching=False)
            status = validate_pdf_signature(sig, signer_validation_context=context)
            intact = bool(status.intact and status.valid)
            whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
            bottom = bool(status.bottom_line)
            signed_at = status.signer_reported_dt or _sig_dict_time(sig)
        except Exception as exc:  # fail closed: a signature that cannot be checked is bad
            log.info("signature validation failed: %s", type(exc).__name__)  # no traceback
            intact = whole = bottom = False
            signed_at = _sig_dict_time(sig)
            problems.append(f"the signature could not be validated: {exc}")
        if whole and not _reserved_space_untouched(data, sig.byte_range):
            whole = False  # the one part of the file no hash covers was changed
            problems.append(
                "changed after signing: the space reserved for the signature holds other "
                "bytes than the signature and its zero padding"
            )
        if not intact:
            problems.append("the signed bytes do not match the signature")
        if not whole:
            problems.append("content was added or changed after signing")
        if intact and whole and not bottom:
            problems.append("the signature does not meet the PDF signature rules")
        check = SignatureCheck(
            field=sig.field_name,
            signer=_name_part(cert, NameOID.COMMON_NAME),
            organisation=_name_part(cert, NameOID.ORGANIZATION_NAME),
            fingerprint=fingerprint,
            signed_at=signed_at,
            intact=intact,
            covers_whole_file=whole,
            bottom_line=bottom,
            problems=problems,
        )
        if store is not None:
            check.trusted = bool(store.is_trusted(fingerprint))  # type: ignore[attr-defined]
            label = store.device_label(fingerprint)  # type: ignore[attr-defined]
            check.known_as = None if label.startswith("unknown device") else label
        checks.append(check)
    source = str(getattr(store, "path", "")) or None if store is not None else None
    return PdfCheck(path, checks, source)


def _unreadable(field_name: str, exc: Exception) -> SignatureCheck:
    return SignatureCheck(
        field_name, "", "", "", None, False, False, False,
        problems=[f"unreadable signature: {exc}"],
    )  # fmt: skip


def _quiet_pyhanko() -> None:
    """pyHanko logs tracebacks of what it tolerates (an incremental update, a damaged CMS)
    even when its verdict is right: the verdict and the problems fieldapp lists say it."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _reserved_space_untouched(data: bytes, byte_range: list[int]) -> bool:
    """The bytes between the two signed ranges are exactly what signing wrote: "<", the
    CMS as upper-case hex, zeros to the end of the reserved space, ">". No hash covers
    them (pdfsig then says "Not total document signed"); pyHanko ignores the padding, so
    this is checked here, byte for byte."""
    import re

    if len(byte_range) != 4:
        return False
    gap = data[byte_range[0] + byte_range[1] : byte_range[2]]
    if len(gap) < 4 or gap[:1] != b"<" or gap[-1:] != b">":
        return False
    digits = gap[1:-1]
    if len(digits) % 2 or not re.fullmatch(rb"[0-9A-F]*", digits):
        return False
    raw = bytes.fromhex(digits.decode("ascii"))
    end = _der_end(raw)
    return end is not None and not any(raw[end:]) and _cms_as_signed(raw[:end])


def _cms_as_signed(der: bytes) -> bool:
    """The parts of the CMS no signature covers are as fieldapp writes them: one digest
    algorithm, the signer's; detached data; one certificate, no CRLs; one signer, no
    unsigned attributes; and the encoding canonical DER. A changed byte there (say, in
    the outer list of digest algorithms) would otherwise still verify."""
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(der, strict=True)
        signed = info["content"]
        (signer,) = signed["signer_infos"]
        algorithms = [a["algorithm"].native for a in signed["digest_algorithms"]]
        return bool(
            info["content_type"].native == "signed_data"
            and algorithms == [signer["digest_algorithm"]["algorithm"].native]
            and signed["encap_content_info"]["content_type"].native == "data"
            and signed["encap_content_info"]["content"].native is None
            and len(signed["certificates"]) == 1
            and not signed["crls"]
            and not signer["unsigned_attrs"]
            and info.dump(force=True) == der
        )
    except (ValueError, TypeError, KeyError):
        return False


def _der_end(raw: bytes) -> int | None:
    """Where the DER SEQUENCE at the start of `raw` ends (its header and content)."""
    if len(raw) < 2 or raw[0] != 0x30:
        return None
    if raw[1] < 0x80:
        header, length = 2, raw[1]
    else:
        count = raw[1] & 0x7F
        if not 0 < count <= 4 or len(raw) < 2 + count:
            return None
        header, length = 2 + count, int.from_bytes(raw[2 : 2 + count], "big")
    end = header + length
    return end if end <= len(raw) else None


def _sig_dict_time(sig: object) -> dt.datetime | None:
    try:
        return sig.self_reported_timestamp  # type: ignore[attr-defined]
    except Exception:
        return None
