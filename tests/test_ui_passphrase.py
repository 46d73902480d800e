"""Passphrase dialogs typed into as a person would: the eye, the live length check, the
whole title, and a wrong passphrase that asks again instead of failing the operation."""

from __future__ import annotations

from conftest import PASSPHRASE
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton

from fieldapp.store import Store
from fieldapp.ui import dialogs, i18n
from fieldapp.ui.first_run import FirstRunDialog
from fieldapp.ui.passphrase import PassphraseDialog, device_key_check

CHECK_TIMEOUT = 20_000  # scrypt at the real cost, on a busy machine


def _eye(field: QLineEdit) -> QToolButton:
    """The button Qt puts in the line edit for the eye action (what a user clicks)."""
    buttons = [b for b in field.findChildren(QToolButton) if b.isVisible()]
    assert len(buttons) == 1, buttons
    return buttons[0]


def test_a_wrong_passphrase_asks_again_then_the_right_one_passes(qtbot, store: Store) -> None:
    dialog = PassphraseDialog(None, "Sign the report", check=device_key_check(store))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.field, "not the passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=CHECK_TIMEOUT)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Wrong passphrase. Try again."
    assert dialog.field.selectedText() == "not the passphrase"  # typing replaces it
    qtbot.keyClicks(dialog.field, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=CHECK_TIMEOUT):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.passphrase() == PASSPHRASE


def test_ask_passphrase_returns_only_a_passphrase_that_opens_the_key(qtbot, store) -> None:
    typed: list[str] = []

    def answer(texts: list[str]) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog) or dialog.job is not None:
            QTimer.singleShot(50, lambda: answer(texts))
            return
        if dialog.message.isVisible():
            typed.append(dialog.message.text())
        text = texts.pop(0)
        qtbot.keyClicks(dialog.field, text)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if texts:
            QTimer.singleShot(50, lambda: answer(texts))

    QTimer.singleShot(0, lambda: answer(["wrong", "also wrong", PASSPHRASE]))
    secret = dialogs.ask_passphrase(None, "Sign the report", device_key_check(store))
    assert secret == PASSPHRASE
    assert typed == ["Wrong passphrase. Try again.", "Wrong passphrase. Try again."]


def test_cancel_gives_nothing(qtbot) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog)
        qtbot.keyClicks(dialog.field, "half typed")
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert dialogs.ask_passphrase(None, "Create the sealing key") is None


def test_the_eye_shows_and_hides_what_was_typed(qtbot) -> None:
    dialog = PassphraseDialog(None, "Sign the report")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.field, "secret words")
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    eye = _eye(dialog.field)
    assert eye.defaultAction() is dialog.reveal
    assert dialog.reveal.toolTip() == "Show the passphrase"
    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.reveal.toolTip() == "Hide the passphrase"
    qtbot.mouseClick(eye, Qt.MouseButton.LeftButton)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.field.text() == "secret words"


def test_the_whole_title_fits(qtbot) -> None:
    title = "Unlock this device's key to sign the report for the Idlib governorate"
    dialog = PassphraseDialog(None, title)
    qtbot.addWidget(dialog)
    dialog.show()
    bold = dialog.font()
    bold.setBold(True)
    assert dialog.width() >= QFontMetrics(bold).horizontalAdvance(title) + 100
    short = PassphraseDialog(None, "Sign")
    qtbot.addWidget(short)
    assert short.minimumWidth() < dialog.minimumWidth()


def test_a_new_passphrase_shows_its_length_live(qtbot) -> None:
    dialog = PassphraseDialog(None, "Choose a passphrase", new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.length is not None
    assert dialog.length.text() == "• at least 8 characters"
    qtbot.keyClicks(dialog.field, "seven!!")
    assert not dialog.length.text().startswith("✓") and "#1b7f3b" not in dialog.length.styleSheet()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "at least 8" in dialog.message.text()
    qtbot.keyClicks(dialog.field, "8")
    assert dialog.length.text() == "✓ at least 8 characters"
    assert "#1b7f3b" in dialog.length.styleSheet()  # green
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.passphrase() == "seven!!8"


def test_first_run_has_the_eye_and_the_length_check(qtbot, tmp_path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        dialog = FirstRunDialog(store, kdf_n=2**12)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.minimumWidth() >= 520
        qtbot.keyClicks(dialog.passphrase, "short")
        assert dialog.length.isVisible() and not dialog.length.text().startswith("✓")
        qtbot.keyClicks(dialog.passphrase, " no more")
        assert dialog.length.text().startswith("✓")
        assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
        qtbot.mouseClick(_eye(dialog.passphrase), Qt.MouseButton.LeftButton)
        assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
        assert dialog.repeat.echoMode() == QLineEdit.EchoMode.Password
        qtbot.mouseClick(_eye(dialog.repeat), Qt.MouseButton.LeftButton)
        assert dialog.repeat.echoMode() == QLineEdit.EchoMode.Normal


def test_the_passphrase_dialog_in_arabic(qtbot) -> None:
    i18n.apply_language("ar")
    try:
        dialog = PassphraseDialog(None, "توقيع التقرير", new=True)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.length is not None and "٨" in dialog.length.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.message.isVisible() and dialog.message.text() != "Type the passphrase."
    finally:
        i18n.reset()
