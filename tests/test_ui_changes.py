"""What a write announces, and what refreshes: every write says what it changed
(`AppContext.changed`, a `fieldapp.ops.Changes`) and each view reloads only when what it
shows changed. Driven through the real widgets: clicks, keys and menu entries."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox
from test_sync_helpers import device_factory, incident
from ui_helpers import click_row

from fieldapp.domain.fields import DISPLACEMENT, INCIDENT
from fieldapp.ops import Changes
from fieldapp.store import Store
from fieldapp.store import demo as demo_mod
from fieldapp.sync.export import export_bundle
from fieldapp.ui import jobs
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow

SYNC = ("fieldapp.ui.sync_views",)


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def open_window(qtbot):
    windows: list[MainWindow] = []

    def open_(path: Path, extensions: tuple[str, ...] = ()) -> MainWindow:
        window = MainWindow(AppContext(path), extensions=extensions)
        qtbot.addWidget(window)
        window.confirm = lambda *a: True
        window.show()
        qtbot.waitExposed(window)
        qtbot.wait(1)  # the deferred first fill of the governorate list and status bar
        windows.append(window)
        return window

    yield open_
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.done(0)
    for window in windows:
        jobs.wait_all()
        if window.form is not None:
            window.form.confirm = lambda *a: True
            window.form.done(0)
        window.context.close()


class Reloads:
    """How many times each watched model was reset (read again from the database)."""

    def __init__(self, **models: QAbstractItemModel):
        self.counts: Counter[str] = Counter({name: 0 for name in models})
        for name, model in models.items():
            model.modelReset.connect(lambda n=name: self.counts.update([n]))

    def __getitem__(self, name: str) -> int:
        return self.counts[name]


class Announced(list):
    def __init__(self, window: MainWindow):
        super().__init__()
        window.context.changed.connect(self.append)


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_saving_an_incident_reloads_the_incidents_table_not_the_displacement_one(
    qtbot, open_window, demo_db_path
):
    w = open_window(demo_db_path)
    unexported = w.unexported_label.text()
    reloads = Reloads(incidents=w.incidents.model, displacements=w.displacements.model)
    announced = Announced(w)
    click_row(qtbot, w.incidents.table, 0)
    record_id = w.incidents.current_id()
    w.edit_action.trigger()
    form = w.form
    assert form is not None and form.record_id == record_id
    killed = form.editors["killed"].widget
    killed.setFocus()
    killed.selectAll()
    QTest.keyClicks(killed, "77")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert w.form is None
    [changes] = announced
    assert changes.touches_records(INCIDENT) and not changes.touches_records(DISPLACEMENT)
    assert (reloads["incidents"], reloads["displacements"]) == (1, 0)
    column = [c.name for c in w.incidents.model.columns].index("killed")
    row = w.incidents.model.row_of(record_id)
    assert w.incidents.model.index(row, column).data() == "77"
    assert w.unexported_label.text() != unexported  # the status bar counts the new revision


def test_deleting_a_displacement_report_reloads_only_its_table(qtbot, open_window, demo_db_path):
    w = open_window(demo_db_path)
    before = w.displacements.model.matching
    reloads = Reloads(incidents=w.incidents.model, displacements=w.displacements.model)
    view_menu = w.findChild(QMenu, "menu_view")
    next(a for a in view_menu.actions() if a.text() == "Displacement").trigger()
    click_row(qtbot, w.displacements.table, 0)
    qtbot.keyClick(w.displacements.table, Qt.Key.Key_Delete)

    assert w.displacements.model.matching == before - 1
    assert (reloads["incidents"], reloads["displacements"]) == (0, 1)


def test_refresh_reads_every_table_again(qtbot, open_window, demo_db_path):
    w = open_window(demo_db_path)
    with Store.open(demo_db_path) as other:  # another program writes to the file
        other.add(
            INCIDENT, {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Dana"}
        )
    reloads = Reloads(incidents=w.incidents.model, displacements=w.displacements.model)
    qtbot.mouseClick(w.toolbar.widgetForAction(w.refresh_action), Qt.MouseButton.LeftButton)
    assert (reloads["incidents"], reloads["displacements"]) == (1, 1)
    assert w.incidents.model.matching == w.incidents.model.total


def test_an_export_refreshes_the_status_bar_but_no_table(
    qtbot, open_window, demo_db_path, tmp_path
):
    w = open_window(demo_db_path, SYNC)
    assert w.unexported_label.text().endswith("changes not exported")
    reloads = Reloads(
        incidents=w.incidents.model,
        displacements=w.displacements.model,
        conflicts=w.conflicts_view.list_model,
    )
    announced = Announced(w)
    action(w, "action_export_bundle").trigger()
    dialog = w.sync_actions.export_dialog
    dialog.path.clear()
    QTest.keyClicks(dialog.path, str(tmp_path / "amal.zip"))
    QTest.keyClicks(dialog.passphrase, PASSPHRASE)
    export = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(w.context.changed, timeout=30_000):
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)

    assert (tmp_path / "amal.zip").exists()
    [changes] = announced
    assert changes.bundles and not changes.touches_records()
    assert w.unexported_label.text() == "All changes exported"
    assert reloads.counts == {"incidents": 0, "displacements": 0, "conflicts": 0}


def test_trust_changes_reload_the_devices_view_and_record_changes_do_not(
    qtbot, open_window, hq_db_path
):
    w = open_window(hq_db_path, SYNC)
    devices = w.devices_view
    reloads = Reloads(
        devices=devices.model, incidents=w.incidents.model, displacements=w.displacements.model
    )
    w.show_view("devices")
    row = next(i for i, d in enumerate(devices.model.rows) if d.trusted and not d.is_self)
    click_row(qtbot, devices.table, row)
    qtbot.mouseClick(devices.untrust_button, Qt.MouseButton.LeftButton)
    assert reloads.counts == {"devices": 1, "incidents": 0, "displacements": 0}

    w.show_view("incidents")
    click_row(qtbot, w.incidents.table, 0)
    w.delete_action.trigger()
    assert reloads.counts == {"devices": 1, "incidents": 1, "displacements": 0}


def test_merging_a_bundle_of_incidents_reloads_incidents_and_devices_not_displacement(
    qtbot, open_window, tmp_path, file_dialogs
):
    devices = device_factory()
    field = devices.new(tmp_path, "Amal")
    with Store.open(field) as store:
        store.add(INCIDENT, incident())
        bundle = export_bundle(store, tmp_path / "amal.zip", PASSPHRASE).path
    w = open_window(devices.new(tmp_path, "Coordinator", "OCHA"), SYNC)
    reloads = Reloads(
        incidents=w.incidents.model,
        displacements=w.displacements.model,
        devices=w.devices_view.model,
    )
    announced = Announced(w)
    action(w, "action_import_bundles").trigger()
    dialog = w.sync_actions.import_dialog
    file_dialogs.answer([bundle])
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.model.rows[0].verified is not None)
    dialog.accept_signer(0)  # the "Accept this key" box
    with qtbot.waitSignal(w.context.changed, timeout=30_000):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    [changes] = announced
    assert changes.records == {INCIDENT} and changes.devices and changes.bundles
    assert (reloads["incidents"], reloads["displacements"], reloads["devices"]) == (1, 0, 1)
    assert w.incidents.model.matching == 1
    dialog.done(0)


def test_cancel_while_the_demo_loads_leaves_the_database_unchanged(
    qtbot, open_window, db_path, monkeypatch
):
    """The demo load waits (inside its transaction, after the incidents went in) until
    Cancel has been clicked in the progress dialog: nothing may stay written."""
    clicked = threading.Event()
    original = demo_mod.displacements

    def displacements_after_cancel():
        clicked.wait(20)
        return original()

    monkeypatch.setattr(demo_mod, "displacements", displacements_after_cancel)
    w = open_window(db_path)
    reloads = Reloads(incidents=w.incidents.model, displacements=w.displacements.model)
    announced = Announced(w)
    w.demo_action.trigger()
    job = w.demo_job
    assert job is not None
    qtbot.waitUntil(job.dialog.isVisible, timeout=5_000)
    cancel = job.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.waitSignal(job.done, timeout=30_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        clicked.set()

    with Store.open(db_path) as store:
        assert store.revision_count() == 0
    assert announced == []
    assert (reloads["incidents"], reloads["displacements"]) == (0, 0)
    assert "cancel" in w.statusBar().currentMessage().lower()
    assert w.demo_action.isEnabled()


def test_cancel_while_the_device_key_is_made_creates_no_device(qtbot, tmp_path, monkeypatch):
    """The first-run dialog's progress Cancel (it did nothing: the key was saved anyway)."""
    from fieldapp.ops import setup as ops_setup
    from fieldapp.ui.first_run import FirstRunDialog

    clicked = threading.Event()
    make = ops_setup._create_identity

    def slow_key(*args):
        clicked.wait(20)
        return make(*args)

    monkeypatch.setattr(ops_setup, "_create_identity", slow_key)
    with Store.open(tmp_path / "new.db") as store:
        dialog = FirstRunDialog(store, kdf_n=2**12)
        qtbot.addWidget(dialog)
        dialog.show()
        for field, text in (
            (dialog.name, "Amal"),
            (dialog.organisation, "Idlib Response Network"),
            (dialog.passphrase, PASSPHRASE),
            (dialog.repeat, PASSPHRASE),
        ):
            QTest.keyClicks(field, text)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        job = dialog.job
        assert job is not None
        qtbot.waitUntil(job.dialog.isVisible, timeout=5_000)
        cancel = job.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        with qtbot.waitSignal(job.done, timeout=30_000):
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            clicked.set()
        assert store.device() is None
        assert dialog.isVisible() and dialog.create_button.isEnabled()  # ready to try again
        assert not [
            b
            for b in QApplication.topLevelWidgets()
            if isinstance(b, QMessageBox) and b.isVisible()
        ]
        dialog.done(0)


