"""Bundles between real databases: export, verify, merge, sealing, idempotence, tombstones,
missing bundles, and the CSVs as a spreadsheet sees them."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import PASSPHRASE, raw_connection, run_cli
from test_sync_helpers import (
    Devices,
    assert_consistent,
    csv_bytes,
    csv_rows,
    device_factory,
    displacement,
    dump,
    incident,
    read_bundle,
    state,
)

from fieldapp.domain import revisions as revmod
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, WrongPassphrase
from fieldapp.identity.keys import decrypt_age_identity
from fieldapp.store import Filter, Store
from fieldapp.store import bulk as bulk_mod
from fieldapp.store.database import LAST_EXPORT_KEY
from fieldapp.sync import export as export_mod
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle.rows import _CANONICAL, _LIST_JSON, _revision_id, _Row
from fieldapp.sync.errors import BundleError, NothingToExport, SealedBundleError
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.seal import ensure_age_identity
from fieldapp.sync.verify import verify_bundle

TRICKY = ["=1+1", "-5", "@SUM(A1)", "+33 6 12", "'quoted", "\tindented"]


def export(db: Path, out: Path, **kw) -> Path:
    with Store.open(db) as store:
        export_bundle(store, out, PASSPHRASE, **kw)
    return out


def merge(db: Path, bundle: Path, **kw):
    kw.setdefault("trust_new", True)
    with Store.open(db) as store:
        return merge_bundle(store, bundle, passphrase=lambda: PASSPHRASE, **kw)


@pytest.fixture
def devices() -> Devices:
    return device_factory()


@pytest.fixture
def field(devices: Devices, tmp_path: Path) -> Path:
    """A field worker's database with records of both kinds."""
    path = devices.new(tmp_path, "Amal")
    with Store.open(path) as store:
        a = store.add(INCIDENT, incident())
        store.add(INCIDENT, incident(event_date="2019-05-15", notes=TRICKY[0], source=TRICKY[2]))
        store.add(INCIDENT, incident(actor1=TRICKY[1], actor2=TRICKY[3], killed=0))
        store.add(INCIDENT, incident(notes="\n".join(TRICKY), latitude=-35.25, longitude=-0.5))
        store.add(DISPLACEMENT, displacement(cause_incidents=[a]))
        store.add(DISPLACEMENT, displacement(direction="arrived", location="أطمة", households=None))
    return path


@pytest.fixture
def coordinator(devices: Devices, tmp_path: Path) -> Path:
    return devices.new(tmp_path, "Coordinator", "OCHA Gaziantep")


def test_round_trip_both_kinds_arrives_identical(field: Path, coordinator: Path, tmp_path: Path):
    bundle = export(field, tmp_path / "amal-1.zip")
    summary = merge(coordinator, bundle)
    assert (summary.new, summary.updated, summary.deleted, summary.skipped) == (6, 0, 0, 0)
    assert summary.trusted_now
    mine, theirs = state(field), state(coordinator)
    for table in ("revisions", "heads", "incidents", "displacements"):
        assert mine[table] == theirs[table], table
    with Store.open(coordinator) as store:
        assert store.count(INCIDENT) == 4 and store.count(DISPLACEMENT) == 2
        notes = {r["notes"] for r in store.query(INCIDENT)}
        assert "\n".join(TRICKY) in notes and "=1+1" in notes
        actors = {r["actor1"] for r in store.query(INCIDENT)}
        assert "-5" in actors
    assert_consistent(coordinator)


def test_csv_files_open_in_a_spreadsheet(field: Path, tmp_path: Path):
    """UTF-8 with BOM (Excel's cue for Unicode), CRLF, Arabic intact, formulas neutralised
    (a leading quote) except plain numbers, and the quote read back off exactly."""
    bundle = export(field, tmp_path / "b.zip")
    files = read_bundle(bundle)
    for name in fmt.CSV_FILES:
        assert files[name].startswith(b"\xef\xbb\xbf"), name
        assert b"\r\n" in files[name]
    incidents = files["incidents.csv"].decode("utf-8")
    assert "خان شيخون" in incidents and "أطمة" in files["displacements.csv"].decode()
    rows = csv_rows(files["incidents.csv"])
    header = rows[0]
    cells = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert any(c["notes"] == "'=1+1" for c in cells)
    assert any(c["source"] == "'@SUM(A1)" for c in cells)
    assert any(c["actor1"] == "-5" for c in cells)  # a plain number is data, not a formula
    assert any(c["actor2"] == "'+33 6 12" for c in cells)
    assert any(c["longitude"] == "-0.5" for c in cells)
    assert not any(c.startswith(("=", "@", "+")) for row in cells for c in row.values())


