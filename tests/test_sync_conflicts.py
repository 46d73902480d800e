"""Two field workers change the same record: every coordinator sees the same conflict and
the same provisional winner; resolving on one coordinator and exchanging bundles makes all
of them converge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from test_sync_helpers import Devices, assert_consistent, device_factory, incident, state

from fieldapp.curation import conflicts
from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import FieldappError
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle


def export(db: Path, out: Path, **kw) -> Path:
    with Store.open(db) as store:
        export_bundle(store, out, PASSPHRASE, **kw)
    return out


def merge(db: Path, *bundles: Path) -> None:
    with Store.open(db) as store:
        for bundle in bundles:
            merge_bundle(store, bundle, trust_new=True)


@pytest.fixture
def devices() -> Devices:
    return device_factory()


@pytest.fixture
def split(devices: Devices, tmp_path: Path) -> dict:
    """Amal creates a record; Basel receives it; both change it without seeing the other."""
    amal = devices.new(tmp_path, "Amal")
    basel = devices.new(tmp_path, "Basel")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident(notes="first report"))
        store.add(INCIDENT, incident(location="Ariha", event_date="2019-05-10"))
    a1 = export(amal, tmp_path / "a1.zip")
    merge(basel, a1)
    with Store.open(amal) as store:
        store.edit(record, {"killed": 4, "injured": 15})
    with Store.open(basel) as store:
        store.edit(record, {"killed": 7, "notes": "hospital confirms seven"})
    return {
        "amal": amal,
        "basel": basel,
        "record": record,
        "a1": a1,
        "a2": export(amal, tmp_path / "a2.zip"),
        "b1": export(basel, tmp_path / "b1.zip"),
    }


def test_conflict_detected_identically_on_two_coordinators(split, devices, tmp_path):
    c1 = devices.new(tmp_path, "Coord1", "OCHA")
    c2 = devices.new(tmp_path, "Coord2", "UNHCR")
    merge(c1, split["a1"], split["a2"], split["b1"])
    merge(c2, split["b1"], split["a2"], split["a1"])
    for coord in (c1, c2):
        with Store.open(coord) as store:
            assert store.conflicts() == [split["record"]]
        assert_consistent(coord)
    assert state(c1) == state(c2)  # the same provisional winner everywhere

    result = run_cli("--db", c1, "conflicts")
    assert result.code == 0
    assert f"Record {split['record']} (incident): 2 competing versions" in result.out
    lines = result.out.splitlines()
    killed = next(line for line in lines if line.startswith("killed"))
    assert "4" in killed and "7" in killed
    assert any(line.startswith("author") and "Amal" in line and "Basel" in line for line in lines)
    assert any(line.startswith("notes") for line in lines)
    data = json.loads(run_cli("--db", c1, "conflicts", "--format", "json").out)
    assert data[0]["differing"] == ["killed", "injured", "notes"]  # form order
    assert sum(v["provisional"] for v in data[0]["versions"]) == 1


def test_resolution_travels_and_everyone_converges(split, devices, tmp_path):
    c1 = devices.new(tmp_path, "Coord1", "OCHA")
    c2 = devices.new(tmp_path, "Coord2", "UNHCR")
    merge(c1, split["a1"], split["a2"], split["b1"])
    merge(c2, split["b1"], split["a1"], split["a2"])
    record = split["record"]
    with Store.open(c1) as store:
        basel_version = next(h for h in store.heads(record) if h.data["killed"] == 7)
    result = run_cli("--db", c1, "resolve", record[:8], "--take", basel_version.id[:10])
    assert result.code == 0, result.err
    with Store.open(c1) as store:
        assert store.conflicts() == []
        assert store.get(record)["killed"] == 7
        assert len(store.heads(record)[0].parents) == 2

    merge(c2, export(c1, tmp_path / "c1.zip"))
    assert state(c2) == state(c1)
    merge(c1, export(c2, tmp_path / "c2.zip", full=True))
    assert state(c1) == state(c2)
    for field in ("amal", "basel"):
        merge(split[field], tmp_path / "c1.zip")
        with Store.open(split[field]) as store:
            assert store.conflicts() == [] and store.get(record)["killed"] == 7
    assert state(split["amal"]) == state(c1)
    assert_consistent(c1)


def test_field_by_field_resolution(split, devices, tmp_path):
    coord = devices.new(tmp_path, "Coord1", "OCHA")
    merge(coord, split["a1"], split["a2"], split["b1"])
    record = split["record"]
    with Store.open(coord) as store:
        heads = store.heads(record)
    amal = next(h for h in heads if h.data["killed"] == 4)
    basel = next(h for h in heads if h.data["killed"] == 7)
    result = run_cli(
        "--db",
        coord,
        "resolve",
        record,
        "--take",
        basel.id[:12],
        "--pick",
        f"injured={amal.id[:12]}",
    )
    assert result.code == 0, result.err
    with Store.open(coord) as store:
        current = store.get(record)
        assert (current["killed"], current["injured"]) == (7, 15)
        assert current["notes"] == "hospital confirms seven"
        assert store.conflicts() == []
    bad = run_cli("--db", coord, "resolve", record, "--take", "abc")
    assert bad.code != 0 and "no conflict" in bad.err


def test_delete_against_edit_is_a_conflict_the_coordinator_decides(devices, tmp_path):
    amal = devices.new(tmp_path, "Amal")
    basel = devices.new(tmp_path, "Basel")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident())
    merge(basel, export(amal, tmp_path / "a1.zip"))
    with Store.open(amal) as store:
        store.delete(record)
    with Store.open(basel) as store:
        store.edit(record, {"killed": 9})
    coord = devices.new(tmp_path, "Coord1", "OCHA")
    merge(coord, tmp_path / "a1.zip", export(amal, tmp_path / "a2.zip"))
    merge(coord, export(basel, tmp_path / "b1.zip"))
    listing = run_cli("--db", coord, "conflicts")
    assert any(line.startswith("deleted") and "yes" in line for line in listing.out.splitlines())
    with Store.open(coord) as store:
        found = conflicts.conflict(store, record)
        tombstone = next(v for v in found.versions if v.revision.deleted)
        with pytest.raises(FieldappError, match="is a deletion"):
            conflicts.resolve(store, record, picks={"killed": tombstone.id})
        conflicts.resolve(store, record, take=tombstone.id)
        assert store.get(record) is None and store.conflicts() == []
    merge(basel, export(coord, tmp_path / "c.zip"))
    with Store.open(basel) as store:
        assert store.get(record) is None
    assert state(basel) == state(coord)


def test_no_conflicts_message(devices, tmp_path):
    coord = devices.new(tmp_path, "Coord1", "OCHA")
    result = run_cli("--db", coord, "conflicts")
    assert result.code == 0 and "No conflicts." in result.out
