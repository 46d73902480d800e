"""Locking the window on an encrypted database: File → Lock now (Ctrl+L) and the idle lock
hide every record, close the store and forget the key; the lock screen refuses a wrong
passphrase in place and the right one puts the window back where it was. Real encrypted
files, real widgets, driven by typing and clicking."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QWidget
from ui_helpers import type_text

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Filter, Store, signing
from fieldapp.ui import jobs
from fieldapp.ui.lock import LOCK_AFTER_ENV
from fieldapp.ui.main_window import MainWindow

NOTE = "قصف قرب السوق"
LOCATION = "Ariha"


@pytest.fixture
def encrypted(demo_db_path: Path) -> Path:
    """The demo data set (a realistic size for the lock budget) plus one known record,
    encrypted, and unlocked as the window finds it after the unlock dialog."""
    with Store.open(demo_db_path) as store:
        store.add(
            INCIDENT,
            {"event_date": "2019-05-14", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", "admin1": "Idlib",
             "location": LOCATION, "notes": NOTE},
        )  # fmt: skip
    assert run_cli("--db", demo_db_path, "encrypt").code == 0
    Store.lock(demo_db_path)
    Store.unlock(demo_db_path, PASSPHRASE)
    yield demo_db_path
    Store.lock(demo_db_path)


def _window(qtbot, path: Path) -> MainWindow:
    from fieldapp.ui.context import AppContext

    window = MainWindow(AppContext(path), extensions=())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.incidents.model.rowCount() > 0, timeout=5_000)
    qtbot.wait(20)  # the status bar and governorate list, filled right after showing
    return window


def _visible_text(window: MainWindow) -> str:
    """Everything a person looking at the screen could read: visible labels, line edits
    and the cells of visible tables, in the window and every other visible window."""
    parts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, (QLabel, QLineEdit)):
                parts.append(widget.text())
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                for row in range(model.rowCount()):
                    for column in range(model.columnCount()):
                        parts.append(str(model.index(row, column).data() or ""))
    return "\n".join(parts)


def _unlock(qtbot, window: MainWindow, passphrase: str) -> None:
    screen = window.locker.screen
    assert screen is not None and screen.isVisible()
    screen.field.clear()
    qtbot.keyClicks(screen.field, passphrase)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.job is None, timeout=10_000)


def test_lock_now_hides_the_records_and_forgets_the_key(qtbot, encrypted):
    window = _window(qtbot, encrypted)
    assert LOCATION in _visible_text(window)  # the check below can fail
    window.history_action.setEnabled(True)
    window.incidents.select_ids([window.incidents.model.record_id(0)])
    history = window.show_history()
    assert history is not None and history.isVisible()
    started = time.perf_counter()
    window.lock_action.trigger()
    elapsed = time.perf_counter() - started
    assert elapsed < 0.2, f"locking took {elapsed * 1000:.0f} ms"
    assert window.locker.locked
    assert Store.is_locked(encrypted)
    assert window.context._store is None
    assert not history.isVisible()
    text = _visible_text(window)
    assert LOCATION not in text and NOTE not in text
    assert encrypted.name in window.locker.screen.database.text()
    assert not window.new_incident_action.isEnabled()  # Ctrl+N opens no form over it


def test_a_wrong_passphrase_is_refused_in_place_and_the_right_one_restores(qtbot, encrypted):
    window = _window(qtbot, encrypted)
    window.context.set_filter(Filter(search=LOCATION))
    assert window.filter_bar.filter().search == LOCATION
    window.show_view("displacements")
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locker.locked and Store.is_locked(encrypted)
    screen = window.locker.screen
    _unlock(qtbot, window, "not the passphrase")
    assert window.locker.locked and screen.isVisible()
    assert "Wrong passphrase" in screen.message.text()
    assert Store.is_locked(encrypted)
    _unlock(qtbot, window, PASSPHRASE)
    assert not window.locker.locked
    assert not Store.is_locked(encrypted)
    assert window.current_view_key() == "displacements"
    assert window.context.filter.search == LOCATION
    assert window.filter_bar.filter().search == LOCATION
    window.show_view("incidents")
    qtbot.waitUntil(lambda: LOCATION in _visible_text(window), timeout=5_000)
    assert window.new_incident_action.isEnabled()
    # locking dropped the signing key; the unlock screen opened it again (in the
    # background), so what is written next is signed by this device
    store = window.context.store()
    device = store.require_device().id
    qtbot.waitUntil(lambda: device in signing._KEYS, timeout=10_000)
    record = window.incidents.model.record_id(0)
    revision = store.edit(record, {"notes": "after unlocking"})
    assert revision is not None and revision.signature is not None


def test_the_idle_timer_locks_the_window(qtbot, encrypted, monkeypatch):
    monkeypatch.setenv(LOCK_AFTER_ENV, "1")
    window = _window(qtbot, encrypted)
    assert window.locker.timer.interval() == 1000
    table = window.incidents.table
    for step in range(8):  # 1.6 s of moving the mouse: input starts the idle time again
        qtbot.mouseMove(table, QPoint(20 + step * 10, 20 + step * 5))
        qtbot.wait(200)
    assert not window.locker.locked
    qtbot.waitUntil(lambda: window.locker.locked, timeout=5_000)
    assert Store.is_locked(encrypted)
    assert LOCATION not in _visible_text(window)


def test_a_plain_database_cannot_be_locked(qtbot, plain_demo_db_path):
    window = _window(qtbot, plain_demo_db_path)
    assert not window.lock_action.isEnabled()
    assert "Encrypt the database first" in window.lock_action.toolTip()
    assert window.lock_now() is False
    assert not window.locker.locked
    assert window.context._store is not None


def test_locking_is_refused_while_a_task_runs(qtbot, encrypted):
    window = _window(qtbot, encrypted)
    release = threading.Event()
    job = jobs.run_job(window, "a long task", lambda _p, _c: release.wait(10), lambda _r: None)
    try:
        window.lock_action.trigger()
        assert not window.locker.locked
        assert not Store.is_locked(encrypted)
        assert "task is running" in window.statusBar().currentMessage()
        assert LOCATION in _visible_text(window)
    finally:
        release.set()
        job.wait(10_000)
    qtbot.waitUntil(lambda: not jobs.running_jobs(), timeout=5_000)
    window.lock_action.trigger()
    assert window.locker.locked


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_lock_screen_fits_a_small_laptop_in_both_languages(qtbot, encrypted, lang, tmp_path):
    from fieldapp.ui import i18n

    i18n.apply_language(lang)
    try:
        window = _window(qtbot, encrypted)
        window.lock_action.trigger()
        screen = window.locker.screen
        qtbot.wait(20)
        shots = os.environ.get("FIELDAPP_SHOTS")
        window.grab().save(str(Path(shots or tmp_path) / f"lock_{lang}.png"))
        panel = screen.findChild(QWidget, "lock_panel")
        inside = window.rect()
        for widget in (panel, screen.field, screen.unlock_button, screen.title):
            corner = widget.mapTo(window, widget.rect().bottomRight())
            assert inside.contains(corner), widget.objectName()
        assert screen.title.width() >= screen.title.sizeHint().width()
        if lang == "ar":
            assert screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
            assert screen.unlock_button.text() != "Unlock"
    finally:
        i18n.reset()  # the untranslated state the other tests expect


def test_an_unsaved_form_is_hidden_while_locked_and_back_after_unlocking(
    qtbot, encrypted, monkeypatch
):
    monkeypatch.setattr("fieldapp.ui.dialogs.confirm", lambda *a: True)  # a failure: no prompt
    window = _window(qtbot, encrypted)
    form = window.new_record(INCIDENT)
    assert form is not None
    typed = "مسودة لم تُحفظ"
    type_text(form.editors["notes"].widget, typed)  # Arabic: QTest.keyClicks cannot
    assert form.is_dirty()
    window.lock_action.trigger()
    assert window.locker.locked and not form.isVisible()
    assert typed not in _visible_text(window)
    _unlock(qtbot, window, PASSPHRASE)
    assert not window.locker.locked
    qtbot.waitUntil(form.isVisible, timeout=5_000)
    assert window.form is form and form.editors["notes"].get() == typed
    form.done(0)


@pytest.mark.webengine
def test_locking_drops_the_report_shown(qtbot, encrypted):
    """A report's text is the records': the lock drops it (built again after unlocking)."""
    from fieldapp.ui.context import AppContext

    window = MainWindow(AppContext(encrypted), extensions=("fieldapp.ui.reports_view",))
    qtbot.addWidget(window)
    window.show()
    view = window.reports_view
    window.show_view("reports")
    if view.sign.isChecked():
        qtbot.mouseClick(view.sign, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.result is not None, timeout=60_000)
    assert view.shown_pdf().startswith(b"%PDF") and view.save_button.isEnabled()
    started = time.perf_counter()
    window.lock_action.trigger()
    assert time.perf_counter() - started < 0.2
    assert view.result is None and view.shown_pdf() == b""
    assert view.document.pageCount() == 0
    _unlock(qtbot, window, PASSPHRASE)
    assert not window.locker.locked and not view.save_button.isEnabled()
    window.context.close()
