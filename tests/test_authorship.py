"""Authorship that cannot be forged (issue 14): every revision carries its author's
signature over its id; a bundle's revisions are checked against their authors' keys, so a
relay keeps every author provable and nobody writes history in another device's name; the
history says who signed each revision; revisions from before signatures are listed as
unsigned and get signed the ways that can prove them."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection, run_cli
from test_sync_helpers import (
    INCIDENT,
    device_factory,
    device_key,
    dump,
    forge,
    read_bundle,
    repack,
)

from fieldapp.domain.fields import INCIDENT as INCIDENT_KIND
from fieldapp.errors import FieldappError
from fieldapp.identity.keys import create_identity, fingerprint, save_identity
from fieldapp.ops import records as record_ops
from fieldapp.ops import signatures as signature_ops
from fieldapp.store import Store, migrate, signing
from fieldapp.sync import format as fmt
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _keyring() -> Iterator[None]:
    """Tests here close keys (signing.forget): the session's other tests get them back."""
    saved = dict(signing._KEYS)
    yield
    signing.forget()
    for device, key in saved.items():
        signing.remember(device, key)


def _states(path: Path, record_id: str) -> dict[str, tuple[str, str]]:
    """revision id -> (author device, authorship state), from the history as shown."""
    with Store.open(path) as store:
        history = record_ops.history(store, record_id)
    return {r.id: (r.device, history.signatures[r.id]) for r in history.revisions}


def _own_id(path: Path) -> str:
    with Store.open(path) as store:
        return store.require_device().id


def _merge(db: Path, bundle: Path) -> None:
    result = run_cli("--db", db, "merge", "--trust-new", bundle)
    assert result.code == 0, result.err


@pytest.fixture
def relay(tmp_path: Path) -> dict[str, Path | str]:
    """Amal (field) -> Coordinator (who edits one of Amal's records) -> HQ."""
    devices = device_factory()
    field = devices.new(tmp_path, "Amal")
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    hq = devices.new(tmp_path, "Headquarters", "OCHA HQ")
    with Store.open(field) as store:
        record = store.add(INCIDENT_KIND, INCIDENT)
        store.add(INCIDENT_KIND, {**INCIDENT, "location": "Maarrat An-Numan"})
        store.edit(record, {"killed": 4})
        export_bundle(store, tmp_path / "amal.zip", PASSPHRASE)
    _merge(coord, tmp_path / "amal.zip")
    with Store.open(coord) as store:
        store.edit(record, {"injured": 15})
        export_bundle(store, tmp_path / "coord.zip", PASSPHRASE, full=True)
    return {"field": field, "coord": coord, "hq": hq, "record": record,
            "amal.zip": tmp_path / "amal.zip", "coord.zip": tmp_path / "coord.zip"}  # fmt: skip


def test_every_revision_written_is_signed_by_this_device(relay):
    field, record = relay["field"], relay["record"]
    states = _states(field, record)  # type: ignore[arg-type]
    assert len(states) == 2
    assert {state for _device, state in states.values()} == {signature_ops.SIGNED}
    with Store.open(field) as store:  # type: ignore[arg-type]
        revision = store.history(record)[-1]  # type: ignore[arg-type]
        cert = store.require_device().certificate
    assert revision.signature is not None and len(revision.signature) == 64
    assert signing.check(signing.public_key(cert), revision.id, revision.signature)
    # the check can fail: another id, or one byte changed
    assert not signing.check(signing.public_key(cert), "0" * 64, revision.signature)
    flipped = bytes([revision.signature[0] ^ 1]) + revision.signature[1:]
    assert not signing.check(signing.public_key(cert), revision.id, flipped)


def test_a_relayed_revision_keeps_its_author_provable(relay):
    _merge(relay["hq"], relay["coord.zip"])  # type: ignore[arg-type]
    states = _states(relay["hq"], relay["record"])  # type: ignore[arg-type]
    amal, coord = _own_id(relay["field"]), _own_id(relay["coord"])  # type: ignore[arg-type]
    assert sorted(device for device, _ in states.values()) == sorted([amal, amal, coord])
    assert {state for _, state in states.values()} == {signature_ops.SIGNED}
    shown = run_cli("--db", relay["hq"], "history", relay["record"])
    assert shown.code == 0 and shown.out.count("[signed by its author]") == 3, shown.out
    assert "Amal (Idlib Response Network)" in shown.out and "Coordinator (OCHA)" in shown.out
    census = run_cli("--db", relay["hq"], "signatures", "--format", "json")
    assert census.code == 0, census.err
    assert '"signed": 3' in census.out and '"signed": 1' in census.out  # Amal 3, coord 1


