"""A coordinator's work in the window, driven through the real widgets: bundles dropped onto
the import dialog and the main window, the import dialog on a laptop screen, possible
duplicates listed on opening and decided in bulk, the report's warning before signing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from test_sync_helpers import Devices, device_factory, incident

from fieldapp.domain.fields import FIELDS, INCIDENT
from fieldapp.store import Store
from fieldapp.sync.export import export_bundle
from fieldapp.sync.merge import merge_bundle
from fieldapp.ui.context import AppContext
from fieldapp.ui.duplicates_view import DuplicatesView
from fieldapp.ui.import_dialog import ImportDialog
from fieldapp.ui.main_window import MainWindow


@pytest.fixture
def devices() -> Devices:
    return device_factory()


@pytest.fixture
def field(devices: Devices, tmp_path: Path) -> Path:
    path = devices.new(tmp_path, "Amal")
    with Store.open(path) as store:
        store.add(INCIDENT, incident())
        store.add(INCIDENT, incident(event_date="2019-05-15", location="Ariha"))
    return path


@pytest.fixture
def coord(devices: Devices, tmp_path: Path) -> Path:
    return devices.new(tmp_path, "Coordinator", "OCHA")


@pytest.fixture
def bundle(field: Path, tmp_path: Path) -> Path:
    out = tmp_path / "amal-bundle-1.zip"
    with Store.open(field) as store:
        export_bundle(store, out, PASSPHRASE)
    return out


def open_window(qtbot, path: Path, extensions: tuple[str, ...]) -> MainWindow:
    window = MainWindow(AppContext(path), extensions=extensions)
    qtbot.addWidget(window)
    window.asked: list[str] = []
    window.confirm = lambda _parent, title, *_a: window.asked.append(title) or True
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, coord: Path):
    w = open_window(qtbot, coord, ("fieldapp.ui.sync_views",))
    yield w
    w.context.close()


def drop(target, paths: list[Path]) -> QDropEvent:
    """Drag files from a file manager onto `target` and let go: DragEnter, then Drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = target.rect().center()
    enter = QDragEnterEvent(
        QPoint(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drag was refused before the drop"
    event = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    return event


def wait(qtbot, job) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job.finished, timeout=30_000)


# -- drag and drop ---------------------------------------------------------------------------


def test_bundles_dropped_on_the_import_dialog_are_added_and_checked(
    qtbot, window, bundle, tmp_path
):
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a bundle")
    event = drop(dialog, [bundle, notes])
    assert event.isAccepted()
    assert [r.path for r in dialog.model.rows] == [bundle]  # the text file is not added
    assert "Not a bundle, left alone: notes.txt" in dialog.status.text()
    wait(qtbot, dialog.job)
    row = dialog.model.rows[0]
    assert row.verified is not None and row.verified.info.signer.name == "Amal"
    assert "Not a bundle, left alone: notes.txt" in dialog.status.text()  # still said
    assert "1 of 1 bundles are intact." in dialog.status.text()
    # the same as the button: accept the key, merge
    dialog.accept_signer(0)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None and row.summary is not None, timeout=30_000)
    assert row.summary.new == 2
    dialog.done(0)


def test_only_other_files_dropped_are_refused_and_nothing_starts(qtbot, window, tmp_path):
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8")
    drop(dialog, [photo, tmp_path / "gone.zip"])  # a .zip that does not exist either
    assert dialog.model.rows == [] and dialog.job is None
    assert "photo.jpg" in dialog.status.text() and "gone.zip" in dialog.status.text()
    dialog.done(0)


def test_bundles_dropped_on_the_main_window_open_the_import_dialog(qtbot, window, bundle, tmp_path):
    assert window.acceptDrops()
    readme = tmp_path / "readme.pdf"
    readme.write_bytes(b"%PDF")
    drop(window, [readme])
    assert window.sync_actions.import_dialog is None  # nothing to import: no dialog
    assert "Not a bundle, left alone: readme.pdf" in window.statusBar().currentMessage()
    drop(window, [bundle])
    dialog = window.sync_actions.import_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert [r.path for r in dialog.model.rows] == [bundle]
    wait(qtbot, dialog.job)
    assert dialog.model.rows[0].verified is not None
    # a second drop goes to the dialog already open
    drop(window, [bundle])
    assert window.sync_actions.import_dialog is dialog
    wait(qtbot, dialog.job)
    dialog.done(0)


# -- the import dialog on a laptop screen ---------------------------------------------------


