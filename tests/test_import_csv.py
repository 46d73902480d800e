"""Importing a plain CSV through fieldapp.ops.imports: inspect, mapping, dry run, run in both
modes, re-import, provenance, dates and counts refused with their row numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.domain.fields import INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import imports
from fieldapp.progress import Task
from fieldapp.store import Store
from fieldapp.store import imports as stored

HEADER = "Date,Sub-event type,Location,Admin 1 (governorate),Killed,Targets\n"
GOOD = (
    "2019-05-14,Air/drone strike,Saraqib,idleb,3,school;residential\n"
    "14 May 2019,Shelling/artillery/missile attack,Ariha,Idlib,0,\n"
    "2019-05-15T10:30:00+03:00,Air/drone strike,Kafr Nabl,Idlib,1,\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def dump(store: Store) -> list[str]:
    return list(store.db.iterdump())


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path / "good.csv", HEADER + GOOD)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write(
        tmp_path / "mixed.csv",
        HEADER
        + GOOD
        + "14/05/2019,Air/drone strike,Maarrat,Idlib,2,\n"
        + "2019-05-16,Air/drone strike,Khan Shaykhun,Idlib,-4,\n",
    )


def test_inspect_and_suggest_a_mapping_from_labels_and_names(store: Store, good: Path) -> None:
    found = imports.inspect(good)
    assert found.headers[:3] == ("Date", "Sub-event type", "Location")
    assert found.rows == 3 and found.sheet is None and found.sheets == ()
    assert found.sample[0][2] == "Saraqib"
    mapping = imports.suggest_mapping(store, found)
    assert mapping.kind == INCIDENT
    assert mapping.columns == {
        "Date": "event_date",
        "Sub-event type": "sub_event_type",
        "Location": "location",
        "Admin 1 (governorate)": "admin1",
        "Killed": "killed",
        "Targets": "targets",
    }


def test_dry_run_shows_each_row_and_writes_nothing(store: Store, mixed: Path) -> None:
    before = dump(store)
    mapping = imports.suggest_mapping(store, imports.inspect(mixed))
    preview = imports.preview(store, mixed, mapping)
    assert dump(store) == before
    assert preview.counts() == {"new": 3, "already imported": 0, "invalid": 2}
    by_row = {r.row: r for r in preview.rows}
    assert by_row[2].values["event_date"] == "2019-05-14"
    assert by_row[2].values["admin1"] == "Idleb" and by_row[2].values["admin1_pcode"] == "SY07"
    assert by_row[2].values["targets"] == ["residential", "school"]
    assert by_row[3].values["event_date"] == "2019-05-14"  # 14 May 2019
    assert by_row[4].values["event_date"] == "2019-05-15"  # the date as written there
    assert by_row[5].status == "invalid"
    assert by_row[5].messages == (
        "event_date: '14/05/2019' is not a date; write it as YYYY-MM-DD, e.g. 2019-05-14",
    )
    assert by_row[6].messages == ("killed: -4 is negative; counts start at 0",)


def test_all_or_nothing_names_the_first_bad_rows_and_writes_nothing(
    store: Store, mixed: Path
) -> None:
    before = dump(store)
    mapping = imports.suggest_mapping(store, imports.inspect(mixed))
    with pytest.raises(FieldappError) as caught:
        imports.run(store, mixed, mapping)
    assert caught.value.code == "import.invalid_rows"
    assert "row 5: event_date" in str(caught.value) and "row 6: killed" in str(caught.value)
    assert dump(store) == before


def test_valid_rows_are_imported_and_the_rejected_written_beside(
    store: Store, mixed: Path, tmp_path: Path
) -> None:
    mapping = imports.suggest_mapping(store, imports.inspect(mixed))
    rejected = tmp_path / "rejected.csv"
    done = imports.run(store, mixed, mapping, mode="valid", rejected_to=rejected)
    assert len(done.created) == 3 and done.rejected == 2 and done.rejected_file == rejected
    assert store.count(INCIDENT) == 3
    lines = rejected.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == HEADER.strip() + ",errors"
    assert lines[1].startswith("14/05/2019,Air/drone strike,Maarrat,Idlib,2,,")
    assert "is not a date" in lines[1] and "is negative" in lines[2]
    # The rejected file, corrected, imports.
    fixed = rejected.read_text(encoding="utf-8-sig").replace("14/05/2019", "2019-05-14")
    fixed = fixed.replace(",-4,", ",4,")
    again = write(tmp_path / "fixed.csv", fixed)
    second = imports.run(store, again, imports.suggest_mapping(store, imports.inspect(again)))
    assert len(second.created) == 2


def test_importing_the_same_file_again_creates_nothing(store: Store, good: Path) -> None:
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    first = imports.run(store, good, mapping)
    assert len(first.created) == 3
    before = dump(store)
    preview = imports.preview(store, good, mapping)
    assert preview.counts()["already imported"] == 3
    second = imports.run(store, good, mapping)
    assert second.created == () and second.already == 3
    assert dump(store) == before


def test_provenance_and_authorship(store: Store, good: Path) -> None:
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    done = imports.run(store, good, mapping)
    device = store.require_device().id
    for number, record_id in enumerate(done.created, start=2):
        kept = stored.provenance(store, record_id)
        assert kept is not None
        assert (kept.file_name, kept.sheet, kept.row, kept.source_id) == (
            "good.csv",
            None,
            number,
            None,
        )
        assert len(kept.file_sha256) == 64
        history = store.history(record_id)
        assert len(history) == 1 and history[0].device == device


def test_cancel_writes_nothing(store: Store, good: Path) -> None:
    before = dump(store)
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    with pytest.raises(Cancelled):
        imports.run(store, good, mapping, task=Task(cancelled=lambda: True))
    assert dump(store) == before


def test_saved_mappings(store: Store, tmp_path: Path) -> None:
    odd = write(
        tmp_path / "odd.csv",
        "when,what,where,dead\n2019-05-14,Air/drone strike,Saraqib,3\n",
    )
    found = imports.inspect(odd)
    with pytest.raises(FieldappError) as caught:
        imports.preview(store, odd, imports.suggest_mapping(store, found))
    assert caught.value.code == "import.nothing_mapped"
    mapping = imports.Mapping(
        INCIDENT,
        {"when": "event_date", "what": "sub_event_type", "where": "location", "dead": "killed"},
    )
    imports.save_mapping(store, "district office", mapping)
    assert imports.saved_mappings(store) == ["district office"]
    loaded = imports.load_mapping(store, "district office")
    assert loaded.columns == mapping.columns and loaded.name == "district office"
    assert imports.suggest_mapping(store, found).name == "district office"
    assert len(imports.run(store, odd, loaded).created) == 1
    with pytest.raises(FieldappError) as caught:
        imports.load_mapping(store, "nope")
    assert caught.value.code == "import.no_mapping"
    with pytest.raises(FieldappError) as caught:
        imports.save_mapping(store, "bad", imports.Mapping(INCIDENT, {"when": "kills"}))
    assert caught.value.code == "import.unknown_field"


def test_arabic_labels_name_fields(store: Store, tmp_path: Path) -> None:
    """Headers as the Arabic window labels the fields (its shipped catalogue, the .qm the
    installed application carries; the .ts sources are not installed)."""
    from fieldapp.interchange import qm

    labels = ("Date", "Sub-event type", "Location", "Killed")
    header = [qm.translate("ar", "fields", label) or label for label in labels]
    assert header == ["التاريخ", "النوع الفرعي للحدث", "المكان", "القتلى"]
    path = write(
        tmp_path / "arabic.csv",
        ",".join(header) + "\n2019-05-14,Air/drone strike,سراقب,٣\n",
    )
    mapping = imports.suggest_mapping(store, imports.inspect(path))
    assert mapping.columns == dict(
        zip(header, ["event_date", "sub_event_type", "location", "killed"], strict=True)
    )
    done = imports.run(store, path, mapping)
    assert store.get(done.created[0])["killed"] == 3  # type: ignore[index]


def test_a_preview_can_be_cancelled(store: Store, good: Path) -> None:
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        imports.preview(store, good, mapping, task=Task(cancelled=lambda: True))
    preview = imports.preview(store, good, mapping, task=Task(lambda d, t: seen.append((d, t))))
    assert seen[-1] == (3, 3) and len(preview.rows) == 3


def test_a_large_import_rebuilds_indexes_and_search(
    store: Store, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many rows into a database holding fewer: the indexes and the full-text triggers are
    set aside and rebuilt (store.bulk), leaving the same schema and a working search."""
    from fieldapp.store import Filter, bulk

    def schema() -> list[str]:
        return sorted(line for line in store.db.iterdump() if line.startswith("CREATE"))

    before = schema()
    monkeypatch.setattr(bulk, "BULK_MIN", 1)
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    created = imports.run(store, good, mapping).created
    assert len(created) == 3
    assert schema() == before  # the provenance table's indexes too
    kept = store.db.execute(
        "SELECT record_id FROM imported_records INDEXED BY imported_records_record"
        " WHERE record_id = ?",
        (created[1],),
    ).fetchall()
    assert kept == [(created[1],)]
    assert store.count(INCIDENT, Filter(search="kafr")) == 1
    assert store.count(INCIDENT, Filter(admin1="idlib")) == 3


