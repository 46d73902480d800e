"""fieldapp.ops.bundles on real databases and real bundle files: export, verify, merge,
what each says changed, and a Cancel that leaves every row as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from ops_helpers import CancelAt, assert_cancel_writes_nothing
from test_sync_helpers import device_factory, displacement, dump, incident

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.errors import Cancelled, FieldappError
from fieldapp.ops import NOTHING, Changes, records
from fieldapp.ops import bundles as ops
from fieldapp.store import Store


def _secret() -> str:
    return PASSPHRASE


@pytest.fixture
def field(tmp_path: Path) -> Path:
    """A field worker's database with three incidents and nothing else."""
    path = device_factory().new(tmp_path, "Amal")
    with Store.open(path) as store:
        for day in ("2019-05-14", "2019-05-15", "2019-05-16"):
            records.add(store, INCIDENT, incident(event_date=day))
    return path


@pytest.fixture
def coordinator(tmp_path: Path) -> Path:
    return device_factory().new(tmp_path, "Coordinator", "OCHA Gaziantep")


def _export(db: Path, out: Path, **kw: object) -> ops.Exported:
    with Store.open(db) as store:
        return ops.export(store, out, PASSPHRASE, **kw)


def test_export_writes_a_bundle_and_changes_only_the_bundle_log(field, tmp_path):
    exported = _export(field, tmp_path / "b1.zip")
    assert exported.bundle.path.is_file()
    assert exported.bundle.records == {INCIDENT: 3, DISPLACEMENT: 0}
    assert exported.changes == Changes(bundles=True)
    with Store.open(field) as store:
        assert store.bundle_seq() == 1 and store.unexported_count() == 0
        with pytest.raises(ops.NothingToExport):
            ops.export(store, tmp_path / "b2.zip", PASSPHRASE)
    assert not (tmp_path / "b2.zip").exists()


def test_verify_reads_and_changes_nothing(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    before = dump(coordinator)
    with Store.open(coordinator) as store, ops.verify(store, bundle) as verified:
        assert verified.info.revisions == 3
        assert verified.parts == 1
        assert verified.info.signer.trusted is False
        assert verified.changes == NOTHING
    assert dump(coordinator) == before


def test_merge_of_incidents_only_names_incidents_devices_and_bundles(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    with Store.open(coordinator) as store:
        result = ops.merge(store, [bundle], trust_new=True)
        assert store.count(INCIDENT) == 3
        assert result.summary.new == 3 and result.summary.trusted_now
        assert result.changes.records == {INCIDENT}
        assert result.changes.devices and result.changes.bundles
        assert not result.changes.duplicates and not result.changes.settings
        again = ops.merge(store, [bundle])
        assert again.summary.already_merged
        assert again.changes == NOTHING


def test_merge_of_a_deletion_names_the_deleted_kind(field, coordinator, tmp_path):
    with Store.open(field) as store:
        d = records.add(store, DISPLACEMENT, displacement()).record_id
    first = _export(field, tmp_path / "b1.zip").bundle.path
    with Store.open(field) as store:
        records.delete(store, [d])
    second = _export(field, tmp_path / "b2.zip").bundle.path
    with Store.open(coordinator) as store:
        assert ops.merge(store, [first], trust_new=True).changes.records == {
            INCIDENT,
            DISPLACEMENT,
        }
        result = ops.merge(store, [second])
        assert store.count(DISPLACEMENT) == 0
        assert result.changes.records == {DISPLACEMENT}


def test_merge_of_an_edit_names_the_edited_kind_only(field, coordinator, tmp_path):
    with Store.open(field) as store:
        records.add(store, DISPLACEMENT, displacement())
        first_incident = store.query(INCIDENT, limit=1)[0]["id"]
    first = _export(field, tmp_path / "b1.zip").bundle.path
    with Store.open(field) as store:
        records.edit(store, first_incident, {"killed": 40})
    second = _export(field, tmp_path / "b2.zip").bundle.path
    with Store.open(coordinator) as store:
        ops.merge(store, [first], trust_new=True)
        result = ops.merge(store, [second])
        assert result.summary.updated == 1
        assert store.get(first_incident)["killed"] == 40
        assert result.changes.records == {INCIDENT}


def test_merge_refuses_an_untrusted_signer_and_writes_nothing(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    before = dump(coordinator)
    with Store.open(coordinator) as store, pytest.raises(ops.UntrustedSigner):
        ops.merge(store, [bundle])
    assert dump(coordinator) == before


def test_merge_keep_going_lists_the_refused_bundle(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    with Store.open(coordinator) as store:
        with pytest.raises(FieldappError):
            ops.merge(store, [broken, bundle], trust_new=True)
        assert store.count(INCIDENT) == 0
        result = ops.merge(store, [broken, bundle], trust_new=True, keep_going=True)
        assert [path for path, _ in result.failed] == [broken]
        assert len(result.merged) == 1 and store.count(INCIDENT) == 3
        assert result.changes.records == {INCIDENT}


def test_verify_all_then_merge_checked(field, coordinator, tmp_path):
    """The import dialog's way: check every file, show them, merge those accepted."""
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    with Store.open(coordinator) as store:
        checked = ops.verify_all(store, [bundle, broken], passphrase=_secret)
        assert checked[0].error is None and checked[1].bundle is None
        assert isinstance(checked[1].error, FieldappError)
        refused = ops.merge_checked(store, [(checked[0].bundle, False)])
        assert len(refused.failed) == 1 and refused.changes == NOTHING
        assert store.count(INCIDENT) == 0
        result = ops.merge_checked(store, [(checked[0].bundle, True)])
        checked[0].close()
        assert store.count(INCIDENT) == 3
        assert result.changes.records == {INCIDENT} and result.changes.devices


def test_devices_lists_the_signer_after_a_merge(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    with Store.open(coordinator) as store:
        ops.merge(store, [bundle], trust_new=True)
        found = {d.name: d for d in ops.devices(store)}
    assert found["Amal"].trusted and found["Amal"].received == [1]
    assert ops.ranges([1, 2, 3, 5]) == "1-3, 5"


def test_a_cancelled_merge_leaves_every_row_as_it_was(field, coordinator, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path

    def run(db: Path, task) -> None:
        with Store.open(db) as store:
            ops.merge(store, [bundle], trust_new=True, task=task)

    points = assert_cancel_writes_nothing(coordinator, tmp_path, run)
    assert len(points) == 3  # the first, a middle and the last check


def test_a_cancelled_export_writes_no_file_and_no_row(field, tmp_path):
    out = tmp_path / "bundle.zip"

    def run(db: Path, task) -> None:
        out.unlink(missing_ok=True)
        try:
            with Store.open(db) as store:
                ops.export(store, out, PASSPHRASE, task=task)
        finally:
            if task.cancelled.n:  # a cancelled export leaves no bundle behind
                assert not out.exists()

    assert_cancel_writes_nothing(field, tmp_path, run)


def test_a_cancelled_verify_all_closes_what_it_checked(field, tmp_path):
    bundle = _export(field, tmp_path / "b.zip").bundle.path
    copy = tmp_path / "copy.zip"
    shutil.copy(bundle, copy)
    cancel = CancelAt(2)
    with pytest.raises(Cancelled):
        ops.verify_all(None, [bundle, copy], task=cancel.task())
