"""The two-process verification of large bundles, driven with small ones.

From verify.PARALLEL_MIN revisions a bundle is verified in two parts at once: records whose
id sorts before verify.SPLIT here, the rest in a second (spawned) process. The property
that matters: the parallel path never accepts what the one-process path refuses. So each
damaged bundle below goes through the parallel path alone (it must raise), and then
through `merge` with the parallel path switched on (it must be refused with the
one-process message and the database unchanged). FIELDAPP_PARALLEL_VERIFY_MIN=1 sends
every bundle through the parallel path.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, copy_database, run_cli
from test_sync_helpers import (
    csv_bytes,
    csv_rows,
    device_factory,
    device_key,
    displacement,
    dump,
    forge,
    incident,
    read_bundle,
    repack,
    state,
    write_zip,
)

from fieldapp.domain import validation
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision
from fieldapp.errors import Cancelled
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync import verify
from fieldapp.sync.bundle.parallel import _verify_in_two
from fieldapp.sync.bundle.rows import _today
from fieldapp.sync.export import export_bundle
from fieldapp.sync.seal import ensure_age_identity

SPLIT = verify.SPLIT
SEQUENTIAL = str(10**9)


def _sides(ids: list[str]) -> tuple[list[str], list[str]]:
    return [i for i in ids if i < SPLIT], [i for i in ids if i >= SPLIT]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A bundle with records on both sides of the split (an edit and a deletion on each
    side, both kinds), and a coordinator that already holds a record of its own."""
    root = tmp_path_factory.mktemp("parallel")
    devices = device_factory()
    field = devices.new(root, "Amal")
    ids: list[str] = []
    with Store.open(field) as store:
        day = 1
        while min(len(side) for side in _sides(ids)) < 4:
            ids.append(
                store.add(INCIDENT, incident(event_date=f"2019-05-{day % 28 + 1:02d}"))
                if day % 3
                else store.add(DISPLACEMENT, displacement(individuals=100 + day))
            )
            day += 1
        low, high = _sides(ids)
        for side in (low, high):
            record = store.get(side[0])
            assert record is not None
            changes = {"killed": 7} if "killed" in record else {"individuals": 7}
            store.edit(side[0], changes)
            store.delete(side[1])
        export_bundle(store, root / "valid.zip", PASSPHRASE)
    coordinator = devices.new(root, "Coordinator", "OCHA")
    with Store.open(coordinator) as store:
        store.add(INCIDENT, incident(location="Saraqib"))
    return {
        "root": root,
        "field": field,
        "bundle": root / "valid.zip",
        "coordinator": coordinator,
        "low": low,
        "high": high,
    }


@pytest.fixture
def coord(world: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "coordinator.db"
    copy_database(world["coordinator"], path)
    return path


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")


def _scratch_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("fieldapp-bundle-*"))


def _parallel_only(bundle: Path, db: Path | None = None) -> None:
    """The parallel path alone, without the one-process fallback: raises on refusal."""
    store = Store.open(db) if db is not None else None
    try:
        with verify.open_bundle(bundle, store) as container:
            verified = verify.VerifiedBundle(container.info)  # type: ignore[arg-type]
            try:
                _verify_in_two(container, store, verified, _today(), None, None)
                assert len(verified.scratches) == 2
            finally:
                verified.close()
    finally:
        if store is not None:
            store.close()


def test_parallel_merge_gives_the_same_database(world, tmp_path, monkeypatch):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    copy_database(world["coordinator"], one)
    copy_database(world["coordinator"], two)
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", SEQUENTIAL)
    first = run_cli("--db", one, "merge", "--trust-new", world["bundle"])
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    before = _scratch_files()
    second = run_cli("--db", two, "merge", "--trust-new", world["bundle"])
    assert first.code == second.code == 0, (first.err, second.err)
    assert first.out.splitlines()[-1] == second.out.splitlines()[-1]  # the same summary
    assert state(one) == state(two)
    with Store.open(two) as store:
        for record_id in world["low"][2:] + world["high"][2:]:
            assert store.get(record_id) is not None
        assert store.get(world["low"][1]) is None and store.get(world["high"][1]) is None
    assert _scratch_files() <= before  # both scratch copies are gone
    again = run_cli("--db", two, "merge", world["bundle"])  # idempotent
    assert again.code == 0 and "already merged" in again.out.lower(), again.out
    assert state(one) == state(two)


