"""Keys and devices from the command line: the age recipient, certificates, trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from test_sync_helpers import Devices, device_factory, incident

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.sync.devices import ranges
from fieldapp.sync.export import export_bundle


@pytest.fixture
def devices() -> Devices:
    return device_factory()


def test_keys_show_creates_the_sealing_key_once(
    devices: Devices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    db = devices.new(tmp_path, "Coordinator", "OCHA")
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "wrong passphrase")
    refused = run_cli("--db", db, "keys", "show")
    assert refused.code != 0 and "passphrase does not open" in refused.err  # the database's first
    with Store.open(db) as store:
        assert store.db.execute("SELECT age_identity FROM device").fetchone()[0] is None
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", PASSPHRASE)
    first = run_cli("--db", db, "keys", "show")
    assert first.code == 0, first.err
    recipient = next(x.split()[-1] for x in first.out.splitlines() if x.startswith("Age"))
    assert recipient.startswith("age1") and len(recipient) == 62
    assert "Coordinator (OCHA)" in first.out and "Fingerprint:" in first.out
    again = run_cli("--db", db, "keys", "show")  # the same key: made once
    assert again.code == 0 and recipient in again.out
    raw = db.read_bytes() + (
        Path(str(db) + "-wal").read_bytes() if Path(str(db) + "-wal").exists() else b""
    )
    assert b"AGE-SECRET-KEY" not in raw  # the identity is stored encrypted


def test_register_a_device_in_advance(devices: Devices, tmp_path: Path):
    field = devices.new(tmp_path, "Amal")
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    cert = tmp_path / "amal.pem"
    exported = run_cli("--db", field, "keys", "export", "--out", cert)
    assert exported.code == 0 and cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    trusted = run_cli("--db", coord, "keys", "trust", cert)
    assert trusted.code == 0 and "Amal (Idlib Response Network) is now trusted" in trusted.out
    with Store.open(field) as store:
        fp = store.require_device().id
        store.add(INCIDENT, incident())
        export_bundle(store, tmp_path / "b.zip", PASSPHRASE)
    assert fp[:4].upper() in trusted.out
    merged = run_cli("--db", coord, "merge", tmp_path / "b.zip")  # no --trust-new needed
    assert merged.code == 0, merged.err
    listing = run_cli("--db", coord, "keys", "list")
    lines = listing.out.splitlines()
    assert any("Amal" in x and " yes " in x for x in lines)
    assert any("Coordinator (this device)" in x for x in lines)
    again = run_cli("--db", coord, "keys", "trust", cert)
    assert "already trusted" in again.out


def test_trust_refuses_what_is_not_a_certificate(devices: Devices, tmp_path: Path):
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    junk = tmp_path / "junk.pem"
    junk.write_text("hello")
    result = run_cli("--db", coord, "keys", "trust", junk)
    assert result.code != 0 and "not a PEM certificate" in result.err
    missing = run_cli("--db", coord, "keys", "trust", tmp_path / "nope.pem")
    assert missing.code != 0 and "no certificate file" in missing.err


def test_trust_refuses_a_certificate_of_an_unknown_key_type(devices: Devices, tmp_path: Path):
    """A certificate that loads but whose key's algorithm fieldapp cannot read (one
    character of its identifier changed: the fuzzer's find) is refused with the same
    message, not a traceback, and nothing is trusted."""
    from hostile_bundles import unknown_key_type

    from fieldapp.store import signing

    field = devices.new(tmp_path, "Amal")
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    cert = tmp_path / "amal.pem"
    assert run_cli("--db", field, "keys", "export", "--out", cert).code == 0
    changed = tmp_path / "changed.pem"
    changed.write_text(unknown_key_type(cert.read_text()))
    result = run_cli("--db", coord, "keys", "trust", changed)
    assert result.code != 0 and "not a PEM certificate" in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    listing = run_cli("--db", coord, "keys", "list")
    assert "Amal" not in listing.out
    assert signing.public_key(changed.read_text()) is None  # a relayed author's key, likewise
    assert signing.public_key(cert.read_text()) is not None


def test_own_key_cannot_be_untrusted(devices: Devices, tmp_path: Path):
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    with Store.open(coord) as store:
        fp = store.require_device().id
    result = run_cli("--db", coord, "keys", "untrust", fp[:12])
    assert result.code != 0 and "own key" in result.err
    short = run_cli("--db", coord, "keys", "untrust", "ab")
    assert short.code != 0 and "8 characters" in short.err


def test_devices_lists_bundles_sent_and_received(devices: Devices, tmp_path: Path):
    field = devices.new(tmp_path, "Amal")
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    with Store.open(field) as store:
        store.add(INCIDENT, incident())
        export_bundle(store, tmp_path / "b1.zip", PASSPHRASE)
    assert run_cli("--db", coord, "merge", "--trust-new", tmp_path / "b1.zip").code == 0
    report = json.loads(run_cli("--db", coord, "devices", "--format", "json").out)
    amal = next(d for d in report if d["name"] == "Amal")
    assert amal["bundles_received"] == [1] and amal["trusted"] and amal["revisions"] == 1
    assert amal["last_bundle_merged_at"]
    own = json.loads(run_cli("--db", field, "devices", "--format", "json").out)
    assert own[0]["this_device"] and own[0]["bundles_sent"] == 1


def test_ranges():
    assert ranges([]) == ""
    assert ranges([3, 1, 2, 5, 7, 8]) == "1-3, 5, 7-8"
    assert ranges([4]) == "4"


def test_verify_hands_pdf_reports_to_the_reports_command(devices: Devices, tmp_path: Path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\nnot really\n")
    result = run_cli("--db", tmp_path / "x.db", "verify", pdf)
    assert result.code != 0
    assert "bundle" not in (result.err + result.out).lower()
