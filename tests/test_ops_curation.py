"""fieldapp.ops.curation on real databases: conflicts resolved, duplicates found, linked
and merged, what each says changed, and a cancelled search or bulk merge writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_helpers import CancelAt, assert_cancel_writes_nothing
from test_sync_helpers import device_factory, displacement, incident

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import NOTHING, Changes
from fieldapp.ops import curation as ops
from fieldapp.store import Store


@pytest.fixture
def coord(tmp_path: Path) -> Path:
    return device_factory().new(tmp_path, "Coordinator", "OCHA")


def add(store: Store, **changes: object) -> str:
    return store.add(INCIDENT, incident(notes=None, **changes))


def test_find_duplicates_reads_and_classifies_on_request(coord):
    with Store.open(coord) as store:
        a, b = add(store), add(store)
        add(store, killed=9, event_date="2019-07-01")
        found = ops.find_duplicates(store)
        assert [(c.a, c.b) for c in found.candidates] == [tuple(sorted((a, b)))]
        assert found.candidates[0].exact is None and found.changes == NOTHING
        classified = ops.find_duplicates(store, classify=True)
        assert classified.candidates[0].exact is True


def test_link_records_a_decision_only(coord):
    with Store.open(coord) as store:
        a, b = add(store), add(store)
        revisions = store.revision_count()
        linked = ops.link(store, a[:8], b, "distinct")
        assert (linked.a, linked.b) == tuple(sorted((a, b)))
        assert linked.changes == Changes(duplicates=True)
        assert ops.find_duplicates(store).candidates == ()
        assert store.revision_count() == revisions
        ops.link(store, a, b, "none")
        assert len(ops.find_duplicates(store).candidates) == 1


def test_merge_duplicates_of_incidents_may_touch_displacements(coord):
    with Store.open(coord) as store:
        a, b = add(store), add(store, killed=5)
        report = store.add(DISPLACEMENT, displacement(cause_incidents=[b]))
        merged = ops.merge_duplicates(store, a, b, ["killed"])
        assert store.get(b) is None and store.get(a)["killed"] == 5
        assert store.get(report)["cause_incidents"] == [a]
        assert merged.result.repointed == [report]
        assert merged.changes.records == {INCIDENT, DISPLACEMENT}
        assert merged.changes.duplicates


def test_merge_all_exact_merges_and_counts_what_is_left(coord):
    with Store.open(coord) as store:
        a, b = add(store), add(store)
        near = add(store, killed=9)
        result = ops.merge_all_exact(store, INCIDENT)
        assert result.done == 1
        assert (store.get(a) is None) != (store.get(b) is None)
        assert store.get(near) is not None
        assert result.left == 1
        assert result.changes.touches_records(INCIDENT) and result.changes.duplicates
        nothing = ops.merge_all_exact(store, DISPLACEMENT)
        assert nothing.done == 0 and nothing.changes == NOTHING


def test_mark_all_distinct(coord):
    with Store.open(coord) as store:
        add(store)
        add(store)
        decided = ops.mark_all_distinct(store, INCIDENT)
        assert decided.done == 1 and decided.changes == Changes(duplicates=True)
        assert ops.find_duplicates(store).candidates == ()
        assert ops.find_duplicates(store, include_linked=True).candidates[0].link == "distinct"


def test_conflicts_and_resolve(hq_db_path):
    with Store.open(hq_db_path) as store:
        (conflict,) = ops.conflicts(store)
        take = conflict.versions[1].id
        resolved = ops.resolve(store, conflict.record_id[:8], take=take[:10])
        assert resolved.record_id == conflict.record_id
        assert set(resolved.revision.parents) == {v.id for v in conflict.versions}
        assert resolved.changes == Changes.of_records(conflict.kind)
        assert ops.conflicts(store) == []
        with pytest.raises(FieldappError):
            ops.resolve(store, conflict.record_id, take=take)


def test_a_cancelled_search_raises_and_writes_nothing(hq_db_path, tmp_path):
    def run(db: Path, task) -> None:
        with Store.open(db) as store:
            ops.find_duplicates(store, INCIDENT, classify=True, task=task)

    assert assert_cancel_writes_nothing(hq_db_path, tmp_path, run)
    with Store.open(hq_db_path) as store, pytest.raises(Cancelled):
        ops.find_duplicates(store, task=CancelAt(1).task())


def test_a_cancelled_bulk_merge_writes_nothing(hq_db_path, tmp_path):
    def run(db: Path, task) -> None:
        with Store.open(db) as store:
            ops.merge_all_exact(store, INCIDENT, task=task)

    assert_cancel_writes_nothing(hq_db_path, tmp_path, run)
    with Store.open(hq_db_path) as store:  # the dry run merged on its own copy only
        assert ops.merge_all_exact(store, INCIDENT).done > 0
