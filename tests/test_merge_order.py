"""A merge stores record rows in date order (fieldapp.store.bulk), whatever order the bundle
brings them in (record ids: random), so a stretch of dates sits on a few pages of the file.

Driven with small bundles: BULK_MIN and ROWS_PER_SWEEP are lowered so that a bulk merge of
a few dozen records takes the bulk path in several sweeps, and FIELDAPP_PARALLEL_VERIFY_MIN
sends the bundle through the two-process verification (two scratch copies to interleave).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, copy_database
from test_sync_helpers import device_factory, displacement, dump, incident

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.messages import Message
from fieldapp.store import Store, bulk
from fieldapp.sync import verify
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle, merge_verified

DAYS = 900


def _day(rng: random.Random) -> str:
    return (dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(DAYS))).isoformat()


def _add(store: Store, rng: random.Random, count: int, note: str) -> None:
    """`count` records, 2 in 3 incidents, in random date order (as a device's may be)."""
    for i in range(count):
        day = _day(rng)
        if i % 3:
            store.add(INCIDENT, incident(event_date=day, notes=f"{note} {i}"))
        else:
            end = (dt.date.fromisoformat(day) + dt.timedelta(days=6)).isoformat()
            store.add(DISPLACEMENT, displacement(report_date=day, period_end=end))


def _rows(db: Path, table: str, date: str, after: int = 0) -> list[tuple[Any, ...]]:
    """The rows of a table in storage order (n): (date, id)."""
    with Store.open(db) as store:
        return store.db.execute(
            f"SELECT {date}, id FROM {table} WHERE n > ? ORDER BY n", (after,)
        ).fetchall()


def _sorted_by_date(rows: list[tuple[Any, ...]]) -> bool:
    return all(a[0] <= b[0] for a, b in itertools.pairwise(rows))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A field device with 90 records in random date order, its full bundle, a later
    bundle of 30 more, and an empty coordinator."""
    root = tmp_path_factory.mktemp("merge-order")
    devices = device_factory()
    field = devices.new(root, "Amal")
    rng = random.Random(13)
    with Store.open(field) as store:
        _add(store, rng, 90, "first")
        export_bundle(store, root / "first.zip", PASSPHRASE)
        _add(store, rng, 30, "later")
        export_bundle(store, root / "later.zip", PASSPHRASE)
    return {
        "root": root,
        "field": field,
        "coordinator": devices.new(root, "Coordinator", "OCHA"),
        "first": root / "first.zip",
        "later": root / "later.zip",
    }


@pytest.fixture
def bulk_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk path from 20 records, 7 rows a sweep, both verification processes."""
    monkeypatch.setattr(bulk, "BULK_MIN", 20)
    monkeypatch.setattr(bulk, "ROWS_PER_SWEEP", 7)
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1")


def test_a_bulk_merge_stores_the_rows_in_date_order(
    world: dict[str, Path], tmp_path: Path, bulk_small: None
) -> None:
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    with Store.open(coordinator) as store:
        verified = verify.verify_bundle(world["first"], store)
        assert len(verified.scratches) == 2  # two parts to interleave
        summary = merge_verified(store, verified, trust_new=True)
        verified.close()
    assert summary.new == 90
    incidents = _rows(coordinator, "incidents", "event_date")
    displacements = _rows(coordinator, "displacements", "report_date")
    assert (len(incidents), len(displacements)) == (60, 30)
    assert _sorted_by_date(incidents) and _sorted_by_date(displacements)
    # The bundle's order (record ids) is not the date order: the sort did something.
    assert [i for _, i in incidents] != sorted(i for _, i in incidents)


def _by_id(db: Path, table: str, where: str = "") -> dict[str, tuple[Any, ...]]:
    """Every column of a table's rows but the local row number `n`, by record id."""
    with Store.open(db) as store:
        cur = store.db.execute(f"SELECT * FROM {table} {where}")
        names = [d[0] for d in cur.description]
        keep = [i for i, name in enumerate(names) if name != "n"]
        return {row[names.index("id")]: tuple(row[i] for i in keep) for row in cur}


def test_a_bulk_merge_copies_every_row_as_the_device_holds_it(
    world: dict[str, Path], tmp_path: Path, bulk_small: None
) -> None:
    """Every column (the tail from the revision included) of both kinds, as on the device
    when it wrote the first bundle (its first 60 incidents and 30 displacement reports)."""
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    with Store.open(coordinator) as store:
        merge_bundle(store, world["first"], trust_new=True)
    for table, first in (("incidents", "notes LIKE 'first%'"), ("displacements", "n <= 30")):
        want = _by_id(world["field"], table, f"WHERE {first}")
        assert len(want) == (60 if table == "incidents" else 30)
        assert _by_id(coordinator, table) == want


def test_a_merge_into_a_fuller_database_adds_its_rows_in_date_order(
    world: dict[str, Path], tmp_path: Path
) -> None:
    """Not the bulk path (the database already holds more than the bundle brings): each
    chunk's new rows go in by date, after the rows already there. (One chunk here: a
    bundle this small is verified in one part.)"""
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    with Store.open(coordinator) as store:
        merge_bundle(store, world["first"], trust_new=True)
        before = store.db.execute("SELECT max(n) FROM incidents").fetchone()[0]
        summary = merge_bundle(store, world["later"], trust_new=True)
    assert summary.new == 30
    added = _rows(coordinator, "incidents", "event_date", after=before)
    assert len(added) == 20
    assert _sorted_by_date(added)


def test_a_merge_cancelled_while_copying_rows_by_date_changes_nothing(
    world: dict[str, Path], tmp_path: Path, bulk_small: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    before = dump(coordinator)
    sweeps = 0
    real = bulk._insert_rows_by_date

    def counting(store: Store, schemas: list[str], tick: Any) -> None:
        def counted(count: int) -> None:
            nonlocal sweeps
            sweeps += 1
            if sweeps == 3:  # the third sweep's tick: rows half copied
                raise Cancelled(Message("merge.cancelled"))
            tick(count)

        real(store, schemas, counted)

    monkeypatch.setattr(bulk, "_insert_rows_by_date", counting)
    with Store.open(coordinator) as store, pytest.raises(Cancelled):
        merge_bundle(store, world["first"], trust_new=True)
    assert sweeps == 3
    assert dump(coordinator) == before


def test_an_encrypted_bulk_merge_stores_the_rows_in_date_order(
    world: dict[str, Path], tmp_path: Path, bulk_small: None
) -> None:
    """The same through encrypted scratch copies into an encrypted database."""
    db = tmp_path / "enc.db"
    with Store.open(db, encrypt=True, passphrase=PASSPHRASE) as store:
        save_identity(store, create_identity("Coordinator", "OCHA", PASSPHRASE, n=2**10))
        summary = merge_bundle(store, world["first"], trust_new=True)
        rows = store.db.execute("SELECT event_date FROM incidents ORDER BY n").fetchall()
    assert summary.new == 90
    assert len(rows) == 60 and _sorted_by_date(rows)


def test_a_bulk_merge_reports_progress_while_it_copies_and_indexes(
    world: dict[str, Path], tmp_path: Path, bulk_small: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third of the revisions is reported as their revisions are copied, a third as
    their rows are copied by date, a third as the indexes are put back: the bar moves
    through the sweeps and the rebuild and ends at the total, never going back."""
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    seen: list[tuple[int, int]] = []
    marks: dict[str, int] = {}
    real = bulk._insert_rows_by_date

    def marked(store: Store, schemas: list[str], tick: Any) -> None:
        marks["before"] = len(seen)
        real(store, schemas, tick)
        marks["after"] = len(seen)

    monkeypatch.setattr(bulk, "_insert_rows_by_date", marked)
    with Store.open(coordinator) as store:
        verified = verify.verify_bundle(world["first"], store)
        merge_verified(store, verified, trust_new=True, progress=lambda d, t: seen.append((d, t)))
        verified.close()
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1] == (90, 90)
    before, after = seen[marks["before"] - 1][0], seen[marks["after"] - 1][0]
    assert 28 <= before <= 30  # a third of each chunk's revisions (rounded down per chunk)
    assert 56 <= after <= 60
    sweeping = done[marks["before"] : marks["after"]]
    assert len(sweeping) >= 90 // 7 and len(set(sweeping)) > 3  # one step per sweep of 7 rows
    rebuilding = done[marks["after"] :]
    assert len(set(rebuilding)) > 10  # a step per index put back (there are 20 and more)


def test_a_cancel_while_the_indexes_are_rebuilt_changes_nothing(
    world: dict[str, Path], tmp_path: Path, bulk_small: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel is honoured between two indexes put back; the schema comes back with the
    rows (every index and full-text trigger as before), all in the rolled-back
    transaction."""
    coordinator = copy_database(world["coordinator"], tmp_path / "c.db")
    before = dump(coordinator)
    with Store.open(coordinator) as store:
        schema = store.db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        schema_before = schema.fetchall()
    rebuilding: list[int] = []
    real = bulk._insert_rows_by_date

    def then_cancel(store: Store, schemas: list[str], tick: Any) -> None:
        real(store, schemas, tick)
        rebuilding.append(0)  # from here on each progress call is an index put back

    def progress(done: int, total: int) -> None:
        if rebuilding:
            rebuilding[0] += 1

    monkeypatch.setattr(bulk, "_insert_rows_by_date", then_cancel)
    with Store.open(coordinator) as store, pytest.raises(Cancelled):
        merge_bundle(
            store,
            world["first"],
            trust_new=True,
            progress=progress,
            cancel=lambda: bool(rebuilding) and rebuilding[0] >= 5,
        )
    assert rebuilding == [5]
    assert dump(coordinator) == before
    with Store.open(coordinator) as store:
        schema = store.db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        assert schema.fetchall() == schema_before
