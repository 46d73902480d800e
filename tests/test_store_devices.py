"""fieldapp.store.devices: the one owner of the device and devices tables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fieldapp.errors import FieldappError, NotInitialised
from fieldapp.store import Store, devices

FP_A = "aa" * 32
FP_B = "ab" * 32
FP_C = "c0" * 32


def _row(store: Store, fp: str) -> tuple | None:
    return store.db.execute(
        "SELECT name, organisation, certificate, trusted, added_at, trusted_at FROM devices"
        " WHERE id = ?",
        (fp,),
    ).fetchone()


@pytest.fixture
def memory() -> Iterator[Store]:
    store = Store.memory()
    yield store
    store.close()


def test_a_new_database_has_no_own_device(memory: Store) -> None:
    assert devices.own(memory) is None and memory.device() is None
    with pytest.raises(NotInitialised, match="fieldapp init"):
        devices.require_own(memory)
    assert devices.age_recipient(memory) is None and devices.age_identity(memory) is None


def test_save_own_once_and_trusted(memory: Store) -> None:
    identity = dict(
        fingerprint=FP_A,
        name="Amal",
        organisation="IRN",
        public_key="PUB",
        certificate="CERT",
        private_key="{}",
    )
    device = memory.save_device(**identity)
    assert device == devices.require_own(memory) and device.fingerprint == FP_A
    assert device.last_seq == 0 and devices.is_trusted(memory, FP_A)
    with pytest.raises(FieldappError, match="already has a device identity"):
        devices.save_own(memory, **identity)
    assert devices.take_seqs(memory, FP_A) == 1
    assert devices.take_seqs(memory, FP_A, 5) == 6
    assert devices.require_own(memory).last_seq == 6


def test_trust_adds_marks_or_leaves(memory: Store) -> None:
    assert devices.trust_state(memory, FP_B) is None
    assert devices.trust(memory, FP_B, "Bilal", "OCHA", "CERT1", "2026-01-01T00:00:00Z") is None
    assert _row(memory, FP_B) == (
        "Bilal",
        "OCHA",
        "CERT1",
        1,
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    )
    # already trusted: nothing changes, not even the certificate
    assert devices.trust(memory, FP_B, "Bilal", "OCHA", "CERT2", "2026-02-01T00:00:00Z") is True
    assert _row(memory, FP_B)[2:] == ("CERT1", 1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    # known but not trusted: trusted now, with the new certificate
    devices.set_trusted(memory, FP_B, False)
    assert devices.trust_state(memory, FP_B) is False and _row(memory, FP_B)[5] is None
    assert (
        devices.trust(memory, FP_B, "ignored", "ignored", "CERT3", "2026-03-01T00:00:00Z") is False
    )
    assert _row(memory, FP_B) == (
        "Bilal",
        "OCHA",
        "CERT3",
        1,
        "2026-01-01T00:00:00Z",
        "2026-03-01T00:00:00Z",
    )
    assert devices.label(memory, FP_B) == f"Bilal (OCHA) {FP_B[:8]}"
    assert devices.label(memory, FP_C) == f"unknown device {FP_C[:8]}"


def test_learn_adds_untrusted_and_keeps_known(memory: Store) -> None:
    devices.trust(memory, FP_A, "Amal", "IRN", "CERT-A")
    relayed = [
        {"fingerprint": FP_A, "name": "renamed", "organisation": "x", "certificate": "y"},
        {"fingerprint": FP_C, "name": "Carla", "organisation": "WFP", "certificate": "CERT-C"},
    ]
    devices.learn(memory, relayed, "2026-01-01T00:00:00Z")
    assert _row(memory, FP_A)[:4] == ("Amal", "IRN", "CERT-A", 1)
    assert _row(memory, FP_C) == ("Carla", "WFP", "CERT-C", 0, "2026-01-01T00:00:00Z", None)


def test_writes_join_the_callers_transaction(memory: Store) -> None:
    with pytest.raises(RuntimeError), memory.transaction():
        devices.trust(memory, FP_B, "Bilal", "OCHA", "CERT")
        devices.learn(
            memory, [{"fingerprint": FP_C, "name": "C", "organisation": "", "certificate": ""}]
        )
        assert devices.trust_state(memory, FP_B) is True
        raise RuntimeError("the merge failed")
    assert devices.trust_state(memory, FP_B) is None and devices.trust_state(memory, FP_C) is None


def test_prefix_and_listing_order(memory: Store) -> None:
    devices.trust(memory, FP_B, "Bilal", "OCHA", "CERT")
    devices.trust(memory, FP_A, "Zaid", "IRN", "CERT")
    devices.learn(
        memory, [{"fingerprint": FP_C, "name": "Adam", "organisation": "", "certificate": ""}]
    )
    assert devices.with_prefix(memory, "a") == [FP_A, FP_B]
    assert devices.with_prefix(memory, "ab") == [FP_B]
    assert devices.with_prefix(memory, "ff") == []
    assert [d.id for d in devices.known(memory, None)] == [FP_B, FP_A, FP_C]
    listed = devices.known(memory, FP_C)
    assert [d.id for d in listed] == [FP_C, FP_B, FP_A]
    assert listed[0].trusted is False and listed[1].trusted is True


def test_bundle_entries_and_revision_counts(memory: Store) -> None:
    memory.db.conn.executemany(
        "INSERT INTO bundles (id, direction, device, seq, created_at, processed_at, full,"
        " revisions, manifest_sha256) VALUES (?, ?, ?, ?, ?, ?, 0, 0, '')",
        [
            ("b2", "received", FP_B, 2, "c2", "2026-01-02"),
            ("b1", "received", FP_B, 1, "c1", "2026-01-01"),
            ("s1", "sent", FP_A, 1, "c3", "2026-01-03"),
        ],
    )
    entries = devices.bundle_entries(memory, FP_B)
    assert [(e.seq, e.processed_at, e.created_at, e.direction) for e in entries] == [
        (1, "2026-01-01", "c1", "received"),
        (2, "2026-01-02", "c2", "received"),
    ]
    assert devices.revisions_by_device(memory) == {}


def test_age_key_pair_is_written_once(store: Store) -> None:
    assert devices.age_recipient(store) is None and devices.age_identity(store) is None
    devices.save_age_identity(store, "age1first", "envelope1")
    devices.save_age_identity(store, "age1second", "envelope2")
    assert devices.age_recipient(store) == "age1first"
    assert devices.age_identity(store) == "envelope1"
