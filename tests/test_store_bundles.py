"""fieldapp.store.bundles: the one owner of the bundle log and the bundle sequence number."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from fieldapp.store import Store, bundles, devices
from fieldapp.store.database import LAST_EXPORT_KEY

FP_A = "aa" * 32
FP_B = "ab" * 32


@pytest.fixture
def memory() -> Iterator[Store]:
    store = Store.memory()
    yield store
    store.close()


@pytest.fixture
def own(memory: Store) -> Store:
    devices.save_own(
        memory,
        fingerprint=FP_A,
        name="Amal",
        organisation="Idlib Response",
        public_key="pk",
        certificate="cert",
        private_key="sk",
    )
    return memory


def _row(store: Store, bundle_id: str) -> tuple | None:
    return store.db.execute(
        "SELECT direction, device, seq, created_at, full, revisions, manifest_sha256, summary"
        " FROM bundles WHERE id = ?",
        (bundle_id,),
    ).fetchone()


def test_no_device_no_seq(memory: Store) -> None:
    assert bundles.last_seq(memory) == 0 and memory.bundle_seq() == 0
    assert bundles.manifest_digest(memory, "nope") is None
    assert bundles.entries(memory, FP_A) == []


def test_record_sent_moves_seq_and_mark_forward_only(own: Store) -> None:
    sent = dict(device_id=FP_A, full=False, revisions=3, manifest_sha256="d1")
    bundles.record_sent(
        own,
        bundle_id="s2",
        seq=2,
        summary={"after_n": 0, "last_n": 7},
        export_mark=(LAST_EXPORT_KEY, 7),
        **sent,
    )
    assert own.bundle_seq() == 2 and own.export_mark() == 7
    bundles.record_sent(
        own,
        bundle_id="s1",
        seq=1,
        summary={"after_n": 0, "last_n": 3},
        export_mark=(LAST_EXPORT_KEY, 3),
        **sent,
    )
    assert own.bundle_seq() == 2 and own.export_mark() == 7
    row = _row(own, "s2")
    assert row is not None and row[:3] == ("sent", FP_A, 2) and row[4:7] == (0, 3, "d1")
    assert json.loads(row[7]) == {"after_n": 0, "last_n": 7}
    assert bundles.manifest_digest(own, "s2") == "d1"
    assert sorted(e.seq for e in bundles.entries(own, FP_A)) == [1, 2]


def test_record_received_once_and_reports_gaps(memory: Store) -> None:
    def receive(bundle_id: str, seq: int) -> list[int]:
        with memory.transaction():
            return bundles.record_received(
                memory,
                bundle_id=bundle_id,
                device_id=FP_B,
                seq=seq,
                created_at=f"c{seq}",
                full=True,
                revisions=seq,
                manifest_sha256=f"m{seq}",
                summary={"b": 1, "a": 2},
            )

    assert receive("r4", 4) == [1, 2, 3]
    assert receive("r2", 2) == [1]
    assert receive("r5", 5) == [1, 3]
    assert receive("r2", 2) == [1]  # the same bundle again changes nothing
    row = _row(memory, "r2")
    assert row is not None and row[:6] == ("received", FP_B, 2, "c2", 1, 2)
    assert row[7] == '{"a": 2, "b": 1}'
    assert bundles.manifest_digest(memory, "r4") == "m4"
    assert sorted(e.seq for e in devices.bundle_entries(memory, FP_B)) == [2, 4, 5]


def test_export_snapshot_restores_the_mapping(tmp_path) -> None:
    store = Store.open(tmp_path / "field.db")

    def mmap() -> int:
        return store.db.execute("PRAGMA mmap_size").fetchone()[0]

    try:
        before = mmap()
        with pytest.raises(RuntimeError), bundles.export_snapshot(store, before + (1 << 20)):
            assert store.db.conn.in_transaction and mmap() == before + (1 << 20)
            raise RuntimeError
        assert mmap() == before and not store.db.conn.in_transaction
    finally:
        store.close()