def test_a_large_import_can_be_cancelled_while_its_indexes_are_rebuilt(
    store: Store, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel pressed once every row is written, while the indexes are put back: the
    import stops there and the database (schema included) is as it was."""
    from fieldapp.store import bulk

    before = dump(store)
    schema = sorted(line for line in store.db.iterdump() if line.startswith("CREATE"))
    monkeypatch.setattr(bulk, "BULK_MIN", 1)
    mapping = imports.suggest_mapping(store, imports.inspect(good))
    written: list[tuple[int, int]] = []
    asked_after = 0

    def cancel() -> bool:  # asked more than 5 times once all rows are written: rebuilding
        nonlocal asked_after
        if written and written[-1] == (6, 6):  # checked 3 rows, then written 3
            asked_after += 1
        return asked_after > 5

    task = Task(lambda done, total: written.append((done, total)), cancel)
    with pytest.raises(Cancelled):
        imports.run(store, good, mapping, task=task)
    assert asked_after == 6
    assert dump(store) == before
    assert sorted(line for line in store.db.iterdump() if line.startswith("CREATE")) == schema


def test_a_cancelled_valid_rows_import_leaves_no_rejected_file(
    store: Store, mixed: Path, tmp_path: Path
) -> None:
    before = dump(store)
    mapping = imports.suggest_mapping(store, imports.inspect(mixed))
    rejected = tmp_path / "rejected.csv"
    calls: list[int] = []

    def cancel() -> bool:  # after the rows are checked, while they are written
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        imports.run(
            store, mixed, mapping, mode="valid", rejected_to=rejected, task=Task(None, cancel)
        )
    assert dump(store) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "rejected" in p.name) == []


def test_a_rejected_file_that_cannot_be_written_stops_the_import(
    store: Store, mixed: Path, tmp_path: Path
) -> None:
    before = dump(store)
    mapping = imports.suggest_mapping(store, imports.inspect(mixed))
    nowhere = tmp_path / "no such folder" / "rejected.csv"
    with pytest.raises(FieldappError) as caught:
        imports.run(store, mixed, mapping, mode="valid", rejected_to=nowhere)
    assert caught.value.code == "file.cannot_write" and "no such folder" in str(caught.value)
    assert dump(store) == before