@pytest.mark.parametrize("ids", ["00000000", "ffffffff"])
def test_a_part_with_no_records(coord, tmp_path, parallel, ids):
    """All of a bundle's records on one side of the split: the other part is empty."""
    devices = device_factory()
    field = devices.new(tmp_path, "Huda")
    with Store.open(field) as store:
        for i in range(3):
            record = f"{ids}-0000-4000-8000-{i:012d}"
            store.apply_revisions(
                [Revision(record, INCIDENT, (), store.require_device().id, i + 1,
                          "2019-05-14T10:00:00.000Z", False,
                          validation.clean(INCIDENT, incident(location=f"Place {i}")))]
            )  # fmt: skip
        export_bundle(store, tmp_path / "one-side.zip", PASSPHRASE)
    with Store.open(coord) as store, verify.verify_bundle(tmp_path / "one-side.zip", store) as v:
        assert len(v.scratches) == 2 and sorted(v.groups) == [0, 3]
    result = run_cli("--db", coord, "merge", "--trust-new", tmp_path / "one-side.zip")
    assert result.code == 0 and "3 new" in result.out, result.err


def test_a_sealed_bundle_into_a_folder_with_uri_characters(world, tmp_path, parallel):
    """The second process opens the unsealed copy and reads the database (read-only, by
    URI): a '#' or '?' in a folder name must not send it elsewhere."""
    folder = tmp_path / "hq #2 ?a=b"
    folder.mkdir()
    coord = folder / "coordinator.db"
    copy_database(world["coordinator"], coord)
    with Store.open(coord) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
    with Store.open(world["field"]) as field:
        export_bundle(field, tmp_path / "sealed.zip", PASSPHRASE, full=True, seal_to=recipient)
    run_cli("--db", coord, "merge", "--trust-new", world["bundle"])  # known revisions: skipped
    checked = run_cli("--db", coord, "verify", tmp_path / "sealed.zip")
    assert checked.code == 0 and "(two processes)" in checked.out, checked.err
    merged = run_cli("--db", coord, "merge", tmp_path / "sealed.zip")
    assert merged.code == 0, merged.err


def test_the_cli_says_how_it_checked(world, coord, monkeypatch):
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    assert "(two processes)" in run_cli("--db", coord, "verify", world["bundle"]).out
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", SEQUENTIAL)
    assert "(one process)" in run_cli("--db", coord, "verify", world["bundle"]).out


def test_both_parts_are_verified_and_kept(world, coord, parallel):
    with Store.open(coord) as store:
        with verify.verify_bundle(world["bundle"], store) as verified:
            assert len(verified.scratches) == 2
            groups = sum(verified.groups)
            assert all(g > 0 for g in verified.groups)
            assert all(path.exists() for path in verified.scratches)
        assert groups == len(world["low"]) + len(world["high"])
        assert not any(path.exists() for path in verified.scratches)


def test_progress_counts_both_parts_and_cancel_leaves_nothing(world, coord, parallel):
    seen: list[tuple[int, int]] = []
    with Store.open(coord) as store:
        with verify.verify_bundle(
            world["bundle"], store, progress=lambda d, t: seen.append((d, t))
        ):
            pass
        total = seen[-1][1]
        assert seen[-1][0] == total  # the last report counts both parts
        before = _scratch_files()
        with pytest.raises(Cancelled):
            verify.verify_bundle(world["bundle"], store, cancel=lambda: True)
    assert _scratch_files() <= before


# -- damaged bundles: the parallel path refuses each one itself ------------------------


def _flip(world, tmp_path, name: str, side: str) -> Path:
    """A byte changed inside the first or the second part of a file (not re-signed)."""
    files = read_bundle(world["bundle"])
    data = files[name]
    record = world["low" if side == "low" else "high"][-1]
    at = data.index(record.encode()) + 3
    changed = data[:at] + (b"0" if data[at : at + 1] != b"0" else b"1") + data[at + 1 :]
    return write_zip(tmp_path / "bad.zip", {**files, name: changed})


def _resigned_rows(world, tmp_path, name: str, edit) -> Path:  # type: ignore[no-untyped-def]
    files = read_bundle(world["bundle"])
    rows = csv_rows(files[name])
    edit(rows)
    key = device_key(world["field"])
    return repack(world["bundle"], tmp_path / "bad.zip", key, files={name: csv_bytes(rows)})


def _record_column(name: str) -> int:
    return 0 if name != fmt.REVISIONS else 1


def _bad_cell(world, tmp_path, side: str) -> Path:
    """A spreadsheet-copy row that disagrees with its revision (re-signed)."""
    record = world[side][-1]

    def edit(rows: list[list[str]]) -> None:
        row = next(r for r in rows if r[0] == record)
        row[3] = "Shelling/artillery/missile attack" if row[3] != "Air/drone strike" else "x"

    name = next(
        n for n, d in read_bundle(world["bundle"]).items() if n != fmt.MANIFEST and
        n in fmt.RECORD_FILES.values() and record.encode() in d
    )  # fmt: skip
    return _resigned_rows(world, tmp_path, name, edit)


def _moved_row(world, tmp_path, side: str) -> Path:
    """A revision row of one part moved into the other part (re-signed): the order breaks."""
    record = world["high" if side == "low" else "low"][-1]

    def edit(rows: list[list[str]]) -> None:
        row = next(r for r in rows[1:] if r[1] == record)
        rows.remove(row)
        rows.insert(1 if side == "low" else len(rows), row)

    return _resigned_rows(world, tmp_path, fmt.REVISIONS, edit)