def test_import_dialog_fits_the_screen_and_shows_the_result_column(qtbot, window, bundle, tmp_path):
    bad = tmp_path / "a-rather-long-bundle-name-from-a-messaging-app-download (1).zip"
    bad.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    dialog = ImportDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.add_files([str(bundle), str(bad)])
    dialog.show()
    qtbot.waitExposed(dialog)
    wait(qtbot, dialog.job)
    area = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().width() <= area.width()
    assert dialog.frameGeometry().height() <= area.height()
    assert area.contains(dialog.geometry())
    table = dialog.table
    header = table.horizontalHeader()
    room = table.viewport().width()
    right = header.sectionViewportPosition(5) + header.sectionSize(5)
    assert right <= room + 1, "the result column runs past the table's edge"
    assert header.sectionSize(5) >= 0.35 * room
    assert not table.horizontalScrollBar().isVisible()
    assert "Refused" in dialog.model.data(dialog.model.index(1, 5))
    dialog.done(0)


# -- possible duplicates --------------------------------------------------------------------


def _copies(field: Path, coord: Path, tmp_path: Path) -> dict[str, str]:
    """Amal's two incidents merged into the coordinator's database, which has the same two
    typed in again (exact copies), and a near one (a person decides)."""
    bundle = tmp_path / "amal.zip"
    with Store.open(field) as store:
        export_bundle(store, bundle, PASSPHRASE)
        records = store.query(INCIDENT)
    ids = {}
    with Store.open(coord) as store:
        merge_bundle(store, bundle, trust_new=True)
        for record in records:
            values = {f.name: record[f.name] for f in FIELDS[INCIDENT]}
            ids[record["id"]] = store.add(
                INCIDENT, {k: v for k, v in values.items() if v not in (None, [])}
            )
        ids["near"] = store.add(INCIDENT, incident(killed=9, notes="another count"))
    return ids


def test_duplicates_are_listed_on_opening_with_their_senders_and_merged_in_bulk(
    qtbot, field, coord, tmp_path
):
    ids = _copies(field, coord, tmp_path)
    w = open_window(qtbot, coord, ("fieldapp.ui.sync_views",))
    try:
        view: DuplicatesView = w.duplicates_view
        assert view.model.rowCount() == 0 and view.job is None  # not searched while hidden
        action = next(a for a in w.menu("sync").actions() if a.objectName() == "action_duplicates")
        action.trigger()
        assert view.isVisible() and view.job is not None  # searching, no click needed
        wait(qtbot, view.job)
        rows = view.model.rows
        assert len(rows) >= 3
        exact = [c for c in rows if c.exact]
        assert len(exact) == 2
        assert view.status.text().startswith(f"{len(rows)} possible duplicate pair(s).")
        assert "2 of them exact" in view.status.text()
        senders = {
            view.model.data(view.model.index(i, c)) for i in range(len(rows)) for c in (2, 5)
        }
        assert "Amal · Idlib Response Network" in senders
        assert "Coordinator · OCHA" in senders
        assert "sent by" in view.pair_model.headerData(0, Qt.Orientation.Horizontal)
        # bulk: merge every exact pair, asked first, in one go
        assert view.merge_exact_button.isEnabled()
        revisions = w.context.store().revision_count()
        qtbot.mouseClick(view.merge_exact_button, Qt.MouseButton.LeftButton)
        assert w.asked == ["Merge all exact duplicates"]
        assert "Merged 2 exact duplicate pair(s)." in w.statusBar().currentMessage()
        assert w.context.store().revision_count() == revisions + 2 * 3
        qtbot.waitUntil(lambda: view.job is None and not view.stale, timeout=30_000)
        assert not view.model.exact_rows()
        assert view.status.text().startswith("Merged 2 exact duplicate pair(s).")
        store = w.context.store()
        for original, copy in ((k, v) for k, v in ids.items() if k != "near"):
            assert (store.get(original) is None) != (store.get(copy) is None)
        assert store.get(ids["near"]) is not None
        assert not view.merge_exact_button.isEnabled()
        # the rest: every pair shown marked as different events, asked first
        left = len(view.model.rows)
        assert left >= 1
        qtbot.mouseClick(view.distinct_all_button, Qt.MouseButton.LeftButton)
        assert w.asked[-1] == "Mark all shown as distinct"
        assert f"Marked {left} pair(s) as different events." in w.statusBar().currentMessage()
        qtbot.waitUntil(lambda: view.job is None, timeout=30_000)
        assert view.model.rowCount() == 0
        assert "No possible duplicates." in view.status.text()
        # "Search again" still searches, and finds nothing new
        qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
        wait(qtbot, view.job)
        assert view.model.rowCount() == 0
    finally:
        w.context.close()


