"""Issue 16 in reports: a filter by P-code or any spelling prints the register's name, and
totals by area are one row per unit however each record spelled it."""

from __future__ import annotations

import uuid

from fieldapp.domain import validation
from fieldapp.domain.fields import INCIDENT
from fieldapp.domain.revisions import Revision, utc_now
from fieldapp.reports.data import collect
from fieldapp.reports.summary import area_text
from fieldapp.store import Filter, Store


def _strike(admin1: str, killed: int) -> dict[str, object]:
    return {
        "event_date": "2019-05-14",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "location": "Khan Shaykhun",
        "admin1": admin1,
        "killed": killed,
    }


def test_a_report_by_code_names_the_governorate_and_counts_every_spelling(store: Store) -> None:
    store.add(INCIDENT, _strike("Idleb", 1))
    store.add(INCIDENT, _strike("إدلب", 2))
    store.add(INCIDENT, _strike("Aleppo", 4))
    # a partner's record as its older fieldapp wrote it: "Idlib", no code
    data = validation.clean(INCIDENT, _strike("Idlib", 8))
    store.apply_revisions(
        [Revision(str(uuid.uuid4()), INCIDENT, (), "c" * 64, 1, utc_now(), False, data)]
    )
    for typed in ("SY07", "Idlib", "إدلب"):
        report = collect(store, Filter(admin1=typed))
        assert report.flt.admin1 == "Idleb"
        assert area_text("en", report.flt) == "Idleb"
        assert area_text("ar", report.flt) == "إدلب"
        assert report.killed == 1 + 2 + 8
        assert [(a.admin1, a.killed) for a in report.by_area] == [("Idleb", 11)]
    everything = collect(store)
    assert sorted((a.admin1, a.killed) for a in everything.by_area) == [
        ("Aleppo", 4),
        ("Idleb", 11),
    ]


def test_a_deleted_record_named_without_a_code_is_found_by_code(store: Store) -> None:
    """The deleted list (the window's Deleted view) filters in Python: a record an older
    fieldapp wrote as "Idlib", with no code, is found under SY07 there too."""
    data = validation.clean(INCIDENT, _strike("Idlib", 3))
    old = Revision(str(uuid.uuid4()), INCIDENT, (), "e" * 64, 1, utc_now(), False, data)
    store.apply_revisions([old])
    store.delete(old.record_id)
    found = store.deleted(INCIDENT, Filter(admin1="SY07"))
    assert [d.id for d in found] == [old.record_id]
    assert store.deleted(INCIDENT, Filter(admin1="SY02")) == []
