"""fieldapp.ops.setup on real databases: the device identity, its sealing key and
certificate, trust, and the demo data (cancelled: nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE
from ops_helpers import CancelAt, assert_cancel_writes_nothing
from test_sync_helpers import FAST_N, device_factory

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, FieldappError, NotFound, WrongPassphrase
from fieldapp.ops import NOTHING, Changes
from fieldapp.ops import setup as ops
from fieldapp.store import Store


def test_init_makes_this_database_a_device(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        done = ops.init(store, "Amal", "Idlib Response Network", PASSPHRASE, n=FAST_N)
        assert store.require_device().id == done.device.id
        assert done.changes == Changes(devices=True)


def test_a_cancelled_identity_is_not_saved(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        with pytest.raises(Cancelled):
            ops.init(store, "Amal", "IRN", PASSPHRASE, n=FAST_N, task=CancelAt(1).task())
        assert store.device() is None


def test_sealing_key_is_made_once_and_asks_only_then(db_path):
    asked: list[str] = []

    def secret() -> str:
        asked.append("x")
        return PASSPHRASE

    with Store.open(db_path) as store:
        first = ops.sealing_key(store, secret)
        assert first.created and first.recipient.startswith("age1")
        assert first.changes == Changes(devices=True)
        again = ops.sealing_key(store, secret)
        assert not again.created and again.recipient == first.recipient
        assert again.changes == NOTHING
    assert asked == ["x"]


def test_a_wrong_passphrase_makes_no_sealing_key(db_path):
    with Store.open(db_path) as store:
        with pytest.raises(WrongPassphrase):
            ops.sealing_key(store, lambda: "not the passphrase")
        assert ops.sealing_key(store, lambda: PASSPHRASE).created


def test_certificate_trust_and_untrust(db_path, tmp_path):
    other = device_factory().new(tmp_path, "Basel", "Syria Relief")
    with Store.open(other) as store:
        written = ops.export_certificate(store, tmp_path / "basel.pem")
        assert written.changes == NOTHING and written.path.is_file()
    with Store.open(db_path) as store:
        with pytest.raises(FieldappError, match="no certificate file"):
            ops.trust(store, tmp_path / "missing.pem")
        trusted = ops.trust(store, written.path)
        assert trusted.result.name == "Basel" and not trusted.result.was_trusted
        assert trusted.changes == Changes(devices=True)
        assert store.is_trusted(written.fingerprint)
        again = ops.trust(store, written.path.read_bytes())
        assert again.result.was_trusted
        untrusted = ops.untrust(store, written.fingerprint[:12])
        assert untrusted.fingerprint == written.fingerprint
        assert untrusted.label.startswith("Basel")
        assert untrusted.changes == Changes(devices=True)
        assert not store.is_trusted(written.fingerprint)
        with pytest.raises(NotFound):
            ops.untrust(store, "00000000000000")


def test_load_demo_fills_an_empty_database_once(db_path):
    with Store.open(db_path) as store:
        loaded = ops.load_demo(store)
        assert loaded.incidents == store.count(INCIDENT) > 0
        assert loaded.displacements == store.count(DISPLACEMENT) > 0
        assert loaded.changes.records == {INCIDENT, DISPLACEMENT}
        with pytest.raises(FieldappError, match="empty database"):
            ops.load_demo(store)


def test_a_cancelled_demo_load_writes_nothing(db_path, tmp_path):
    def run(db: Path, task) -> None:
        with Store.open(db) as store:
            ops.load_demo(store, task=task)

    assert len(assert_cancel_writes_nothing(db_path, tmp_path, run)) == 3
