"""Bundle format 4 (issue 16): the record files carry the places register's P-codes, and
bundles of formats 2 and 3, whose record files have the columns of their time, are still
read, their rows checked against their revisions as strictly as ever.

tests/data/bundle-v3-previous-fieldapp.zip was exported (`fieldapp export --full`) by
fieldapp at e6d81f2, the last commit writing format 3: two incidents (one edited, one
with a note a spreadsheet would run as a formula) and a displacement with its origin and
destination, as that fieldapp stored them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from test_sync_helpers import (
    assert_consistent,
    csv_bytes,
    csv_rows,
    device_factory,
    device_key,
    displacement,
    dump,
    incident,
    read_bundle,
    repack,
    sign,
    write_zip,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.sync import format as fmt
from fieldapp.sync.errors import BundleError
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.verify import verify_bundle

PREVIOUS = Path(__file__).parent / "data" / "bundle-v3-previous-fieldapp.zip"


def _merge(db: Path, bundle: Path):
    with Store.open(db) as store:
        return merge_bundle(store, bundle, trust_new=True)


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Any]:
    devices = device_factory()
    field, coordinator = devices.new(tmp_path, "Field"), devices.new(tmp_path, "Coordinator")
    with Store.open(field) as store:
        store.add(INCIDENT, incident(location="Saraqib"))
        store.add(
            DISPLACEMENT,
            # no origin governorate: it would gain its P-code, which format 3 cannot carry
            displacement(origin_location="Ariha", destination_location="Atmeh"),
        )
        export_bundle(store, tmp_path / "v4.zip", PASSPHRASE, full=True)
    return {"field": field, "coordinator": coordinator, "root": tmp_path,
            "bundle": tmp_path / "v4.zip", "key": device_key(field)}  # fmt: skip


def test_format_4_with_today_s_columns(world: dict[str, Any]):
    contents = read_bundle(world["bundle"])
    assert fmt.FORMAT_VERSION == 4
    assert json.loads(contents[fmt.MANIFEST])["format_version"] == 4
    for kind, name in fmt.RECORD_FILES.items():
        assert tuple(csv_rows(contents[name])[0]) == fmt.RECORD_COLUMNS[kind]
    assert "origin_admin1_pcode" in fmt.RECORD_COLUMNS[DISPLACEMENT]
    assert "location_pcode" in fmt.RECORD_COLUMNS[INCIDENT]
    assert fmt.record_columns(INCIDENT, 3) == tuple(
        c for c in fmt.RECORD_COLUMNS[INCIDENT] if c != "location_pcode"
    )


def test_the_previous_fieldapp_s_format_3_bundle_merges(tmp_path: Path):
    contents = read_bundle(PREVIOUS)
    assert json.loads(contents[fmt.MANIFEST])["format_version"] == 3
    assert tuple(csv_rows(contents["incidents.csv"])[0]) == fmt.record_columns(INCIDENT, 3)
    bundle = shutil.copy(PREVIOUS, tmp_path / "previous.zip")
    db = device_factory().new(tmp_path, "Coordinator")
    with Store.open(db) as store, verify_bundle(bundle, store) as verified:
        assert verified.info.format_version == 3 and verified.places == []
    summary = _merge(db, Path(bundle))
    assert (summary.new, summary.revisions) == (3, 4)
    with Store.open(db) as store:
        (moved,) = store.query(DISPLACEMENT)
        row = store.get(moved["id"])
    assert row is not None
    assert (row["origin_location"], row["origin_admin1"]) == ("Ariha", "Idlib")
    assert row["origin_admin1_pcode"] is None and row["location_pcode"] is None
    assert_consistent(db)
    assert _merge(db, Path(bundle)).already_merged
    # relayed in a format-4 bundle, its revisions (without the fields added since) travel on
    with Store.open(db) as store:
        export_bundle(store, tmp_path / "relay.zip", PASSPHRASE, full=True)
    third = device_factory().new(tmp_path, "Third")
    assert _merge(third, tmp_path / "relay.zip").new == 3
    assert_consistent(third)


@pytest.mark.parametrize("version", [2, 3])
def test_an_older_format_bundle_with_the_columns_of_its_time_merges(
    world: dict[str, Any], version: int
):
    older = repack(world["bundle"], world["root"] / "old.zip", world["key"],
                   manifest_edit=lambda m: m.update(format_version=version))  # fmt: skip
    assert tuple(csv_rows(read_bundle(older)["displacements.csv"])[0]) == fmt.record_columns(
        DISPLACEMENT, version
    )
    summary = _merge(world["coordinator"], older)
    assert summary.new == 2
    assert_consistent(world["coordinator"])


def _resigned(world: dict[str, Any], name: str, version: int, files: dict[str, bytes]) -> Path:
    """The bundle with `files` and format `version`, its manifest signed again (no column
    rewriting: what a foreign or buggy writer would make)."""
    contents = read_bundle(world["bundle"])
    contents.update(files)
    manifest = json.loads(contents[fmt.MANIFEST])
    manifest["format_version"] = version
    for entry in fmt.CSV_FILES:
        manifest["files"][entry] = {"sha256": _sha(contents[entry]), "size": len(contents[entry])}
    contents[fmt.MANIFEST], contents[fmt.SIGNATURE] = sign(manifest, world["key"])
    return write_zip(world["root"] / name, contents)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _refused(world: dict[str, Any], bundle: Path) -> BundleError:
    before = dump(world["coordinator"])
    with pytest.raises(BundleError) as caught:
        _merge(world["coordinator"], bundle)
    assert dump(world["coordinator"]) == before
    return caught.value


def test_the_header_check_is_strict_for_each_version(world: dict[str, Any]):
    # a format-3 bundle with today's columns
    error = _refused(world, _resigned(world, "v3-new-columns.zip", 3, {}))
    assert error.code == "bundle.column_unexpected" and "location_pcode" in str(error)
    # a format-4 bundle with the older columns
    older = read_bundle(repack(world["bundle"], world["root"] / "o.zip", world["key"],
                               manifest_edit=lambda m: m.update(format_version=3)))  # fmt: skip
    files = {name: older[name] for name in fmt.RECORD_FILES.values()}
    error = _refused(world, _resigned(world, "v4-old-columns.zip", 4, files))
    assert error.code == "bundle.column_missing" and "location_pcode" in str(error)


def test_an_older_format_row_still_agrees_cell_for_cell(world: dict[str, Any]):
    older = read_bundle(repack(world["bundle"], world["root"] / "o.zip", world["key"],
                               manifest_edit=lambda m: m.update(format_version=3)))  # fmt: skip
    rows = csv_rows(older["incidents.csv"])
    rows[1][rows[0].index("location")] = "Kafr Nabl"
    bundle = _resigned(world, "v3-changed.zip", 3, {
        name: older[name] for name in fmt.RECORD_FILES.values()
    } | {"incidents.csv": csv_bytes(rows)})  # fmt: skip
    error = _refused(world, bundle)
    assert error.code == "bundle.cell_disagrees" and error.params["column"] == "location"


def test_an_older_format_cannot_hide_a_field_it_did_not_have(world: dict[str, Any]):
    """A format-3 record file cannot show origin_admin2: a revision of such a bundle that
    holds one disagrees with its row (no fieldapp of format 3 could have written it)."""
    with Store.open(world["field"]) as store:
        store.add(DISPLACEMENT, displacement(origin_location="Ariha", origin_admin2="Ariha"))
        export_bundle(store, world["root"] / "with-origin.zip", PASSPHRASE, full=True)
    older = repack(world["root"] / "with-origin.zip", world["root"] / "o.zip", world["key"],
                   manifest_edit=lambda m: m.update(format_version=3))  # fmt: skip
    error = _refused(world, older)
    assert error.code == "bundle.cell_disagrees"
    assert error.params["column"] == "origin_admin2"


def test_a_newer_format_is_refused_as_from_a_newer_fieldapp(world: dict[str, Any]):
    bundle = repack(world["bundle"], world["root"] / "v5.zip", world["key"],
                    manifest_edit=lambda m: m.update(format_version=5))  # fmt: skip
    error = _refused(world, bundle)
    assert error.code == "bundle.newer_format" and "newer fieldapp" in str(error)