def _hq_refuses(hq: Path, bundle: Path, *words: str) -> str:
    before = dump(hq)
    result = run_cli("--db", hq, "merge", "--trust-new", bundle)
    assert result.code == 3, (result.code, result.err)
    assert "Traceback" not in result.err and result.err.count("\n") == 1, result.err
    for word in words:
        assert word in result.err, result.err
    assert dump(hq) == before
    return result.err


def test_a_relay_cannot_change_an_authors_revision(relay, tmp_path):
    """The coordinator's app changes one of Amal's revisions and signs the bundle: the
    bundle's signature holds, Amal's over the revision does not."""
    amal = _own_id(relay["field"])  # type: ignore[arg-type]

    def change(revs):
        next(r for r in revs if r["device"] == amal)["data"]["killed"] = 40

    bad = forge(relay["coord.zip"], tmp_path / "bad.zip", device_key(relay["coord"]), change)  # type: ignore[arg-type]
    _hq_refuses(relay["hq"], bad, "says Amal (", "changed or forged", amal[:12])  # type: ignore[arg-type]


def test_a_field_device_cannot_write_in_the_coordinators_name(relay, tmp_path):
    """Amal's bundle carries a revision naming the coordinator's device as its author:
    signed with Amal's key, it is refused; with no certificate of the coordinator in the
    bundle, too."""
    coord_id = _own_id(relay["coord"])  # type: ignore[arg-type]
    with Store.open(relay["coord"]) as store:  # type: ignore[arg-type]
        device = store.require_device()
        coord_cert = {
            "fingerprint": device.id,
            "name": device.name,
            "organisation": device.organisation,
            "certificate": device.certificate,
        }

    def claim(revs):
        revs[0]["device"] = coord_id

    def another_bundle(manifest):
        manifest["bundle_id"] = str(uuid.uuid4())
        manifest["sequence"] += 1

    amal_key = device_key(relay["field"])  # type: ignore[arg-type]
    no_cert = forge(relay["amal.zip"], tmp_path / "no-cert.zip", amal_key, claim,  # type: ignore[arg-type]
                    manifest_edit=another_bundle, resign="all")  # fmt: skip
    _hq_refuses(relay["coord"], no_cert, "names device", "no certificate", coord_id[:12])  # type: ignore[arg-type]

    def with_cert(manifest):
        another_bundle(manifest)
        manifest["devices"] = [coord_cert]

    forged = forge(relay["amal.zip"], tmp_path / "forged.zip", amal_key, claim,  # type: ignore[arg-type]
                   manifest_edit=with_cert, resign="all")  # fmt: skip
    _hq_refuses(relay["coord"], forged, "says Coordinator (", "changed or forged")  # type: ignore[arg-type]
    _hq_refuses(relay["hq"], forged, "says Coordinator (")  # type: ignore[arg-type]


def test_a_signature_cell_that_is_not_one_is_refused_by_line(relay, tmp_path):
    contents = read_bundle(relay["amal.zip"])  # type: ignore[arg-type]
    text = contents[fmt.REVISIONS].decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[1] = lines[1][: -len("ab")]  # the first row's signature two digits short
    files = {fmt.REVISIONS: ("\ufeff" + "\r\n".join(lines)).encode()}
    bad = repack(relay["amal.zip"], tmp_path / "short.zip", device_key(relay["field"]), files=files)  # type: ignore[arg-type]
    _hq_refuses(relay["hq"], bad, "line 2", "128 hexadecimal digits")  # type: ignore[arg-type]


def _unsign(path: Path, device: str) -> None:
    """What a database migrated from schema 2 holds: `device`'s revisions unsigned (the
    trigger that forbids it is set aside for the change, as no fieldapp code can)."""
    con = raw_connection(path)
    con.execute("DROP TRIGGER revisions_signed_once")
    con.execute("UPDATE revisions SET signature = NULL WHERE device = ?", (device,))
    sql = (ROOT / "migrations" / "0003_signatures.sql").read_text()
    con.execute(sql[sql.index("CREATE TRIGGER revisions_signed_once") :].rstrip().rstrip(";"))
    con.commit()
    con.close()


