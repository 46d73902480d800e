"""A large import checks its rows in a second process while it writes them
(fieldapp/ops/import_pipeline.py). FIELDAPP_PARALLEL_IMPORT_MIN=1 drives that path with a
small file: the same records, refusals, rejected rows, re-imports and cancel as the
one-process path."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import copy_database

from fieldapp.domain.fields import INCIDENT, field_names
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.interchange import readers
from fieldapp.ops import import_pipeline, imports
from fieldapp.progress import Task
from fieldapp.store import Store
from fieldapp.store import imports as stored

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,location,fatalities\n"
ROWS = [
    f"SYR{n},{n % 28 + 1} May 2019,Explosions/Remote violence,Air/drone strike,Place {n},{n % 4}\n"
    for n in range(2500)  # two chunks and a bit
]


@pytest.fixture(autouse=True)
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_PARALLEL_IMPORT_MIN", "1")


def acled(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def dump(store: Store) -> list[str]:
    return list(store.db.iterdump())


def test_the_same_records_as_one_process(store: Store, tmp_path: Path) -> None:
    path = acled(tmp_path / "acled.csv", ROWS)
    mapping = imports.suggest_mapping(store, imports.inspect(path))
    assert mapping.layout == "acled"
    seen: list[tuple[int, int]] = []
    done = imports.run(store, path, mapping, task=Task(lambda d, t: seen.append((d, t))))
    assert len(done.created) == 2500 and seen[-1] == (2500, 2500)
    assert store.count(INCIDENT) == 2500
    kept = stored.provenance(store, done.created[1234])
    assert kept is not None and (kept.source_id, kept.row) == ("SYR1234", 1236)
    assert store.get(done.created[1234])["location"] == "Place 1234"  # type: ignore[index]
    again = imports.run(store, path, mapping)
    assert again.created == () and again.already == 2500


def stored_rows(store: Store) -> list[tuple[object, ...]]:
    """What an import stored, without what differs between two runs (ids, times, seqs):
    each revision's data text beside its record row, in file order."""
    names = field_names(INCIDENT)
    rows = store.db.execute(
        f"SELECT r.data, {', '.join(f'i.{n}' for n in names)} FROM revisions r"
        " JOIN incidents i ON i.revision = r.id ORDER BY r.seq"
    )
    return [tuple(row) for row in rows]


