"""Possible duplicates: found like a careful person would, decided once, merged without
losing either history."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from test_sync_helpers import (
    Devices,
    assert_consistent,
    device_factory,
    displacement,
    incident,
    state,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Store
from fieldapp.sync import duplicates as dup
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle

STRIKE = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"


@pytest.fixture
def devices() -> Devices:
    return device_factory()


@pytest.fixture
def coord(devices: Devices, tmp_path: Path) -> Path:
    return devices.new(tmp_path, "Coordinator", "OCHA")


def add(store: Store, **changes) -> str:
    return store.add(INCIDENT, incident(notes=None, **changes))


def test_finds_nearby_and_same_name_pairs_only(coord: Path):
    with Store.open(coord) as store:
        a = add(store, event_date="2019-05-14", latitude=35.4417, longitude=36.6481)
        near = add(
            store, event_date="2019-05-13", latitude=35.4500, longitude=36.6500, location="Al Habit"
        )
        named = add(
            store,
            event_date="2019-05-14",
            latitude=35.55,
            longitude=36.75,
            location="KHAN  shaykhun - خان شيخون",
        )
        add(store, event_date="2019-05-16", latitude=35.4417, longitude=36.6481)  # 2 days
        add(
            store,
            event_date="2019-05-14",
            sub_event_type=SHELLING,
            latitude=35.4417,
            longitude=36.6481,
        )  # another type
        add(store, event_date="2019-05-14", latitude=35.50, longitude=36.70, location="Elsewhere")
        found = dup.find_duplicates(store)
    pairs = {frozenset((c.a, c.b)): c for c in found}
    assert frozenset((a, near)) in pairs
    assert not pairs[frozenset((a, near))].same_name
    assert 0.5 < pairs[frozenset((a, near))].distance_km < 2
    assert frozenset((a, named)) in pairs and pairs[frozenset((a, named))].same_name
    assert len(pairs) == 2, [(c.location_a, c.location_b) for c in found]


def test_displacement_reports_pair_by_direction(coord: Path):
    with Store.open(coord) as store:
        x = store.add(DISPLACEMENT, displacement())
        y = store.add(DISPLACEMENT, displacement(report_date="2019-05-21", individuals=6500))
        store.add(DISPLACEMENT, displacement(direction="arrived"))
        found = dup.find_duplicates(store, DISPLACEMENT)
    assert [(c.a, c.b) for c in found] == [tuple(sorted((x, y)))]


def test_matches_a_brute_force_search(coord: Path):
    """The grid and the date window find exactly what comparing every pair finds."""
    rng = random.Random(7)
    with Store.open(coord) as store:
        rows = []
        for _ in range(300):
            day = dt.date(2019, 5, 1) + dt.timedelta(days=rng.randrange(20))
            rows.append(
                incident(
                    notes=None,
                    event_date=day.isoformat(),
                    sub_event_type=rng.choice([STRIKE, SHELLING]),
                    event_type="Explosions/Remote violence",
                    latitude=round(35.0 + rng.random() * 0.4, 5),
                    longitude=round(36.5 + rng.random() * 0.4, 5),
                    location=rng.choice(["Ariha", "ariha", "Kafr Nabl", "Saraqib", "X", "Y", "Z"])
                    + str(rng.randrange(40)),
                )
            )
        store.add_many(INCIDENT, rows)
        records = store.query(INCIDENT)
        found = {(c.a, c.b) for c in dup.find_duplicates(store, km=2.5)}
    expected = set()
    for i, p in enumerate(records):
        for q in records[i + 1 :]:
            if p["sub_event_type"] != q["sub_event_type"]:
                continue
            gap = abs(
                dt.date.fromisoformat(p["event_date"]) - dt.date.fromisoformat(q["event_date"])
            )
            if gap.days > 1:
                continue
            close = (
                dup.haversine_km(p["latitude"], p["longitude"], q["latitude"], q["longitude"])
                <= 2.5
            )
            same = dup.normalise_place(p["location"]) == dup.normalise_place(q["location"])
            if close or same:
                expected.add(tuple(sorted((p["id"], q["id"]))))
    assert found == expected and len(expected) > 20


def test_links_hide_decided_pairs(coord: Path):
    with Store.open(coord) as store:
        a = add(store)
        b = add(store, event_date="2019-05-15")
    listing = run_cli("--db", coord, "duplicates", "list")
    assert a[:8] in listing.out and b[:8] in listing.out
    assert run_cli("--db", coord, "duplicates", "link", a, b[:8], "--distinct").code == 0
    assert "No possible duplicates." in run_cli("--db", coord, "duplicates", "list").out
    shown = json.loads(
        run_cli("--db", coord, "duplicates", "list", "--all", "--format", "json").out
    )
    assert shown[0]["link"] == "distinct"
    assert run_cli("--db", coord, "duplicates", "link", a, b, "--none").code == 0
    assert a[:8] in run_cli("--db", coord, "duplicates", "list").out


def test_merge_keeps_both_histories_and_travels(coord: Path, devices: Devices, tmp_path: Path):
    with Store.open(coord) as store:
        keep = add(store, injured=None, targets=["school"])
        other = store.add(
            INCIDENT,
            incident(event_date="2019-05-15", injured=14, targets=["mosque"], notes="From Basel"),
        )
        cause = store.add(DISPLACEMENT, displacement(cause_incidents=[other]))
    result = run_cli("--db", coord, "duplicates", "merge", keep[:8], other[:8])
    assert result.code == 0, result.err
    assert "both histories are kept" in result.out and "1 displacement report" in result.out
    with Store.open(coord) as store:
        kept = store.get(keep)
        assert kept["injured"] == 14  # a blank filled from the other report
        assert kept["targets"] == ["mosque", "school"]
        assert kept["event_date"] == "2019-05-14"  # the survivor's own values win
        assert f"Merged duplicate record {other}" in kept["notes"]
        assert store.get(other) is None
        history = store.history(other)
        assert [r.deleted for r in history] == [False, False, True]
        assert f"Merged into record {keep}" in history[-1].data["notes"]
        assert history[0].data["notes"] == "From Basel"
        assert len(store.history(keep)) == 2
        assert store.get(cause)["cause_incidents"] == [keep]
        link = store.conn.execute("SELECT relation, kept FROM duplicate_links").fetchone()
        assert link == ("merged", keep)
        assert dup.find_duplicates(store) == []
        export_bundle(store, tmp_path / "c.zip", PASSPHRASE, full=True)
    elsewhere = devices.new(tmp_path, "Coord2", "UNHCR")
    with Store.open(elsewhere) as store:
        merge_bundle(store, tmp_path / "c.zip", trust_new=True)
    assert state(elsewhere) == state(coord)
    assert_consistent(elsewhere)


def test_merge_takes_chosen_fields_and_refuses_nonsense(coord: Path):
    with Store.open(coord) as store:
        keep = add(store, killed=2)
        other = add(store, killed=5, event_date="2019-05-15")
        inc = add(store, event_date="2018-01-01")
        disp = store.add(DISPLACEMENT, displacement())
    bad = run_cli("--db", coord, "duplicates", "merge", keep, disp)
    assert bad.code != 0 and "same kind" in bad.err
    bad = run_cli("--db", coord, "duplicates", "merge", keep, keep)
    assert bad.code != 0 and "two different records" in bad.err
    bad = run_cli("--db", coord, "duplicates", "merge", keep, other, "--take", "colour")
    assert bad.code != 0 and "not a field" in bad.err
    ok = run_cli("--db", coord, "duplicates", "merge", keep, other, "--take", "killed")
    assert ok.code == 0, ok.err
    with Store.open(coord) as store:
        assert store.get(keep)["killed"] == 5
        assert store.get(inc) is not None
