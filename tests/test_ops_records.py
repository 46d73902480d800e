"""fieldapp.ops.records on a real database: each operation's effect and what it says
changed (the window refreshes only the views that show it)."""

from __future__ import annotations

import pytest
from test_sync_helpers import displacement, incident

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import NotFound, ValidationError
from fieldapp.ops import NOTHING, Changes
from fieldapp.ops import records as ops


def test_add_stores_the_record_and_names_its_kind(store):
    added = ops.add(store, INCIDENT, incident(killed=5))
    assert store.get(added.record_id)["killed"] == 5
    assert added.kind == INCIDENT
    assert added.changes == Changes.of_records(INCIDENT)
    other = ops.add(store, DISPLACEMENT, displacement())
    assert other.changes.records == {DISPLACEMENT}


def test_add_refuses_an_invalid_record_and_writes_nothing(store):
    with pytest.raises(ValidationError):
        ops.add(store, INCIDENT, incident(killed=-1))
    assert store.revision_count() == 0


def test_edit_by_prefix_adds_a_revision_of_that_kind(store):
    record_id = ops.add(store, DISPLACEMENT, displacement()).record_id
    edited = ops.edit(store, record_id[:8], {"individuals": 7500, "households": 1500})
    assert edited.record_id == record_id
    assert store.get(record_id)["individuals"] == 7500
    assert edited.revision is not None and len(store.history(record_id)) == 2
    assert edited.changes == Changes.of_records(DISPLACEMENT)


def test_an_edit_that_changes_nothing_says_so(store):
    record_id = ops.add(store, INCIDENT, incident()).record_id
    edited = ops.edit(store, record_id, {"killed": incident()["killed"]})
    assert edited.revision is None
    assert edited.changes == NOTHING
    assert not edited.changes
    assert len(store.history(record_id)) == 1


def test_delete_several_kinds_together(store):
    a = ops.add(store, INCIDENT, incident()).record_id
    b = ops.add(store, DISPLACEMENT, displacement()).record_id
    deleted = ops.delete(store, [a[:8], b, a])  # a twice: deleted once
    assert [record_id for record_id, _ in deleted.revisions] == [a, b]
    assert store.get(a) is None and store.get(b) is None
    assert deleted.changes.records == {INCIDENT, DISPLACEMENT}


def test_delete_refuses_all_when_one_id_is_unknown(store):
    a = ops.add(store, INCIDENT, incident()).record_id
    with pytest.raises(NotFound):
        ops.delete(store, [a, "ffffffffff"])
    assert store.get(a) is not None
    assert len(store.history(a)) == 1


def test_restore_brings_a_deleted_record_back(store):
    a = ops.add(store, INCIDENT, incident(killed=2)).record_id
    ops.delete(store, [a])
    restored = ops.restore(store, a[:10])
    assert restored.record_id == a and restored.revision is not None
    assert store.get(a)["killed"] == 2
    assert restored.changes == Changes.of_records(INCIDENT)
    first = store.history(a)[0].id
    again = ops.restore(store, a, first)  # the values it has now: unchanged
    assert again.revision is None and again.changes == NOTHING


def test_restore_an_older_version(store):
    a = ops.add(store, INCIDENT, incident(killed=2)).record_id
    first = store.history(a)[0].id
    ops.edit(store, a, {"killed": 9})
    restored = ops.restore(store, a, first[:8])
    assert store.get(a)["killed"] == 2
    assert restored.changes.records == {INCIDENT}


def test_restore_all_is_one_transaction(store):
    a = ops.add(store, INCIDENT, incident()).record_id
    b = ops.add(store, DISPLACEMENT, displacement()).record_id
    ops.delete(store, [a, b])
    restored = ops.restore_all(store, [a, b])
    assert store.get(a) is not None and store.get(b) is not None
    assert restored.changes.records == {INCIDENT, DISPLACEMENT}
    ops.delete(store, [a])
    with pytest.raises(NotFound):
        ops.restore_all(store, [a, "eeeeeeeeee"])
    assert store.get(a) is None


def test_history_names_each_author_and_changes_nothing(store):
    a = ops.add(store, INCIDENT, incident()).record_id
    ops.edit(store, a, {"killed": 8})
    history = ops.history(store, a[:7])
    assert history.record_id == a
    assert len(history.revisions) == 2
    device = store.require_device()
    assert history.authors == {device.id: store.device_label(device.id)}
    assert history.changes == NOTHING


def test_a_governorate_beyond_the_register_gets_its_country_from_the_gazetteer():
    """The register holds Syria's units; a neighbouring country's first-level area the
    gazetteer knows still gives its country and usual spelling (no P-code: none known)."""
    values: dict[str, object] = {"admin1": "hatay"}
    ops.fill_country(values, {"admin1"}, known=lambda text: False)
    assert values == {"admin1": "Hatay", "country": "Turkey"}
    typed: dict[str, object] = {"admin1": "Hatay", "country": "Türkiye"}
    ops.fill_country(typed, {"admin1", "country"}, known=lambda text: False)
    assert typed["country"] == "Türkiye"  # typed: kept
    unknown: dict[str, object] = {"admin1": "Nowhere"}
    ops.fill_country(unknown, {"admin1"}, known=lambda text: False)
    assert unknown == {"admin1": "Nowhere"}
    syrian: dict[str, object] = {"admin1": "idleb"}
    ops.fill_country(syrian, {"admin1"}, known=lambda text: True)
    assert syrian == {"admin1": "idleb"}  # the register's to complete, not the gazetteer's
