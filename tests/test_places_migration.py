"""Issue 16: records written before the places register get their codes once, when
fieldapp first opens the database at schema 5, and only where the match is sure.

A database holds this device's records as an earlier fieldapp wrote them (the place as
typed, no code) and one record another device wrote; the first open after schema 5
completes this device's records as new revisions, leaves the other device's record to its
author, and records that the work is done.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from fieldapp.domain import validation
from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.paths import migrations_dir
from fieldapp.store import Store, places
from tests.conftest import PASSPHRASE


def _written_before(store: Store, kind: str, raw: dict[str, object], device: str) -> str:
    """A record as a fieldapp without the register wrote it: its revision carries the
    place as typed, no code (a merge stores revisions as they are, unchanged)."""
    record_id = str(uuid.uuid4())
    data = validation.clean(kind, raw)
    store.apply_revisions([Revision(record_id, kind, (), device, 1, utc_now(), False, data)])
    return record_id


def _strike(location: str, admin1: str) -> dict[str, object]:
    return {
        "event_date": "2019-05-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": location,
        "admin1": admin1,
    }


def test_records_written_before_the_register_are_completed_once(db_path: Path) -> None:
    with Store.open(db_path, passphrase=PASSPHRASE) as old:
        me = old.require_device().id
        typed = _written_before(old, INCIDENT, _strike("Khan Shaykhun", "إدلب"), me)
        unknown = _written_before(old, INCIDENT, _strike("Somewhere", "Nowhere Governorate"), me)
        moved = _written_before(
            old,
            DISPLACEMENT,
            {
                "report_date": "2019-05-20",
                "direction": "arrived",
                "location": "Afrin",
                "admin1": "Aleppo",
                "origin_location": "Khan Shaykhun",
                "origin_admin1": "Idlib",
                "individuals": 300,
            },
            me,
        )
        foreign = _written_before(old, INCIDENT, _strike("Saraqab", "idlib"), "b" * 64)
        assert old.get(typed)["admin1_pcode"] is None
        # what migrations/0005_places.sql leaves for the first open of schema 5
        old.set_setting(places.BACKFILL_KEY, "pending")

    with Store.open(db_path, passphrase=PASSPHRASE) as store:
        assert store.setting(places.BACKFILL_KEY) == "done"
        record = store.get(typed)
        assert (record["admin1"], record["admin1_pcode"], record["country"]) == (
            "Idleb",
            "SY07",
            "Syria",
        )
        assert len(store.history(typed)) == 2  # completed by a revision, as any edit
        report = store.get(moved)
        assert (report["admin1_pcode"], report["origin_admin1_pcode"]) == ("SY02", "SY07")
        assert report["origin_admin1"] == "Idleb"
        assert store.get(unknown)["admin1_pcode"] is None  # nothing sure: left as typed
        assert len(store.history(unknown)) == 1
        # another device's record is its author's to complete: no competing revision
        assert store.get(foreign)["admin1_pcode"] is None
        assert len(store.history(foreign)) == 1
        revisions = store.revision_count()
    with Store.open(db_path, passphrase=PASSPHRASE) as again:  # once, not at every open
        assert again.revision_count() == revisions


def test_the_migration_leaves_the_completion_owed(db_path: Path) -> None:
    """The SQL of schema 5 marks the completion as owed; the first open pays it."""
    sql = (migrations_dir() / "0005_places.sql").read_text(encoding="utf-8")
    assert "'places_backfill', 'pending'" in sql
    with Store.open(db_path, passphrase=PASSPHRASE) as store:
        assert store.setting(places.BACKFILL_KEY) == "done"


def test_a_new_database_holds_the_shipped_governorates(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db", encrypt=True, passphrase=PASSPHRASE) as store:
        [edition] = places.editions(store)
        assert (edition.source, edition.levels, edition.units) == ("builtin", (1,), 14)
        codes = sorted(u.pcode for u in places.units(store))
        assert codes == [f"SY{n:02d}" for n in range(1, 15)]
        index = places.index(store)
        assert [u.pcode for u in index.find("Idlib")] == ["SY07"]
        assert [u.pcode for u in index.find("إدلب")] == ["SY07"]
        assert [u.pcode for u in index.find("idleb")] == ["SY07"]
        assert store.setting(places.BACKFILL_KEY) == "done"


def test_a_register_changed_by_another_connection_is_seen(db_path: Path) -> None:
    """The window keeps one connection while a background job (or the command line) loads a
    COD-AB through another: the first one's checks must use the new register at once."""
    from fieldapp.domain.places import Unit

    with Store.open(db_path, passphrase=PASSPHRASE) as window:
        assert places.index(window).unit("SY0702") is None
        with Store.open(db_path, passphrase=PASSPHRASE) as job:
            ed, found = places.new_edition(
                "cod-ab", "test", None, job.require_device().id, [Unit("SY0702", 2, "Harim")]
            )
            places.replace(job, ed, found)
        assert places.index(window).unit("SY0702").name == "Harim"
        checked = places.complete(window, INCIDENT, {"admin2": "Harim", "location": "x"})
        assert checked.values["admin2_pcode"] == "SY0702"