def test_revisions_from_before_signatures_are_listed_and_signed_by_who_can(relay, tmp_path):
    coord, field = relay["coord"], relay["field"]
    amal, coord_id = _own_id(field), _own_id(coord)  # type: ignore[arg-type]
    _unsign(coord, amal)  # type: ignore[arg-type]
    _unsign(coord, coord_id)  # type: ignore[arg-type]
    states = _states(coord, relay["record"])  # type: ignore[arg-type]
    assert {s for _, s in states.values()} == {signature_ops.UNSIGNED}
    listed = run_cli("--db", coord, "signatures")
    assert listed.code == 0 and "UNSIGNED" not in listed.out, listed.out
    assert "written before fieldapp signed revisions" in listed.out
    shown = run_cli("--db", coord, "history", relay["record"])
    assert shown.out.count("[UNSIGNED]") == 3, shown.out
    # the coordinator cannot sign Amal's: its export stops, naming Amal
    with Store.open(coord) as store, pytest.raises(FieldappError) as caught:  # type: ignore[arg-type]
        export_bundle(store, tmp_path / "x.zip", PASSPHRASE, full=True)
    assert caught.value.code == "export.unsigned_revisions"
    assert "Amal" in str(caught.value) and "3 revisions" in str(caught.value)
    assert not (tmp_path / "x.zip").exists()
    # Amal's full bundle carries them signed: merging it adds the signatures
    with Store.open(field) as store:  # type: ignore[arg-type]
        export_bundle(store, tmp_path / "amal-full.zip", PASSPHRASE, full=True)
    _merge(coord, tmp_path / "amal-full.zip")  # type: ignore[arg-type]
    states = _states(coord, relay["record"])  # type: ignore[arg-type]
    assert sorted(s for _, s in states.values()) == sorted(["signed", "signed", "unsigned"])
    # its own unsigned revision: signed by `fieldapp signatures --sign`
    signed = run_cli("--db", coord, "signatures", "--sign")
    assert signed.code == 0 and "signed now: 1 " in signed.out, signed.out
    assert {s for _, s in _states(coord, relay["record"]).values()} == {"signed"}  # type: ignore[arg-type]
    with Store.open(coord) as store:  # type: ignore[arg-type]
        export_bundle(store, tmp_path / "y.zip", PASSPHRASE, full=True)
    _merge(relay["hq"], tmp_path / "y.zip")  # type: ignore[arg-type]


def test_an_export_signs_this_devices_unsigned_revisions(tmp_path):
    field = device_factory().new(tmp_path, "Huda")
    signing.forget()  # the key closed: a plain write in a process that has no passphrase
    with Store.open(field) as store:
        record = store.add(INCIDENT_KIND, INCIDENT)
    assert {s for _, s in _states(field, record).values()} == {"unsigned"}
    with Store.open(field) as store:
        export_bundle(store, tmp_path / "huda.zip", PASSPHRASE)
    assert {s for _, s in _states(field, record).values()} == {"signed"}
    coord = device_factory().new(tmp_path, "Coordinator", "OCHA")
    _merge(coord, tmp_path / "huda.zip")
    assert {s for _, s in _states(coord, record).values()} == {"signed"}


def test_a_bad_signature_in_the_database_is_reported(relay):
    """A row changed outside fieldapp (its signature swapped for another revision's):
    the history and `fieldapp signatures` say so, and the latter exits 1."""
    field = relay["field"]
    con = raw_connection(field)  # type: ignore[arg-type]
    rows = con.execute("SELECT id, signature FROM revisions ORDER BY n").fetchall()
    con.execute("DROP TRIGGER revisions_signed_once")
    con.execute("UPDATE revisions SET signature = ? WHERE id = ?", (rows[1][1], rows[0][0]))
    con.commit()
    con.close()
    result = run_cli("--db", field, "signatures", "--format", "json")
    assert result.code == 1 and '"bad": 1' in result.out, result.out