def test_revisions_csv_is_exactly_what_the_csv_module_writes(field: Path, tmp_path: Path):
    """revisions.csv lines are built by hand for speed: they must be byte for byte what
    Python's csv module (RFC 4180, minimal quoting, CRLF) would write for the same cells."""
    with Store.open(field) as store:
        record = store.query(INCIDENT)[0]["id"]
        store.edit(record, {"notes": 'He said "stop", then\n"\u2028', "source": ","})
        store.delete(store.query(DISPLACEMENT)[0]["id"])
    data = read_bundle(export(field, tmp_path / "b.zip"))[fmt.REVISIONS]
    assert csv_bytes(csv_rows(data)) == data


def test_cells_are_formatted_one_way():
    values = [None, [], ["mosque", "school"], -5, 3, -1e-05, 35.5, "=1+1", "'q", "", "\tx", "-2"]
    assert fmt.values_cells(values) == [fmt.cell(v) for v in values]
    assert fmt.values_cells(values)[5:9] == ["'-1e-05", "35.5", "'=1+1", "''q"]


def test_verify_reports_signer_and_does_not_write(field: Path, coordinator: Path, tmp_path):
    bundle = export(field, tmp_path / "b.zip")
    before = dump(coordinator)
    result = run_cli("--db", coordinator, "verify", bundle)
    assert result.code == 0, result.err
    assert "Amal (Idlib Response Network)" in result.out
    assert "NO: check the fingerprint" in result.out
    assert dump(coordinator) == before
    merge(coordinator, bundle)
    result = run_cli("--db", coordinator, "verify", bundle)
    assert "Trusted here: yes" in result.out and "already merged" in result.out


def test_same_bundle_twice_changes_nothing(field: Path, coordinator: Path, tmp_path: Path):
    bundle = export(field, tmp_path / "b.zip")
    merge(coordinator, bundle)
    after_first = dump(coordinator)
    copy = tmp_path / "copy-of-b.zip"
    shutil.copy(bundle, copy)
    again = merge(coordinator, copy)
    assert again.already_merged and again.skipped == 6 and again.new == 0
    assert dump(coordinator) == after_first
    result = run_cli("--db", coordinator, "merge", bundle)
    assert result.code == 0 and "already merged" in result.out
    assert dump(coordinator) == after_first


def test_overlapping_incremental_and_full_bundles_converge(
    field: Path, devices: Devices, tmp_path: Path
):
    b1 = export(field, tmp_path / "b1.zip")
    with Store.open(field) as store:
        first = store.query(INCIDENT)[0]["id"]
        store.edit(first, {"killed": 4})
        store.add(INCIDENT, incident(location="Saraqib", event_date="2019-05-16"))
    b2 = export(field, tmp_path / "b2.zip")
    b3 = export(field, tmp_path / "b3.zip", full=True)
    with Store.open(field) as store:
        assert int(store.setting(LAST_EXPORT_KEY)) == store.revision_count()

    orders = [[b1, b2, b3], [b3], [b3, b2, b1], [b2, b1, b3]]
    states = []
    for order in orders:
        coord = devices.new(tmp_path, "Coordinator", "OCHA")
        summaries = [merge(coord, b) for b in order]
        assert sum(s.added for s in summaries) == 8  # 6 + an edit + a new record
        states.append(state(coord))
        assert_consistent(coord)
    mine = state(field)
    for other in states:
        for table in ("revisions", "heads", "incidents", "displacements"):
            assert other[table] == mine[table], table
    # b1 then b3: the full bundle skips what the incremental one brought
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    merge(coord, b1)
    full = merge(coord, b3)
    assert (full.skipped, full.added, full.updated, full.new) == (6, 2, 1, 1)


def test_tombstone_deletes_on_the_coordinator(field: Path, coordinator: Path, tmp_path: Path):
    merge(coordinator, export(field, tmp_path / "b1.zip"))
    with Store.open(field) as store:
        victim = store.query(INCIDENT)[0]["id"]
        store.delete(victim)
    summary = merge(coordinator, export(field, tmp_path / "b2.zip"))
    assert (summary.deleted, summary.added) == (1, 1)
    with Store.open(coordinator) as store:
        assert store.get(victim) is None
        assert [r.deleted for r in store.history(victim)] == [False, True]
    assert state(coordinator) == state(field)