def test_several_selected_pairs_are_decided_at_once(qtbot, coord):
    with Store.open(coord) as store:
        for day in ("2019-05-01", "2019-05-05", "2019-05-09"):
            store.add(INCIDENT, incident(event_date=day, killed=1))
            store.add(INCIDENT, incident(event_date=day, killed=2))
    w = open_window(qtbot, coord, ("fieldapp.ui.sync_views",))
    try:
        w.show_view("duplicates")
        view: DuplicatesView = w.duplicates_view
        wait(qtbot, view.job)
        assert view.model.rowCount() == 3 and not view.model.exact_rows()
        first = view.table.visualRect(view.model.index(0, 0))
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
        index = view.model.index(2, 0)
        rect = view.table.visualRect(index)
        qtbot.mouseClick(
            view.table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            rect.center(),
        )
        assert len(view.selected()) == 2
        assert not view.merge_a_button.isEnabled()  # merging is one pair at a time
        qtbot.mouseClick(view.distinct_button, Qt.MouseButton.LeftButton)
        assert view.model.rowCount() == 1
        assert view.status.text() == "1 possible duplicate pair(s)."
        with Store.open(coord) as store:
            links = store.db.execute("SELECT count(*) FROM duplicate_links").fetchone()[0]
        assert links == 2
    finally:
        w.context.close()


# -- the report's warning before signing ----------------------------------------------------


def test_report_view_warns_before_signing_and_the_pdf_says_it_too(
    qtbot, field, coord, tmp_path, monkeypatch
):
    import subprocess

    _copies(field, coord, tmp_path)
    w = open_window(qtbot, coord, ("fieldapp.ui.sync_views", "fieldapp.ui.reports_view"))
    view = w.reports_view
    try:
        view.with_map.setChecked(False)
        line = view.warning_line
        assert not line.isVisible()
        w.show_view("reports")
        qtbot.waitUntil(lambda: line.job is None and line.warnings is not None, timeout=30_000)
        assert line.isVisible()
        w_ = line.warnings
        assert w_.exact == 2 and w_.likely >= 1 and w_.conflicts == 0
        assert f"{w_.duplicates} possible duplicate pair(s) (2 exact, {w_.likely} likely)" in (
            line.text()
        )
        assert line.text().startswith("⚠ Before you sign:")
        # the signer can still go on; the report's first page carries the warning
        monkeypatch.setattr("fieldapp.ui.dialogs.ask_passphrase", lambda *a: PASSPHRASE)
        qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.job is None and view.result is not None, timeout=60_000)
        assert view.result.signed and view.result.warnings.exact == 2
        text = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", "-", "-"],
            input=view.shown_pdf(),
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "Check before relying on these totals" in " ".join(text.split())
        # a filter with nothing to warn about: no line
        view.district.setText("Nowhere")
        qtbot.waitUntil(lambda: line.job is None and not line.stale, timeout=30_000)
        qtbot.waitUntil(lambda: not line.isVisible(), timeout=30_000)
        assert line.text() == ""
    finally:
        view.cleanup()
        w.context.close()


def test_arabic_interface_shows_the_first_pair_and_the_first_conflict(qtbot, coord, tmp_path):
    """QTableView.selectRow selects nothing right to left (Qt 6.11): the Arabic interface
    showed an empty comparison until the user clicked a row."""
    from fieldapp.ui import i18n

    devices = device_factory()
    amal, basel = devices.new(tmp_path, "Amal"), devices.new(tmp_path, "Basel")
    with Store.open(amal) as store:
        record = store.add(INCIDENT, incident())
        export_bundle(store, tmp_path / "a1.zip", PASSPHRASE)
    with Store.open(basel) as store:
        merge_bundle(store, tmp_path / "a1.zip", trust_new=True)
        store.edit(record, {"killed": 7})
        export_bundle(store, tmp_path / "b1.zip", PASSPHRASE)
    with Store.open(amal) as store:
        store.edit(record, {"killed": 4})
        merge_bundle(store, tmp_path / "b1.zip", trust_new=True)
        store.add(INCIDENT, incident(event_date="2019-05-15"))  # a possible duplicate
    i18n.apply_language("ar")
    try:
        w = open_window(qtbot, amal, ("fieldapp.ui.sync_views",))
        try:
            assert w.isRightToLeft()
            assert w.conflicts_view.resolver_model.conflict is not None
            assert len(w.conflicts_view.list.selectionModel().selectedRows()) == 1
            w.show_view("duplicates")
            view = w.duplicates_view
            wait(qtbot, view.job)
            assert len(view.selected()) == 1 and view.pair_model.columnCount() == 2
        finally:
            w.context.close()
    finally:
        i18n.reset()
