"""New databases are encrypted: `fieldapp init`, the first-run dialog and File → New make
them under the device key's passphrase; a plain one (an older fieldapp's, or `init
--plain`) is offered encryption in the window. Real files, the real sqlite3 tool, the
window driven by clicks and typing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_cipher_format import FORMAT_1, opens_with

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store, cipher, cipher_convert
from fieldapp.ui import jobs
from fieldapp.ui.context import AppContext
from fieldapp.ui.first_run import FirstRunDialog
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.passphrase import PassphraseDialog

NAME = "Amal Qassem"


def _init(path: Path, *extra: str):
    return run_cli("--db", path, "init", "--name", NAME, "--org", "Idlib Response", *extra)


def test_init_makes_an_encrypted_database(tmp_path):
    db = tmp_path / "field.db"
    result = _init(db)
    assert result.code == 0, result.err
    assert "encrypted" in result.out
    Store.lock(db)  # as the next process finds it
    data = db.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert NAME.encode() not in data and b"CREATE TABLE" not in data
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    if shutil.which("sqlite3"):  # the tool someone who took the laptop would try first
        tool = subprocess.run(["sqlite3", str(db), ".tables"], capture_output=True, text=True)
        assert tool.returncode != 0 and "not a database" in tool.stderr
    # ...while fieldapp opens it with the passphrase, and with a wrong one says so.
    assert run_cli("--db", db, "list", "incidents").code == 0
    assert cipher.known_key(db) is not None


@pytest.mark.parametrize("secret", ["wrong passphrase", ""])
def test_a_wrong_or_empty_passphrase_is_refused_with_nothing_changed(tmp_path, monkeypatch, secret):
    db = tmp_path / "field.db"
    assert _init(db).code == 0
    Store.lock(db)
    before = db.read_bytes()
    monkeypatch.setenv("FIELDAPP_PASSPHRASE", secret)
    result = run_cli("--db", db, "list", "incidents")
    assert result.code != 0
    assert "passphrase does not open" in result.err and "Traceback" not in result.err
    assert db.read_bytes() == before


def test_without_a_passphrase_or_a_terminal_the_cli_says_what_to_do(tmp_path, monkeypatch):
    db = tmp_path / "field.db"
    assert _init(db).code == 0
    Store.lock(db)
    monkeypatch.delenv("FIELDAPP_PASSPHRASE")
    result = run_cli("--db", db, "list", "incidents")
    assert result.code != 0 and "FIELDAPP_PASSPHRASE" in result.err


def test_init_plain_leaves_it_unencrypted_and_says_so(tmp_path):
    db = tmp_path / "plain.db"
    result = _init(db, "--plain")
    assert result.code == 0 and "NOT encrypted" in result.out
    assert db.read_bytes().startswith(b"SQLite format 3\x00")


def test_init_on_an_existing_database_without_a_device_encrypts_it(tmp_path):
    db = tmp_path / "made-by-a-script.db"
    with Store.open(db) as store:  # plain, no device: a script or an older version made it
        assert store.device() is None
    result = _init(db)
    assert result.code == 0, result.err
    assert Store.is_encrypted(db)
    with Store.open(db) as store:
        assert store.device().name == NAME
    assert not list(tmp_path.glob("*.before-encrypt")) and not list(tmp_path.glob(".*"))


# -- the window ------------------------------------------------------------------------------


def test_the_first_run_dialog_makes_an_encrypted_database(qtbot, tmp_path):
    db = tmp_path / "new" / "field.db"
    assert Store.is_new(db)
    dialog = FirstRunDialog(db, kdf_n=2**12)
    qtbot.addWidget(dialog)
    assert "encrypts the database" in dialog.intro.text()
    qtbot.keyClicks(dialog.name, NAME)
    qtbot.keyClicks(dialog.organisation, "Idlib Response")
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.repeat, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert Store.is_encrypted(db) and dialog.device is not None
    Store.lock(db)
    with Store.open(db, passphrase=PASSPHRASE) as store:  # the same passphrase: one for both
        assert store.device().name == NAME


def _window(path: Path) -> MainWindow:
    """Not given to qtbot: encrypting replaces (and deletes) it."""
    window = MainWindow(AppContext(path), extensions=())
    window.show()
    return window


def _click_and_type_passphrase(qtbot, window: MainWindow, title: str) -> MainWindow:
    """Click the status bar's offer, check the passphrase dialog's title, type the
    passphrase, press OK; the window that replaces `window` once the background
    conversion is done."""
    replaced: list[MainWindow] = []
    window.replaced.connect(replaced.append)
    titles: list[str] = []

    def type_passphrase() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog), dialog
        titles.append(dialog.windowTitle())  # checked below: a failure here would hang
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, type_passphrase)
    qtbot.mouseClick(window.encrypt_offer.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(replaced), timeout=30_000)
    qtbot.waitUntil(lambda: not jobs.running_jobs(), timeout=10_000)
    qtbot.addWidget(replaced[0])
    assert titles == [title]
    return replaced[0]


def test_a_plain_database_is_offered_encryption_and_it_works(qtbot, plain_demo_db_path):
    window = _window(plain_demo_db_path)
    offer = window.encrypt_offer
    assert offer.button.isVisible() and offer.action.isEnabled()
    count = window.incidents.model.rowCount()
    assert count > 0
    new = _click_and_type_passphrase(qtbot, window, "Encrypt the database")
    assert Store.is_encrypted(plain_demo_db_path)
    assert new.context.store().encrypted
    assert not new.encrypt_offer.action.isEnabled()
    assert new.encrypt_offer.button.isHidden()
    assert new.incidents.model.rowCount() == count
    left = [p.name for p in plain_demo_db_path.parent.iterdir() if p.is_file()]
    assert set(left) <= {"plain.db", "plain.db-wal", "plain.db-shm"}, left  # no plain copy
    new.context.close()
    new.close()


def test_a_wrong_passphrase_encrypts_nothing(qtbot, plain_demo_db_path):
    window = _window(plain_demo_db_path)
    before = plain_demo_db_path.read_bytes()
    seen: list[str] = []

    def wrong_then_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog), dialog
        qtbot.keyClicks(dialog.field, "not the passphrase")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)
        seen.append(dialog.message.text())
        dialog.reject()

    QTimer.singleShot(50, wrong_then_cancel)
    window.encrypt_offer.action.trigger()
    assert seen and "Wrong passphrase" in seen[0]
    assert not Store.is_encrypted(plain_demo_db_path)
    window.context.close()
    window.close()
    assert plain_demo_db_path.read_bytes()[:100] == before[:100]
    with Store.open(plain_demo_db_path) as store:
        assert store.query(INCIDENT)


def test_a_database_of_the_earlier_encrypted_format_is_offered_the_update(
    qtbot, plain_demo_db_path, monkeypatch
):
    """Format 1 (HMAC-SHA512): the window opens it as it is, offers the update in the
    status bar and the File menu, and the update keeps the passphrase and every record."""
    with monkeypatch.context() as before:
        before.setattr(cipher, "HMAC", FORMAT_1)
        cipher_convert.convert_in_place(plain_demo_db_path, PASSPHRASE)
    assert opens_with(plain_demo_db_path, FORMAT_1)
    window = _window(plain_demo_db_path)
    offer = window.encrypt_offer
    assert window.context.store().older_format
    assert offer.button.isVisible() and offer.action.isEnabled()
    assert "Older encryption format" in offer.button.text()
    assert "Update" in offer.action.text()
    count = window.incidents.model.rowCount()
    assert count > 0
    new = _click_and_type_passphrase(qtbot, window, "Update the database's encryption")
    assert not new.context.store().older_format
    assert not new.encrypt_offer.action.isEnabled() and new.encrypt_offer.button.isHidden()
    assert "current encrypted format" in new.statusBar().currentMessage()
    assert new.incidents.model.rowCount() == count
    new.context.close()
    new.close()
    assert opens_with(plain_demo_db_path, "HMAC_SHA256")
    assert not opens_with(plain_demo_db_path, FORMAT_1)
