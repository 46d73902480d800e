"""File menu, driven through its real actions: New, Open, Recent, Back up, Restore."""

from __future__ import annotations

import stat

import pytest
from conftest import PASSPHRASE, copy_database
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.ui.context import AppContext
from fieldapp.ui.first_run import FirstRunDialog
from fieldapp.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _say_yes(monkeypatch):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)


@pytest.fixture
def windows(qtbot):
    """Every window a test opened or switched to; all closed at the end."""
    opened: list[MainWindow] = []

    def track(window: MainWindow) -> None:
        opened.append(window)
        window.replaced.connect(track)  # and the window that replaces it, and so on

    def open_on(path) -> MainWindow:
        window = MainWindow(AppContext(path), extensions=())
        window.show()  # not qtbot.addWidget: a switch deletes the window
        qtbot.waitExposed(window)
        track(window)
        return window

    yield open_on
    for window in opened:
        try:
            for box in window.findChildren(QMessageBox):
                box.done(0)  # a window-modal box left open would be the next test's modal
            window.close()
            window.context.close()
            window.deleteLater()
        except RuntimeError:  # already deleted by a switch
            pass
    qtbot.wait(1)


def error_boxes(window: MainWindow) -> list[QMessageBox]:
    return [
        b
        for b in window.findChildren(QMessageBox)
        if b.isVisible() and b.icon() == QMessageBox.Icon.Warning
    ]


def menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menu("file").actions() if not a.isSeparator()]


def test_file_menu_lists_the_database_commands_first(windows, db_path):
    window = windows(db_path)
    texts = menu_texts(window)
    assert texts[:5] == [
        "&New database…",
        "&Open database…",
        "&Recent databases",
        "&Back up…",
        "&Restore from backup…",
    ]
    assert texts[-1] == "&Quit"
    assert texts.index("&Encrypt database…") == texts.index("&Lock now") - 1


def test_new_database_asks_for_the_identity_and_switches_to_it(
    qtbot, windows, db_path, tmp_path, file_dialogs
):
    window = windows(db_path)
    answered = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        qtbot.keyClicks(dialog.name, "Omar")
        qtbot.keyClicks(dialog.organisation, "Health Directorate")
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        answered.append(dialog)

    file_dialogs.answer(tmp_path / "second")  # no suffix: .db is added
    QTimer.singleShot(50, answer)
    with qtbot.waitSignal(window.replaced, timeout=30_000) as switched:
        window.file_actions.new_action.trigger()
    assert answered and file_dialogs.asked[0][0] == "save_file"
    new = switched.args[0]
    assert new.context.db_path == tmp_path / "second.db"
    assert new.windowTitle() == "fieldapp — second.db"
    qtbot.waitUntil(lambda: new.device_label.text() == "Omar · Health Directorate")
    assert new._pages["incidents"].showing_start()


def test_new_database_quit_in_the_first_run_dialog_leaves_nothing(
    qtbot, windows, db_path, tmp_path, file_dialogs
):
    window = windows(db_path)
    file_dialogs.answer(tmp_path / "abandoned.db")
    QTimer.singleShot(50, lambda: QApplication.activeModalWidget().reject())
    window.file_actions.new_action.trigger()
    assert not (tmp_path / "abandoned.db").exists()
    assert window.context.db_path == db_path and window.isVisible()


def test_new_database_refuses_an_existing_file(windows, db_path, demo_db_path, file_dialogs):
    window = windows(db_path)
    before = demo_db_path.read_bytes()
    file_dialogs.answer(demo_db_path)
    window.file_actions.new_action.trigger()
    assert any("already exists" in b.text() for b in error_boxes(window))
    assert demo_db_path.read_bytes() == before
    assert window.context.db_path == db_path


def test_open_database_and_the_recent_list(
    qtbot, windows, db_path, demo_db_path, tmp_path, file_dialogs
):
    gone = tmp_path / "gone.db"
    copy_database(db_path, gone)
    first = windows(gone)  # it goes into the recent list, then disappears
    gone.unlink()
    file_dialogs.answer(db_path)
    with qtbot.waitSignal(first.replaced) as switched:
        first.file_actions.open_action.trigger()
    window = switched.args[0]
    file_dialogs.answer(demo_db_path)
    with qtbot.waitSignal(window.replaced) as switched:
        window.file_actions.open_action.trigger()
    demo = switched.args[0]
    assert demo.context.db_path == demo_db_path
    with Store.open(demo_db_path) as store:
        assert demo.incidents.model.rowCount() == store.count(INCIDENT) > 0

    demo.file_actions.recent_menu.aboutToShow.emit()
    recent = demo.file_actions.recent_menu.actions()
    assert [a.data() for a in recent] == [str(db_path), str(gone)]
    assert recent[0].isEnabled() and not recent[1].isEnabled()
    assert "(not found)" in recent[1].text()
    with qtbot.waitSignal(demo.replaced) as switched:
        recent[0].trigger()
    assert switched.args[0].context.db_path == db_path


