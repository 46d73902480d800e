"""Revision ids are SHA-256 of the RFC 8785 canonical form, checked with the `rfc8785`
package; whole numbers are stored as integers; a revision an older fieldapp hashed with
Python's JSON (a household size of 5.0) keeps its id and still travels."""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from conftest import PASSPHRASE, copy_database
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bundle_refusals import valid_world
from test_sync_helpers import device_key, displacement, read_bundle, repack, revision_rows

from fieldapp.domain import revisions as revmod
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import LEGACY, RFC8785, Revision, canonical_json, form_of
from fieldapp.domain.validation import clean
from fieldapp.store import Store, signing
from fieldapp.sync import format as fmt
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle


def _rfc8785_id(rev: Any) -> str:
    content = {
        "v": revmod.FORMAT,
        "record": rev.record_id,
        "kind": rev.kind,
        "parents": sorted(rev.parents),
        "device": rev.device,
        "seq": rev.seq,
        "ts": rev.timestamp,
        "deleted": rev.deleted,
        "data": rev.data,
    }
    return hashlib.sha256(rfc8785.dumps(content)).hexdigest()


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(_json)
def test_canonical_json_is_rfc8785_for_any_json_value(value: object) -> None:
    try:
        expected = rfc8785.dumps(value).decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not JSON text at all
        return
    assert canonical_json(value) == expected


@pytest.mark.parametrize(
    "number, text",
    [(5.0, "5"), (0.0, "0"), (-0.0, "0"), (1e-05, "0.00001"), (1e16, "10000000000000000"),
     (36.2, "36.2"), (2.5e-8, "2.5e-8"), (5, "5")],
)  # fmt: skip
def test_numbers_are_written_as_rfc8785_writes_them(number: float, text: str) -> None:
    assert canonical_json({"n": number}) == '{"n":' + text + "}"


def test_whole_numbers_in_number_fields_are_stored_as_integers() -> None:
    values = clean(
        DISPLACEMENT,
        displacement(household_size="5.0", latitude="36", longitude=36.5, individuals=50),
    )
    assert values["household_size"] == 5 and values["household_size"].__class__ is int
    assert values["latitude"].__class__ is int and values["longitude"] == 36.5
    assert clean(DISPLACEMENT, displacement(household_size=5.5))["household_size"] == 5.5


def test_every_new_revision_id_is_the_rfc8785_hash(store: Store) -> None:
    a = store.add(DISPLACEMENT, displacement(household_size=5.0, latitude=35.0, longitude=36.6))
    b = store.add(INCIDENT, {**_strike(), "latitude": 0.00005, "longitude": 1e-05})
    store.edit(a, {"household_size": 6.0, "individuals": 600})
    rows = list(store.revisions_since(0))
    assert len(rows) == 3
    for row in rows:
        assert row.id == _rfc8785_id(row), row.record_id
        assert not revmod.has_whole_float(row.data)
    incident = next(r for r in rows if r.record_id == b)
    assert '"latitude":0.00005' in canonical_json(incident.data)


def _strike() -> dict[str, object]:
    return {
        "event_date": "2019-05-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": "Khan Shaykhun",
        "killed": 2,
    }


def test_a_legacy_id_is_python_json_and_differs_from_rfc8785() -> None:
    rev = Revision("r", DISPLACEMENT, (), "d" * 64, 1, "2019-05-14T00:00:00.000Z", False,
                   {"household_size": 5.0})  # fmt: skip
    assert rev.id_form() == LEGACY
    legacy = hashlib.sha256(revmod.legacy_json(rev.content()).encode()).hexdigest()
    assert rev.id == legacy != _rfc8785_id(rev)
    assert rev.data_json() == '{"household_size":5.0}'
    # an exponent-form number is settled by the stored text
    assert form_of({"x": 1e-05}, '{"x":1e-05}') == LEGACY
    assert form_of({"x": 1e-05}, '{"x":0.00001}') == RFC8785
    assert form_of({"x": 1.5}) == RFC8785


