"""Opening an encrypted database in the window: the unlock dialog asks for its passphrase
before anything of the database is read, refuses a wrong one in place, and Cancel opens
nothing. Real encrypted files; the dialog is driven by typing and clicking."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from fieldapp.domain.fields import INCIDENT
from fieldapp.store import Store
from fieldapp.ui import app as ui_app
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.passphrase import PassphraseDialog

NOTE = "قصف قرب السوق"


@pytest.fixture
def encrypted(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        store.add(
            INCIDENT,
            {"event_date": "2019-05-14", "event_type": "Explosions/Remote violence",
             "sub_event_type": "Shelling/artillery/missile attack", "admin1": "Idlib",
             "location": "Ariha", "notes": NOTE},
        )  # fmt: skip
    assert run_cli("--db", db_path, "encrypt").code == 0
    Store.lock(db_path)  # as a new process finds it: nothing unlocked yet
    yield db_path
    Store.lock(db_path)


def _dialog() -> PassphraseDialog:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PassphraseDialog), dialog
    assert dialog.objectName() == "unlock_dialog"
    return dialog


def test_the_window_opens_an_encrypted_database_after_its_passphrase(qtbot, encrypted):
    steps: list[str] = []

    def wrong_then_right() -> None:
        dialog = _dialog()
        assert encrypted.name in dialog.prompt.text()
        qtbot.keyClicks(dialog.field, "not the passphrase")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)
        assert dialog.isVisible() and "Wrong passphrase" in dialog.message.text()
        steps.append("refused")
        dialog.field.clear()
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        steps.append("typed")

    QTimer.singleShot(50, wrong_then_right)
    window = ui_app.open_main_window(encrypted, extensions=())
    assert steps == ["refused", "typed"]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    store = window.context.store()
    assert store.encrypted and store.query(INCIDENT)[0]["notes"] == NOTE
    window.context.close()


def test_cancel_opens_nothing(qtbot, encrypted):
    QTimer.singleShot(50, lambda: qtbot.mouseClick(
        _dialog().buttons.button(_dialog().buttons.StandardButton.Cancel),
        Qt.MouseButton.LeftButton,
    ))  # fmt: skip
    assert ui_app.open_main_window(encrypted, extensions=()) is None
    assert Store.is_locked(encrypted)


def test_a_plain_database_asks_for_nothing(qtbot, plain_demo_db_path):
    assert not Store.is_locked(plain_demo_db_path)
    window = ui_app.open_main_window(plain_demo_db_path, extensions=())
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert not window.context.store().encrypted
    window.context.close()


def test_file_open_unlocks_an_encrypted_database_first(
    qtbot, demo_db_path, encrypted, file_dialogs
):
    window = ui_app.open_main_window(demo_db_path, extensions=())
    qtbot.addWidget(window)
    switched: list[Path] = []
    window.replaced.connect(lambda new: switched.append(new.context.db_path))
    file_dialogs.answer(str(encrypted))

    def type_it() -> None:
        dialog = _dialog()
        qtbot.keyClicks(dialog.field, PASSPHRASE)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    QTimer.singleShot(50, type_it)
    window.file_actions.open_action.trigger()
    qtbot.waitUntil(lambda: switched == [encrypted], timeout=10_000)
    assert not Store.is_locked(encrypted)
