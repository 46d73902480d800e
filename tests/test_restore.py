"""Restoring a deleted record (or an older version): a new revision, in the store, the CLI
and through a bundle to another database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import FieldappError, NotFound
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Filter, Store

STRIKE = {
    "event_date": "2019-05-14",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "location": "Khan Shaykhun",
    "admin1": "Idlib",
    "killed": 2,
    "injured": 11,
    "targets": ["school"],
}


def test_restore_brings_back_the_values_before_the_deletion(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    edited = store.edit(record, {"killed": 3, "notes": "second visit"})
    assert edited is not None
    tombstone = store.delete(record)
    assert store.get(record) is None

    rev = store.restore(record)

    assert rev is not None and not rev.deleted
    assert rev.parents == (tombstone.id,)  # the deletion stays in the history
    current = store.get(record)
    assert current is not None
    assert current["killed"] == 3 and current["notes"] == "second visit"
    assert [h.id for h in store.heads(record)] == [rev.id]
    assert [r.deleted for r in store.history(record)] == [False, False, True, False]
    assert store.deleted(INCIDENT) == []


def test_restore_a_chosen_revision_of_a_deleted_record(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    first = store.history(record)[0]
    store.edit(record, {"killed": 5})
    store.delete(record)
    store.restore(record, first.id[:10])
    assert store.get(record)["killed"] == 2  # type: ignore[index]


def test_restore_an_older_version_of_a_live_record_is_a_revert(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    first = store.history(record)[0]
    store.edit(record, {"killed": 7, "location": "Maarat al-Numan"})
    rev = store.restore(record, first.id)
    assert rev is not None
    current = store.get(record)
    assert current["killed"] == 2 and current["location"] == "Khan Shaykhun"  # type: ignore[index]
    assert store.restore(record, first.id) is None  # already those values: nothing written
    assert len(store.history(record)) == 3


def test_restore_refuses_what_it_cannot_do(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    with pytest.raises(FieldappError, match="not deleted"):
        store.restore(record)
    tombstone = store.delete(record)
    with pytest.raises(FieldappError, match="is a deletion"):
        store.restore(record, tombstone.id)
    with pytest.raises(NotFound, match="no revision"):
        store.restore(record, "ffffffffff")
    with pytest.raises(NotFound, match="too short"):
        store.restore(record, "ab")
    with pytest.raises(NotFound):
        store.restore("00000000-0000-0000-0000-000000000000")
    assert store.get(record) is None  # nothing half-done
    assert len(store.history(record)) == 2


def test_deleted_records_are_listed_with_their_last_values_and_filtered(store: Store) -> None:
    a = store.add(INCIDENT, STRIKE)
    b = store.add(INCIDENT, {**STRIKE, "location": "Saraqib", "admin1": "Aleppo"})
    store.add(INCIDENT, {**STRIKE, "location": "Ariha"})
    store.delete(a)
    store.delete(b)
    deleted = store.deleted(INCIDENT)
    assert [d.id for d in deleted] == [b, a]  # latest deletion first
    assert deleted[1].data["location"] == "Khan Shaykhun"
    assert [d.id for d in store.deleted(INCIDENT, Filter(admin1="idlib"))] == [a]
    assert [d.id for d in store.deleted(INCIDENT, Filter(search="sara"))] == [b]
    assert store.deleted(INCIDENT, Filter(date_from="2019-06-01")) == []
    assert store.deleted(DISPLACEMENT) == []


def _second_device(path: Path) -> None:
    with Store.open(path) as store:
        save_identity(store, create_identity("Coordinator", "OCHA", "another passphrase", n=2**10))


def _ids(cli, db: Path) -> list[str]:
    result = cli("--db", db, "list", "incidents", "--format", "json")
    assert result.code == 0, result.err
    return [r["id"] for r in json.loads(result.out)]


def test_cli_delete_restore_list_and_a_bundle_carries_it(cli, db_path: Path, tmp_path: Path):
    add = cli(
        "--db", db_path, "add", "incident", "--date", "2019-05-14",
        "--sub-event-type", "Air/drone strike", "--location", "Khan Shaykhun",
        "--admin1", "Idlib", "--killed", "2",
    )  # fmt: skip
    assert add.code == 0, add.err
    record = add.out.strip()
    coordinator = tmp_path / "hq.db"
    _second_device(coordinator)
    first = cli("--db", db_path, "export", "--out", tmp_path / "one.zip")
    assert first.code == 0, first.err
    assert cli("--db", coordinator, "merge", tmp_path / "one.zip", "--trust-new").code == 0
    assert _ids(cli, coordinator) == [record]

    assert cli("--db", db_path, "delete", record[:8]).code == 0
    assert _ids(cli, db_path) == []
    restored = cli("--db", db_path, "restore", record[:8])
    assert restored.code == 0, restored.err
    assert f"{record} restored" in restored.out
    assert _ids(cli, db_path) == [record]
    again = cli("--db", db_path, "restore", record[:8])
    assert again.code == 1 and "not deleted" in again.err

    second = cli("--db", db_path, "export", "--out", tmp_path / "two.zip")
    assert second.code == 0, second.err
    merged = cli("--db", coordinator, "merge", tmp_path / "two.zip")
    assert merged.code == 0, merged.err
    assert _ids(cli, coordinator) == [record]
    history = json.loads(cli("--db", coordinator, "history", record, "--format", "json").out)
    assert [h["deleted"] for h in history] == [False, True, False]


def test_cli_restore_a_revision(cli, db_path: Path) -> None:
    add = cli(
        "--db", db_path, "add", "incident", "--date", "2019-05-14",
        "--sub-event-type", "Air/drone strike", "--location", "Khan Shaykhun", "--killed", "2",
    )  # fmt: skip
    record = add.out.strip()
    assert cli("--db", db_path, "edit", record, "--killed", "9").code == 0
    history = json.loads(cli("--db", db_path, "history", record, "--format", "json").out)
    result = cli("--db", db_path, "restore", record, "--revision", history[0]["revision"][:12])
    assert result.code == 0, result.err
    shown = json.loads(cli("--db", db_path, "show", record, "--format", "json").out)
    assert shown["killed"] == 2
    bad = cli("--db", db_path, "restore", record, "--revision", "0000000000")
    assert bad.code != 0 and "no revision" in bad.err
