"""The places register travels in bundles (format 4, issue 16): a coordinator loads a
register edition, its next bundle carries it signed, a field worker's merge checks it and
puts it in the register, and the worker's records are then completed from it.

Real databases, real keys, real zip bundles; the edition is built from domain Units
(the COD-AB reader is tested on its own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE
from jsonschema import Draft202012Validator
from test_sync_helpers import (
    csv_bytes,
    csv_rows,
    device_factory,
    device_key,
    dump,
    incident,
    read_bundle,
    repack,
    write_zip,
)

from fieldapp.domain.fields import INCIDENT
from fieldapp.domain.places import Unit
from fieldapp.store import Store, places, signing
from fieldapp.sync import format as fmt
from fieldapp.sync.bundle import manifest_schema
from fieldapp.sync.errors import BundleError
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.verify import verify_bundle

IDLIB_BOX = json.dumps(
    {
        "type": "Polygon",
        "coordinates": [[[36.2, 35.4], [36.9, 35.4], [36.9, 36.3], [36.2, 36.3], [36.2, 35.4]]],
    },
    separators=(",", ":"),
)
TITLE = "Syria COD-AB (test edition, 2024)"


def cod_units(harim: str = "Harim") -> list[Unit]:
    """A small COD-AB-like register: a governorate as OCHA writes it (Idleb, with its other
    spellings and a boundary), a district and a sub-district under it."""
    return [
        Unit("SY07", 1, "Idleb", "إدلب", "SY", ("Idlib", "Edleb"), 35.93, 36.63, IDLIB_BOX,
             "Syria"),
        Unit("SY0703", 2, harim, "حارم", "SY07", (), 36.2, 36.52, None, "Syria"),
        Unit("SY070301", 3, "Dana", "الدانا", "SY0703", ("Al-Dana",), 36.21, 36.77, None,
             "Syria"),
    ]  # fmt: skip


def load(db: Path, title: str = TITLE, valid_on: str = "2024-05-01", **kw: Any) -> places.Edition:
    """What `fieldapp places load` does, from units built here."""
    with Store.open(db) as store:
        device = store.require_device().id
        ed, found = places.new_edition("cod-ab", title, valid_on, device, cod_units(**kw))
        places.replace(store, ed, found)
    return ed


def export(db: Path, out: Path, **kw: Any) -> Path:
    with Store.open(db) as store:
        export_bundle(store, out, PASSPHRASE, **kw)
    return out


def merge(db: Path, bundle: Path):
    with Store.open(db) as store:
        return merge_bundle(store, bundle, trust_new=True)


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    devices = device_factory()
    return {
        "coordinator": devices.new(tmp_path, "Coordinator"),
        "worker": devices.new(tmp_path, "Worker"),
        "root": tmp_path,
    }


def _register_bundle(world: dict[str, Path], name: str = "coordinator.zip") -> Path:
    with Store.open(world["coordinator"]) as store:
        store.add(INCIDENT, incident(location="Saraqib"))
    load(world["coordinator"])
    return export(world["coordinator"], world["root"] / name)


def _editions(db: Path) -> list[places.Edition]:
    with Store.open(db) as store:
        return [e for e in places.editions(store) if e.source != places.BUILTIN]


# -- the round trip --------------------------------------------------------------------------


def test_a_loaded_register_reaches_the_field_worker(world: dict[str, Path]):
    bundle = _register_bundle(world)
    names = set(read_bundle(bundle))
    assert {fmt.PLACE_EDITIONS, fmt.PLACES} <= names
    manifest = json.loads(read_bundle(bundle)[fmt.MANIFEST])
    assert manifest["format_version"] == 4
    assert manifest["places"] == {"editions": 1, "units": 3}
    assert set(manifest["files"]) == {*fmt.CSV_FILES, *fmt.PLACE_FILES}

    summary = merge(world["worker"], bundle)
    assert summary.new == 1
    assert summary.places == [f"places register: {TITLE} (3 units) received"]
    assert summary.places[0].code == "merge.places_received"

    with Store.open(world["worker"]) as store:
        (unit,) = places.index(store).find("Idlib")
        assert (unit.pcode, unit.name, unit.level) == ("SY07", "Idleb", 1)
        (ed,) = [e for e in places.editions(store) if e.source == "cod-ab"]
        assert ed.received_at is not None and ed.signature is not None
        assert unit.edition == ed.id
        coordinator = store.device_label(ed.device)
        assert "Coordinator" in coordinator
        # the worker's next record is completed from the register it received
        record_id = store.add(
            INCIDENT,
            incident(admin1="Idlib", admin1_pcode=None, admin2="Harim", admin3="Dana"),
        )
        record = store.get(record_id)
    assert record is not None
    assert (record["admin1"], record["admin1_pcode"]) == ("Idleb", "SY07")
    assert (record["admin2_pcode"], record["admin3_pcode"]) == ("SY0703", "SY070301")


def test_the_edition_is_signed_by_the_loader_at_export(world: dict[str, Path]):
    ed = load(world["coordinator"])
    assert ed.signature is None
    export(world["coordinator"], world["root"] / "b.zip")
    (signed,) = _editions(world["coordinator"])
    key = device_key(world["coordinator"]).public_key()
    assert signed.signature is not None
    assert signing.check_edition(key, ed.id, signed.signature)
    # domain-separated: a revision's signature over the same id is not an edition's
    assert not signing.check_edition(key, ed.id, signing.sign(device_key(world["coordinator"]),
                                                              ed.id))  # fmt: skip
    assert not signing.check(key, ed.id, signed.signature)


def test_the_same_bundle_twice_changes_nothing(world: dict[str, Path]):
    bundle = _register_bundle(world)
    merge(world["worker"], bundle)
    before = dump(world["worker"])
    again = merge(world["worker"], bundle)
    assert again.already_merged and again.places == []
    assert dump(world["worker"]) == before


def test_an_edition_goes_once_and_again_in_a_full_bundle(world: dict[str, Path]):
    first = _register_bundle(world)
    with Store.open(world["coordinator"]) as store:
        store.add(INCIDENT, incident(location="Binnish"))
    second = export(world["coordinator"], world["root"] / "second.zip")
    full = export(world["coordinator"], world["root"] / "full.zip", full=True)
    assert fmt.PLACES in read_bundle(first)
    assert fmt.PLACES not in read_bundle(second)
    assert fmt.PLACES in read_bundle(full)
    # the full bundle's copy of an edition the worker holds is no news
    merge(world["worker"], first)
    assert merge(world["worker"], full).places == []
    assert len(_editions(world["worker"])) == 1


def test_a_register_alone_makes_a_bundle(world: dict[str, Path]):
    load(world["coordinator"])
    bundle = export(world["coordinator"], world["root"] / "register.zip")
    summary = merge(world["worker"], bundle)
    assert summary.revisions == 0 and len(summary.places) == 1
    with Store.open(world["worker"]) as store:
        assert places.index(store).unit("SY070301") is not None


def test_an_empty_text_is_kept_as_nothing_so_the_edition_travels(world: dict[str, Path]):
    """An Arabic name given as "" is stored as none (store.places.new_edition): read back
    from the bundle's empty cell, the edition's id is the same and the worker takes it."""
    with Store.open(world["coordinator"]) as store:
        units = [Unit(**{**u.__dict__, "name_ar": ""}) if u.level == 2 else u for u in cod_units()]
        ed, found = places.new_edition("cod-ab", TITLE, None, store.require_device().id, units)
        assert all(u.name_ar is None for u in found if u.level == 2)
        places.replace(store, ed, found)
    bundle = export(world["coordinator"], world["root"] / "empty.zip")
    assert merge(world["worker"], bundle).places[0].code == "merge.places_received"


@pytest.mark.parametrize(
    "odd",
    [
        {
            "boundary": json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [[[36, 35, 1], [37, 35, 1], [37, 36, 1], [36, 35, 1]]],
                }
            )
        },
    ],
)
def test_an_edition_no_receiver_would_take_stays_home(world: dict[str, Path], odd, caplog):
    """Its bundle would be refused whole: the edition stays home (logged), the records go."""
    with Store.open(world["coordinator"]) as store:
        store.add(INCIDENT, incident(location="Saraqib"))
        units = [Unit(**{**u.__dict__, **odd}) if u.level == 2 else u for u in cod_units()]
        ed, found = places.new_edition("cod-ab", TITLE, None, store.require_device().id, units)
        places.replace(store, ed, found)
    bundle = export(world["coordinator"], world["root"] / "b.zip")
    assert fmt.PLACES not in read_bundle(bundle)
    assert "stays home" in caplog.text
    assert merge(world["worker"], bundle).new == 1


def test_the_worker_does_not_send_the_register_back(world: dict[str, Path]):
    merge(world["worker"], _register_bundle(world))
    with Store.open(world["worker"]) as store:
        store.add(INCIDENT, incident(location="Sarmada"))
    back = export(world["worker"], world["root"] / "back.zip", full=True)
    assert fmt.PLACES not in read_bundle(back)


def test_an_older_edition_arriving_later_is_kept_out(world: dict[str, Path]):
    older = _register_bundle(world, "older.zip")
    load(world["coordinator"], "Syria COD-AB (2025)", "2025-01-15", harim="Harem")
    newer = export(world["coordinator"], world["root"] / "newer.zip")
    assert merge(world["worker"], newer).places[0].code == "merge.places_received"
    summary = merge(world["worker"], older)
    assert summary.new == 1  # the records still merge
    (note,) = summary.places
    assert note.code == "merge.places_kept"
    assert "Syria COD-AB (2025)" in note and TITLE in note
    with Store.open(world["worker"]) as store:
        assert places.index(store).unit("SY0703").name == "Harem"  # type: ignore[union-attr]


def test_a_newer_edition_replaces_the_older(world: dict[str, Path]):
    merge(world["worker"], _register_bundle(world, "older.zip"))
    load(world["coordinator"], "Syria COD-AB (2025)", "2025-01-15", harim="Harem")
    merge(world["worker"], export(world["coordinator"], world["root"] / "newer.zip"))
    with Store.open(world["worker"]) as store:
        assert places.index(store).unit("SY0703").name == "Harem"  # type: ignore[union-attr]
        held = {e.title: e.replaced_at for e in places.editions(store) if e.source == "cod-ab"}
    assert held[TITLE] is not None and held["Syria COD-AB (2025)"] is None


def test_the_manifest_with_places_follows_the_schema(world: dict[str, Path]):
    manifest = json.loads(read_bundle(_register_bundle(world))[fmt.MANIFEST])
    manifest_schema.check_manifest_schema(manifest, "b.zip")
    Draft202012Validator(manifest_schema.schema()).validate(manifest)
    one = dict(manifest["files"])
    del one[fmt.PLACES]
    with pytest.raises(BundleError):
        manifest_schema.check_manifest_schema({**manifest, "files": one}, "b.zip")


def test_the_two_process_check_reads_the_register_too(world: dict[str, Path], monkeypatch, caplog):
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")
    caplog.set_level("INFO", logger="fieldapp.sync.verify")
    bundle = _register_bundle(world)
    with Store.open(world["worker"]) as store, verify_bundle(bundle, store) as verified:
        assert [p.title for p in verified.places] == [TITLE]
        assert len(verified.scratches) == 2, caplog.text  # the parallel path ran


# -- refusals: nothing is written ------------------------------------------------------------


def _refused(world: dict[str, Path], bundle: Path) -> BundleError:
    before = dump(world["worker"])
    with pytest.raises(BundleError) as caught:
        merge(world["worker"], bundle)
    assert dump(world["worker"]) == before
    assert _editions(world["worker"]) == []
    return caught.value


def _edit_places(rows: list[list[str]], column: str, pcode: str, value: str) -> list[list[str]]:
    at = rows[0].index(column)
    for row in rows[1:]:
        if row[1] == pcode:
            row[at] = value
    return rows


@pytest.mark.parametrize(("name", "code"), [("Hamah", "bundle.altered"),
                                            ("Aleppo", "bundle.size_altered")])  # fmt: skip
def test_a_tampered_places_csv_is_refused(world: dict[str, Path], name: str, code: str):
    bundle = _register_bundle(world)
    rows = _edit_places(csv_rows(read_bundle(bundle)[fmt.PLACES]), "name", "SY07", name)
    tampered = repack(bundle, world["root"] / "t.zip", files={fmt.PLACES: csv_bytes(rows)})
    error = _refused(world, tampered)
    assert error.code == code and "places.csv" in str(error)
    assert "signed manifest" in str(error) or "signed" in str(error)


def test_a_changed_register_signed_again_by_the_sender_is_refused(world: dict[str, Path]):
    """The bundle's signer re-signs the manifest over a changed unit: the edition's id no
    longer matches its content."""
    bundle = _register_bundle(world)
    rows = _edit_places(csv_rows(read_bundle(bundle)[fmt.PLACES]), "name", "SY07", "Aleppo")
    key = device_key(world["coordinator"])
    forged = repack(bundle, world["root"] / "f.zip", key, files={fmt.PLACES: csv_bytes(rows)})
    error = _refused(world, forged)
    assert error.code == "bundle.place_edition_altered"
    assert TITLE in str(error) and "changed after it was signed" in str(error)


def test_an_edition_with_a_new_id_but_the_old_signature_is_refused(world: dict[str, Path]):
    bundle = _register_bundle(world)
    contents = read_bundle(bundle)
    units = _edit_places(csv_rows(contents[fmt.PLACES]), "name", "SY07", "Aleppo")
    eds = csv_rows(contents[fmt.PLACE_EDITIONS])
    header, (row,) = eds[0], eds[1:]
    meta = dict(zip(header, row, strict=True))
    from fieldapp.sync.bundle.places import _unit_of

    edition = places.Edition(
        "", meta["source"], meta["title"], meta["valid_on"] or None, meta["loaded_at"],
        meta["device"], tuple(int(x) for x in meta["levels"].split(";")), int(meta["units"]),
    )  # fmt: skip
    new_id = places.edition_id(edition.meta(), [_unit_of(u) for u in units[1:]])
    for u in units[1:]:
        u[0] = new_id
    row[0] = new_id
    key = device_key(world["coordinator"])
    files = {fmt.PLACES: csv_bytes(units), fmt.PLACE_EDITIONS: csv_bytes([header, row])}
    error = _refused(world, repack(bundle, world["root"] / "f.zip", key, files=files))
    assert error.code == "bundle.place_signature_invalid"


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("pcode", "sy07"),
        ("level", "6"),
        ("parent", "not a code"),
        ("boundary", '{"type":"Point","coordinates":[36.5,35.9]}'),
        ("boundary", "{not json"),
        ("boundary", '{"type":"Polygon","coordinates":[[[36.2,35.4,9],[1,2],[3,4],[5,6]]]}'),
        ("latitude", "91.0"),
        ("alternates", '["Idlib", 5]'),
        ("name", ""),
    ],
)
def test_a_bad_cell_is_refused_naming_it(world: dict[str, Path], column: str, value: str):
    bundle = _register_bundle(world)
    rows = _edit_places(csv_rows(read_bundle(bundle)[fmt.PLACES]), column, "SY07", value)
    key = device_key(world["coordinator"])
    forged = repack(bundle, world["root"] / "f.zip", key, files={fmt.PLACES: csv_bytes(rows)})
    error = _refused(world, forged)
    assert error.code == "bundle.place_malformed"
    assert error.params["text"] == column


def test_one_register_file_without_the_other_is_refused(world: dict[str, Path]):
    bundle = _register_bundle(world)
    contents = read_bundle(bundle)
    del contents[fmt.PLACES]
    error = _refused(world, write_zip(world["root"] / "half.zip", contents))
    assert error.code == "bundle.entry_missing" and error.params["entry"] == fmt.PLACES


def test_a_format_3_bundle_cannot_carry_a_register(world: dict[str, Path]):
    bundle = _register_bundle(world)
    key = device_key(world["coordinator"])
    older = repack(bundle, world["root"] / "v3.zip", key,
                   manifest_edit=lambda m: m.update(format_version=3))  # fmt: skip
    error = _refused(world, older)
    assert error.code in ("bundle.manifest_malformed", "bundle.manifest_schema")
