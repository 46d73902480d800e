"""Start-up: the first-run dialog creates the device; `run` opens the window."""

from __future__ import annotations

import os

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldapp.identity.keys import decrypt_private_key
from fieldapp.store import Store
from fieldapp.ui import app as ui_app
from fieldapp.ui.first_run import FirstRunDialog
from fieldapp.ui.main_window import MainWindow


@pytest.fixture
def empty_store(tmp_path):
    with Store.open(tmp_path / "new.db") as store:
        yield store


def test_first_run_checks_the_answers_before_creating(qtbot, empty_store):
    dialog = FirstRunDialog(empty_store, kdf_n=2**12)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.create()
    assert dialog.messages["name"].isVisible() and dialog.messages["organisation"].isVisible()
    assert "at least 8" in dialog.messages["passphrase"].text()
    qtbot.keyClicks(dialog.name, "Amal")
    qtbot.keyClicks(dialog.organisation, "Idlib Response Network")
    qtbot.keyClicks(dialog.passphrase, "short")
    dialog.create()
    assert dialog.messages["passphrase"].isVisible()
    assert not dialog.messages["name"].isVisible()
    dialog.passphrase.setText("long enough phrase")
    dialog.repeat.setText("long enough phrasf")
    dialog.create()
    assert "differ" in dialog.messages["repeat"].text()
    assert dialog.job is None
    assert empty_store.device() is None


def test_first_run_creates_the_device_off_the_ui_thread(qtbot, empty_store):
    dialog = FirstRunDialog(empty_store, kdf_n=2**12)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Amal")
    qtbot.keyClicks(dialog.organisation, "Idlib Response Network")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.repeat, "\r")
    device = empty_store.require_device()
    assert (device.name, device.organisation) == ("Amal", "Idlib Response Network")
    assert dialog.device == device
    assert decrypt_private_key(device.private_key, PASSPHRASE) is not None
    assert PASSPHRASE not in device.private_key


def test_open_main_window_asks_first_run_questions_on_a_new_database(qtbot, tmp_path):
    path = tmp_path / "fresh.db"
    answered = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstRunDialog)
        dialog.name.setText("Omar")
        dialog.organisation.setText("Health Directorate")
        dialog.passphrase.setText(PASSPHRASE)
        dialog.repeat.setText(PASSPHRASE)
        dialog.create_button.click()
        answered.append(dialog)

    QTimer.singleShot(50, answer)
    window = ui_app.open_main_window(path, extensions=())
    assert answered
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.device_label.text() == ""  # filled right after the first paint
    qtbot.waitUntil(lambda: window.device_label.text() == "Omar · Health Directorate")
    window.context.close()


def test_quitting_the_first_run_dialog_opens_nothing(qtbot, tmp_path):
    QTimer.singleShot(50, lambda: QApplication.activeModalWidget().reject())
    assert ui_app.open_main_window(tmp_path / "fresh.db", extensions=()) is None
    with Store.open(tmp_path / "fresh.db") as store:
        assert store.device() is None


def test_run_opens_the_window_on_the_default_database(qtbot, demo_db_path, monkeypatch):
    monkeypatch.setenv("FIELDAPP_DB", str(demo_db_path))
    monkeypatch.setattr("fieldapp.ui.main_window.EXTENSIONS", ())
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    seen = []

    def close() -> None:
        windows = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.context.db_path == demo_db_path
        ]
        seen.extend(windows)
        for w in windows:
            seen.append(w.incidents.model.rowCount())
            w.close()

    QTimer.singleShot(200, close)
    assert ui_app.run(None) == 0
    with Store.open(demo_db_path) as store:
        assert isinstance(seen[0], MainWindow) and seen[1] == store.count("incident") > 0


def test_run_reports_a_database_it_cannot_open(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.critical", lambda *a: shown.append(a[2]))
    assert ui_app.run(str(bad)) != 0
    assert "not a fieldapp database" in shown[0]


def test_no_sandbox_flag_only_as_root(monkeypatch):
    monkeypatch.delenv("QTWEBENGINE_CHROMIUM_FLAGS", raising=False)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    ui_app._prepare_environment()
    assert "QTWEBENGINE_CHROMIUM_FLAGS" not in os.environ
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    ui_app._prepare_environment()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] == "--disable-gpu --no-sandbox"
    ui_app._prepare_environment()
    assert os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].count("--no-sandbox") == 1


def test_starting_the_app_prints_nothing(plain_demo_db_path, tmp_path):
    """`python -m fieldapp --db X` with the map, quitting by itself once the map page has
    loaded: no QtWebEngine GPU, Vulkan or D-Bus chatter, no log lines. (A plain database:
    an encrypted one would wait for its passphrase to be typed.)"""
    demo_db_path = plain_demo_db_path
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FIELDAPP_LANG="en")
    env[ui_app.QUIT_AFTER_ENV] = "200"
    proc = subprocess.run(
        [sys.executable, "-m", "fieldapp", "--db", str(demo_db_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (proc.stdout, proc.stderr) == ("", "")
    # the window really ran: it saved its geometry on closing
    assert (tmp_path / "xdg-config" / "fieldapp" / "window.ini").exists()


def test_qt_noise_is_dropped_but_other_qt_warnings_are_logged(caplog):
    import logging

    from PySide6.QtCore import QtMsgType

    from fieldapp.ui import qt_messages

    assert qt_messages.is_noise("QRhiGles2: Failed to create temporary context")
    assert qt_messages.is_noise("QVulkanInstance: Failed to initialize Vulkan")
    assert not qt_messages.is_noise("QLayout: Attempting to add QLayout to a widget")
    with caplog.at_level(logging.DEBUG, logger="fieldapp.qt"):
        qt_messages.handle(QtMsgType.QtWarningMsg, None, "GBM is not supported, fallback")
        qt_messages.handle(QtMsgType.QtWarningMsg, None, "QLayout: something is wrong")
    levels = {r.getMessage().split(": ", 1)[1]: r.levelno for r in caplog.records}
    assert levels == {
        "GBM is not supported, fallback": logging.DEBUG,
        "QLayout: something is wrong": logging.WARNING,
    }