def test_missing_bundle_is_reported(field: Path, coordinator: Path, tmp_path: Path):
    bundles = []
    for n in range(3):
        with Store.open(field) as store:
            store.add(INCIDENT, incident(event_date=f"2019-06-0{n + 1}"))
        bundles.append(export(field, tmp_path / f"b{n + 1}.zip"))
    merge(coordinator, bundles[0])
    third = merge(coordinator, bundles[2])
    assert third.missing_before == [2]
    result = run_cli("--db", coordinator, "devices")
    assert result.code == 0
    assert "Missing from Amal: bundle(s) 2" in result.out
    line = next(x for x in result.out.splitlines() if x.split()[2:3] == ["Amal"])
    assert "1, 3" in line
    merged = run_cli("--db", coordinator, "merge", bundles[1])
    assert merged.code == 0
    result = run_cli("--db", coordinator, "devices", "--format", "json")
    amal = next(d for d in json.loads(result.out) if d["name"] == "Amal")
    assert amal["bundles_received"] == [1, 2, 3] and amal["bundles_missing"] == []


def test_wrong_passphrase_writes_nothing(
    field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()
    with Store.open(field) as store, pytest.raises(WrongPassphrase):
        export_bundle(store, out, "not the passphrase")
    assert list(out.parent.iterdir()) == []
    with Store.open(field) as store:
        assert store.setting(LAST_EXPORT_KEY) is None
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", "wrong passphrase")
    result = run_cli("--db", field, "export", "--out", out)
    assert result.code != 0 and "passphrase does not open" in result.err  # the database's first
    assert list(out.parent.iterdir()) == []


def test_a_wrong_passphrase_stops_the_export_midway(
    field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The key is unlocked on a thread while the CSVs are written; once it has failed, the
    next progress check stops the export (revisions.csv is never started)."""

    def wrong(*args: object) -> None:
        raise WrongPassphrase("the passphrase is wrong")

    started: list[str] = []
    monkeypatch.setattr(export_mod, "decrypt_private_key", wrong)
    monkeypatch.setattr(export_mod, "_write_revisions", lambda *a: started.append("revisions"))
    monkeypatch.setattr(export_mod, "_CHECK_EVERY", 1)
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()
    with Store.open(field) as store, pytest.raises(WrongPassphrase):
        export_bundle(store, out, PASSPHRASE, full=True)
    assert started == [] and list(out.parent.iterdir()) == []


def test_nothing_new_to_export(field: Path, tmp_path: Path):
    export(field, tmp_path / "b1.zip")
    with Store.open(field) as store, pytest.raises(NothingToExport):
        export_bundle(store, tmp_path / "b2.zip", PASSPHRASE)
    assert not (tmp_path / "b2.zip").exists()
    result = run_cli("--db", field, "export", "--out", tmp_path / "b2.zip")
    assert result.code == 0 and "nothing changed" in result.out
    assert run_cli("--db", field, "export", "--full", "--out", tmp_path / "b2.zip").code == 0
    assert (tmp_path / "b2.zip").exists()


def test_cancelled_export_and_merge_leave_no_trace(
    field: Path, coordinator: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    out.mkdir()
    with Store.open(field) as store, pytest.raises(Cancelled):
        export_bundle(store, out / "b.zip", PASSPHRASE, cancel=lambda: True, progress=None)
    assert list(out.iterdir()) == []
    monkeypatch.setattr(export_mod, "_CHECK_EVERY", 1)
    for stop in range(2, 12, 3):  # inside each file, while its zip entry is open
        calls = []
        with Store.open(field) as store, pytest.raises(Cancelled):
            export_bundle(
                store,
                out / "b.zip",
                PASSPHRASE,
                cancel=lambda calls=calls, stop=stop: calls.append(1) or len(calls) > stop,
            )
        assert list(out.iterdir()) == []
    with Store.open(field) as store:
        assert store.setting(LAST_EXPORT_KEY) is None
    bundle = export(field, tmp_path / "b.zip")
    before = dump(coordinator)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1  # pass verification, stop the merge

    with pytest.raises(Cancelled):
        merge(coordinator, bundle, cancel=cancel)
    assert dump(coordinator) == before


def test_bulk_merge_rebuilds_indexes_and_search(
    field: Path, coordinator: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The bulk path (indexes set aside, rebuilt once) leaves the same schema, the same
    rows, a working full-text search, and a consistent database."""

    def schema(path: Path) -> list[tuple]:

        con = raw_connection(path)
        rows = con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
        ).fetchall()
        con.close()
        return rows

    before = schema(coordinator)
    monkeypatch.setattr(bulk_mod, "BULK_MIN", 1)
    bundle = export(field, tmp_path / "b.zip")
    summary = merge(coordinator, bundle)
    assert summary.new == 6
    assert schema(coordinator) == before
    assert state(coordinator) == state(field)
    assert_consistent(coordinator)
    with Store.open(coordinator) as store:
        assert store.count(INCIDENT, Filter(search="Saraqib")) == 0
        assert store.count(INCIDENT, Filter(search="schools")) >= 1
        assert store.count(DISPLACEMENT, Filter(search="أطمة")) == 1


def test_sealed_bundle_round_trip(field: Path, coordinator: Path, tmp_path: Path):
    with Store.open(coordinator) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
    shown = run_cli("--db", coordinator, "keys", "show")
    assert recipient in shown.out and recipient.startswith("age1")
    result = run_cli(
        "--db", field, "export", "--out", tmp_path / "sealed.zip", "--seal-to", recipient
    )
    assert result.code == 0, result.err
    sealed = tmp_path / "sealed.age"  # an age file, named so
    assert not (tmp_path / "sealed.zip").exists()
    raw = sealed.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    assert b"incidents.csv" not in raw and "خان".encode() not in raw
    summary = merge(coordinator, sealed)
    assert summary.sealed and summary.new == 6
    assert state(coordinator)["incidents"] == state(field)["incidents"]
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_sealed_bundle_opens_with_the_reference_age_tool(
    field: Path, coordinator: Path, tmp_path: Path
):
    """Interoperability: Debian's `age` (the reference Go implementation) opens a bundle
    fieldapp sealed with pyrage (rage), and fieldapp opens one that `age` sealed."""
    age = shutil.which("age")
    if age is None:
        pytest.skip("the reference `age` tool is not installed (apt-get install age)")
    with Store.open(coordinator) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
        envelope = store.db.execute("SELECT age_identity FROM device").fetchone()[0]
    identity = tmp_path / "identity.txt"
    identity.write_text(str(decrypt_age_identity(envelope, PASSPHRASE)) + "\n")
    sealed = export(field, tmp_path / "sealed.zip", seal_to=recipient)
    plain = tmp_path / "plain.zip"
    subprocess.run([age, "-d", "-i", identity, "-o", plain, sealed], check=True)
    with zipfile.ZipFile(plain) as zf:
        assert sorted(zf.namelist()) == sorted(fmt.ENTRIES)
    resealed = tmp_path / "resealed.zip"
    subprocess.run([age, "-r", recipient, "-o", resealed, plain], check=True)
    assert merge(coordinator, resealed).new == 6


def test_sealed_to_someone_else_is_refused_cleanly(
    field: Path, coordinator: Path, devices: Devices, tmp_path: Path
):
    other = devices.new(tmp_path, "Other", "Elsewhere")
    with Store.open(other) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
    sealed = export(field, tmp_path / "sealed.zip", seal_to=recipient)
    with Store.open(coordinator) as store:
        ensure_age_identity(store, PASSPHRASE)
    before = dump(coordinator)
    with pytest.raises(SealedBundleError, match="not to this device's key"):
        merge(coordinator, sealed)
    assert dump(coordinator) == before
    with pytest.raises(BundleError, match="not an age recipient"):
        export(field, tmp_path / "x.zip", seal_to="age1notarecipient", full=True)


def test_fast_revision_id_is_the_canonical_id(field: Path):
    with Store.open(field) as store:
        store.edit(store.query(INCIDENT)[0]["id"], {"notes": 'quote " and \\ and ✓'})
        revs = list(store.revisions_since(0))
    for r in revs:
        row = _Row(
            0,
            r.id,
            r.record_id,
            r.kind,
            sorted(r.parents),
            r.device,
            r.seq,
            r.timestamp,
            r.deleted,
            revmod.canonical_json(r.data),
            r.data,
        )
        assert _revision_id(row) == r.revision().id == r.id
        assert _CANONICAL.encode(r.data) == revmod.canonical_json(r.data)
    sample = {"b": [1.5, 0.25, 36.2], "a": 'ل\u2028"', "c": None, "d": True}
    assert _CANONICAL.encode(sample) == revmod.canonical_json(sample)
    # numbers that need care: RFC 8785's text, which the fast encoder does not write
    odd = {"b": [1.5, -0.0, 1e-07]}
    assert revmod.canonical_json(odd) == '{"b":[1.5,0,1e-7]}' != _CANONICAL.encode(odd)
    assert _LIST_JSON.encode(["mosque", "سوق"]) == json.dumps(["mosque", "سوق"], ensure_ascii=False)


def test_verify_without_a_database(field: Path, tmp_path: Path):
    bundle = export(field, tmp_path / "b.zip")
    result = run_cli("--db", tmp_path / "none.db", "verify", bundle)
    assert result.code == 0
    assert "no database to ask" in result.out
    assert not (tmp_path / "none.db").exists()
    with verify_bundle(bundle) as verified:
        assert verified.info.revisions == 6 and verified.info.records == {
            INCIDENT: 4,
            DISPLACEMENT: 2,
        }
