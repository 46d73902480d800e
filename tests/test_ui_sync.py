"""The sync screens driven as a coordinator would: real databases, real bundles, offscreen
Qt, background jobs waited for."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import Qt
from test_sync_helpers import (
    Devices,
    device_factory,
    displacement,
    incident,
    read_bundle,
    write_zip,
)

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.identity.keys import format_fingerprint
from fieldapp.ops import EVERYTHING
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.sync.seal import ensure_age_identity
from fieldapp.ui.context import AppContext
from fieldapp.ui.import_dialog import ImportDialog
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.sync_dialogs import ExportDialog
from fieldapp.ui.sync_views import ConflictsView, DevicesView, DuplicatesView


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def devices() -> Devices:
    return device_factory()


@pytest.fixture
def field(devices: Devices, tmp_path: Path) -> Path:
    path = devices.new(tmp_path, "Amal")
    with Store.open(path) as store:
        store.add(INCIDENT, incident())
        store.add(INCIDENT, incident(event_date="2019-05-15", location="Ariha"))
        store.add(DISPLACEMENT, displacement())
    return path


@pytest.fixture
def coord(devices: Devices, tmp_path: Path) -> Path:
    return devices.new(tmp_path, "Coordinator", "OCHA")


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=("fieldapp.ui.sync_views",))
    qtbot.addWidget(window)
    window.confirm = lambda *a: True
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, coord: Path):
    w = open_window(qtbot, coord)
    yield w
    w.context.close()


def wait(qtbot, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job.finished, timeout=30_000)


def export(db: Path, out: Path, **kw) -> Path:
    with Store.open(db) as store:
        export_bundle(store, out, PASSPHRASE, **kw)
    return out


def test_views_and_menu_are_installed(window):
    assert {"devices", "conflicts", "duplicates"} <= set(window.views)
    names = {a.objectName() for a in window.menu("sync").actions()}
    assert {"action_export_bundle", "action_import_bundles", "action_conflicts"} <= names
    assert isinstance(window.views["devices"], DevicesView)
    assert isinstance(window.views["conflicts"], ConflictsView)
    assert isinstance(window.views["duplicates"], DuplicatesView)
    assert window.conflicts_view.summary.text() == "No records with competing versions."


def test_export_dialog_writes_a_bundle(qtbot, field: Path, tmp_path: Path):
    w = open_window(qtbot, field)
    try:
        dialog = ExportDialog(w.context, w)
        qtbot.addWidget(dialog)
        assert "(3 revisions)" in dialog.incremental.text()
        out = tmp_path / "out" / "amal.zip"
        out.parent.mkdir()
        dialog.path.setText(str(out))
        dialog.passphrase.setText("wrong passphrase")
        wait(qtbot, dialog.start())
        assert "passphrase is wrong" in dialog.message.text()
        assert list(out.parent.iterdir()) == []
        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(w.context.changed, timeout=30_000):
            dialog.start()
        assert out.exists() and dialog.result is not None and dialog.result.revisions == 3
        assert "bundle #1" in dialog.summary()
        assert w.unexported_label.text() == "All changes exported"
        again = ExportDialog(w.context, w)
        qtbot.addWidget(again)
        again.path.setText(str(tmp_path / "second.zip"))
        again.passphrase.setText(PASSPHRASE)
        wait(qtbot, again.start())
        assert "Nothing changed" in again.message.text()
        again.full.setChecked(True)
        again.seal.setChecked(True)
        again.recipient.setText("not-a-recipient")
        assert again.start() is None and "not an age recipient" in again.message.text()
    finally:
        w.context.close()


def test_export_dialog_seals_and_remembers_the_recipient(qtbot, field, coord, tmp_path):
    with Store.open(coord) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
    w = open_window(qtbot, field)
    try:
        dialog = ExportDialog(w.context, w)
        qtbot.addWidget(dialog)
        dialog.seal.setChecked(True)
        dialog.recipient.setText(recipient)
        dialog.path.setText(str(tmp_path / "sealed.zip"))  # typed: a sealed one is .age
        dialog.passphrase.setText(PASSPHRASE)
        wait(qtbot, dialog.start())
        assert dialog.path.text() == str(tmp_path / "sealed.age")
        assert (tmp_path / "sealed.age").read_bytes().startswith(b"age-encryption.org/v1")
        assert not (tmp_path / "sealed.zip").exists()
        assert w.context.store().setting("sync.seal_to") == recipient
        second = ExportDialog(w.context, w)
        qtbot.addWidget(second)
        assert second.seal.isChecked() and second.recipient.text() == recipient
        assert second.path.text().endswith("-bundle-2.age")  # sealing: named .age
        qtbot.mouseClick(second.seal, Qt.MouseButton.LeftButton)  # not sealed: .zip
        assert not second.seal.isChecked() and second.path.text().endswith("-bundle-2.zip")
        qtbot.mouseClick(second.seal, Qt.MouseButton.LeftButton)
        assert second.path.text().endswith("-bundle-2.age")
    finally:
        w.context.close()


@pytest.mark.parametrize("processes", [1, 2])
def test_import_shows_the_signer_and_merges_after_acceptance(
    qtbot, window, field, tmp_path, monkeypatch, processes, file_dialogs
):
    # Two: rows checked in a second process too (large bundles), started from the job's
    # thread while the window runs.
    monkeypatch.setenv("FIELDAPP_PARALLEL_VERIFY_MIN", "1" if processes == 2 else "1000000000")
    bundle = export(field, tmp_path / "amal.zip")
    bad = tmp_path / "tampered.zip"
    files = read_bundle(bundle)
    files["incidents.csv"] = files["incidents.csv"].replace(b"Ariha", b"Arihx")
    write_zip(bad, files)
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    file_dialogs.answer([bundle, bad])
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert file_dialogs.asked == [("open_files", "Choose bundles")]
    wait(qtbot, dialog.job)
    model = dialog.model
    with Store.open(field) as store:
        fp = store.require_device().id
    row = [model.data(model.index(0, c)) for c in range(6)]
    assert row[1] == "Amal (Idlib Response Network)"
    assert row[2] == format_fingerprint(fp)
    assert row[3] == "Accept this key"
    assert "waiting for you to accept" in row[5]
    assert model.data(model.index(1, 5)).startswith("Refused: incidents.csv does not match")
    assert len(model.rows[0].verified.scratches) == processes
    assert not dialog.merge_button.isEnabled()
    assert model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsUserCheckable
    dialog.accept_signer(0)
    assert dialog.merge_button.isEnabled()
    with qtbot.waitSignal(window.context.changed, timeout=30_000):
        dialog.merge()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert model.data(model.index(0, 5)).startswith("Merged: 3 new, 0 updated")
    assert "1 bundle(s) merged." in dialog.status.text()
    assert window.incidents.model.rowCount() == 2
    assert window.context.store().is_trusted(fp)
    assert not dialog.merge_button.isEnabled()
    dialog.done(0)
    assert all(r.verified is None or r.verified.closed for r in model.rows)


def test_import_of_a_sealed_bundle_needs_the_passphrase(qtbot, window, field, coord, tmp_path):
    with Store.open(coord) as store:
        recipient = ensure_age_identity(store, PASSPHRASE)
    sealed = export(field, tmp_path / "sealed.zip", seal_to=recipient)
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.add_files([str(sealed)]) is None
    assert "sealed" in dialog.status.text()
    dialog.passphrase.setText(PASSPHRASE)
    wait(qtbot, dialog.verify())
    assert ", sealed" in dialog.model.data(dialog.model.index(0, 4))
    dialog.accept_signer(0)
    wait(qtbot, dialog.merge())
    assert dialog.model.rows[0].summary.new == 3
    scratches = dialog.model.rows[0].verified.scratches
    assert scratches and all(s.exists() for s in scratches)
    dialog.done(0)
    assert not any(s.exists() for s in scratches)  # the private copies go with the dialog


def test_devices_view_shows_trust_keys_and_missing_bundles(
    qtbot, window, field, tmp_path, file_dialogs
):
    view: DevicesView = window.devices_view
    view.ask_passphrase = lambda: PASSPHRASE
    recipient = view.create_sealing_key()
    assert recipient and view.recipient.text() == recipient
    assert not view.create_button.isVisibleTo(view)
    cert = tmp_path / "amal.pem"
    with Store.open(field) as store:
        cert.write_text(store.require_device().certificate)
    file_dialogs.answer(cert)
    qtbot.mouseClick(view.trust_button, Qt.MouseButton.LeftButton)
    assert file_dialogs.asked[-1][0] == "open_file"
    names = [d.name for d in view.model.rows]
    assert names[0] == "Coordinator" and "Amal" in names
    bundles = []
    for n in range(3):
        with Store.open(field) as store:
            store.add(INCIDENT, incident(event_date=f"2019-06-0{n + 1}"))
        bundles.append(export(field, tmp_path / f"b{n}.zip"))
    with Store.open(window.context.db_path) as store:
        merge_bundle(store, bundles[0])
        merge_bundle(store, bundles[2])
    window.context.announce(EVERYTHING)
    amal = next(i for i, d in enumerate(view.model.rows) if d.name == "Amal")
    model = view.model
    assert model.data(model.index(amal, 4)) == "1, 3"
    assert model.data(model.index(amal, 5)) == "2"
    assert model.data(model.index(amal, 3)) == "yes"
    assert "Bundle(s) 2 from Amal have not arrived" in view.missing.text()
    view.table.selectRow(amal)
    assert view.untrust_button.isEnabled()
    assert view.untrust_selected()
    assert model.data(model.index(amal, 3)) == "no"
    file_dialogs.answer(tmp_path / "mine.pem")
    qtbot.mouseClick(view.cert_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "mine.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_conflicts_view_resolves_field_by_field(qtbot, devices, tmp_path):
    amal, basel = devices.new(tmp_path, "Amal"), devices.new(tmp_path, "Basel")
    coord = devices.new(tmp_path, "Coordinator", "OCHA")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident())
    a1 = export(amal, tmp_path / "a1.zip")
    with Store.open(basel) as store:
        merge_bundle(store, a1, trust_new=True)
        store.edit(record, {"killed": 7, "notes": "hospital confirms seven"})
    with Store.open(amal) as store:
        store.edit(record, {"killed": 4, "injured": 15})
    with Store.open(coord) as store:
        for b in (a1, export(amal, tmp_path / "a2.zip"), export(basel, tmp_path / "b1.zip")):
            merge_bundle(store, b, trust_new=True)
    w = open_window(qtbot, coord)
    try:
        view: ConflictsView = w.conflicts_view
        assert view.summary.text() == "1 record(s) with competing versions."
        model = view.resolver_model
        assert model.fields[:3] == ["killed", "injured", "notes"]
        versions = model.conflict.versions
        amal_col = next(i for i, v in enumerate(versions) if v.revision.data["killed"] == 4)
        basel_col = 1 - amal_col
        result_col = len(versions)
        assert model.data(model.index(0, amal_col)) == "4"
        assert model.data(model.index(0, basel_col)) == "7"
        assert "Amal" in model.headerData(amal_col, Qt.Orientation.Horizontal)
        assert model.data(model.index(0, amal_col), Qt.ItemDataRole.BackgroundRole) is not None
        # killed from Basel, injured from Amal, notes from Basel: click the cells
        for row, col in ((0, basel_col), (1, amal_col), (2, basel_col)):
            view.resolver.clicked.emit(model.index(row, col))
        assert model.data(model.index(0, result_col)) == "7"
        assert model.data(model.index(1, result_col)) == "15"
        with qtbot.waitSignal(w.context.changed):
            assert view.resolve_fields()
        current = w.context.store().get(record)
        assert (current["killed"], current["injured"]) == (7, 15)
        assert current["notes"] == "hospital confirms seven"
        assert view.summary.text() == "No records with competing versions."
        assert not view.resolve_button.isEnabled()
    finally:
        w.context.close()


def test_conflicts_view_keeps_a_version_whole(qtbot, devices, tmp_path):
    amal, basel = devices.new(tmp_path, "Amal"), devices.new(tmp_path, "Basel")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident())
    a1 = export(amal, tmp_path / "a1.zip")
    with Store.open(basel) as store:
        merge_bundle(store, a1, trust_new=True)
        store.edit(record, {"killed": 7})
    with Store.open(amal) as store:
        store.delete(record)
        merge_bundle(store, export(basel, tmp_path / "b1.zip"), trust_new=True)
        assert store.conflicts() == [record]
    w = open_window(qtbot, amal)
    try:
        view: ConflictsView = w.conflicts_view
        versions = view.resolver_model.conflict.versions
        deletion = next(i for i, v in enumerate(versions) if v.revision.deleted)
        assert view.resolver_model.data(view.resolver_model.index(0, deletion)) == "(deleted)"
        assert not view.resolver_model.choose(0, deletion)
        keep = 1 - deletion
        view.keep_whole.setCurrentIndex(keep)
        assert view.keep_version()
        assert w.context.store().get(record)["killed"] == 7
    finally:
        w.context.close()


def test_duplicates_view_searches_compares_and_merges(qtbot, window, tmp_path):
    store = window.context.store()
    a = store.add(INCIDENT, incident(notes=None, injured=None))
    b = store.add(INCIDENT, incident(event_date="2019-05-15", injured=14, notes="From Basel"))
    c = store.add(INCIDENT, incident(event_date="2019-05-14", latitude=35.45, longitude=36.65))
    window.context.announce(EVERYTHING)
    view: DuplicatesView = window.duplicates_view
    window.show_view("duplicates")  # opening the view searches
    wait(qtbot, view.job)
    assert view.status.text() == "3 possible duplicate pair(s)."
    first = view.model.rows[0]
    assert view.pair_model.columnCount() == 2
    assert view.pair_model.headerData(0, Qt.Orientation.Horizontal).startswith("Record ")
    view.table.selectRow(0)
    qtbot.mouseClick(view.distinct_button, Qt.MouseButton.LeftButton)
    assert len(view.model.rows) == 2
    assert (first.a, first.b) not in {(x.a, x.b) for x in view.model.rows}
    pair = view.model.rows[0]
    view.table.selectRow(0)
    with qtbot.waitSignal(window.context.changed):
        qtbot.mouseClick(view.merge_a_button, Qt.MouseButton.LeftButton)
    assert store.get(pair.b) is None and store.get(pair.a) is not None
    assert all(pair.b not in (x.a, x.b) for x in view.model.rows)
    assert len({a, b, c} - {r["id"] for r in store.query(INCIDENT)}) == 1
    qtbot.waitUntil(lambda: view.job is None and not view.stale, timeout=30_000)
    assert view.model.rowCount() <= 1


def test_import_says_a_bundle_is_far_ahead(qtbot, tmp_path, file_dialogs):
    """A bundle numbered far past the last one merged: merged, and the row says how many
    earlier bundles have not arrived (counted, not listed). Clicks the real buttons and the
    signer's check box."""
    from hostile_bundles import build_corpus
    from test_bundle_refusals import valid_world
    from test_sync_helpers import device_key

    world = valid_world(tmp_path)
    cases = build_corpus(world["bundle"], device_key(world["field"]), tmp_path / "cases")
    far = next(c for c in cases if "far ahead" in c.name)
    window = open_window(qtbot, world["coordinator"])
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    file_dialogs.answer([far.path])
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog.job)
    box = dialog.table.visualRect(dialog.model.index(0, 3))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # ticks "Accept this key" in that cell
    qtbot.waitUntil(dialog.merge_button.isEnabled, timeout=5_000)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30_000)
    text = dialog.model.data(dialog.model.index(0, 5))
    assert text.startswith("Merged:"), text
    assert f"far ahead: {10**12 - 1:,} earlier bundles" in text
    dialog.done(0)
    view = window.views["devices"]  # counted there too, never listed
    window.show_view("devices")
    qtbot.waitUntil(lambda: "far ahead" in view.missing.text(), timeout=5_000)
    assert f"{10**12 - 1:,} earlier bundles from Amal" in view.missing.text()
    window.context.close()
