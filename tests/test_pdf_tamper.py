"""Any changed byte of a signed report is not VALID: one byte flipped at a time in every
class of position (the signed content, the cross-reference table, the trailer, the CMS in
the signature's reserved space, its zero padding, its delimiters), each checked by
`fieldapp verify` (exit code and verdict) and compared with poppler's pdfsig. And the
signature carries the signer's certificate once, the one it binds."""

from __future__ import annotations

import io
import random
import subprocess
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from pyhanko.pdf_utils.reader import PdfFileReader

from fieldapp.reports.generate import generate

PER_CLASS = 12
CMS_POSITIONS = 80  # where a change can hide in parts no signature covers


@pytest.fixture(scope="module")
def signed(_template_demo_db, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tamper")
    db = copy_database(_template_demo_db, folder / "demo.db")
    out = folder / "report.pdf"
    generate(db, out, passphrase=PASSPHRASE)
    return db, out


def _classes(data: bytes) -> dict[str, list[int]]:
    (sig,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    first, gap_end = sig.byte_range[1], sig.byte_range[2]
    der = int(data[first + 1 : first + 9].decode()[4:8], 16) + 4  # 30 82 LLLL: a long form
    cms_end = first + 1 + 2 * der
    xref = data.rfind(b"xref", 0, first)
    trailer = data.rfind(b"trailer")
    rng = random.Random(7)
    return {
        "content": rng.sample(range(200, xref - 10), PER_CLASS),
        "xref": [xref + i for i in range(0, 120, 10)],
        "trailer": [trailer + i for i in range(0, 36, 3)],
        "CMS": rng.sample(range(first + 1, cms_end), CMS_POSITIONS),
        "padding": rng.sample(range(cms_end, gap_end - 1), PER_CLASS),
        "delimiters": [first, gap_end - 1],
    }


def test_the_signature_carries_the_certificate_once(signed):
    _, out = signed
    (sig,) = PdfFileReader(io.BytesIO(out.read_bytes())).embedded_signatures
    assert len(sig.signed_data["certificates"]) == 1


def test_every_changed_byte_is_refused(signed, tmp_path, cli):
    db, out = signed
    data = out.read_bytes()
    clean = cli("--db", db, "verify", out)
    assert clean.code == 0 and "\nVALID:" in clean.out, clean.out + clean.err
    counts: dict[str, list[int]] = {}
    for name, positions in _classes(data).items():
        detected = 0
        for pos in positions:
            changed = bytearray(data)
            changed[pos] ^= 0x01
            path = tmp_path / f"{name}-{pos}.pdf"
            path.write_bytes(bytes(changed))
            result = cli("--db", db, "verify", path)
            text = result.out + result.err
            assert "Traceback" not in text
            if result.code != 0 and "\nVALID:" not in result.out:
                detected += 1
        counts[name] = [len(positions), detected]
    table = "\n".join(f"{n:<11}{t:>4} tampered {d:>4} detected" for n, (t, d) in counts.items())
    print("\n" + table)
    assert all(t == d for t, d in counts.values()), table


def test_pdfsig_agrees_that_a_padding_change_is_not_the_signed_document(signed, tmp_path):
    _, out = signed
    data = out.read_bytes()
    pos = _classes(data)["padding"][0]
    changed = bytearray(data)
    changed[pos] ^= 0x01
    path = tmp_path / "padding.pdf"
    path.write_bytes(bytes(changed))
    seen = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Total document signed" not in seen or "Not total document signed" in seen
