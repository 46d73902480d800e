"""Revisions: chains, content addressing, immutability, idempotent and order-free merges,
conflicts and their resolution."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.domain.revisions import Revision, canonical_json, pick_winner, revision_id
from fieldapp.errors import Cancelled, FieldappError, NotFound
from fieldapp.identity.keys import create_identity, save_identity
from fieldapp.store import Store, dialect

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


def _open_device(path: Path, name: str) -> Store:
    """A second field worker's database (a cheap key: this is not what is under test)."""
    store = Store.open(path)
    identity = create_identity(name, "Coordination Hub", "another passphrase", n=2**10)
    save_identity(store, identity)
    return store


def _revisions(store: Store) -> list[Revision]:
    return [r.revision() for r in store.revisions_since(0)]


def _state(store: Store) -> dict[str, object]:
    """Everything that must not depend on arrival order (n, the local counter, may)."""
    heads = store.db.execute(
        "SELECT record_id, revision_id FROM heads ORDER BY record_id, revision_id"
    ).fetchall()
    revs = store.db.execute(
        "SELECT id, record_id, kind, parents, device, seq, timestamp, deleted, data"
        " FROM revisions ORDER BY id"
    ).fetchall()
    edges = store.db.execute(
        "SELECT parent, child FROM revision_parents ORDER BY parent, child"
    ).fetchall()
    rows = {
        kind: sorted(store.query(kind), key=lambda r: r["id"]) for kind in (INCIDENT, DISPLACEMENT)
    }
    return {"heads": heads, "revisions": revs, "edges": edges, "rows": rows}


def _later(timestamp: str, seconds: float) -> str:
    moment = dt.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ") + dt.timedelta(
        seconds=seconds
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# -- chains --------------------------------------------------------------------------------


def test_create_edit_delete_chain(store: Store) -> None:
    device = store.require_device()
    record = store.add(INCIDENT, STRIKE)
    [created] = store.history(record)
    assert created.parents == () and not created.deleted
    assert created.device == device.id and created.seq == device.last_seq + 1
    assert created.data["killed"] == 2
    assert [h.id for h in store.heads(record)] == [created.id]

    edited = store.edit(record, {"killed": "3", "notes": "revised by the health directorate"})
    assert edited is not None
    assert edited.parents == (created.id,)
    assert edited.seq == created.seq + 1
    assert [h.id for h in store.heads(record)] == [edited.id]
    row = store.get(record)
    assert row["killed"] == 3 and row["revision"] == edited.id
    assert row["created_at"] == created.timestamp and row["updated_at"] == edited.timestamp

    assert store.edit(record, {"killed": 3}) is None  # no change, no revision
    assert len(store.history(record)) == 2

    tombstone = store.delete(record)
    assert tombstone.deleted and tombstone.parents == (edited.id,)
    assert tombstone.seq == edited.seq + 1
    assert tombstone.data["killed"] == 3  # the last values travel with the tombstone
    assert store.get(record) is None
    assert store.count(INCIDENT) == 0 and store.query(INCIDENT) == []
    history = store.history(record)
    assert [r.id for r in history] == [created.id, edited.id, tombstone.id]
    assert [h.id for h in store.heads(record)] == [tombstone.id]
    assert store.require_device().last_seq == tombstone.seq

    with pytest.raises(NotFound, match="deleted"):
        store.edit(record, {"killed": 4})
    with pytest.raises(NotFound, match="already deleted"):
        store.delete(record)
    assert len(store.history(record)) == 3


def test_unknown_record(store: Store) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    for action in (lambda: store.edit(missing, {"killed": 1}), lambda: store.delete(missing)):
        with pytest.raises(NotFound):
            action()
    with pytest.raises(NotFound):
        store.history(missing)


def test_stored_revisions_hash_to_their_ids(demo_store: Store) -> None:
    """Anyone holding a revision's fields can recompute its id: nothing was altered."""
    record = demo_store.query(INCIDENT, limit=1)[0]["id"]
    demo_store.edit(record, {"notes": "ملاحظة: تم التحقق"})
    demo_store.delete(record)
    for stored in demo_store.revisions_since(0):
        assert stored.revision().id == stored.id
        assert (
            stored.id
            == hashlib.sha256(
                canonical_json(stored.revision().content()).encode("utf-8")
            ).hexdigest()
        )