def test_the_cli_signs_what_it_writes_in_a_fresh_process(tmp_path):
    """`fieldapp add` in its own process (no key remembered) signs with the key opened by
    the passphrase the database was opened with."""
    field = device_factory().new(tmp_path, "Rania")
    env = {**os.environ, "FIELDAPP_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    added = subprocess.run(
        [sys.executable, "-m", "fieldapp", "--db", str(field), "add", "incident",
         "--date", "2019-05-14", "--event-type", "Battles", "--sub-event-type",
         "Armed clash", "--country", "Syria", "--admin1", "Idlib", "--location", "Saraqib"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    record = added.stdout.strip().split()[-1]
    assert {s for _, s in _states(field, record).values()} == {"signed"}


def test_a_schema_2_database_migrates_with_its_revisions_unsigned(tmp_path, monkeypatch):
    old = tmp_path / "migrations"
    old.mkdir()
    for name in ("0001_initial.sql", "0002_sync.sql"):
        shutil.copy(ROOT / "migrations" / name, old / name)
    db = tmp_path / "schema2.db"
    real = migrate.migrations_dir
    monkeypatch.setattr(migrate, "migrations_dir", lambda: old)
    Store.open(db, create=True).close()
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO revisions (id, record_id, kind, parents, device, seq, timestamp, data)"
        " VALUES (?, ?, 'incident', '[]', ?, 1, '2019-05-14T10:00:00.000Z', '{}')",
        ("ab" * 32, "0f3c2a9e-0000-4000-8000-000000000001", "cd" * 32),
    )
    con.commit()
    con.close()
    monkeypatch.setattr(migrate, "migrations_dir", real)
    with Store.open(db) as store:
        census = signature_ops.check_signatures(store)
    assert census.by_device["cd" * 32][signature_ops.UNSIGNED] == 1
    assert census.total(signature_ops.SIGNED) == 0
    assert fingerprint  # (imported for the reader: a device id is its key's fingerprint)


def test_merging_a_signed_bundle_twice_changes_nothing(relay):
    """The signatures stored by the first merge are the bundle's: a second merge of the
    same bundle adds and changes nothing."""
    hq = relay["hq"]
    with Store.open(hq) as store:  # type: ignore[arg-type]
        first = merge_bundle(store, relay["coord.zip"], trust_new=True)  # type: ignore[arg-type]
    before = dump(hq)  # type: ignore[arg-type]
    with Store.open(hq) as store:  # type: ignore[arg-type]
        again = merge_bundle(store, relay["coord.zip"], trust_new=True)  # type: ignore[arg-type]
    assert first.added == 4 and again.added == 0
    assert dump(hq) == before  # type: ignore[arg-type]


def test_unlocking_opens_the_signing_key_and_locking_drops_it(tmp_path):
    """The window's way: Store.unlock opens the signing key (meanwhile, off the unlock's
    path), so what is written next is signed; Store.lock drops it, and a write made
    while locked out of the key (a plain database, say) is unsigned until an export."""
    field = device_factory().new(tmp_path, "Lina")
    Store.lock(field)
    assert signing._KEYS == {} and signing._LATER == {}
    Store.unlock(field, PASSPHRASE, open_signing_key=True)
    with Store.open(field) as store:
        record = store.add(INCIDENT_KIND, INCIDENT)
    assert {s for _, s in _states(field, record).values()} == {"signed"}
    assert signing._LATER == {}  # the passphrase is not kept once the key is open
    Store.lock(field)
    Store.unlock(field, PASSPHRASE)  # the key derivation's result is kept, not the key
    signing.forget()
    with Store.open(field) as store:
        store.edit(record, {"killed": 9})
    assert sorted(s for _, s in _states(field, record).values()) == ["signed", "unsigned"]


def test_locking_does_not_wait_for_the_signing_key_being_opened(tmp_path):
    """Ctrl+L right after unlocking: the signing key (a real-cost key derivation, about
    0.3 s) is still being opened in the background; locking does not wait for it, and
    the key it opens is not kept."""
    db = tmp_path / "real-cost.db"
    with Store.open(db, encrypt=True, passphrase=PASSPHRASE) as store:
        save_identity(store, create_identity("Noor", "IRN", PASSPHRASE))  # SCRYPT_N
    Store.lock(db)
    Store.unlock(db, PASSPHRASE, open_signing_key=True)
    started = time.perf_counter()
    Store.lock(db)
    locked_in = time.perf_counter() - started
    assert locked_in < 0.1, locked_in
    time.sleep(1.5)  # the background opening has ended by now (under load too)
    assert signing._KEYS == {}
