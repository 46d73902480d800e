"""The report's signature: valid and covering the whole file per pyHanko and per poppler's
pdfsig; changes after signing (one byte, or an incremental update) reported as altered."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from cryptography import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from fieldapp.cli.reports import verify_pdf
from fieldapp.identity.keys import certificate_fingerprint, format_fingerprint
from fieldapp.reports import labels as L
from fieldapp.reports import verify as V
from fieldapp.reports.generate import generate
from fieldapp.store import Store


@pytest.fixture(scope="module")
def signed(_template_demo_db, tmp_path_factory) -> tuple[Path, Path, object]:
    folder = tmp_path_factory.mktemp("signed")
    db = folder / "demo.db"
    copy_database(_template_demo_db, db)
    out = folder / "report.pdf"
    result = generate(db, out, passphrase=PASSPHRASE)
    return db, out, result


def pyhanko_status(path: Path):
    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    (sig,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[sig.signer_cert], allow_fetching=False)
    return sig, validate_pdf_signature(sig, signer_validation_context=context)


def pdfsig(path: Path) -> str:
    run = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return run.stdout + run.stderr


def tampered_copy(path: Path, tmp_path: Path, name: str) -> Path:
    copy = tmp_path / name
    shutil.copy(path, copy)
    return copy


def test_signature_is_valid_and_covers_the_whole_file(signed):
    db, path, result = signed
    sig, status = pyhanko_status(path)
    assert status.intact and status.valid and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
    with Store.open(db) as store:
        device = store.require_device()
    assert certificate_fingerprint(cert) == device.fingerprint == result.fingerprint
    assert sig.signer_cert.subject.native == {
        "common_name": "Amal",
        "organization_name": "Idlib Response Network",
    }
    assert status.signing_cert.public_key.algorithm == "ec"


def test_pdfsig_reports_valid_and_total_document_signed(signed):
    _, path, _ = signed
    out = pdfsig(path)
    assert "Signature is Valid." in out
    assert "Total document signed" in out
    assert "Signer Certificate Common Name: Amal" in out
    assert "Signing Hash Algorithm: SHA-256" in out
    assert "ETSI.CAdES.detached" in out


def test_visible_block_matches_the_signature(signed):
    _, path, result = signed
    _, status = pyhanko_status(path)
    signed_at = status.signer_reported_dt
    assert signed_at is not None
    assert signed_at.astimezone(dt.UTC) == result.signed_at
    last = " ".join(PdfReader(path).pages[-1].extract_text().split())
    assert f"Signed at {L.timestamp('en', signed_at)}" in last
    groups = format_fingerprint(result.fingerprint).split()
    assert " ".join(groups[:8]) in last and " ".join(groups[8:]) in last
    assert "Signed by Amal (Idlib Response Network)" in last


def test_verify_command_reports_a_good_report(signed):
    db, path, result = signed
    run = run_cli("--db", db, "verify", path)
    assert run.code == V.OK, run.out + run.err
    assert "Amal (Idlib Response Network)" in run.out
    assert format_fingerprint(result.fingerprint) in run.out
    assert re.search(r"whole document covered: yes", run.out)
    assert re.search(r"intact: yes", run.out)
    assert re.search(r"trusted by this database: yes", run.out)
    assert "VALID" in run.out


def test_one_flipped_byte_is_reported_altered(signed, tmp_path):
    db, path, _ = signed
    data = bytearray(path.read_bytes())
    sig, _ = pyhanko_status(path)
    start, length = sig.byte_range[0], sig.byte_range[1]
    # a byte inside a content stream, well inside the first signed range
    offset = data.index(b"stream", len(data) // 4) + 40
    assert start <= offset < start + length
    data[offset] ^= 0x01
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(data))
    run = run_cli("--db", db, "verify", bad)
    assert run.code == V.ALTERED, run.out
    assert "ALTERED" in run.out and "intact: NO" in run.out
    assert "Signature is Valid." not in pdfsig(bad)


def test_incremental_update_after_signing_is_reported_altered(signed, tmp_path):
    db, path, _ = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    content = b"BT /F1 48 Tf 100 400 Td (ALL FIGURES DOUBLED) Tj ET"
    stream = writer.add_object(generic.StreamObject(stream_data=content))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    bad = tmp_path / "appended.pdf"
    bad.write_bytes(out.getvalue())

    _, status = pyhanko_status(bad)
    assert status.valid and status.intact  # the signed bytes themselves are unchanged...
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE  # ...but not the file
    run = run_cli("--db", db, "verify", bad)
    assert run.code == V.ALTERED, run.out
    assert "whole document covered: NO" in run.out
    assert "ALTERED" in run.out
    assert "Total document signed" not in pdfsig(bad)


def test_untrusted_signer_is_reported_untrusted(signed, tmp_path):
    _, path, _ = signed
    other = tmp_path / "coordinator.db"
    init = run_cli("--db", other, "init", "--name", "Basel", "--org", "Cluster office")
    assert init.code == 0, init.err
    run = run_cli("--db", other, "verify", path)
    assert run.code == V.UNTRUSTED, run.out
    assert "trusted by this database: NO" in run.out
    assert "intact: yes" in run.out and "UNTRUSTED" in run.out


def test_verify_without_a_database_still_checks_the_signature(signed, tmp_path):
    _, path, _ = signed
    args = argparse.Namespace(file=str(path), db=str(tmp_path / "missing.db"))
    assert verify_pdf(args) == V.UNTRUSTED
    assert not (tmp_path / "missing.db").exists()


def test_unsigned_and_unreadable_files(signed, tmp_path):
    db, _, _ = signed
    draft = tmp_path / "draft.pdf"
    assert run_cli("--db", db, "report", "--out", draft, "--no-sign", "--no-map").code == 0
    run = run_cli("--db", db, "verify", draft)
    assert run.code == V.UNSIGNED and "UNSIGNED" in run.out
    junk = tmp_path / "junk.pdf"
    junk.write_text("not a pdf")
    run = run_cli("--db", db, "verify", junk)
    assert run.code == 1 and "not a PDF" in run.err


def test_wrong_passphrase_is_refused_and_writes_nothing(signed, tmp_path, monkeypatch):
    db, _, _ = signed
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "not the passphrase")
    out = tmp_path / "report.pdf"
    run = run_cli("--db", db, "report", "--out", out, "--no-map")
    assert run.code != 0
    assert "passphrase does not open" in run.err  # the (encrypted) database's, first
    assert "Traceback" not in run.err
    assert list(tmp_path.iterdir()) == []