# -- content addressing --------------------------------------------------------------------

BASE = Revision(
    "3f2a9c1e-0000-4000-8000-000000000001",
    INCIDENT,
    ("b" * 64, "a" * 64),
    "d" * 64,
    7,
    "2019-05-14T10:00:00.000Z",
    False,
    {"location": "Khan Shaykhun", "killed": 2, "notes": "قصف"},
)


def test_identical_content_gives_identical_ids() -> None:
    again = Revision(
        BASE.record_id,
        BASE.kind,
        ("a" * 64, "b" * 64),  # parents in another order
        BASE.device,
        BASE.seq,
        BASE.timestamp,
        BASE.deleted,
        {"notes": "قصف", "killed": 2, "location": "Khan Shaykhun"},  # keys in another order
    )
    assert again.id == BASE.id
    assert len(BASE.id) == 64 and int(BASE.id, 16) >= 0
    assert BASE.id == revision_id(json.loads(canonical_json(BASE.content())))


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": [1, "قصف"], "c": None}) == '{"a":[1,"قصف"],"b":1,"c":null}'


@pytest.mark.parametrize(
    "change",
    [
        {"record_id": "3f2a9c1e-0000-4000-8000-000000000002"},
        {"kind": DISPLACEMENT},
        {"parents": ("a" * 64,)},
        {"device": "e" * 64},
        {"seq": 8},
        {"timestamp": "2019-05-14T10:00:00.001Z"},
        {"deleted": True},
        {"data": {"location": "Khan Shaykhun", "killed": 3, "notes": "قصف"}},
        {"data": {"location": "Khan Shaykhun", "killed": 2, "notes": "قصف "}},
        {"data": {"location": "Khan Shaykhun", "killed": 2.0, "notes": "قصف"}},
    ],
)
def test_different_content_gives_a_different_id(change: dict[str, object]) -> None:
    fields = {
        "record_id": BASE.record_id,
        "kind": BASE.kind,
        "parents": BASE.parents,
        "device": BASE.device,
        "seq": BASE.seq,
        "timestamp": BASE.timestamp,
        "deleted": BASE.deleted,
        "data": BASE.data,
    }
    assert Revision(**{**fields, **change}).id != BASE.id