@pytest.mark.parametrize("what", ["missing", "not-a-db"])
def test_open_database_refuses_bad_input_with_one_message(
    qtbot, windows, db_path, tmp_path, file_dialogs, what
):
    window = windows(db_path)
    bad = tmp_path / "bad.db"
    if what == "not-a-db":
        bad.write_text("not a database")
    file_dialogs.answer(bad)
    window.file_actions.open_action.trigger()
    boxes = error_boxes(window)
    assert len(boxes) == 1 and "bad.db cannot be used" in boxes[0].text()
    assert window.context.db_path == db_path and window.isVisible()
    if what == "not-a-db":
        assert bad.read_text() == "not a database"
    boxes[0].done(0)


def test_back_up_writes_a_private_copy_while_open(
    qtbot, windows, demo_db_path, tmp_path, file_dialogs
):
    window = windows(demo_db_path)
    out = tmp_path / "copies" / "today.db"
    out.parent.mkdir()
    file_dialogs.answer(out)
    window.file_actions.backup_action.trigger()
    job = window.file_actions.job
    assert job is not None
    qtbot.waitUntil(lambda: job.finished, timeout=20_000)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["today.db"]
    with Store.open(out, passphrase=PASSPHRASE) as copy, Store.open(demo_db_path) as live:
        assert copy.count(INCIDENT) == live.count(INCIDENT) > 0
    assert str(out) in window.statusBar().currentMessage()


def test_restore_from_backup_replaces_and_reloads_every_view(
    qtbot, windows, db_path, demo_db_path, tmp_path, file_dialogs
):
    from fieldapp.store.backup import backup_database

    backup = backup_database(db_path, tmp_path / "empty-backup.db")
    window = windows(demo_db_path)
    assert window.incidents.model.rowCount() > 0
    file_dialogs.answer(backup)
    with qtbot.waitSignal(window.replaced, timeout=20_000) as switched:
        window.file_actions.restore_action.trigger()
    new = switched.args[0]
    assert new.incidents.model.rowCount() == 0 and new._pages["incidents"].showing_start()
    kept = list(tmp_path.glob("demo.db.before-restore-*"))
    assert len(kept) == 1
    assert "Restored from empty-backup.db" in new.statusBar().currentMessage()
    assert str(kept[0]) in new.statusBar().currentMessage()
    with Store.open(kept[0], passphrase=PASSPHRASE) as store:
        assert store.count(INCIDENT) > 0


def test_restore_asks_first_and_refuses_a_bad_file(
    qtbot, windows, demo_db_path, tmp_path, file_dialogs, monkeypatch
):
    window = windows(demo_db_path)
    before = window.incidents.model.rowCount()
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG not a database")
    file_dialogs.answer(bad)
    window.file_actions.restore_action.trigger()
    assert any("photo.db cannot be used" in b.text() for b in error_boxes(window))
    for box in error_boxes(window):
        box.done(0)

    from fieldapp.store.backup import backup_database

    good = backup_database(demo_db_path, tmp_path / "good.db")
    asked = []
    window.confirm = lambda *a: asked.append(a[2]) or False  # the user says Cancel
    file_dialogs.answer(good)
    window.file_actions.restore_action.trigger()
    assert asked and "good.db" in asked[0] and "nothing is lost" in asked[0]
    assert window.file_actions.job is None
    assert not list(tmp_path.glob("*.before-restore-*"))
    assert window.incidents.model.rowCount() == before and window.isVisible()


def test_restoring_a_backup_made_before_a_passphrase_change_asks_its_passphrase(
    qtbot, windows, demo_db_path, tmp_path, file_dialogs
):
    from fieldapp.ops import files as ops_files
    from fieldapp.ops.passphrase import change_passphrase
    from fieldapp.ui.passphrase import PassphraseDialog

    backup = ops_files.backup(demo_db_path, tmp_path / "before-change.db").path
    with Store.open(demo_db_path) as store:
        count = store.count(INCIDENT)
        store.add(INCIDENT, {"event_date": "2019-05-20", "sub_event_type": "Attack",
                             "location": "Ariha"})  # fmt: skip
    new = "a new passphrase 2"
    change_passphrase(demo_db_path, PASSPHRASE, new, repeat=new)
    window = windows(demo_db_path)
    window.confirm = lambda *a: True
    asked: list[str] = []

    def type_old() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog), dialog
        asked.append(dialog.prompt.text())
        qtbot.keyClicks(dialog.field, "not it at all")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)
        asked.append(dialog.message.text())
        dialog.field.clear()
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, type_old)
    file_dialogs.answer(backup)
    with qtbot.waitSignal(window.replaced, timeout=30_000) as switched:
        window.file_actions.restore_action.trigger()
    assert "before-change.db" in asked[0] and "Wrong passphrase" in asked[1]
    restored = switched.args[0]
    assert restored.incidents.model.rowCount() == count
    assert "passphrase the backup had" in restored.statusBar().currentMessage()
    restored.context.close()
    Store.lock(demo_db_path)
    with Store.open(demo_db_path, passphrase=PASSPHRASE) as store:  # the backup's passphrase
        assert store.count(INCIDENT) == count