def test_the_second_process_stores_what_one_process_stores(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process makes each new row's stored data and revision text ahead
    (domain.revisions.Ready), and the writer stores it unchecked: byte for byte what the
    writer makes of the same rows itself, a whole-number coordinate (36.0 stored as 36)
    and a completed place included."""
    rows = [*ROWS[:40], "SYR9001,2 May 2019,Battles,Armed clash,Saraqib,1,Idlib,36.0,37\n"]
    header = HEADER.replace("\n", ",admin1,latitude,longitude\n")
    rows = [r if r.count(",") == 8 else r.replace("\n", ",,,\n") for r in rows]
    path = tmp_path / "acled.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    other = copy_database(db_path, tmp_path / "other.db")
    made = []
    for target, parallel in ((db_path, "1"), (other, "1000000")):
        monkeypatch.setenv("FIELDAPP_PARALLEL_IMPORT_MIN", parallel)
        with Store.open(target) as store:
            mapping = imports.suggest_mapping(store, imports.inspect(path))
            assert import_pipeline.wanted(len(rows)) is (parallel == "1")
            assert len(imports.run(store, path, mapping).created) == len(rows)
            made.append(stored_rows(store))
    assert made[0] == made[1] and len(made[0]) == len(rows)
    last = json.loads(made[0][-1][0])  # type: ignore[arg-type]
    assert (last["latitude"], last["longitude"]) == (36, 37)
    assert isinstance(last["latitude"], int) and last["admin1_pcode"] == "SY07"


def test_all_or_nothing_and_valid_rows(store: Store, tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[2100] = rows[2100].replace("May 2019", "Mai 2019")
    rows[5] = rows[5].replace(",1\n", ",-1\n")
    path = acled(tmp_path / "acled.csv", rows)
    mapping = imports.suggest_mapping(store, imports.inspect(path))
    before = dump(store)
    with pytest.raises(FieldappError) as caught:
        imports.run(store, path, mapping)
    assert caught.value.code == "import.invalid_rows"
    assert "row 7: killed: -1 is negative" in str(caught.value)
    assert "row 2102: event_date" in str(caught.value)
    assert dump(store) == before
    rejected = tmp_path / "rejected.csv"
    done = imports.run(store, path, mapping, mode="valid", rejected_to=rejected)
    assert len(done.created) == 2498 and done.rejected == 2
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[1].startswith("SYR5,") and lines[2].startswith("SYR2100,")


def test_cancel_writes_nothing_and_stops_the_second_process(store: Store, tmp_path: Path) -> None:
    path = acled(tmp_path / "acled.csv", ROWS)
    mapping = imports.suggest_mapping(store, imports.inspect(path))
    before = dump(store)
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        imports.run(store, path, mapping, task=Task(None, cancel))
    assert dump(store) == before
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "fieldapp-import"]


class _Sender:
    def __init__(self) -> None:
        self.sent: list[tuple[str, object]] = []

    def send(self, message: tuple[str, object]) -> None:
        self.sent.append(message)

    def close(self) -> None:
        pass


class _Never:
    def is_set(self) -> bool:
        return False


def test_the_second_process_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = acled(tmp_path / "acled.csv", ROWS[:3])
    table = readers.read(path)
    job = import_pipeline._Job(
        str(path), None, "0" * 64, imports.suggest(table.headers, table.tags), dt.date.today(), ()
    )
    sender = _Sender()
    import_pipeline._plan_worker(sender, job, _Never())
    ((status, error),) = sender.sent
    assert status == "error" and isinstance(error, FieldappError)
    assert error.code == "import.worker_failed" and "the file changed" in str(error)
    job = import_pipeline._Job(
        str(path),
        None,
        table.sha256,
        imports.suggest(table.headers, table.tags),
        dt.date.today(),
        (),
    )
    sender = _Sender()
    import_pipeline._plan_worker(sender, job, _Never())
    assert [s for s, _ in sender.sent] == ["rows", "end"] and len(sender.sent[0][1]) == 3  # type: ignore[arg-type]


def test_a_mapping_that_does_not_fit_is_refused_before_the_second_process(
    store: Store, tmp_path: Path
) -> None:
    path = acled(tmp_path / "acled.csv", ROWS[:3])
    for mapping, code in (
        (imports.Mapping(INCIDENT, {"nope": "location"}), "import.unknown_column"),
        (imports.Mapping(INCIDENT, {}), "import.nothing_mapped"),
    ):
        with pytest.raises(FieldappError) as caught:
            imports.run(store, path, mapping)
        assert caught.value.code == code


def test_a_busy_machine_keeps_to_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDAPP_PARALLEL_IMPORT_MIN")
    monkeypatch.setattr(import_pipeline.os, "cpu_count", lambda: 2)
    assert not import_pipeline.wanted(19_999)
    monkeypatch.setattr(import_pipeline, "idle_cores", lambda: 1.6)
    assert import_pipeline.wanted(20_000)  # measured now: a core and more idle
    monkeypatch.setattr(import_pipeline, "idle_cores", lambda: 0.3)
    assert not import_pipeline.wanted(20_000)
    monkeypatch.setattr(import_pipeline, "idle_cores", lambda: None)  # no /proc/stat
    monkeypatch.setattr(import_pipeline.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert import_pipeline.wanted(20_000)  # this import alone: a core is free
    monkeypatch.setattr(import_pipeline.os, "getloadavg", lambda: (2.3, 2.0, 2.0))
    assert not import_pipeline.wanted(100_000)


def test_idle_cores_are_measured_from_proc_stat(tmp_path: Path) -> None:
    idle = import_pipeline.idle_cores(0.05)
    if Path("/proc/stat").exists():
        assert idle is not None and 0 <= idle <= (os.cpu_count() or 1) + 0.01
    assert import_pipeline.idle_cores(0.01, str(tmp_path / "missing")) is None
    (tmp_path / "stat").write_text("cpu  x y\n")
    assert import_pipeline.idle_cores(0.01, str(tmp_path / "stat")) is None