def _twice(world, tmp_path, side: str) -> Path:
    """A revision row repeated inside one part (re-signed, counts updated)."""
    record = world[side][-1]
    files = read_bundle(world["bundle"])
    rows = csv_rows(files[fmt.REVISIONS])
    at = next(i for i, r in enumerate(rows) if i and r[1] == record)
    rows.insert(at, list(rows[at]))
    key = device_key(world["field"])

    def count(manifest: dict[str, Any]) -> None:
        manifest["revisions"]["count"] += 1

    return repack(
        world["bundle"], tmp_path / "bad.zip", key,
        files={fmt.REVISIONS: csv_bytes(rows)}, manifest_edit=count,
    )  # fmt: skip


def _forged(world, tmp_path, side: str, what: str) -> Path:
    key = device_key(world["field"])
    mine, other = (world["low"], world["high"]) if side == "low" else (world["high"], world["low"])

    def edit(revs: list[dict[str, Any]]) -> None:
        if what == "negative":
            r = next(r for r in revs if r["record_id"] == mine[-1])
            field = "killed" if r["kind"] == INCIDENT else "individuals"
            r["data"][field] = -3
        else:  # a parent across the split: a revision of a record of the other part
            child = next(r for r in revs if r["record_id"] == mine[0] and r["parents"])
            stranger = next(r for r in revs if r["record_id"] == other[-1])
            child["parents"] = stranger["id"]

    return forge(world["bundle"], tmp_path / "bad.zip", key, edit)


CASES = {
    "flipped byte, revisions.csv, first part": lambda w, t: _flip(w, t, fmt.REVISIONS, "low"),
    "flipped byte, revisions.csv, second part": lambda w, t: _flip(w, t, fmt.REVISIONS, "high"),
    "spreadsheet copy disagrees, first part": lambda w, t: _bad_cell(w, t, "low"),
    "spreadsheet copy disagrees, second part": lambda w, t: _bad_cell(w, t, "high"),
    "row moved into the first part": lambda w, t: _moved_row(w, t, "low"),
    "row moved into the second part": lambda w, t: _moved_row(w, t, "high"),
    "revision twice, first part": lambda w, t: _twice(w, t, "low"),
    "revision twice, second part": lambda w, t: _twice(w, t, "high"),
    "negative count, first part": lambda w, t: _forged(w, t, "low", "negative"),
    "negative count, second part": lambda w, t: _forged(w, t, "high", "negative"),
    "parent in the other part, from the first": lambda w, t: _forged(w, t, "low", "parent"),
    "parent in the other part, from the second": lambda w, t: _forged(w, t, "high", "parent"),
}


@pytest.mark.parametrize("case", CASES)
def test_the_parallel_path_refuses_by_itself(world, coord, tmp_path, monkeypatch, case):
    bad = CASES[case](world, tmp_path)
    before = _scratch_files()
    with pytest.raises(Exception) as caught:  # any refusal: its type is checked below
        _parallel_only(bad, coord)
    assert type(caught.value).__name__ in ("BundleError", "FieldappError"), caught.value
    assert _scratch_files() <= before
    # Through the CLI with the parallel path on: the one-process message, nothing written.
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", SEQUENTIAL)
    reference = run_cli("--db", coord, "verify", bad)
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    snapshot = dump(coord)
    merged = run_cli("--db", coord, "merge", "--trust-new", bad)
    assert reference.code == merged.code == 3, (reference.err, merged.err)
    assert merged.err.splitlines()[-1] == reference.err.splitlines()[-1]  # (after progress)
    assert "Traceback" not in merged.err
    assert dump(coord) == snapshot
    assert _scratch_files() <= before


def test_a_note_that_looks_like_a_row_start_falls_back(world, coord, tmp_path, parallel):
    """A quoted note can hold a line that looks like the start of a second-part row; the
    second process then starts mid-row and fails, and the one-process path accepts."""
    devices = device_factory()
    field = devices.new(tmp_path, "Huda")
    fake = "\n".join(["bombs near the school", "ffffffff-ffff-4fff-8fff-ffffffffffff,x"])
    ids: list[str] = []
    with Store.open(field) as store:
        while not ids or not min(ids) < SPLIT <= max(ids):
            ids.append(store.add(INCIDENT, incident(notes=fake, location=f"Place {len(ids)}")))
        export_bundle(store, tmp_path / "notes.zip", PASSPHRASE)
    with pytest.raises(Exception) as caught:  # the second part starts mid-row
        _parallel_only(tmp_path / "notes.zip")
    assert type(caught.value).__name__ in ("BundleError", "FieldappError"), caught.value
    result = run_cli("--db", coord, "merge", "--trust-new", tmp_path / "notes.zip")
    assert result.code == 0, result.err
    with Store.open(coord) as store:
        assert all(store.get(i)["notes"] == fake for i in ids)  # type: ignore[index]