def test_cancel_while_the_report_map_is_drawn_writes_no_report(
    qtbot, open_window, demo_db_path, monkeypatch
):
    """The map is drawn on the UI thread (QtWebEngine); its progress dialog's Cancel stops
    the drawing and the report: a map render here waits, as a slow one does, until then."""
    from fieldapp.qtkit import render

    def slow_render(db, out, flt, size, lang="en", cancelled=None):
        render.wait_until(lambda: False, 20, "the test map", cancelled)

    monkeypatch.setattr(render, "render_png", slow_render)
    w = open_window(demo_db_path, ("fieldapp.ui.reports_view",))
    view = w.reports_view
    w.show_view("reports")
    qtbot.mouseClick(view.sign, Qt.MouseButton.LeftButton)  # a draft: no passphrase
    assert view.with_map.isChecked() and not view.sign.isChecked()
    clicked: list[bool] = []

    def press_cancel() -> None:  # runs while the map is drawn, as a person's click would
        drawing = view.map_drawing
        if drawing is None or not drawing.dialog.isVisible():
            QTimer.singleShot(20, press_cancel)
            return
        cancel = drawing.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
        clicked.append(True)

    QTimer.singleShot(0, press_cancel)
    qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)

    assert clicked == [True]
    assert view.job is None and view.result is None
    assert view.status.text() == "Cancelled; no report was written."
    assert view.generate_button.isEnabled()
    assert view.shown_pdf() == b""  # nothing built (and nothing was ever written to disk)
    view.cleanup()


def test_the_runner_opens_the_workers_store_and_announces_before_on_success(qtbot, db_path):
    context = AppContext(db_path)
    seen: list[object] = []
    context.changed.connect(lambda changes: seen.append(("announced", changes)))
    ui_thread = threading.get_ident()

    class Result:
        changes = Changes.of_records(INCIDENT)

    def op(store, task):
        task.check()
        task.progress(1, 1)
        seen.append(("thread", threading.get_ident() != ui_thread))
        seen.append(("store", store is not context._store))
        store.add(
            INCIDENT, {"event_date": "2019-05-01", "sub_event_type": "Attack", "location": "Dana"}
        )
        close = store.close
        store.close = lambda: (seen.append(("closed", True)), close())
        return Result()

    job = jobs.run_op(context, None, "Testing", op, lambda r: seen.append(("done", r)))
    with qtbot.waitSignal(job.done, timeout=10_000):
        pass
    # the worker's store is closed on its own thread, then the change is announced
    assert [k for k, _ in seen] == ["thread", "store", "closed", "announced", "done"]
    assert ("thread", True) in seen and ("store", True) in seen
    assert ("announced", Changes.of_records(INCIDENT)) in seen
    assert context.store().count(INCIDENT) == 1
    context.close()
