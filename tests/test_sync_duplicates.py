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

from fieldapp.curation import duplicates as dup
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.store import Filter, Store
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
        link = store.db.execute("SELECT relation, kept FROM duplicate_links").fetchone()
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


def test_exact_copies_are_merged_in_one_step_chains_included(coord: Path, devices, tmp_path):
    amal = devices.new(tmp_path, "Amal")
    with Store.open(amal) as store:
        first = store.add(INCIDENT, incident(notes="typed by Amal"))
        export_bundle(store, tmp_path / "amal.zip", PASSPHRASE)
    with Store.open(coord) as store:
        merge_bundle(store, tmp_path / "amal.zip", trust_new=True)
        second = store.add(
            INCIDENT, incident(notes="typed by Amal")
        )  # the same event, typed in again here
        third = store.add(INCIDENT, incident(notes="typed by Amal"))
        near = store.add(
            INCIDENT, incident(notes="typed by Amal", killed=9)
        )  # differs: a person decides
        found = dup.classify(store, dup.find_duplicates(store))
        by_pair = {frozenset((c.a, c.b)): c for c in found}
        assert len(found) == 6
        assert by_pair[frozenset((first, second))].exact
        assert not by_pair[frozenset((first, near))].exact
        pair = by_pair[frozenset((first, second))]
        senders = {pair.a: pair.sender_a, pair.b: pair.sender_b}
        assert senders[first] == "Amal · Idlib Response Network"
        assert senders[second] == "Coordinator · OCHA"
        before = store.revision_count()
        result = dup.merge_exact(store, found)
        assert result.done == 2  # three copies: two merges into one survivor
        assert {why for _c, why in result.skipped} == {"not exact"}
        alive = [r for r in (first, second, third) if store.get(r) is not None]
        assert len(alive) == 1
        assert store.get(near) is not None
        assert store.revision_count() == before + 2 * 3  # each merge: keep, note, delete
        left = dup.find_duplicates(store)
        assert [frozenset((c.a, c.b)) for c in left] == [frozenset((alive[0], near))]


def test_a_failing_bulk_merge_writes_nothing(coord: Path, monkeypatch):
    with Store.open(coord) as store:
        add(store)
        add(store)
        add(store, event_date="2019-05-15", location="Ariha", latitude=35.81, longitude=36.61)
        add(store, event_date="2019-05-15", location="Ariha", latitude=35.81, longitude=36.61)
        found = dup.find_duplicates(store)
        before = store.revision_count()
        calls = []
        real = dup.merge_duplicates

        def flaky(store, keep, other, take=()):
            calls.append(other)
            if len(calls) == 2:
                raise dup.FieldappError("disk full")
            return real(store, keep, other, take)

        monkeypatch.setattr(dup, "merge_duplicates", flaky)
        with pytest.raises(dup.FieldappError):
            dup.merge_exact(store, found)
        assert len(calls) == 2 and store.revision_count() == before
        assert len(dup.find_duplicates(store)) == len(found)


def test_mark_distinct_and_the_cli_bulk_commands(coord: Path):
    with Store.open(coord) as store:
        a, b = add(store), add(store)
        c = add(store, killed=3, event_date="2019-05-20")
        d = add(store, killed=4, event_date="2019-05-20")
        scoped = dup.find_duplicates(store, flt=Filter(date_from="2019-05-20"))
        assert [frozenset((x.a, x.b)) for x in scoped] == [frozenset((c, d))]
    merged = run_cli("--db", coord, "duplicates", "merge-exact")
    assert merged.code == 0, merged.err
    assert "Merged 1 exact duplicate pair(s)" in merged.out
    assert "1 other pair(s) need a person" in merged.out
    with Store.open(coord) as store:
        assert (store.get(a) is None) != (store.get(b) is None)
    refused = run_cli("--db", coord, "duplicates", "mark-distinct")
    assert refused.code != 0 and "--yes" in refused.err
    marked = run_cli("--db", coord, "duplicates", "mark-distinct", "--yes")
    assert marked.code == 0 and "Marked 1 pair(s) as different events" in marked.out
    assert "No possible duplicates." in run_cli("--db", coord, "duplicates", "list").out
    with Store.open(coord) as store:
        assert dup.find_duplicates(store, include_linked=True)[0].link == "distinct"