def test_revisions_are_immutable(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    before = list(store.db.iterdump())
    with pytest.raises(dialect.IntegrityError, match="immutable"):
        store.db.execute("UPDATE revisions SET data = '{}' WHERE record_id = ?", (record,))
    with pytest.raises(dialect.IntegrityError, match="immutable"):
        store.db.execute("DELETE FROM revisions WHERE record_id = ?", (record,))
    with pytest.raises(dialect.IntegrityError, match="immutable"):
        store.db.execute("DELETE FROM revisions")
    assert list(store.db.iterdump()) == before


# -- merging: idempotent and order-free ------------------------------------------------------


def _history_store(path: Path) -> Store:
    store = Store.open(path)
    assert store.device() is not None
    a = store.add(INCIDENT, STRIKE)
    store.edit(a, {"killed": 3})
    store.edit(a, {"targets": ["school", "residential"]})
    b = store.add(INCIDENT, {**STRIKE, "location": "Kafr Nabl", "notes": "قصف على كفرنبل"})
    store.delete(b)
    c = store.add(
        DISPLACEMENT,
        {
            "report_date": "2019-06-01",
            "direction": "departed",
            "location": "Khan Shaykhun",
            "individuals": 70_000,
        },
    )
    store.edit(c, {"households": 14_000, "household_size": 5})
    return store


def test_apply_revisions_is_idempotent(db_path: Path, tmp_path: Path) -> None:
    with _history_store(db_path) as source:
        revisions = _revisions(source)
        source_state = _state(source)
    with Store.open(tmp_path / "coordinator.db") as target:
        first = target.apply_revisions(revisions)
        assert (first.added, first.skipped) == (len(revisions), 0)
        assert (first.created, first.updated, first.deleted, first.conflicts) == (2, 0, 0, 0)
        dump = list(target.db.iterdump())
        assert _state(target) == source_state

        again = target.apply_revisions(revisions)
        assert (again.added, again.skipped) == (0, len(revisions))
        assert (again.created, again.updated, again.deleted) == (0, 0, 0)
        assert list(target.db.iterdump()) == dump

        half = target.apply_revisions(revisions[::2])
        assert half.added == 0
        assert list(target.db.iterdump()) == dump


def test_order_does_not_matter(db_path: Path, tmp_path: Path) -> None:
    with _history_store(db_path) as source:
        revisions = _revisions(source)
        expected = _state(source)
    with Store.open(tmp_path / "reversed.db") as target:
        target.apply_revisions(list(reversed(revisions)))
        assert _state(target) == expected
    with Store.open(tmp_path / "one-by-one.db") as target:
        for rev in reversed(revisions):
            target.apply_revisions([rev])
        assert _state(target) == expected


def test_a_partial_history_fits_in_when_the_rest_arrives(db_path: Path, tmp_path: Path) -> None:
    """A missing bundle merged later: the later revisions first, the earlier ones after."""
    with _history_store(db_path) as source:
        revisions = _revisions(source)
        expected = _state(source)
    with Store.open(tmp_path / "late.db") as target:
        target.apply_revisions(revisions[4:])
        target.apply_revisions(revisions[:4])
        assert _state(target) == expected


def _hand_made_history() -> list[Revision]:
    """Forks, merges, deletes and an open conflict, with fixed timestamps and devices."""
    t0 = "2019-05-01T08:00:00.000Z"
    dev_a, dev_b = "a" * 64, "b" * 64
    out: list[Revision] = []

    def rev(
        record: str,
        parents: tuple[str, ...],
        dev: str,
        seq: int,
        sec: float,
        data: dict[str, object],
        deleted: bool = False,
        kind: str = INCIDENT,
    ) -> Revision:
        r = Revision(record, kind, parents, dev, seq, _later(t0, sec), deleted, data)
        out.append(r)
        return r

    r1, r2, r3, r4 = (f"00000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
    c1 = rev(r1, (), dev_a, 1, 0, {**STRIKE, "killed": 1})
    e1 = rev(r1, (c1.id,), dev_a, 2, 10, {**STRIKE, "killed": 2})
    rev(r1, (e1.id,), dev_a, 3, 20, {**STRIKE, "killed": 3})
    c2 = rev(r2, (), dev_a, 4, 1, {**STRIKE, "location": "Ariha"})
    f1 = rev(r2, (c2.id,), dev_a, 5, 30, {**STRIKE, "location": "Ariha", "killed": 5})
    f2 = rev(r2, (c2.id,), dev_b, 1, 31, {**STRIKE, "location": "Ariha", "killed": 7})
    rev(r2, (f1.id, f2.id), dev_b, 2, 40, {**STRIKE, "location": "Ariha", "killed": 6})
    c3 = rev(r3, (), dev_b, 3, 2, {**STRIKE, "location": "Saraqib"})
    rev(r3, (c3.id,), dev_b, 4, 50, {**STRIKE, "location": "Saraqib"}, deleted=True)
    c4 = rev(r4, (), dev_a, 6, 3, {**STRIKE, "location": "Dana"})
    rev(r4, (c4.id,), dev_a, 7, 60, {**STRIKE, "location": "Dana", "killed": 9})
    rev(r4, (c4.id,), dev_b, 5, 61, {**STRIKE, "location": "Dana"}, deleted=True)
    d1 = rev(
        "00000000-0000-4000-8000-000000000005",
        (),
        dev_b,
        6,
        4,
        {
            "report_date": "2019-05-02",
            "direction": "arrived",
            "location": "Atmeh",
            "individuals": 26_000,
        },
        kind=DISPLACEMENT,
    )
    rev(d1.record_id, (d1.id,), dev_a, 8, 70, {**d1.data, "households": 5_000}, kind=DISPLACEMENT)
    return out


HISTORY = _hand_made_history()


def _in_order_state() -> dict[str, object]:
    store = Store.memory()
    store.apply_revisions(HISTORY)
    return _state(store)


EXPECTED = _in_order_state()


def test_the_hand_made_history_has_what_it_claims() -> None:
    store = Store.memory()
    result = store.apply_revisions(HISTORY)
    assert result.added == len(HISTORY)
    assert store.conflicts() == ["00000000-0000-4000-8000-000000000004"]
    assert result.conflicts == 1
    assert {r["location"] for r in store.query(INCIDENT)} == {"Khan Shaykhun", "Ariha"}
    assert store.get("00000000-0000-4000-8000-000000000002")["killed"] == 6  # merged
    assert store.get("00000000-0000-4000-8000-000000000001")["killed"] == 3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(HISTORY), st.integers(min_value=1, max_value=len(HISTORY)))
def test_any_arrival_order_gives_the_same_state(order: list[Revision], split: int) -> None:
    store = Store.memory()
    store.apply_revisions(order[:split])
    store.apply_revisions(order[split:])
    assert _state(store) == EXPECTED


def test_a_revision_that_changes_a_records_kind_is_refused(store: Store) -> None:
    record = store.add(INCIDENT, STRIKE)
    [created] = store.history(record)
    before = list(store.db.iterdump())
    liar = Revision(record, DISPLACEMENT, (created.id,), "f" * 64, 1, created.timestamp, False, {})
    with pytest.raises(FieldappError, match="inconsistent"):
        store.apply_revisions([liar])
    assert list(store.db.iterdump()) == before


def test_cancelling_a_merge_writes_nothing(tmp_path: Path) -> None:
    revisions = [
        Revision(
            f"00000000-0000-4000-8000-{i:012d}",
            INCIDENT,
            (),
            "a" * 64,
            i,
            "2019-05-01T08:00:00.000Z",
            False,
            {**STRIKE, "killed": i % 50},
        )
        for i in range(1500)
    ]
    with Store.open(tmp_path / "merge.db") as target:
        before = list(target.db.iterdump())
        seen: list[tuple[int, int]] = []
        with pytest.raises(Cancelled):
            target.apply_revisions(
                revisions, progress=lambda d, t: seen.append((d, t)), cancel=lambda: True
            )
        assert list(target.db.iterdump()) == before
        result = target.apply_revisions(revisions, progress=lambda d, t: seen.append((d, t)))
        assert result.created == 1500 and target.count(INCIDENT) == 1500
        assert (1000, 0) in seen


def test_create_and_delete_in_one_batch_counts_as_nothing(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as source:
        record = source.add(INCIDENT, STRIKE)
        source.delete(record)
        revisions = _revisions(source)
    with Store.open(tmp_path / "t.db") as target:
        result = target.apply_revisions(revisions)
        assert (result.added, result.created, result.deleted, result.updated) == (2, 0, 0, 0)
        assert target.get(record) is None and len(target.history(record)) == 2


# -- conflicts -----------------------------------------------------------------------------


@pytest.fixture
def fork(db_path: Path, tmp_path: Path):
    """Amal creates a record; Bilal receives it; both then edit it without seeing the other."""
    amal = Store.open(db_path)
    bilal = _open_device(tmp_path / "bilal.db", "Bilal")
    record = amal.add(INCIDENT, STRIKE)
    bilal.apply_revisions(_revisions(amal))
    ours = amal.edit(record, {"killed": 5})
    theirs = bilal.edit(record, {"killed": 7, "notes": "from the civil defence"})
    yield amal, bilal, record, ours, theirs
    amal.close()
    bilal.close()


def test_a_fork_is_a_conflict_with_two_heads(fork) -> None:
    amal, _bilal, record, ours, theirs = fork
    result = amal.apply_revisions([theirs])
    assert result.conflicts == 1 and result.updated == 1
    assert amal.conflicts() == [record]
    assert {h.id for h in amal.heads(record)} == {ours.id, theirs.id}
    assert amal.count(INCIDENT) == 1  # still one record, showing a provisional winner


def test_the_provisional_winner_is_the_same_everywhere(fork, tmp_path: Path) -> None:
    amal, bilal, record, ours, theirs = fork
    amal.apply_revisions([theirs])
    bilal.apply_revisions([ours])
    winner = pick_winner([ours, theirs])
    assert amal.get(record)["revision"] == winner.id
    assert bilal.get(record)["revision"] == winner.id
    assert amal.get(record) == bilal.get(record) | {"created_at": amal.get(record)["created_at"]}
    with Store.open(tmp_path / "third.db") as third:  # any order, any database
        third.apply_revisions(list(reversed(_revisions(bilal))))
        assert third.get(record)["revision"] == winner.id
        assert third.conflicts() == [record]


def test_resolve_takes_one_side_with_both_parents(fork) -> None:
    amal, _bilal, record, ours, theirs = fork
    amal.apply_revisions([theirs])
    resolution = amal.resolve(record, take=ours.id[:10])
    assert set(resolution.parents) == {ours.id, theirs.id}
    assert [h.id for h in amal.heads(record)] == [resolution.id]
    assert amal.conflicts() == []
    assert amal.get(record)["killed"] == 5
    with pytest.raises(FieldappError, match="no conflict"):
        amal.resolve(record, take=ours.id)


def test_resolve_with_merged_values(fork) -> None:
    amal, _bilal, record, ours, theirs = fork
    amal.apply_revisions([theirs])
    merged = {**ours.data, "killed": 6, "notes": theirs.data["notes"]}
    resolution = amal.resolve(record, values=merged)
    assert set(resolution.parents) == {ours.id, theirs.id}
    assert amal.conflicts() == []
    assert amal.get(record)["killed"] == 6 and amal.get(record)["notes"] == "from the civil defence"


def test_resolve_refuses_an_ambiguous_choice(fork) -> None:
    amal, _bilal, record, _ours, theirs = fork
    amal.apply_revisions([theirs])
    with pytest.raises(FieldappError, match="matches no single head"):
        amal.resolve(record, take="")
    assert len(amal.heads(record)) == 2


def test_editing_a_conflicted_record_merges_both_heads(fork) -> None:
    amal, _bilal, record, ours, theirs = fork
    amal.apply_revisions([theirs])
    rev = amal.edit(record, {"injured": 12})
    assert rev is not None and set(rev.parents) == {ours.id, theirs.id}
    assert amal.conflicts() == []


def test_editing_a_record_whose_winner_is_a_delete_is_refused(fork) -> None:
    amal, bilal, record, ours, _theirs = fork
    [created] = amal.history(record)[:1]
    # Bilal deletes the record after Amal's edit: the tombstone is the provisional winner.
    tombstone = Revision(
        record,
        INCIDENT,
        (created.id,),
        bilal.require_device().id,
        99,
        _later(ours.timestamp, 5),
        True,
        created.data,
    )
    amal.apply_revisions([tombstone])
    assert amal.conflicts() == [record]
    assert amal.get(record) is None  # the winner is the delete
    before = list(amal.db.iterdump())
    with pytest.raises(FieldappError, match="resolve that conflict first"):
        amal.edit(record, {"killed": 8})
    assert list(amal.db.iterdump()) == before
    revived = amal.resolve(record, take=ours.id)  # a person chooses to keep the edit
    assert not revived.deleted and amal.get(record)["killed"] == 5


def test_a_parent_from_another_record_is_refused_in_any_order(store) -> None:
    """Forged history linking two records would leave one without a head: refused whole."""
    import uuid

    from fieldapp.domain.validation import clean

    device = store.require_device().id
    values = clean(INCIDENT, STRIKE)
    x, y = str(uuid.uuid4()), str(uuid.uuid4())
    root_y = Revision(y, "incident", (), device, 1, "2024-01-01T00:00:00.000Z", False, values)
    child_x = Revision(
        x, "incident", (root_y.id,), device, 2, "2024-01-02T00:00:00.000Z", False, values
    )
    for order in ([root_y, child_x], [child_x, root_y]):
        before = store.revision_count()
        with pytest.raises(FieldappError, match="another record"):
            store.apply_revisions(order)
        assert store.revision_count() == before
