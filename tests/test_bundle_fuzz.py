"""Property: whatever happens to a valid bundle, merging it either refuses cleanly (a
FieldappError, the database dump unchanged) or leaves a valid database. Never a traceback.

Mutations: flipped bytes anywhere in the file, truncation, renamed entries, and edited CSV
cells, both without re-signing (a damaged or tampered copy) and re-signed with the
device's own key (a buggy app on the signer's side)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import PASSPHRASE, copy_database
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_sync_helpers import (
    assert_consistent,
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
    write_zip,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle

NAMES = [
    *fmt.ENTRIES,
    "../incidents.csv",
    "/revisions.csv",
    "a\\b.csv",
    "x/manifest.json",
    "README.txt",
    "",
    "incidents.csv\x00",
]
CELLS = [
    "",
    "-1",
    "2019-02-30",
    "3000-01-01",
    "=1+1",
    "'",
    "null",
    "{}",
    '{"event_date":"2019-05-14"}',
    "9" * 30,
    "Idlib",
    "incident",
    "displacement",
    "0",
    "1",
    "a" * 300,
    "\x00",
    "خان شيخون",
    "f" * 64,
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fuzz")
    devices = device_factory()
    field = devices.new(root, "Amal")
    with Store.open(field) as store:
        a = store.add(INCIDENT, incident())
        b = store.add(INCIDENT, incident(event_date="2019-05-15", location="Ariha", notes="=1+1"))
        store.add(DISPLACEMENT, displacement(cause_incidents=[a]))
        store.edit(a, {"injured": 20})
        store.delete(b)
        export_bundle(store, root / "valid.zip", PASSPHRASE)
    coordinator = devices.new(root, "Coordinator", "OCHA")
    with Store.open(coordinator) as store:
        store.add(INCIDENT, incident(location="Saraqib"))
    return {
        "bundle": root / "valid.zip",
        "coordinator": coordinator,
        "field": field,
        "root": root,
    }


def _flip(raw: bytes, data: st.DataObject) -> bytes:
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(out) - 1))
        out[at] ^= data.draw(st.integers(1, 255))
    return bytes(out)


def _mutate(world: dict[str, Path], data: st.DataObject, out: Path) -> Path:
    source = world["bundle"]
    kind = data.draw(
        st.sampled_from(["flip", "truncate", "rename", "cell", "cell-signed", "revision"])
    )
    event(kind)
    if kind == "flip":
        out.write_bytes(_flip(source.read_bytes(), data))
    elif kind == "truncate":
        raw = source.read_bytes()
        out.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])
    elif kind == "rename":
        files = list(read_bundle(source).items())
        i = data.draw(st.integers(0, len(files) - 1))
        files[i] = (data.draw(st.sampled_from(NAMES)), files[i][1])
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                write_zip(out, files)
            except ValueError:  # zipfile refuses some names itself (NUL)
                out.write_bytes(source.read_bytes()[:100])
    elif kind == "revision":
        # A consistent but different revision (its id recomputed): the signer's app wrote
        # it. Values may be valid (merges: perhaps a conflict) or not (refused).
        target = data.draw(st.integers(0, 4))
        value = data.draw(
            st.one_of(st.sampled_from(CELLS), st.text(max_size=12), st.integers(-5, 10**8))
        )

        def edit(revs: list[dict]) -> None:
            rev = revs[target % len(revs)]
            name = data.draw(st.sampled_from(sorted(rev["data"])))
            rev["data"][name] = value

        forge(source, out, device_key(world["field"]), edit)
    else:
        name = data.draw(st.sampled_from(fmt.CSV_FILES))
        rows = csv_rows(read_bundle(source)[name])
        r = data.draw(st.integers(0, len(rows) - 1))
        c = data.draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = data.draw(st.one_of(st.sampled_from(CELLS), st.text(max_size=12)))
        key = device_key(world["field"]) if kind == "cell-signed" else None
        repack(source, out, key, files={name: csv_bytes(rows)})
    return out


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_mutation_is_refused_cleanly_or_merges_validly(
    world: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
):
    work = tmp_path_factory.mktemp("case")
    db = work / "coordinator.db"
    copy_database(world["coordinator"], db)
    bundle = _mutate(world, data, work / "mutated.zip")
    before = dump(db)
    try:
        with Store.open(db) as store:
            merge_bundle(store, bundle, trust_new=True, passphrase=lambda: PASSPHRASE)
    except FieldappError as exc:
        event(f"refused: {type(exc).__name__}")
        assert dump(db) == before
    else:
        event("merged")
        assert_consistent(db)
    shutil.rmtree(work, ignore_errors=True)


def test_unmutated_bundle_still_merges(world: dict[str, Path], tmp_path: Path):
    db = tmp_path / "c.db"
    copy_database(world["coordinator"], db)
    with Store.open(db) as store:
        summary = merge_bundle(store, world["bundle"], trust_new=True)
    assert summary.added == 5
    assert_consistent(db)
    with zipfile.ZipFile(world["bundle"]) as zf:
        assert zf.testzip() is None