@pytest.fixture(scope="module")
def legacy_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A format-2 bundle from an older fieldapp: a displacement whose household size is
    stored as 5.0, its id the SHA-256 of Python's JSON, signed by its author."""
    world = valid_world(tmp_path_factory.mktemp("legacy"))
    key = device_key(world["field"])
    with Store.open(world["field"]) as store:
        device = store.device()
        assert device is not None
        values = clean(DISPLACEMENT, displacement(individuals=50, households=10))
        data = {**values, "household_size": 5.0}
        ts = "2019-05-20T08:00:00.000Z"
        rev = Revision(str(uuid.uuid4()), DISPLACEMENT, (), device.id, 10_000, ts, False, data)
        rev = replace(rev, signature=signing.sign(key, rev.id))
        store.apply_revisions([rev])
        export_bundle(store, world["root"] / "v3.zip", PASSPHRASE)
    repack(world["root"] / "v3.zip", world["root"] / "legacy.zip", key,
           manifest_edit=lambda m: m.update(format_version=2))  # fmt: skip
    world["legacy"] = world["root"] / "legacy.zip"
    world["legacy_id"] = rev.id  # type: ignore[assignment]
    return world


def test_a_format_2_bundle_with_a_legacy_id_merges_and_keeps_the_id(
    legacy_world: dict[str, Path], tmp_path: Path
) -> None:
    manifest = json.loads(read_bundle(legacy_world["legacy"])[fmt.MANIFEST])
    assert manifest["format_version"] == 2
    coordinator = tmp_path / "coordinator.db"
    copy_database(legacy_world["coordinator"], coordinator)
    with Store.open(coordinator) as store:
        merge_bundle(store, legacy_world["legacy"], trust_new=True)
    (rev,) = [r for r in revision_rows(coordinator) if r.id == legacy_world["legacy_id"]]
    assert rev.data["household_size"] == 5.0 and rev.data["household_size"].__class__ is float
    assert rev.id == rev.revision().id != _rfc8785_id(rev)  # kept, not rewritten

    # relayed by the coordinator in a format-3 bundle, it reaches a third database intact
    relay = tmp_path / "relay.zip"
    with Store.open(coordinator) as store:
        export_bundle(store, relay, PASSPHRASE)
    assert json.loads(read_bundle(relay)[fmt.MANIFEST])["format_version"] == fmt.FORMAT_VERSION
    third = tmp_path / "third.db"
    copy_database(legacy_world["intruder"], third)
    with Store.open(third) as store:
        merge_bundle(store, relay, trust_new=True)
    assert rev.id in {r.id for r in revision_rows(third)}

    # an edit of that record on the coordinator stores the whole number as an integer
    with Store.open(coordinator) as store:
        store.edit(rev.record_id, {"individuals": 500, "households": 100})
    (latest,) = [
        r for r in revision_rows(coordinator) if r.record_id == rev.record_id and r.id != rev.id
    ]
    assert latest.data["household_size"].__class__ is int
    assert latest.id == _rfc8785_id(latest)


def test_exponent_numbers_travel_in_rfc8785_form(tmp_path: Path) -> None:
    world = valid_world(tmp_path)
    with Store.open(world["field"]) as store:
        store.add(INCIDENT, {**_strike(), "latitude": 0.00005, "longitude": 36.5})
        export_bundle(store, tmp_path / "tiny.zip", PASSPHRASE)
    text = read_bundle(tmp_path / "tiny.zip")[fmt.REVISIONS].decode("utf-8-sig")
    assert '""latitude"":0.00005' in text and "5e-05" not in text
    with Store.open(world["coordinator"]) as store:
        merge_bundle(store, tmp_path / "tiny.zip", trust_new=True)
    rows = [r for r in revision_rows(world["coordinator"]) if r.data.get("latitude") == 0.00005]
    assert len(rows) == 1 and rows[0].id == _rfc8785_id(rows[0])
    assert math.isclose(rows[0].data["longitude"], 36.5)
